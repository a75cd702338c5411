import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'chai';
import { pino } from 'pino';
import { createChainWalker, entryHash, GENESIS_HASH, presentEntry, type ChainBreak } from '../../../domain/audit/audit-chain.js';
import { ActorKind, AuditAction, type AuditEntry } from '../../../domain/audit/audit-entry.model.js';
import type { AuditFilter, AuditRepository } from '../../../domain/audit/audit.repository.js';
import { createAuditService, verifyExport } from '../../../domain/audit/audit.service.js';

type Raw = Record<string, unknown> & { seq: number; hash: string; prevHash: string };

/**
 * Entries of format 1 exactly as the platform stored them before entry formats were numbered: written and hashed by
 * the audit chain of that time (git 47db82a), with `applicationNumber` holding an application's number, a
 * requisition's, or nothing. They must verify as they are, for ever.
 */
const FORMAT_1: Raw[] = JSON.parse(readFileSync(resolve('test/unit/domain/fixtures/audit-entries-format-1.json'), 'utf8'));

/** The repository over documents kept in memory, read as the real one reads them (presentEntry). */
function memoryRepo(docs: Raw[]): AuditRepository {
  const sorted = () => [...docs].sort((a, b) => a.seq - b.seq);
  const present = (d: Raw | undefined) => (d ? (presentEntry(structuredClone(d) as never) as unknown as AuditEntry) : null);
  const matches = (d: Raw, f: AuditFilter) => {
    const e = present(d)!;
    return (!f.caseNumber || e.caseNumber === f.caseNumber) && (f.fromSeq === undefined || e.seq >= f.fromSeq) && (f.toSeq === undefined || e.seq <= f.toSeq)
      && (f.afterSeq === undefined || e.seq > f.afterSeq);
  };
  const repo = {
    last: async () => present(sorted().at(-1)),
    first: async () => present(sorted()[0]),
    byKey: async (key: string) => present(docs.find((d) => d.key === key)),
    bySeq: async (seq: number) => present(docs.find((d) => d.seq === seq)),
    insert: async (entry: AuditEntry) => {
      if (docs.some((d) => d.seq === entry.seq)) return 'taken' as const;
      docs.push(structuredClone(entry) as unknown as Raw);
      return 'inserted' as const;
    },
    async *walk(filter: AuditFilter = {}) {
      for (const d of sorted()) if (matches(d, filter)) yield present(d)!;
    },
    search: async (filter: AuditFilter, limit: number) => sorted().filter((d) => matches(d, filter)).slice(0, limit).map((d) => present(d)!),
    count: async (filter: AuditFilter) => docs.filter((d) => matches(d, filter)).length,
    checkpoints: async () => [],
    prunedMarker: async () => null,
  };
  return repo as unknown as AuditRepository;
}

/** A trail whose first entries were written in format 1, and the service that goes on appending to it today. */
async function mixedTrail() {
  const docs = structuredClone(FORMAT_1);
  const audit = createAuditService({ repo: memoryRepo(docs), retentionDays: 184, log: pino({ level: 'silent' }) });
  const at = new Date('2026-03-03T02:00:00Z');
  await audit.record({ at, actor: { kind: ActorKind.User, id: 'health.issuer', role: 'department-staff' }, action: AuditAction.TaskCompleted, target: { kind: 'user-task', id: '2251799813685402' }, caseNumber: 'RQ2026000007', caseKind: 'requisition', post: 'issuer', unit: 'DEPT-HEALTH', detail: { step: 'answer' } });
  await audit.record({ at, actor: { kind: ActorKind.Worker, id: 'compute-step-deadline', role: null }, action: AuditAction.DeadlineComputed, target: { kind: 'step-deadline', id: 'job-9' }, caseNumber: 'SQ2026000001', caseKind: 'application', itemCode: 'DSZN', key: 'deadline:job-9' });
  await audit.record({ at, actor: { kind: ActorKind.User, id: 'auditor', role: 'auditor' }, action: AuditAction.Logout, target: { kind: 'account', id: 'auditor' } });
  return { docs, audit };
}

const walk = (entries: Raw[]): ChainBreak | null => {
  const walker = createChainWalker({ seq: 0, hash: GENESIS_HASH });
  let broken: ChainBreak | null = null;
  for (const e of entries) broken = walker.step(e as never);
  return broken;
};

describe('audit chain: entry formats', () => {
  it('verifies entries of format 1 exactly as they were stored, and read under today’s names', () => {
    expect(FORMAT_1.map((e) => 'formatVersion' in e)).to.deep.equal([false, false, false, false]);
    expect(walk(FORMAT_1), 'as stored').to.equal(null);
    const read = FORMAT_1.map((e) => presentEntry(e as never));
    expect(read.map((e) => [e.formatVersion, e.caseNumber, e.caseKind])).to.deep.equal([
      [1, 'SQ2026000001', 'application'], [1, 'SQ2026000001', 'application'], [1, 'RQ2026000007', 'requisition'], [1, null, null],
    ]);
    expect(read.some((e) => 'applicationNumber' in e), 'the old name is not shown').to.equal(false);
    expect(walk(read as never), 'as read').to.equal(null);
  });

  it('writes new entries in format 2, with caseNumber and caseKind covered by the hash', async () => {
    const { docs } = await mixedTrail();
    const fresh = docs.slice(FORMAT_1.length);
    expect(fresh.map((e) => [e.seq, e.formatVersion, e.caseNumber, e.caseKind])).to.deep.equal([
      [5, 2, 'RQ2026000007', 'requisition'], [6, 2, 'SQ2026000001', 'application'], [7, 2, null, null],
    ]);
    expect(fresh.some((e) => 'applicationNumber' in e)).to.equal(false);
    expect(fresh[0]!.prevHash, 'the first new entry links to the last old one').to.equal(FORMAT_1.at(-1)!.hash);
    // a case number given without its kind gets the kind its number says
    const { audit, docs: more } = await mixedTrail();
    await audit.record({ at: new Date(), actor: { kind: ActorKind.System, id: 'platform', role: null }, action: AuditAction.NoticeSent, target: { kind: 'notice', id: 'n' }, caseNumber: 'RQ2026000008' });
    expect(more.at(-1)).to.include({ caseNumber: 'RQ2026000008', caseKind: 'requisition' });
  });

  it('a chain of old-format entries followed by new-format ones verifies, and so does its export', async () => {
    const { docs, audit } = await mixedTrail();
    expect(walk(docs)).to.equal(null);
    expect(await audit.verify()).to.include({ intact: true, entries: 7, lastSeq: 7, broken: null });

    const exported = await audit.export({ caseNumber: 'SQ2026000001' });
    expect(exported.format).to.equal('gov-audit-export/2');
    expect(exported.entries.map((e) => [e.seq, e.formatVersion, e.caseNumber, e.caseKind])).to.deep.equal([
      [1, 1, 'SQ2026000001', 'application'], [2, 1, 'SQ2026000001', 'application'], [6, 2, 'SQ2026000001', 'application'],
    ]);
    const doc = JSON.parse(JSON.stringify(exported));
    expect(verifyExport(doc)).to.deep.equal({ intact: true, entries: 3, problem: null });
    const requisition = JSON.parse(JSON.stringify(await audit.export({ caseNumber: 'RQ2026000007' })));
    expect(requisition.entries.map((e: AuditEntry) => [e.seq, e.formatVersion, e.caseKind])).to.deep.equal([[3, 1, 'requisition'], [5, 2, 'requisition']]);
    expect(verifyExport(requisition).intact).to.equal(true);

    // an export written before formats were numbered (gov-audit-export/1, entries as stored) still verifies
    const links = FORMAT_1.map((e) => ({ seq: e.seq, prevHash: e.prevHash, hash: e.hash }));
    expect(verifyExport({ entries: FORMAT_1.slice(0, 2) as never, proof: { links } }).intact).to.equal(true);
  });

  it('catches a change to an old-format entry', async () => {
    for (const change of [
      (e: Raw) => { e.applicationNumber = 'SQ2026000002'; },
      (e: Raw) => { delete e.applicationNumber; e.caseNumber = 'SQ2026000002'; },
      (e: Raw) => { e.formatVersion = 2; }, // read in the new format, it no longer fits its hash
      (e: Raw) => { e.formatVersion = 3; }, // a format the platform does not know fits nothing
      (e: Raw) => { (e.actor as { id: string }).id = 'someone.else'; },
    ]) {
      const { docs, audit } = await mixedTrail();
      change(docs.find((d) => d.seq === 2)!);
      const report = await audit.verify();
      expect(report.intact, change.toString()).to.equal(false);
      expect(report.broken).to.deep.include({ seq: 2, problem: 'content-changed' });
    }
    const { docs, audit } = await mixedTrail();
    docs.find((d) => d.seq === 2)!.formatVersion = 3;
    expect((await audit.verify()).broken?.message).to.match(/format version 3, which this platform does not know/);
  });

  it('catches a change to a new-format entry, its format version included', async () => {
    for (const change of [
      (e: Raw) => { e.caseNumber = 'SQ2026000002'; },
      (e: Raw) => { e.caseKind = 'requisition'; },
      (e: Raw) => { delete e.formatVersion; e.applicationNumber = e.caseNumber; delete e.caseNumber; delete e.caseKind; }, // passed off as format 1
      (e: Raw) => { e.outcome = 'failure'; },
    ]) {
      const { docs, audit } = await mixedTrail();
      change(docs.find((d) => d.seq === 6)!);
      const report = await audit.verify();
      expect(report.intact, change.toString()).to.equal(false);
      expect(report.broken).to.deep.include({ seq: 6, problem: 'content-changed' });
    }
    // re-hashed by someone who knows the algorithm: the next entry no longer links to it
    const { docs, audit } = await mixedTrail();
    const e = docs.find((d) => d.seq === 6)!;
    e.caseNumber = 'SQ2026000002';
    e.hash = entryHash(e as never);
    expect((await audit.verify()).broken).to.deep.include({ seq: 7, problem: 'link-broken' });
  });

  it('catches a change to either format in an export, the kind read from an old entry’s number included', async () => {
    const { audit } = await mixedTrail();
    const clean = JSON.parse(JSON.stringify(await audit.export({ caseNumber: 'SQ2026000001' })));
    for (const [seq, change] of [
      [1, (e: Record<string, unknown>) => { e.caseNumber = 'SQ2026000002'; }],
      [1, (e: Record<string, unknown>) => { e.caseKind = 'requisition'; }],
      [1, (e: Record<string, unknown>) => { e.formatVersion = 2; }],
      [6, (e: Record<string, unknown>) => { e.caseKind = 'requisition'; }],
      [6, (e: Record<string, unknown>) => { e.formatVersion = 1; }],
    ] as const) {
      const forged = structuredClone(clean);
      change(forged.entries.find((e: { seq: number }) => e.seq === seq));
      const check = verifyExport(forged);
      expect(check.intact, change.toString()).to.equal(false);
      expect(check.problem).to.include(`entry ${seq}`);
    }
  });
});
