import { isDuplicateKey } from '../shared/domain-error.js';
import { op } from '../shared/trusted.js';
import type { Figures, UnitFigures } from './report-content.js';
import { ReportModel, ReportScheduleModel, type ReportRecord } from './report.model.js';

export type ReportSummary = Omit<ReportRecord, 'pdf' | 'xlsx' | 'content'> & {
  pdf: { sha256: string; size: number }; xlsx: { sha256: string; size: number };
  content: { totals: Figures; units: UnitFigures[] };
};
const SUMMARY = Object.fromEntries([
  'reportId', 'kind', 'periodKey', 'periodLabel', 'from', 'to', 'scope', 'scopeName', 'generatedAt', 'pdf.sha256', 'pdf.size', 'xlsx.sha256', 'xlsx.size',
  'content.totals', 'content.units',
].map((k) => [k, 1]).concat([['_id', 0]]));
const SCHEDULE = 'supervision-reports';

/** Reports are inserted once and never updated (a second insert of the same report finds the first). */
export function createReportRepository() {
  return {
    async insert(r: ReportRecord): Promise<'inserted' | 'known'> {
      try {
        await ReportModel.create(r);
        return 'inserted';
      } catch (err) {
        if (isDuplicateKey(err)) return 'known';
        throw err;
      }
    },
    async get(reportId: string): Promise<ReportRecord | null> {
      const r = await ReportModel.findOne({ reportId }, { _id: 0 }).lean<ReportRecord>();
      // a Binary read back from the store is turned into a Buffer
      return r && { ...r, pdf: { ...r.pdf, data: Buffer.from(r.pdf.data.buffer ?? r.pdf.data) }, xlsx: { ...r.xlsx, data: Buffer.from(r.xlsx.data.buffer ?? r.xlsx.data) } };
    },
    async exists(reportId: string): Promise<boolean> {
      return !!(await ReportModel.exists({ reportId }));
    },
    async list(filter: { kind?: string; scope: string; from?: string; to?: string }, limit: number): Promise<ReportSummary[]> {
      const q: Record<string, unknown> = { scope: filter.scope };
      if (filter.kind) q.kind = filter.kind;
      if (filter.from || filter.to) q.from = op({ ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) });
      return ReportModel.find(q, SUMMARY).sort({ from: -1, kind: 1 }).limit(limit).lean<ReportSummary[]>();
    },
    async schedule(): Promise<{ lastDate: string | null; processInstanceKey: string | null }> {
      const s = await ReportScheduleModel.findById(SCHEDULE).lean<{ lastDate: string | null; processInstanceKey: string | null }>();
      return { lastDate: s?.lastDate ?? null, processInstanceKey: s?.processInstanceKey ?? null };
    },
    /** Moves the schedule on to `date`, never back. */
    async scheduledUpTo(date: string): Promise<void> {
      await ReportScheduleModel.updateOne({ _id: SCHEDULE, lastDate: op({ $not: op({ $gte: date }) }) }, { $set: { lastDate: date } });
    },
    /** Claims the start of the schedule's process: true for the one caller that may start it. */
    async claimStart(): Promise<boolean> {
      try {
        const r = await ReportScheduleModel.updateOne({ _id: SCHEDULE, processInstanceKey: null }, { $set: { processInstanceKey: 'starting' } }, { upsert: true });
        return r.modifiedCount + r.upsertedCount === 1;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    async started(processInstanceKey: string | null): Promise<void> {
      await ReportScheduleModel.updateOne({ _id: SCHEDULE }, { $set: { processInstanceKey } });
    },
  };
}
export type ReportRepository = ReturnType<typeof createReportRepository>;
