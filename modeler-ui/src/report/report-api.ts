import { call } from '../shared/api';

export type ReportKind = 'daily' | 'weekly' | 'monthly' | 'quarterly';
export interface Figures { filed: number; closed: number; onTime: number; late: number; cards: { warning: number; yellow: number; red: number }; complaints: number; ratings: number; badReviews: number }
export interface Report {
  reportId: string; kind: ReportKind; title: string; periodKey: string; periodLabel: string; from: string; to: string; generatedAt: string;
  edition: string; pdf: { sha256: string; size: number }; xlsx: { sha256: string; size: number }; figures: Figures;
}

async function sha256(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export const reportApi = {
  list: (kind?: ReportKind) => call<{ reports: Report[] }>('GET', `/api/reports${kind ? `?kind=${kind}` : ''}`).then((r) => r.reports),
  /** Saves the file and checks its SHA-256 against the one the server checked with the audit trail. */
  async download(r: Report, format: 'pdf' | 'xlsx'): Promise<{ file: string; actual: string; expected: string }> {
    const res = await call<Response>('GET', `/api/reports/${r.kind}/${r.periodKey}/report.${format}`, { raw: true });
    const blob = await res.blob();
    const file = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `report.${format}`);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = file;
    link.click();
    URL.revokeObjectURL(link.href);
    return { file, actual: await sha256(blob), expected: res.headers.get('x-content-sha256') ?? '' };
  },
};
