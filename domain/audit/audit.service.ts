import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { caseKindOfNumber, type CaseKind } from '../shared/constants.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { AUDIT_FORMAT, createChainWalker, entryHash, GENESIS_HASH, hashMatches, plain, type ChainBreak } from './audit-chain.js';
import { ActorKind, AuditAction, type AuditEntry } from './audit-entry.model.js';
import type { AuditFilter, AuditRepository } from './audit.repository.js';

export interface AuditActor { kind: ActorKind; id: string; role?: string | null }
export interface AuditInput {
  at: Date; actor: AuditActor; action: AuditAction; target: { kind: string; id: string };
  post?: string | null; unit?: string | null; itemCode?: string | null;
  /** the application or certificate requisition the entry is about; its kind is read from the number when not given */
  caseNumber?: string | null; caseKind?: CaseKind | null;
  /** now caseNumber + caseKind (a case may be a requisition): refused, so that no entry is written with it by mistake */
  applicationNumber?: never;
  outcome?: 'success' | 'failure'; before?: unknown; after?: unknown; detail?: unknown;
  /** the event's own identity, for events that can be delivered twice (jobs, engine records) */
  key?: string;
}

export const workerActor = (jobType: string): AuditActor => ({ kind: ActorKind.Worker, id: jobType, role: null });
export const engineActor: AuditActor = { kind: ActorKind.Engine, id: 'engine', role: null };
export const systemActor: AuditActor = { kind: ActorKind.System, id: 'platform', role: null };

/** seed 004 §42 and the graded-protection scheme keep security logs at least six months: 184 days. */
export const MIN_RETENTION_DAYS = 184;

/**
 * What became of an action that was written down but whose entry never followed: done (and with what result),
 * or not carried out. A settler may finish an action that was half done, when the person who asked for it
 * would expect it to be finished (an application stored but its process not started).
 */
export type Settlement = { done: true; after?: unknown; detail?: Record<string, unknown> } | { done: false; why: string };
export type Settler = (input: AuditInput & { key: string }) => Promise<Settlement>;
const INTENT = 'intent:';
/** Why an entry was written late: it marks the entries the mending appends. */
export const RECOVERED_REASON = 'the platform stopped before this entry was written';

export interface VerifyReport {
  intact: boolean; entries: number; firstSeq: number | null; lastSeq: number | null; headHash: string;
  anchor: { seq: number; hash: string }; checkpoints: number; broken: ChainBreak | null;
}

export function createAuditService(deps: { repo: AuditRepository; retentionDays: number; log: Logger }) {
  const { repo, log } = deps;
  if (deps.retentionDays < MIN_RETENTION_DAYS) throw new Error(`audit retention must be at least ${MIN_RETENTION_DAYS} days`);
  // Appends from this process go one at a time; other processes are kept in line by the unique seq.
  let tail: Promise<unknown> = Promise.resolve();
  const settlers = new Map<string, Settler>();

  async function append(input: AuditInput): Promise<AuditEntry> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if (input.key) {
        const known = await repo.byKey(input.key);
        if (known) return known;
      }
      const last = await repo.last();
      const fields = {
        formatVersion: AUDIT_FORMAT, seq: (last?.seq ?? 0) + 1, at: input.at,
        actor: { kind: input.actor.kind, id: input.actor.id, role: input.actor.role ?? null },
        post: input.post ?? null, unit: input.unit ?? null, action: input.action, target: { kind: input.target.kind, id: input.target.id },
        caseNumber: input.caseNumber ?? null, caseKind: input.caseNumber ? input.caseKind ?? caseKindOfNumber(input.caseNumber) : null,
        itemCode: input.itemCode ?? null, outcome: input.outcome ?? 'success',
        before: plain(input.before), after: plain(input.after), detail: plain(input.detail), key: input.key,
        prevHash: last?.hash ?? GENESIS_HASH,
      };
      const entry = { ...fields, hash: entryHash(fields) } as AuditEntry;
      const result = await repo.insert(entry);
      if (result === 'inserted') return entry;
      if (result === 'known') return (await repo.byKey(input.key!))!;
      await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
    }
    throw new Error(`audit entry for ${input.action} could not be appended: the trail is too busy`);
  }

  /** The anchor the oldest kept entry links to: the genesis, or the marker written when older entries were pruned. */
  async function anchorOf(first: AuditEntry | null): Promise<{ seq: number; hash: string } | ChainBreak> {
    if (!first || first.seq === 1) return { seq: 0, hash: GENESIS_HASH };
    const marker = await repo.prunedMarker(first.seq - 1);
    const hash = (marker?.detail as { lastHash?: string } | null)?.lastHash;
    if (!hash) return { seq: first.seq, problem: 'anchor-mismatch', message: `entries before ${first.seq} are gone and no retention record explains it` };
    return { seq: first.seq - 1, hash };
  }

  /** Appends in this process's line; `keepIntent` leaves the intent for the mending to clear after its summary. */
  function enqueue(input: AuditInput, keepIntent = false): Promise<AuditEntry> {
    const next = tail.then(async () => {
      const entry = await append(input);
      if (!keepIntent && input.key?.startsWith(INTENT)) await repo.dropIntent(input.key);
      return entry;
    });
    tail = next.catch(() => undefined);
    return next;
  }
  const record = (input: AuditInput) => enqueue(input);
  const recoveredMark = (input: AuditInput, now: Date, extra?: Record<string, unknown>) =>
    ({ ...(input.detail as Record<string, unknown> | null ?? {}), ...extra, recovered: { at: now, reason: RECOVERED_REASON } });

  return {
    /**
     * Appends one entry to the chain; an entry with a key already recorded is not written again. An entry
     * whose key came from `intend` also clears that intent.
     */
    record,

    /**
     * For a job or engine record delivered again that finds its change already stored: the first run may have
     * stopped before its entry. Writes the entry (built only then) marked as recovered when none with this key
     * exists; answers null when the first run wrote it, so a repeat after a complete run writes nothing.
     */
    async recordMissing(key: string, now: Date, build: () => AuditInput | Promise<AuditInput>): Promise<AuditEntry | null> {
      if (await repo.byKey(key)) return null;
      const input = await build();
      const entry = await record({ ...input, key, detail: recoveredMark(input, now) });
      // another delivery running at the same moment may have written it first: then it is theirs, not recovered
      return (entry.detail as { recovered?: unknown } | null)?.recovered ? entry : null;
    },

    /**
     * Writes an action down before it is carried out, where the action and its entry cannot be stored at once.
     * Record the entry with the input answered here (it carries the intent's key). If the platform stops in
     * between, `mendInterrupted` finds the intent and asks the action's settler what became of it.
     */
    async intend(input: AuditInput): Promise<AuditInput & { key: string }> {
      if (!settlers.has(input.action)) throw new Error(`no settler for ${input.action}: an interrupted action could not be mended`);
      const key = `${INTENT}${randomUUID()}`;
      await repo.addIntent(key, plain({ ...input, key }), new Date());
      return { ...input, key };
    },

    /** The action written down was refused and nothing of it was done: no entry follows. */
    async forget(entry: { key: string }): Promise<void> {
      await repo.dropIntent(entry.key);
    },

    /** Says how to find out what became of an interrupted action of this kind. */
    settleWith(action: AuditAction, settler: Settler): void {
      settlers.set(action, settler);
    },

    /**
     * Finds actions written down more than `olderThanMs` ago whose entry never followed (the platform stopped
     * in between), settles each, appends the entries of those that took effect, marked as recovered, and
     * records the mending itself as one entry. The intents are cleared only after that summary, so a stop in
     * between leaves them for the next mending, which finds their entries written and writes the summary.
     */
    async mendInterrupted(now: Date, olderThanMs: number): Promise<{ recovered: string[]; notCarriedOut: string[] }> {
      const recovered: { key: string; action: string; target: string }[] = [];
      const notCarriedOut: { key: string; action: string; target: string; why: string }[] = [];
      const found = await repo.intentsAtOrBefore(new Date(Date.now() - olderThanMs));
      for (const intent of found) {
        const stored = intent.input as AuditInput & { key: string; at: Date | string };
        const input = { ...stored, at: new Date(stored.at), key: intent._id };
        const what = { key: intent._id, action: input.action, target: `${input.target.kind}:${input.target.id}` };
        // an earlier mending wrote this entry and stopped before its summary
        if (await repo.byKey(intent._id)) {
          recovered.push(what);
          continue;
        }
        const settler = settlers.get(input.action);
        const settled: Settlement = settler ? await settler(input) : { done: false, why: `no settler for ${input.action}` };
        if (settled.done) {
          await enqueue({ ...input, after: settled.after ?? input.after, detail: recoveredMark(input, now, settled.detail) }, true);
          recovered.push(what);
        } else {
          notCarriedOut.push({ ...what, why: settled.why });
        }
      }
      if (recovered.length || notCarriedOut.length) {
        // one summary per set of intents: a mending repeated after a stop right after the summary writes none again
        const key = `mended:${createHash('sha256').update(found.map((i) => i._id).sort().join('\n')).digest('hex')}`;
        await record({ at: now, actor: systemActor, action: AuditAction.Mended, target: { kind: 'audit-trail', id: 'audit_entries' }, key, detail: { recovered, notCarriedOut } });
        for (const intent of found) await repo.dropIntent(intent._id);
        log.warn({ recovered: recovered.length, notCarriedOut: notCarriedOut.length }, 'actions interrupted by a stop were found and their audit entries mended');
      }
      return { recovered: recovered.map((r) => r.key), notCarriedOut: notCarriedOut.map((r) => r.key) };
    },

    async head(): Promise<{ seq: number; hash: string }> {
      const last = await repo.last();
      return { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH };
    },

    /** Walks the whole chain and reports the first broken link, also against the written-down heads. */
    async verify(): Promise<VerifyReport> {
      const first = await repo.first();
      const anchor = await anchorOf(first);
      const checkpoints = await repo.checkpoints();
      const report = (broken: ChainBreak | null, entries: number, last: { seq: number; hash: string }, a: { seq: number; hash: string }): VerifyReport =>
        ({ intact: !broken, entries, firstSeq: first?.seq ?? null, lastSeq: entries ? last.seq : null, headHash: last.hash, anchor: a, checkpoints: checkpoints.length, broken });
      if ('problem' in anchor) return report(anchor, 0, { seq: 0, hash: GENESIS_HASH }, { seq: 0, hash: GENESIS_HASH });
      const want = new Map(checkpoints.filter((c) => c.seq > anchor.seq).map((c) => [c.seq, c.hash]));
      const walker = createChainWalker(anchor);
      let entries = 0;
      for await (const e of repo.walk()) {
        entries += 1;
        const broken = walker.step(e);
        if (broken) return report(broken, entries, walker.last, anchor);
        const expected = want.get(e.seq);
        if (expected !== undefined && expected !== e.hash) {
          return report({ seq: e.seq, problem: 'checkpoint-mismatch', message: `entry ${e.seq} differs from the chain head written down at that point` }, entries, walker.last, anchor);
        }
      }
      const beyond = [...want.keys()].find((seq) => seq > walker.last.seq);
      if (beyond !== undefined) {
        return report({ seq: walker.last.seq + 1, problem: 'missing', message: `the trail ends at ${walker.last.seq}, but entry ${beyond} was written down as the head` }, entries, walker.last, anchor);
      }
      return report(null, entries, walker.last, anchor);
    },

    /** Writes the current head down and returns it (the caller logs it). */
    async checkpoint(now: Date): Promise<{ seq: number; hash: string }> {
      const h = await this.head();
      if (h.seq > 0) await repo.addCheckpoint({ seq: h.seq, hash: h.hash, at: now });
      return h;
    },

    /** Retention: entries older than the retention period go; a marker in the chain keeps the rest verifiable. */
    async prune(now: Date): Promise<{ removed: number; throughSeq: number | null }> {
      const cutoff = new Date(now.getTime() - deps.retentionDays * 86_400_000);
      const [first, last, keepFrom] = await Promise.all([repo.first(), repo.last(), repo.firstSeqAtOrAfter(cutoff)]);
      if (!first || !last) return { removed: 0, throughSeq: null };
      const throughSeq = keepFrom === null ? last.seq : keepFrom - 1; // nothing younger than the cutoff goes
      if (throughSeq < first.seq) return { removed: 0, throughSeq: null };
      const lastGone = (await repo.bySeq(throughSeq))!;
      await this.record({
        at: now, actor: systemActor, action: AuditAction.Pruned, target: { kind: 'audit-trail', id: 'audit_entries' },
        detail: { throughSeq: lastGone.seq, lastHash: lastGone.hash, cutoff, retentionDays: deps.retentionDays },
      });
      const removed = await repo.removeThrough(lastGone.seq);
      log.info({ throughSeq: lastGone.seq, removed, cutoff }, 'audit entries past retention removed');
      return { removed, throughSeq: lastGone.seq };
    },

    /** Matching entries, oldest first (order 1) or newest first (-1), skipping `offset` of them. */
    async search(filter: AuditFilter, limit = 100, order: 1 | -1 = 1, offset = 0): Promise<AuditEntry[]> {
      return repo.search(filter, Math.min(limit, 1000), order, offset);
    },

    /** How many entries match, all pages together. */
    async count(filter: AuditFilter): Promise<number> {
      return repo.count(filter);
    },

    /**
     * Entries matching the filter, with the proof: every link from the first to the last exported entry,
     * so the export can be checked without the store (see verifyExport).
     */
    async export(filter: AuditFilter, max = 10_000) {
      const total = await repo.count(filter);
      if (total > max) throw new DomainError('EXPORT_TOO_LARGE', ErrorKind.Validation, {
        zh: `符合条件的记录有 ${total} 条，请缩小筛选范围，一次最多导出 ${max} 条`, en: `${total} entries match; narrow the filter to at most ${max}`,
      });
      const entries = await repo.search(filter, max);
      const links: { seq: number; prevHash: string; hash: string }[] = [];
      if (entries.length) {
        for await (const e of repo.walk({ fromSeq: entries[0]!.seq, toSeq: entries.at(-1)!.seq })) links.push({ seq: e.seq, prevHash: e.prevHash, hash: e.hash });
      }
      return { format: 'gov-audit-export/2', filter, head: await this.head(), entries, proof: { algorithm: 'SHA-256 over RFC 8785 canonical JSON of each entry by its formatVersion (absent: 1)', links } };
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;

/** Checks an export on its own: every entry matches its hash and its place in an unbroken run of links. */
export function verifyExport(doc: { entries: (AuditEntry & { at: Date | string })[]; proof: { links: { seq: number; prevHash: string; hash: string }[] } }): { intact: boolean; entries: number; problem: string | null } {
  const links = doc.proof.links;
  for (let i = 1; i < links.length; i += 1) {
    if (links[i]!.seq !== links[i - 1]!.seq + 1) return { intact: false, entries: doc.entries.length, problem: `link ${links[i - 1]!.seq + 1} is missing from the proof` };
    if (links[i]!.prevHash !== links[i - 1]!.hash) return { intact: false, entries: doc.entries.length, problem: `link ${links[i]!.seq} does not follow link ${links[i - 1]!.seq}` };
  }
  const bySeq = new Map(links.map((l) => [l.seq, l]));
  for (const e of doc.entries) {
    const link = bySeq.get(e.seq);
    if (!link) return { intact: false, entries: doc.entries.length, problem: `entry ${e.seq} is outside the proof` };
    if (!hashMatches(e, link.hash) || e.hash !== link.hash || e.prevHash !== link.prevHash) {
      return { intact: false, entries: doc.entries.length, problem: `entry ${e.seq} does not match its hash in the chain` };
    }
  }
  return { intact: true, entries: doc.entries.length, problem: null };
}
