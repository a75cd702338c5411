import { createHash } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';
import { caseKindOfNumber, type CaseKind } from '../shared/constants.js';

/** The hash the first entry links to. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Entry formats. An entry is hashed by the format it was written in, so entries written before a change of
 * format keep verifying exactly as they were stored; none is ever rewritten.
 * - 1: the case's number under `applicationNumber` (which held a requisition's number too). These entries carry
 *   no `formatVersion`; they were written before formats were numbered.
 * - 2: `formatVersion: 2`, the case under `caseNumber` with `caseKind` ('application' | 'requisition'); the
 *   version itself is covered by the hash.
 */
export const AUDIT_FORMAT = 2;
export const AUDIT_FORMATS = [1, 2] as const;

/** The fields an entry's hash covers: everything but the hash itself. */
export interface ChainedFields {
  /** absent: format 1 */
  formatVersion?: number | null;
  seq: number; at: Date | string;
  actor: { kind: string; id: string; role?: string | null };
  post?: string | null; unit?: string | null; action: string;
  target: { kind: string; id: string };
  caseNumber?: string | null; caseKind?: string | null;
  /** format 1 as stored; an entry read through presentEntry has it as `caseNumber` */
  applicationNumber?: string | null;
  itemCode?: string | null; outcome: string;
  before?: unknown; after?: unknown; detail?: unknown; key?: string | null;
  prevHash: string;
}

/** The format an entry says it was written in; one this code does not know is refused by canonicalForm. */
export function formatOf(e: { formatVersion?: number | null }): number {
  return e.formatVersion ?? 1;
}

/** JSON Canonicalization Scheme (RFC 8785) of the covered fields, by the entry's format; absent and null are the same. */
export function canonicalForm(e: ChainedFields): string {
  const common = {
    seq: e.seq, at: new Date(e.at).toISOString(),
    actor: { kind: e.actor.kind, id: e.actor.id, role: e.actor.role ?? null },
    post: e.post ?? null, unit: e.unit ?? null, action: e.action,
    target: { kind: e.target.kind, id: e.target.id },
    itemCode: e.itemCode ?? null, outcome: e.outcome,
    before: e.before ?? null, after: e.after ?? null, detail: e.detail ?? null, key: e.key ?? null,
    prevHash: e.prevHash,
  };
  const format = formatOf(e);
  switch (format) {
    case 1:
      // exactly the form these entries were hashed in: the case number is `applicationNumber`, whatever its kind
      return canonicalize({ ...common, applicationNumber: e.applicationNumber ?? e.caseNumber ?? null });
    case 2:
      return canonicalize({ ...common, formatVersion: 2, caseNumber: e.caseNumber ?? null, caseKind: e.caseKind ?? null });
    default:
      throw new UnknownFormatError(e.seq, format);
  }
}

export class UnknownFormatError extends Error {
  constructor(readonly seq: number, readonly format: unknown) {
    super(`entry ${seq} has format version ${String(format)}, which this platform does not know (it knows ${AUDIT_FORMATS.join(', ')})`);
  }
}

export function entryHash(e: ChainedFields): string {
  return createHash('sha256').update(canonicalForm(e)).digest('hex');
}

/**
 * An entry as the platform reads it, whatever format it was stored in: the case under `caseNumber` and
 * `caseKind`, and its `formatVersion`. A format-1 entry's kind is read from its number (caseKindOfNumber): it is
 * not covered by that entry's hash. The result still hashes to the stored hash (canonicalForm reads either shape).
 */
export function presentEntry<T extends ChainedFields>(stored: T): Omit<T, 'applicationNumber'> & { formatVersion: number; caseNumber: string | null; caseKind: CaseKind | null } {
  const { applicationNumber, ...rest } = stored;
  const format = formatOf(stored);
  if (format === 1) {
    const caseNumber = applicationNumber ?? stored.caseNumber ?? null;
    return { ...rest, formatVersion: 1, caseNumber, caseKind: caseKindOfNumber(caseNumber) };
  }
  return { ...rest, formatVersion: format, caseNumber: stored.caseNumber ?? null, caseKind: (stored.caseKind ?? null) as CaseKind | null };
}

/** SHA-256 of a submitted body in canonical form: the trail proves what was sent without keeping it twice. */
export function bodyHash(body: unknown): string {
  return createHash('sha256').update(canonicalize(body ?? null) ?? 'null').digest('hex');
}

/** Dates become ISO strings and undefined disappears, so what is stored is exactly what was hashed. */
export function plain<T>(value: T): T {
  return value === undefined || value === null ? (null as T) : (JSON.parse(JSON.stringify(value)) as T);
}

export type ChainProblem = 'content-changed' | 'link-broken' | 'missing' | 'anchor-mismatch' | 'checkpoint-mismatch';
export interface ChainBreak { seq: number; problem: ChainProblem; message: string }

const knowsFormat = (e: ChainedFields) => (AUDIT_FORMATS as readonly number[]).includes(formatOf(e));
/**
 * Whether an entry hashes, by its own format, to `expected` (its stored hash unless given); an unknown format never
 * does. A format-1 entry read under today's names has a `caseKind` its hash does not cover: it must be the one its
 * number says, so that one changed in an export is caught too.
 */
export function hashMatches(e: ChainedFields & { hash: string }, expected = e.hash): boolean {
  if (!knowsFormat(e)) return false;
  if (formatOf(e) === 1 && e.caseKind != null && e.caseKind !== caseKindOfNumber(e.applicationNumber ?? e.caseNumber)) return false;
  return entryHash(e) === expected;
}

/**
 * Checks entries one by one in seq order; `anchor` is what the first entry must link to (the genesis, or
 * the last pruned entry). Returns the first broken link, then keeps returning it.
 */
export function createChainWalker(anchor: { seq: number; hash: string }) {
  let prev = anchor;
  let broken: ChainBreak | null = null;
  return {
    step(e: ChainedFields & { hash: string }): ChainBreak | null {
      if (broken) return broken;
      if (e.seq !== prev.seq + 1) {
        broken = { seq: prev.seq + 1, problem: 'missing', message: `entry ${prev.seq + 1} is missing or out of place (found ${e.seq} after ${prev.seq})` };
      } else if (!hashMatches(e)) {
        broken = { seq: e.seq, problem: 'content-changed', message: knowsFormat(e) ? `entry ${e.seq} does not match its hash: its content was changed` : new UnknownFormatError(e.seq, e.formatVersion).message };
      } else if (e.prevHash !== prev.hash) {
        broken = { seq: e.seq, problem: 'link-broken', message: `entry ${e.seq} does not link to entry ${prev.seq}` };
      } else prev = { seq: e.seq, hash: e.hash };
      return broken;
    },
    get last() {
      return prev;
    },
  };
}
