import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PDFTOTEXT = '/usr/bin/pdftotext';
const PDFTOPPM = '/usr/bin/pdftoppm';

function need(tool: string) {
  if (!existsSync(tool)) throw new Error(`no ${tool}: apt-get install poppler-utils (the tests read the printed PDFs with it)`);
}

/** The text of a PDF as a reader's program extracts it (Debian's poppler-utils). */
export async function pdfText(pdf: Buffer): Promise<string> {
  need(PDFTOTEXT);
  const child = run(PDFTOTEXT, ['-enc', 'UTF-8', '-layout', '-', '-'], { encoding: 'utf8', maxBuffer: 8 * 1024 * 1024 });
  child.child.stdin!.end(pdf);
  return (await child).stdout;
}

/** The first page of a PDF as a PNG at the given resolution, for a person to look at. */
export async function pdfFirstPagePng(pdfPath: string, pngBase: string, dpi = 60): Promise<string> {
  need(PDFTOPPM);
  await run(PDFTOPPM, ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', pdfPath, pngBase]);
  return `${pngBase}.png`;
}
