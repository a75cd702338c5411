import QRCode from 'qrcode';
import { cjkPdfOpener } from '../document/cjk-pdf.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';

/** What the printed electronic certificate shows, already in words. */
export interface CertificateSheet {
  title: string;
  issuer: string;
  fields: [label: string, value: string][];
  verifyUrl: string;
  keyId: string;
  fingerprint: string;
  signature: string;
  footer: string;
}

export interface CertificateRenderer {
  render(sheet: CertificateSheet): Promise<Buffer>;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const INK = '#1a1a1a';
const RULE = '#8c8c8c';

/**
 * Lays the electronic certificate out on one A4 page in the configured CJK font: the certificate's data, the QR
 * code of its public verification page, and the key id and fingerprint of the key that signed it.
 */
export function createCertificateRenderer(options: { fontPath: string; fontName: string }): CertificateRenderer {
  const unavailable = (why: string) => new DomainError('PDF_FONT_UNAVAILABLE', ErrorKind.Unavailable, {
    zh: `无法生成电子证照 PDF：服务器上的中文字体 ${options.fontPath} 无法使用（${why}），请安装 fonts-noto-cjk 或设置 PDF_FONT_PATH`,
    en: `the certificate cannot be printed: the Chinese font ${options.fontPath} cannot be used (${why}); install fonts-noto-cjk or set PDF_FONT_PATH`,
  }, { fontPath: options.fontPath });
  const open = cjkPdfOpener(options, (f) => unavailable(f.kind === 'unreadable' ? f.code : f.message));

  return {
    async render(s: CertificateSheet): Promise<Buffer> {
      const qr = await QRCode.toBuffer(s.verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 360 });
      const { doc, done } = await open({
        size: 'A4', margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
        info: { Title: s.title, Author: s.issuer, Subject: s.title, Creator: '政务服务平台' },
      });
      layout(doc, s, qr);
      doc.end();
      return done;
    },
  };
}

function layout(doc: PDFKit.PDFDocument, s: CertificateSheet, qr: Buffer) {
  const width = A4.width - 2 * MARGIN;
  const left = MARGIN;
  doc.rect(left - 12, MARGIN - 12, width + 24, A4.height - 2 * MARGIN + 24).lineWidth(2).stroke('#a8071a');
  doc.fillColor(INK).fontSize(13).text(s.issuer, left, MARGIN + 8, { width, align: 'center', characterSpacing: 1 });
  doc.moveDown(0.4);
  doc.fillColor('#a8071a').fontSize(24).text(s.title, { width, align: 'center', characterSpacing: 4 });
  doc.moveDown(0.2);
  doc.fillColor('#595959').fontSize(10).text('电子证照 · Electronic certificate', { width, align: 'center' });
  doc.moveDown(1);

  const labelWidth = 110;
  doc.lineWidth(0.6).fontSize(11.5).fillColor(INK);
  for (const [label, value] of s.fields) {
    const height = Math.max(doc.heightOfString(value, { width: width - labelWidth - 16 }), doc.heightOfString(label, { width: labelWidth - 12 })) + 10;
    const top = doc.y;
    doc.rect(left, top, labelWidth, height).fillAndStroke('#f5f5f5', RULE);
    doc.rect(left + labelWidth, top, width - labelWidth, height).lineWidth(0.6).stroke(RULE);
    doc.fillColor(INK).text(label, left + 6, top + 5, { width: labelWidth - 12 });
    doc.text(value, left + labelWidth + 8, top + 5, { width: width - labelWidth - 16 });
    doc.y = top + height;
  }

  // the QR code of the public verification page, with the address under it
  doc.moveDown(1.2);
  const qrSize = 150;
  const qrTop = doc.y;
  doc.image(qr, left, qrTop, { width: qrSize, height: qrSize });
  const textLeft = left + qrSize + 18;
  const textWidth = width - qrSize - 18;
  doc.fontSize(11).fillColor(INK).text('扫码核验真伪 · Scan to verify', textLeft, qrTop + 4, { width: textWidth });
  doc.moveDown(0.3);
  doc.fontSize(9).fillColor('#1f4e79').text(s.verifyUrl, { width: textWidth });
  doc.moveDown(0.6);
  doc.fillColor(INK).fontSize(9.5).text(`签名算法 Ed25519 · 密钥标识（key id）：${s.keyId}`, { width: textWidth });
  doc.moveDown(0.2);
  doc.text(`公钥指纹（SHA-256）：${s.fingerprint}`, { width: textWidth });
  doc.moveDown(0.2);
  doc.fillColor('#595959').fontSize(7.5).text(`签名：${s.signature}`, { width: textWidth });
  doc.y = Math.max(doc.y, qrTop + qrSize) + 16;

  doc.fontSize(8).fillColor('#666666').text(s.footer, left, A4.height - MARGIN - 14, { width, align: 'center', lineBreak: false });
}
