import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { cjkPdfOpener } from './cjk-pdf.js';
import type { DocumentContent } from './document.texts.js';

export interface DocumentRenderer {
  render(content: DocumentContent): Promise<Buffer>;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 64;
const INK = '#1a1a1a';
const RULE = '#8c8c8c';

function fontMissing(path: string, why: string): DomainError {
  return new DomainError(
    'PDF_FONT_UNAVAILABLE', ErrorKind.Unavailable,
    {
      zh: `无法生成 PDF 文书：服务器上的中文字体 ${path} ${why === 'is missing' ? '不存在' : '无法读取'}，请安装 fonts-noto-cjk 或设置 PDF_FONT_PATH`,
      en: `the notice cannot be printed: the Chinese font ${path} ${why}; install Debian's fonts-noto-cjk or set PDF_FONT_PATH to a CJK font`,
    },
    { fontPath: path },
  );
}

/**
 * Lays a notice out on A4 with pdfkit, in the configured CJK font. The font file is read once, when the first
 * notice is printed; a missing font is said plainly (503) and looked for again on the next print.
 */
export function createPdfRenderer(options: { fontPath: string; fontName: string }): DocumentRenderer {
  const open = cjkPdfOpener(options, (f) => fontMissing(options.fontPath,
    f.kind === 'unusable' ? `has no usable font (${f.message})` : f.code === 'ENOENT' ? 'is missing' : `cannot be read (${f.code})`));
  return {
    async render(c: DocumentContent): Promise<Buffer> {
      const { doc, done } = await open({
        size: 'A4', margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN }, bufferPages: true,
        info: { Title: `${c.title} ${c.reference}`, Author: c.issuer, Subject: c.title, Creator: '政务服务平台' },
      });
      layout(doc, c);
      doc.end();
      return done;
    },
  };
}

function layout(doc: PDFKit.PDFDocument, c: DocumentContent) {
  const width = A4.width - 2 * MARGIN;
  const left = MARGIN;
  doc.fillColor(INK);

  doc.fontSize(13).text(c.issuer, { align: 'center', characterSpacing: 1 });
  doc.moveDown(0.4);
  doc.fontSize(22).text(c.title, { align: 'center', characterSpacing: 4 });
  doc.moveDown(0.3);
  doc.fontSize(10).text(c.reference, { align: 'right' });
  const y = doc.y + 4;
  doc.moveTo(left, y).lineTo(left + width, y).lineWidth(1.2).strokeColor(INK).stroke();
  doc.y = y + 12;

  doc.fontSize(12).text(c.addressee, left, doc.y);
  doc.moveDown(0.3);
  for (const p of c.paragraphs) {
    doc.text(p, { indent: 24, lineGap: 4 });
    doc.moveDown(0.3);
  }

  if (c.fields.length) {
    doc.moveDown(0.3);
    const labelWidth = 90;
    doc.fontSize(11);
    for (const [label, value] of c.fields) {
      const top = doc.y;
      const height = Math.max(doc.heightOfString(value, { width: width - labelWidth - 16 }), doc.heightOfString(label, { width: labelWidth - 12 })) + 8;
      if (top + height > A4.height - MARGIN - 40) {
        doc.addPage();
      }
      const rowTop = doc.y;
      doc.rect(left, rowTop, labelWidth, height).fillAndStroke('#f2f2f2', RULE);
      doc.rect(left + labelWidth, rowTop, width - labelWidth, height).lineWidth(0.6).stroke(RULE);
      doc.fillColor(INK).text(label, left + 6, rowTop + 4, { width: labelWidth - 12 });
      doc.text(value, left + labelWidth + 8, rowTop + 4, { width: width - labelWidth - 16 });
      doc.y = rowTop + height;
    }
    doc.x = left;
  }

  if (c.list) {
    doc.moveDown(0.8);
    doc.fontSize(12).text(`${c.list.heading}：`, left, doc.y);
    doc.moveDown(0.2);
    doc.fontSize(11.5);
    c.list.items.forEach((item, i) => {
      doc.text(`${i + 1}. ${item}`, left + 16, doc.y, { width: width - 16, lineGap: 3 });
    });
    doc.x = left;
  }

  doc.moveDown(0.6);
  doc.fontSize(12);
  for (const p of c.closing) {
    doc.text(p, left, doc.y, { width, indent: 24, lineGap: 4 });
    doc.moveDown(0.2);
  }

  // the issuer and the date above the place for the stamp, at the right
  // (the signature block, about 90 points high, stays whole on one page)
  if (doc.y + 96 > A4.height - MARGIN) doc.addPage();
  doc.moveDown(1.5);
  const signWidth = 240;
  doc.fontSize(12).text(c.issuer, left + width - signWidth, doc.y, { width: signWidth, align: 'center' });
  doc.moveDown(0.2);
  doc.text('（盖章）', left + width - signWidth, doc.y, { width: signWidth, align: 'center' });
  doc.moveDown(0.2);
  doc.text(c.dated, left + width - signWidth, doc.y, { width: signWidth, align: 'center' });

  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // the footer sits in the bottom margin: with the margin lifted pdfkit does not start a new page for it
    doc.page.margins.bottom = 0;
    const bottom = A4.height - MARGIN + 16;
    doc.fontSize(8).fillColor('#666666').text(`${c.footer} · 第${i + 1}页，共${pages.count}页`, left, bottom, { width, align: 'center', lineBreak: false });
  }
}
