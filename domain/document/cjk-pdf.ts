import { readFile } from 'node:fs/promises';
import PDFDocument from 'pdfkit';
import type { DomainError } from '../shared/domain-error.js';

/** A PDF being written in the configured CJK font, and its bytes once `doc.end()` is called. */
export interface CjkPdf { doc: PDFKit.PDFDocument; done: Promise<Buffer> }

/** Why the font cannot be used: the file cannot be read (its error code), or it holds no usable font. */
export type FontFailure = { kind: 'unreadable'; code: string } | { kind: 'unusable'; message: string };

/**
 * Opens PDFs in one CJK font (a .ttf/.otf, or a face of a .ttc/.otc collection by its name). The font file is read
 * when the first PDF is opened and kept; a failed read is tried again on the next one. `failure` says in the
 * caller's words why the font cannot be used.
 */
export function cjkPdfOpener(options: { fontPath: string; fontName: string }, failure: (f: FontFailure) => DomainError) {
  let font: Promise<Buffer> | undefined;
  const collection = /\.(ttc|otc)$/i.test(options.fontPath);
  return async function open(docOptions: PDFKit.PDFDocumentOptions): Promise<CjkPdf> {
    font ??= readFile(options.fontPath).catch((err: NodeJS.ErrnoException) => {
      font = undefined;
      throw failure({ kind: 'unreadable', code: err.code ?? err.message });
    });
    const data = await font;
    const doc = new PDFDocument(docOptions);
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });
    try {
      doc.registerFont('cjk', data, collection ? options.fontName : undefined);
      doc.font('cjk');
    } catch (err) {
      throw failure({ kind: 'unusable', message: `${collection ? `${options.fontName}: ` : ''}${(err as Error).message}` });
    }
    return { doc, done };
  };
}
