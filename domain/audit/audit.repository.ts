import { isDuplicateKey } from '../shared/domain-error.js';
import { op } from '../shared/trusted.js';
import { AuditCheckpointModel, AuditEntryModel, AuditIntentModel, type AuditCheckpoint, type AuditEntry } from './audit-entry.model.js';

export interface AuditFilter {
  applicationNumber?: string; actor?: string; target?: string; unit?: string; itemCode?: string; action?: string[];
  from?: Date; to?: Date; afterSeq?: number; beforeSeq?: number; fromSeq?: number; toSeq?: number;
}

function query(f: AuditFilter) {
  const q: Record<string, unknown> = {};
  if (f.applicationNumber) q.applicationNumber = f.applicationNumber;
  if (f.actor) q['actor.id'] = f.actor;
  if (f.target) q['target.id'] = f.target;
  if (f.unit) q.unit = f.unit;
  if (f.itemCode) q.itemCode = f.itemCode;
  if (f.action?.length) q.action = op({ $in: f.action.map(String) });
  if (f.from || f.to) q.at = op({ ...(f.from ? { $gte: f.from } : {}), ...(f.to ? { $lte: f.to } : {}) });
  const seq: Record<string, number> = {};
  if (f.afterSeq !== undefined) seq.$gt = f.afterSeq;
  if (f.beforeSeq !== undefined) seq.$lt = f.beforeSeq;
  if (f.fromSeq !== undefined) seq.$gte = f.fromSeq;
  if (f.toSeq !== undefined) seq.$lte = f.toSeq;
  if (Object.keys(seq).length) q.seq = op(seq);
  return q;
}

/** Whether a duplicate-key error came from the event-identity index rather than from a racing seq. */
function isKeyClash(err: unknown): boolean {
  const e = err as { keyPattern?: Record<string, unknown>; message?: string };
  return Boolean(e.keyPattern?.key) || /key_1|\bkey\b.*dup|dup key: \{ ?"?key/.test(e.message ?? '');
}

export function createAuditRepository() {
  return {
    async last(): Promise<AuditEntry | null> {
      return AuditEntryModel.findOne({}, { _id: 0 }).sort({ seq: -1 }).lean<AuditEntry>();
    },
    async first(): Promise<AuditEntry | null> {
      return AuditEntryModel.findOne({}, { _id: 0 }).sort({ seq: 1 }).lean<AuditEntry>();
    },
    async byKey(key: string): Promise<AuditEntry | null> {
      return AuditEntryModel.findOne({ key }, { _id: 0 }).lean<AuditEntry>();
    },
    async bySeq(seq: number): Promise<AuditEntry | null> {
      return AuditEntryModel.findOne({ seq }, { _id: 0 }).lean<AuditEntry>();
    },
    /** Inserts one entry; 'taken' when another writer got that seq first, 'known' when its key is already recorded. */
    async insert(entry: AuditEntry): Promise<'inserted' | 'taken' | 'known'> {
      try {
        await AuditEntryModel.create(entry);
        return 'inserted';
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        if (entry.key && (isKeyClash(err) || (await AuditEntryModel.exists({ key: entry.key })))) return 'known';
        return 'taken';
      }
    },
    /** Entries in seq order, a page at a time, so a long trail is never held in memory at once. */
    async *walk(filter: AuditFilter = {}, pageSize = 1000): AsyncGenerator<AuditEntry> {
      let afterSeq = filter.afterSeq ?? -1;
      for (;;) {
        const page = await AuditEntryModel.find(query({ ...filter, afterSeq }), { _id: 0 }).sort({ seq: 1 }).limit(pageSize).lean<AuditEntry[]>();
        for (const e of page) yield e;
        if (page.length < pageSize) return;
        afterSeq = page.at(-1)!.seq;
      }
    },
    async search(filter: AuditFilter, limit: number, order: 1 | -1 = 1, offset = 0): Promise<AuditEntry[]> {
      return AuditEntryModel.find(query(filter), { _id: 0 }).sort({ seq: order }).skip(offset).limit(limit).lean<AuditEntry[]>();
    },
    async count(filter: AuditFilter): Promise<number> {
      return AuditEntryModel.countDocuments(query(filter));
    },
    /** The oldest seq whose entry is younger than `cutoff`. */
    async firstSeqAtOrAfter(cutoff: Date): Promise<number | null> {
      const e = await AuditEntryModel.findOne({ at: op({ $gte: cutoff }) }, { seq: 1 }).sort({ seq: 1 }).lean();
      return e?.seq ?? null;
    },
    /** Retention: removes entries up to `throughSeq` (the only delete there is; the model itself refuses deletes). */
    async removeThrough(throughSeq: number): Promise<number> {
      const r = await AuditEntryModel.collection.deleteMany({ seq: { $lte: throughSeq } });
      return r.deletedCount;
    },
    async prunedMarker(throughSeq: number): Promise<AuditEntry | null> {
      return AuditEntryModel.findOne({ action: 'audit.pruned', 'detail.throughSeq': throughSeq }, { _id: 0 }).sort({ seq: -1 }).lean<AuditEntry>();
    },
    async addCheckpoint(c: AuditCheckpoint): Promise<void> {
      try {
        await AuditCheckpointModel.create(c);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // nothing was appended since the last one
      }
    },
    async addIntent(key: string, input: unknown, since: Date): Promise<void> {
      await AuditIntentModel.create({ _id: key, input, since });
    },
    async dropIntent(key: string): Promise<void> {
      await AuditIntentModel.deleteOne({ _id: key });
    },
    /** Intents written before `before`, oldest first. */
    async intentsBefore(before: Date, limit = 500): Promise<{ _id: string; input: unknown; since: Date }[]> {
      return AuditIntentModel.find({ since: op({ $lt: before }) }).sort({ since: 1 }).limit(limit).lean<{ _id: string; input: unknown; since: Date }[]>();
    },
    async checkpoints(): Promise<AuditCheckpoint[]> {
      return AuditCheckpointModel.find({}, { _id: 0 }).sort({ seq: 1 }).lean<AuditCheckpoint[]>();
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
