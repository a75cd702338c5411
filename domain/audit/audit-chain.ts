import { createHash } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';

/** The hash the first entry links to. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers: everything but the hash itself. */
export interface ChainedFields {
  seq: number; at: Date | string;
  actor: { kind: string; id: string; role?: string | null };
  post?: string | null; unit?: string | null; action: string;
  target: { kind: string; id: string };
  applicationNumber?: string | null; itemCode?: string | null; outcome: string;
  before?: unknown; after?: unknown; detail?: unknown; key?: string | null;
  prevHash: string;
}

/** JSON Canonicalization Scheme (RFC 8785) of the covered fields; absent and null are the same. */
export function canonicalForm(e: ChainedFields): string {
  const form = {
    seq: e.seq, at: new Date(e.at).toISOString(),
    actor: { kind: e.actor.kind, id: e.actor.id, role: e.actor.role ?? null },
    post: e.post ?? null, unit: e.unit ?? null, action: e.action,
    target: { kind: e.target.kind, id: e.target.id },
    applicationNumber: e.applicationNumber ?? null, itemCode: e.itemCode ?? null, outcome: e.outcome,
    before: e.before ?? null, after: e.after ?? null, detail: e.detail ?? null, key: e.key ?? null,
    prevHash: e.prevHash,
  };
  return canonicalize(form);
}

export function entryHash(e: ChainedFields): string {
  return createHash('sha256').update(canonicalForm(e)).digest('hex');
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
      } else if (entryHash(e) !== e.hash) {
        broken = { seq: e.seq, problem: 'content-changed', message: `entry ${e.seq} does not match its hash: its content was changed` };
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
