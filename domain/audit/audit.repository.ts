import { caseKindOfNumber } from '../shared/constants.js';
import { isDuplicateKey } from '../shared/domain-error.js';
import { op } from '../shared/trusted.js';
import { presentEntry } from './audit-chain.js';
import { AuditCheckpointModel, AuditEntryModel, AuditIntentModel, type AuditCheckpoint, type AuditEntry, type StoredAuditEntry } from './audit-entry.model.js';

export interface AuditFilter {
  /** an application's or a requisition's number: entries of every format about that case */
  caseNumber?: string; actor?: string; target?: string; unit?: string; itemCode?: string; action?: string[];
  from?: Date; to?: Date; afterSeq?: number; beforeSeq?: number; fromSeq?: number; toSeq?: number;
}

function query(f: Omit<AuditFilter, 'caseNumber'>) {
  const q: Record<string, unknown> = {};
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

/**
 * The queries whose results together are the filter's: a case is `caseNumber` on entries of format 2 on, and
 * `applicationNumber` on those of format 1. Two queries rather than one $or, so each is answered from its own
 * index (the local store plans no $or).
 */
function queries(f: AuditFilter): Record<string, unknown>[] {
  const { caseNumber, ...rest } = f;
  const q = query(rest);
  if (!caseNumber) return [q];
  return [{ ...q, caseNumber }, { ...q, applicationNumber: caseNumber, formatVersion: op({ $exists: false }) }];
}

const present = (e: StoredAuditEntry | null): AuditEntry | null => (e ? (presentEntry(e) as AuditEntry) : null);

/** An action written down before the entries' format 2 names its case `applicationNumber`: read it as `caseNumber`. */
function currentInput(input: unknown): unknown {
  if (!input || typeof input !== 'object' || !('applicationNumber' in input)) return input;
  const { applicationNumber, ...rest } = input as { applicationNumber?: string | null; caseNumber?: string | null; caseKind?: string | null };
  const caseNumber = rest.caseNumber ?? applicationNumber ?? null;
  return { ...rest, caseNumber, caseKind: rest.caseKind ?? caseKindOfNumber(caseNumber) };
}

/** Whether a duplicate-key error came from the event-identity index rather than from a racing seq. */
function isKeyClash(err: unknown): boolean {
  const e = err as { keyPattern?: Record<string, unknown>; message?: string };
  return Boolean(e.keyPattern?.key) || /key_1|\bkey\b.*dup|dup key: \{ ?"?key/.test(e.message ?? '');
}

/**
 * Matching entries in seq order (`order` -1: newest first), skipping `offset`, read under today's names whatever
 * their format. A case's two queries each read up to offset + limit, so the merged page skips the same entries.
 */
async function search(filter: AuditFilter, limit: number, order: 1 | -1 = 1, offset = 0): Promise<AuditEntry[]> {
  const qs = queries(filter);
  if (qs.length === 1) {
    const one = await AuditEntryModel.find(qs[0]!, { _id: 0 }).sort({ seq: order }).skip(offset).limit(limit).lean<StoredAuditEntry[]>();
    return one.map((e) => present(e)!);
  }
  const found = await Promise.all(qs.map((q) => AuditEntryModel.find(q, { _id: 0 }).sort({ seq: order }).limit(offset + limit).lean<StoredAuditEntry[]>()));
  const entries = found.flat().sort((x, y) => (x.seq - y.seq) * order).slice(offset, offset + limit);
  return entries.map((e) => present(e)!);
}

export function createAuditRepository() {
  return {
    async last(): Promise<AuditEntry | null> {
      return present(await AuditEntryModel.findOne({}, { _id: 0 }).sort({ seq: -1 }).lean<StoredAuditEntry>());
    },
    async first(): Promise<AuditEntry | null> {
      return present(await AuditEntryModel.findOne({}, { _id: 0 }).sort({ seq: 1 }).lean<StoredAuditEntry>());
    },
    async byKey(key: string): Promise<AuditEntry | null> {
      return present(await AuditEntryModel.findOne({ key }, { _id: 0 }).lean<StoredAuditEntry>());
    },
    async bySeq(seq: number): Promise<AuditEntry | null> {
      return present(await AuditEntryModel.findOne({ seq }, { _id: 0 }).lean<StoredAuditEntry>());
    },
    /** Inserts one entry (as it is to be stored); 'taken' when another writer got that seq first, 'known' when its key is already recorded. */
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
        const page = await search({ ...filter, afterSeq }, pageSize);
        for (const e of page) yield e;
        if (page.length < pageSize) return;
        afterSeq = page.at(-1)!.seq;
      }
    },
    search,
    async count(filter: AuditFilter): Promise<number> {
      const counts = await Promise.all(queries(filter).map((q) => AuditEntryModel.countDocuments(q)));
      return counts.reduce((a, b) => a + b, 0);
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
      return present(await AuditEntryModel.findOne({ action: 'audit.pruned', 'detail.throughSeq': throughSeq }, { _id: 0 }).sort({ seq: -1 }).lean<StoredAuditEntry>());
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
    /** Intents written at or before `before` (an intent of this very millisecond counts), oldest first. */
    async intentsAtOrBefore(before: Date, limit = 500): Promise<{ _id: string; input: unknown; since: Date }[]> {
      const intents = await AuditIntentModel.find({ since: op({ $lte: before }) }).sort({ since: 1 }).limit(limit).lean<{ _id: string; input: unknown; since: Date }[]>();
      return intents.map((i) => ({ ...i, input: currentInput(i.input) }));
    },
    async checkpoints(): Promise<AuditCheckpoint[]> {
      return AuditCheckpointModel.find({}, { _id: 0 }).sort({ seq: 1 }).lean<AuditCheckpoint[]>();
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
