// Figures for the local store alone (local/store.ts): `npx tsx bench/store.bench.ts [--short] [--port N] [--no-planner]`.
//
// 1. Crash: inserts documents one at a time, each awaited, and kills the store's Java process with SIGKILL at a
//    random moment; restarts it on the same file and counts the acknowledged inserts that are gone (must be 0).
//    The same inserts give the write cost per acknowledged insert.
// 2. Queries at 1k / 20k / 100k documents per collection: the staff inbox (tasks: unitCode + post + state
//    equality, sorted by dueAt, index {unitCode, post, state}) and an equality + sort query on another collection
//    (audit entries by actor.id sorted by seq, index {actor.id, seq}). The queried inbox and actor hold the same
//    number of documents at every size: the other documents belong to other units, posts and actors, or are
//    completed, as a growing history would. So the figures show whether the store reads the index or scans.
//
// Its own store on its own port (default 27219) and folder (data/bench-store, wiped), beside anything else.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { pino } from 'pino';
import type { ServerProcess } from '../local/child.js';
import { startStore, storeJavaPid } from '../local/store.js';

const args = process.argv.slice(2);
const short = args.includes('--short');
// --no-planner: the store scans every collection for every query, as mongo-java-server alone does (to compare)
if (args.includes('--no-planner')) process.env.STORE_PLANNER = 'off';
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : 27219;
const dataDir = resolve('data', 'bench-store');
const log = pino({ level: 'warn' });

const plan = short
  ? { crashRounds: 1, crashSeconds: [1, 3], sizes: [1_000, 20_000, 100_000], queries: 100 }
  : { crashRounds: 3, crashSeconds: [2, 6], sizes: [1_000, 20_000, 100_000], queries: 400 };
const INBOX = 50; // documents in the queried inbox, at every size
const ACTOR = 30; // audit entries of the queried actor, at every size
const deadline = Date.now() + (short ? 150_000 : 900_000);

function out(line = '') {
  process.stdout.write(`${line}\n`);
}

function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));

async function start(): Promise<ServerProcess> {
  return startStore({ dataDir, port, logFile: join(dataDir, 'store.log'), log });
}

async function connect(): Promise<Connection> {
  return mongoose.createConnection(`mongodb://127.0.0.1:${port}/bench`, { serverSelectionTimeoutMS: 5_000, retryWrites: false, autoIndex: false }).asPromise();
}

/** One crash round: acknowledged inserts until a SIGKILL at a random moment, then a restart and a count. */
async function crashRound(round: number): Promise<{ acked: number; lost: number; extra: number; latencies: number[] }> {
  let server = await start();
  let conn = await connect();
  const coll = conn.db!.collection<{ _id: number; round: number; key: string; at: Date; body: string }>('crash');
  await coll.createIndex({ key: 1 }, { unique: true });
  const acked: number[] = [];
  const latencies: number[] = [];
  const [lo, hi] = plan.crashSeconds;
  const killAt = Date.now() + (lo + Math.random() * (hi - lo)) * 1000;
  const base = round * 10_000_000;
  let killed = false;
  const loop = (async () => {
    for (let i = 0; i < 1_000_000 && !killed; i++) {
      const t = performance.now();
      try {
        await coll.insertOne({ _id: base + i, round, key: `k-${base + i}`, at: new Date(), body: 'x'.repeat(200) });
      } catch {
        return; // the store is gone: this insert was never acknowledged
      }
      latencies.push(performance.now() - t);
      acked.push(base + i);
    }
  })();
  while (Date.now() < killAt) await new Promise((r) => setTimeout(r, 20));
  const pid = storeJavaPid(server);
  if (pid === undefined) throw new Error('cannot find the store process');
  process.kill(pid, 'SIGKILL');
  killed = true;
  await server.exited;
  await loop;
  await conn.close(true).catch(() => undefined);

  server = await start();
  conn = await connect();
  const present = new Set((await conn.db!.collection('crash').find({ round }, { projection: { _id: 1 } }).toArray()).map((d) => d._id as unknown as number));
  const lost = acked.filter((id) => !present.has(id)).length;
  await conn.close();
  await server.stop();
  return { acked: acked.length, lost, extra: present.size - (acked.length - lost), latencies };
}

const units = 200;
const posts = ['acceptor', 'reviewer', 'decider', 'approver', 'closer'];

function task(i: number, inbox: boolean) {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000);
  return {
    userTaskKey: `task-${i}`,
    processInstanceKey: `pi-${Math.floor(i / 4)}`,
    elementId: 'review',
    processDefinitionVersion: 1,
    caseNumber: `APP-${Math.floor(i / 4)}`,
    caseKind: 'application',
    itemCode: 'CJRZ',
    communityCode: 'COM-DUSHAN',
    practice: false,
    handovers: [],
    step: 'review',
    unitCode: inbox ? 'U000' : `U${String(1 + (i % (units - 1))).padStart(3, '0')}`,
    post: inbox ? 'reviewer' : posts[i % posts.length],
    candidateGroups: ['reviewer'],
    state: inbox ? 'created' : i % 10 === 0 ? 'created' : 'completed',
    assignee: null,
    deadlineId: `dl-${i}`,
    warningAt: at,
    dueAt: new Date(at.getTime() + ((i * 7919) % 1000) * 3_600_000),
    redAt: at,
    createdAt: at,
    completedAt: null,
    completedBy: null,
    result: { decision: 'approved', note: '材料齐全' },
    lastPosition: i,
  };
}

function auditEntry(i: number, mine: boolean) {
  return {
    seq: i,
    ...(i % 3 === 0 ? { key: `key-${i}` } : {}), // a sparse unique index: most entries have no key
    at: new Date(Date.UTC(2026, 0, 1) + i * 1000),
    actor: { id: mine ? 'actor-target' : `actor-${i % 997}`, kind: 'staff', name: '审计对象' },
    action: 'task-completed',
    target: { kind: 'application', id: `APP-${i}` },
    detail: { step: 'review', text: '办件通知 bench' },
    hash: 'h'.repeat(64),
  };
}

async function fill(conn: Connection, from: number, to: number, skipTasks: Set<number>, skipAudit: Set<number>) {
  const tasks = conn.db!.collection('tasks');
  const audit = conn.db!.collection('audit_entries');
  for (let start = from; start < to; start += 1000) {
    const end = Math.min(to, start + 1000);
    const ids = Array.from({ length: end - start }, (_, k) => start + k);
    await tasks.insertMany(ids.filter((i) => !skipTasks.has(i)).map((i) => task(i, false)), { ordered: false });
    await audit.insertMany(ids.filter((i) => !skipAudit.has(i)).map((i) => auditEntry(i, false)), { ordered: false });
  }
}

/** Runs fn n times after a warm-up and returns the times; stops early past its time budget (a scanning store). */
async function sample(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const budget = Date.now() + (short ? 10_000 : 30_000);
  for (let i = 0; i < Math.min(100, n) && Date.now() < budget; i++) await fn(); // warm up (the store's JIT, the driver's pool)
  const out: number[] = [];
  const end = Date.now() + (short ? 10_000 : 30_000);
  for (let i = 0; i < n && (i < 10 || Date.now() < end); i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function main() {
  rmSync(dataDir, { recursive: true, force: true });
  const started = Date.now();
  out(`# local store bench (${short ? 'short' : 'full'} run, port ${port}${process.env.STORE_PLANNER === 'off' ? ', planner off' : ''}${process.env.STORE_FSYNC === '1' ? ', fsync on' : ''})`);
  out();

  // 1. crash
  const rounds: Awaited<ReturnType<typeof crashRound>>[] = [];
  for (let r = 0; r < plan.crashRounds && Date.now() < deadline; r++) rounds.push(await crashRound(r));
  const latencies = rounds.flatMap((r) => r.latencies);
  out('## Acknowledged writes after SIGKILL of the store process');
  out();
  out('| round | acknowledged inserts | lost after restart | unacknowledged but present |');
  out('|---|---|---|---|');
  rounds.forEach((r, i) => out(`| ${i + 1} | ${r.acked} | ${r.lost} | ${r.extra} |`));
  const lost = rounds.reduce((s, r) => s + r.lost, 0);
  out(`| total | ${rounds.reduce((s, r) => s + r.acked, 0)} | **${lost}** | ${rounds.reduce((s, r) => s + r.extra, 0)} |`);
  out();
  out('## Write cost per acknowledged insert (sequential, one awaited at a time)');
  out();
  out('| inserts | p50 ms | p95 ms | p99 ms | inserts/s |');
  out('|---|---|---|---|---|');
  const total = latencies.reduce((s, v) => s + v, 0) / 1000;
  out(`| ${latencies.length} | ${ms(quantile(latencies, 0.5))} | ${ms(quantile(latencies, 0.95))} | ${ms(quantile(latencies, 0.99))} | ${(latencies.length / total).toFixed(0)} |`);
  out();

  // 2. queries
  let server = await start();
  let conn = await connect();
  const rows: string[] = [];
  let restart: string | undefined;
  try {
    const tasks = conn.db!.collection('tasks');
    const audit = conn.db!.collection('audit_entries');
    await tasks.createIndex({ userTaskKey: 1 }, { unique: true });
    await tasks.createIndex({ processInstanceKey: 1 });
    await tasks.createIndex({ caseNumber: 1 });
    await tasks.createIndex({ unitCode: 1, post: 1, state: 1 });
    await audit.createIndex({ 'actor.id': 1, seq: 1 });
    await audit.createIndex({ key: 1 }, { unique: true, sparse: true });
    // the queried inbox and actor: spread over the first 1,000 documents, so their count never changes
    const inboxIds = new Set(Array.from({ length: INBOX }, (_, k) => k * 20 + 3));
    const actorIds = new Set(Array.from({ length: ACTOR }, (_, k) => k * 33 + 5));
    await tasks.insertMany([...inboxIds].map((i) => task(i, true)));
    await audit.insertMany([...actorIds].map((i) => auditEntry(i, true)));
    let filled = 0;
    const inbox = { unitCode: 'U000', post: 'reviewer', state: 'created' };
    for (const size of plan.sizes) {
      if (Date.now() > deadline) break;
      const tf = performance.now();
      await fill(conn, filled, size, inboxIds, actorIds);
      const fillSeconds = (performance.now() - tf) / 1000;
      filled = size;
      await new Promise((r) => setTimeout(r, 3_000)); // let the store's chunk rewriting after the fill settle
      const [nTasks, nAudit] = [await tasks.estimatedDocumentCount(), await audit.estimatedDocumentCount()];
      const found = await tasks.find(inbox).sort({ dueAt: 1 }).limit(500).toArray();
      const mine = await audit.find({ 'actor.id': 'actor-target' }).sort({ seq: -1 }).limit(100).toArray();
      if (found.length !== INBOX || mine.length !== ACTOR) throw new Error(`expected ${INBOX} and ${ACTOR} documents, found ${found.length} and ${mine.length}`);
      const q1 = await sample(plan.queries, () => tasks.find(inbox).sort({ dueAt: 1 }).limit(500).toArray());
      const q2 = await sample(plan.queries, () => tasks.find({ unitCode: 'U000', post: 'reviewer', state: { $in: ['created', 'assigned'] } }).sort({ dueAt: 1, createdAt: 1 }).limit(500).toArray());
      const q3 = await sample(plan.queries, () => audit.find({ 'actor.id': 'actor-target' }).sort({ seq: -1 }).limit(100).toArray());
      const q4 = await sample(Math.min(plan.queries, 100), () => tasks.countDocuments(inbox));
      const ping = await sample(Math.min(plan.queries, 200), () => conn.db!.admin().ping());
      const w1 = await sample(Math.min(plan.queries, 200), () => tasks.findOneAndUpdate({ userTaskKey: `task-${inboxIds.values().next().value}`, state: 'created' }, { $set: { assignee: 'bench' } }));
      rows.push(`| ${nTasks.toLocaleString('en')} + ${nAudit.toLocaleString('en')} | ${fillSeconds.toFixed(1)} | ${ms(quantile(q1, 0.5))} / ${ms(quantile(q1, 0.99))} | ${ms(quantile(q2, 0.5))} / ${ms(quantile(q2, 0.99))} | ${ms(quantile(q3, 0.5))} / ${ms(quantile(q3, 0.99))} | ${ms(quantile(q4, 0.5))} / ${ms(quantile(q4, 0.99))} | ${ms(quantile(w1, 0.5))} / ${ms(quantile(w1, 0.95))} | ${ms(quantile(ping, 0.5))} / ${ms(quantile(ping, 0.99))} |`);
    }
    // a restart rebuilds the in-memory secondary indexes from the file
    await conn.close();
    await server.stop();
    const tr = performance.now();
    server = await start();
    const startSeconds = (performance.now() - tr) / 1000;
    conn = await connect();
    const t1 = performance.now();
    const again = await conn.db!.collection('tasks').find(inbox).sort({ dueAt: 1 }).toArray();
    restart = `restart with ${(await conn.db!.collection('tasks').estimatedDocumentCount()).toLocaleString('en')} tasks + ${(await conn.db!.collection('audit_entries').estimatedDocumentCount()).toLocaleString('en')} audit entries: ready in ${startSeconds.toFixed(1)} s (indexes rebuilt), first inbox query ${ms(performance.now() - t1)} ms, ${again.length} tasks`;
  } finally {
    await conn.close();
    await server.stop();
  }
  out(`## Queries (p50 / p99 ms; up to ${plan.queries} runs each after a warm-up, fewer past a time budget; inbox ${INBOX} tasks, actor ${ACTOR} entries at every size)`);
  out();
  out('| tasks + audit entries | fill s | inbox: equality, sort dueAt | inbox: state $in, sort dueAt+createdAt | audit: actor.id, sort seq | countDocuments(inbox) | findOneAndUpdate by userTaskKey (p50 / p95) | ping (the round trip alone) |');
  out('|---|---|---|---|---|---|---|---|');
  rows.forEach((r) => out(r));
  out();
  if (restart) out(restart);
  out();
  out(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (lost > 0) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
