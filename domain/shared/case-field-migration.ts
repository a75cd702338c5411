import type { Collection } from 'mongoose';
import { caseKindOfNumber, type CaseKind } from './constants.js';

/** The field records kept their case number in before it was `caseNumber` + `caseKind`. */
export const LEGACY_CASE_FIELD = 'applicationNumber';

/** Tells an application's number from a certificate requisition's, asking the store once per number. */
export function caseKindReader(isRequisition: (caseNumber: string) => Promise<boolean>): (caseNumber: string) => Promise<CaseKind> {
  const kinds = new Map<string, CaseKind>();
  return async (n) => {
    if (!kinds.has(n)) kinds.set(n, (await isRequisition(n)) ? 'requisition' : (caseKindOfNumber(n) ?? 'application'));
    return kinds.get(n)!;
  };
}

/**
 * Moves one collection's records from `applicationNumber` to `caseNumber` + `caseKind` in single-document updates,
 * then drops the old field's index. Safe to run again and from several processes at once: a record already moved is
 * not matched, and a `caseNumber` or `caseKind` already set is kept. Every other field stays as it was.
 */
export async function moveCaseField(collection: Collection, kindOf: (caseNumber: string) => Promise<CaseKind>): Promise<{ moved: number; droppedIndex: boolean }> {
  let moved = 0;
  const legacy = { [LEGACY_CASE_FIELD]: { $exists: true } };
  for await (const old of collection.find(legacy, { projection: { _id: 1, [LEGACY_CASE_FIELD]: 1, caseNumber: 1, caseKind: 1 } })) {
    const number = typeof old[LEGACY_CASE_FIELD] === 'string' && old[LEGACY_CASE_FIELD] !== '' ? (old[LEGACY_CASE_FIELD] as string) : null;
    const caseNumber = (old.caseNumber as string | null | undefined) ?? number;
    const caseKind = (old.caseKind as CaseKind | null | undefined) ?? (caseNumber ? await kindOf(caseNumber) : null);
    const r = await collection.updateOne({ _id: old._id, ...legacy }, { $set: { caseNumber, caseKind }, $unset: { [LEGACY_CASE_FIELD]: '' } });
    moved += r.modifiedCount;
  }
  // the old field's index has nothing left to find
  const droppedIndex = await collection.dropIndex(`${LEGACY_CASE_FIELD}_1`).then(() => true, () => false);
  return { moved, droppedIndex };
}
