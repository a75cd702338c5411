// A compatibility check of the local store through mongoose: the operations the platform uses, each compared
// with what MongoDB answers (worked out here in plain code), before and after a restart of the store (which
// rebuilds its in-memory secondary indexes from the file).
//
//   npx tsx local/mongo-wire/compat.ts                 starts its own store on 27220, data in data/store-compat
//   npx tsx local/mongo-wire/compat.ts --uri URI       checks a store that is already running (no restart)
//   ... --dump FILE                                    also writes every answer as JSON, to diff two stores
//
// Prints one line per check and 'N passed, N failed'; exits non-zero on a failure.
import { rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import mongoose, { Schema, type Connection } from 'mongoose';
import { pino } from 'pino';
import type { ServerProcess } from '../child.js';
import { startStore } from '../store.js';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const givenUri = option('--uri');
const dump = option('--dump');
const port = Number(option('--port') ?? 27220);
const dataDir = resolve('data', 'store-compat');

let passed = 0;
let failed = 0;
const answers: Record<string, unknown> = {};
function check(name: string, actual: unknown, expected: unknown) {
  const a = JSON.parse(JSON.stringify(actual));
  const e = JSON.parse(JSON.stringify(expected));
  answers[name] = a;
  if (isDeepStrictEqual(a, e)) {
    passed++;
    process.stdout.write(`ok   ${name}\n`);
  } else {
    failed++;
    process.stdout.write(`FAIL ${name}\n  expected ${JSON.stringify(e)}\n  actual   ${JSON.stringify(a)}\n`);
  }
}

async function refusal(fn: () => Promise<unknown>): Promise<number | string> {
  try {
    await fn();
    return 'accepted';
  } catch (err) {
    const e = err as { code?: number; writeErrors?: { code?: number }[] };
    return e.code ?? e.writeErrors?.[0]?.code ?? String(err);
  }
}

function models(conn: Connection) {
  const probe = new Schema(
    {
      key: { type: String, required: true, unique: true },
      group: String,
      state: String,
      holder: { type: String, default: null },
      n: Number,
      tags: [String],
      items: [{ _id: false, sku: String, qty: Number }],
      at: Date,
      unitCode: String,
      post: String,
      dueAt: Date,
    },
    { collection: 'compat_probes', versionKey: false },
  );
  probe.index({ group: 1, state: 1 });
  probe.index({ unitCode: 1, post: 1, state: 1 });
  probe.index({ tags: 1 });
  probe.index({ 'items.sku': 1 });
  probe.index({ n: 1 });
  const entry = new Schema(
    { seq: Number, key: { type: String }, actor: { id: String, name: String }, at: Date },
    { collection: 'compat_entries', versionKey: false },
  );
  entry.index({ 'actor.id': 1, seq: 1 });
  entry.index({ key: 1 }, { unique: true, sparse: true });
  const owner = new Schema({ code: { type: String, unique: true }, name: String }, { collection: 'compat_owners', versionKey: false });
  const counter = new Schema({ _id: String, value: Number }, { collection: 'compat_counters', versionKey: false });
  return {
    Probe: conn.model('CompatProbe', probe),
    Entry: conn.model('CompatEntry', entry),
    Owner: conn.model('CompatOwner', owner),
    Counter: conn.model('CompatCounter', counter),
  };
}
type Models = ReturnType<typeof models>;

const groups = ['a', 'b', 'c'];
const states = ['created', 'assigned', 'completed'];
const base = Date.UTC(2026, 0, 1);
function probeDoc(i: number) {
  return {
    key: `p-${String(i).padStart(4, '0')}`,
    group: groups[i % 3],
    state: states[i % 3 === 0 ? 2 : i % 2],
    n: i % 7,
    tags: i % 4 === 0 ? [] : [`t${i % 5}`, `t${(i + 1) % 5}`],
    items: [{ sku: `s${i % 6}`, qty: i }],
    at: new Date(base + (i % 10) * 86_400_000),
    unitCode: `U${i % 4}`,
    post: ['acceptor', 'reviewer'][i % 2],
    dueAt: new Date(base + ((i * 7919) % 500) * 3_600_000),
    ...(i % 11 === 0 ? { holder: `h${i}` } : {}),
  };
}

/** The read checks, run before and after a restart: each compares the store's answer with plain code's. */
async function reads(label: string, m: Models, docs: ReturnType<typeof probeDoc>[]) {
  const { Probe, Entry, Owner } = m;
  const keys = (list: { key: string }[]) => list.map((d) => d.key);
  const sorted = <T>(list: T[], ...by: ((d: T) => number | string)[]) =>
    [...list].sort((x, y) => {
      for (const f of by) if (f(x) !== f(y)) return f(x) < f(y) ? -1 : 1;
      return 0;
    });
  const live = docs;

  check(`${label}: inbox (equality on a compound index, sort dueAt)`,
    keys(await Probe.find({ unitCode: 'U1', post: 'reviewer', state: 'assigned' }).sort({ dueAt: 1, key: 1 }).lean()),
    keys(sorted(live.filter((d) => d.unitCode === 'U1' && d.post === 'reviewer' && d.state === 'assigned'), (d) => d.dueAt.getTime(), (d) => d.key)));
  check(`${label}: inbox with state $in, limit 5`,
    keys(await Probe.find({ unitCode: 'U2', post: 'acceptor', state: mongoose.trusted({ $in: ['created', 'assigned'] }) }).sort({ dueAt: -1 }).limit(5).lean()),
    keys(sorted(live.filter((d) => d.unitCode === 'U2' && d.post === 'acceptor' && ['created', 'assigned'].includes(d.state)), (d) => -d.dueAt.getTime()).slice(0, 5)));
  check(`${label}: prefix of a compound index + range + skip/limit`,
    keys(await Probe.find({ group: 'b', n: mongoose.trusted({ $gte: 2, $lt: 6 }) }).sort({ key: -1 }).skip(2).limit(4).lean()),
    keys(sorted(live.filter((d) => d.group === 'b' && d.n >= 2 && d.n < 6), (d) => d.key).reverse().slice(2, 6)));
  check(`${label}: multikey index, array element equality`,
    keys(await Probe.find({ tags: 't3' }).sort({ key: 1 }).lean()),
    keys(live.filter((d) => d.tags.includes('t3'))));
  check(`${label}: dotted path into an array of subdocuments`,
    keys(await Probe.find({ 'items.sku': 's4', group: 'a' }).sort({ key: 1 }).lean()),
    keys(live.filter((d) => d.items.some((it) => it.sku === 's4') && d.group === 'a')));
  check(`${label}: a double finds an int (numbers compare by value)`,
    (await Probe.countDocuments({ n: 3.0 })), live.filter((d) => d.n === 3).length);
  check(`${label}: null matches missing and null`,
    (await Probe.countDocuments({ holder: null })), live.filter((d) => !('holder' in d) || d.holder === null).length);
  check(`${label}: $or over indexed fields`,
    keys(await Probe.find({ $or: [{ group: 'a', state: 'created' }, { tags: 't0' }] } as never).sort({ key: 1 }).lean()),
    keys(live.filter((d) => (d.group === 'a' && d.state === 'created') || d.tags.includes('t0'))));
  check(`${label}: $ne and $nin on indexed fields`,
    (await Probe.countDocuments({ group: mongoose.trusted({ $ne: 'a' }), state: mongoose.trusted({ $nin: ['completed'] }) })),
    live.filter((d) => d.group !== 'a' && d.state !== 'completed').length);
  check(`${label}: empty $in matches nothing`, await Probe.countDocuments({ group: mongoose.trusted({ $in: [] }) }), 0);
  check(`${label}: date equality`,
    keys(await Probe.find({ at: new Date(base + 3 * 86_400_000), group: 'c' }).sort({ key: 1 }).lean()),
    keys(live.filter((d) => d.at.getTime() === base + 3 * 86_400_000 && d.group === 'c')));
  check(`${label}: regex (anchored and not)`,
    [keys(await Probe.find({ key: /^p-001/ }).sort({ key: 1 }).lean()), await Probe.countDocuments({ key: mongoose.trusted({ $regex: '7$' }) })],
    [keys(live.filter((d) => d.key.startsWith('p-001'))), live.filter((d) => d.key.endsWith('7')).length]);
  check(`${label}: countDocuments with equality + range`,
    await Probe.countDocuments({ state: 'created', dueAt: mongoose.trusted({ $lte: new Date(base + 200 * 3_600_000) }) }),
    live.filter((d) => d.state === 'created' && d.dueAt.getTime() <= base + 200 * 3_600_000).length);
  check(`${label}: distinct`, (await Probe.distinct('group', { state: 'assigned' })).sort(), [...new Set(live.filter((d) => d.state === 'assigned').map((d) => d.group))].sort());
  const grouped = await Probe.aggregate<{ _id: { group: string; state: string }; count: number }>([
    { $match: { n: { $in: [1, 2, 3] } } },
    { $group: { _id: { group: '$group', state: '$state' }, count: { $sum: 1 } } },
    { $sort: { '_id.group': 1, '_id.state': 1 } },
  ]);
  const expectedGroups = new Map<string, number>();
  for (const d of live.filter((x) => [1, 2, 3].includes(x.n))) expectedGroups.set(`${d.group}|${d.state}`, (expectedGroups.get(`${d.group}|${d.state}`) ?? 0) + 1);
  check(`${label}: aggregate $match $group $sort`, grouped.map((g) => [g._id.group, g._id.state, g.count]),
    [...expectedGroups.entries()].sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, c]) => [...k.split('|'), c]));
  // (mongo-java-server projects 'owner.name' over an array wrongly, so the projection keeps the whole array)
  const joined = await Probe.aggregate<{ key: string; owner: { name: string }[] }>([
    { $match: { unitCode: 'U3', post: 'reviewer' } },
    { $sort: { key: 1 } },
    { $limit: 3 },
    { $lookup: { from: 'compat_owners', localField: 'group', foreignField: 'code', as: 'owner' } },
    { $project: { _id: 0, key: 1, owner: 1 } },
  ]);
  check(`${label}: aggregate $lookup`, joined.map((j) => ({ key: j.key, owner: j.owner.map((o) => ({ name: o.name })) })), live.filter((d) => d.unitCode === 'U3' && d.post === 'reviewer').slice(0, 3).map((d) => ({ key: d.key, owner: [{ name: `owner ${d.group}` }] })));
  check(`${label}: audit entries by actor, sort seq desc`,
    (await Entry.find({ 'actor.id': 'x1' }).sort({ seq: -1 }).limit(3).lean()).map((e) => e.seq),
    [28, 25, 22]);
  check(`${label}: owners`, (await Owner.find().sort({ code: 1 }).lean()).map((o) => o.name), groups.map((g) => `owner ${g}`));
}

async function run(uri: string, restart?: () => Promise<string>) {
  let conn = await mongoose.createConnection(uri, { autoIndex: false, serverSelectionTimeoutMS: 10_000 }).asPromise();
  conn.set('sanitizeFilter', true);
  let m = models(conn);
  for (const model of Object.values(m)) {
    await model.createCollection().catch(() => undefined);
    await model.createIndexes();
  }
  const { Probe, Entry, Owner, Counter } = m;
  await Promise.all([Probe.deleteMany({}), Entry.deleteMany({}), Owner.deleteMany({}), Counter.deleteMany({})]);

  // writes
  const docs = Array.from({ length: 240 }, (_, i) => probeDoc(i));
  await Probe.insertMany(docs.slice(0, 200));
  for (const d of docs.slice(200)) await Probe.create(d);
  await Owner.insertMany(groups.map((g) => ({ code: g, name: `owner ${g}` })));
  await Entry.insertMany(Array.from({ length: 30 }, (_, i) => ({ seq: i, actor: { id: `x${i % 3}`, name: 'n' }, at: new Date(base + i), ...(i % 5 === 0 ? { key: `k${i}` } : {}) })));

  check('unique index refuses a duplicate (11000)', await refusal(() => Probe.create(probeDoc(5))), 11000);
  check('sparse unique: documents without the key coexist, a duplicate key is refused',
    [await refusal(() => Entry.create({ seq: 100, actor: { id: 'y' } })), await refusal(() => Entry.create({ seq: 101, actor: { id: 'y' } })), await refusal(() => Entry.create({ seq: 102, key: 'k5', actor: { id: 'y' } }))],
    ['accepted', 'accepted', 11000]);
  await Entry.deleteMany({ seq: mongoose.trusted({ $gte: 100 }) });

  const claims = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    Probe.findOneAndUpdate({ key: 'p-0001', holder: null }, { $set: { holder: `w${i}` } }, { new: true }).lean()));
  const winners = claims.filter((c) => c !== null);
  const stored = await Probe.findOne({ key: 'p-0001' }).lean();
  check('20 concurrent conditional findOneAndUpdate: one winner, its after-image is what is stored', [winners.length, winners[0]?.holder === stored?.holder], [1, true]);
  docs[1] = { ...docs[1], holder: stored!.holder! };

  const next = async (name: string) => {
    await Counter.updateOne({ _id: name }, { $setOnInsert: { value: 0 } }, { upsert: true }).catch((err) => { if (err?.code !== 11000) throw err; });
    const before = await Counter.findOneAndUpdate({ _id: name }, { $inc: { value: 1 } }, { returnDocument: 'before' }).lean();
    return before!.value! + 1;
  };
  const values = await Promise.all(Array.from({ length: 50 }, () => next('seq')));
  check('50 concurrent sequence.next: 1..50 once each', [...values].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
  const incs = await Promise.all(Array.from({ length: 30 }, () => Counter.findOneAndUpdate({ _id: 'after' }, { $inc: { value: 1 } }, { upsert: true, new: true }).lean()));
  check('30 concurrent $inc upserts with after-images: 1..30 once each', incs.map((c) => c!.value).sort((a, b) => a! - b!), Array.from({ length: 30 }, (_, i) => i + 1));

  await Probe.updateOne({ key: 'p-0002' }, { $inc: { n: 10 }, $push: { tags: 'pushed' }, $addToSet: { items: { $each: [{ sku: 'new', qty: 1 }, { sku: 's2', qty: 2 }] } } });
  await Probe.updateOne({ key: 'p-0002' }, { $pull: { tags: 't2' }, $unset: { holder: 1 } });
  await Probe.updateOne({ key: 'p-0002' }, { $addToSet: { tags: mongoose.trusted({ $each: ['pushed', 'more'] }) } });
  await Probe.updateOne({ key: 'p-0002' }, { $push: { tags: mongoose.trusted({ $each: ['z1', 'z2'] }) } });
  const p2 = await Probe.findOne({ key: 'p-0002' }, { _id: 0, n: 1, tags: 1, items: 1, holder: 1 }).lean();
  check('$inc $push $pull $addToSet($each) $unset on one document', p2, { n: 12, tags: ['t3', 'pushed', 'more', 'z1', 'z2'], items: [{ sku: 's2', qty: 2 }, { sku: 'new', qty: 1 }] });
  docs[2] = { ...docs[2], n: 12, tags: ['t3', 'pushed', 'more', 'z1', 'z2'], items: [{ sku: 's2', qty: 2 }, { sku: 'new', qty: 1 }] };

  // moving documents between index keys keeps every index right
  const moved = await Probe.updateMany({ group: 'c', state: 'assigned' }, { $set: { state: 'created', unitCode: 'U9' } });
  for (const d of docs) if (d.group === 'c' && d.state === 'assigned') Object.assign(d, { state: 'created', unitCode: 'U9' });
  check('updateMany on an indexed filter moves documents between index keys', moved.modifiedCount, docs.filter((d) => d.unitCode === 'U9').length);
  const deleted = await Probe.deleteMany({ group: 'a', n: 6 });
  check('deleteMany on an indexed filter', deleted.deletedCount, docs.filter((d) => d.group === 'a' && d.n === 6).length);
  let live = docs.filter((d) => !(d.group === 'a' && d.n === 6));

  const bulk = await Probe.bulkWrite([
    { insertOne: { document: probeDoc(900) } },
    { updateOne: { filter: { key: 'p-0003' }, update: { $set: { state: 'completed' } } } },
    { updateMany: { filter: { unitCode: 'U9' }, update: { $set: { post: 'acceptor' } } } },
    { deleteOne: { filter: { key: 'p-0004' } } },
    { replaceOne: { filter: { key: 'p-0950' }, replacement: probeDoc(950), upsert: true } },
  ]);
  check('bulkWrite counts', [bulk.insertedCount, bulk.matchedCount, bulk.deletedCount, bulk.upsertedCount],
    [1, 1 + live.filter((d) => d.unitCode === 'U9').length, 1, 1]);
  live = live.filter((d) => d.key !== 'p-0004');
  for (const d of live) {
    if (d.key === 'p-0003') d.state = 'completed';
    if (d.unitCode === 'U9') d.post = 'acceptor';
  }
  live.push(probeDoc(900), probeDoc(950));
  live.sort((x, y) => (x.key < y.key ? -1 : 1));
  check('sorted findOneAndUpdate takes the first in sort order',
    (await Probe.findOneAndUpdate({ group: 'b', state: 'created' }, { $set: { holder: 'first' } }, { sort: { dueAt: 1 }, new: true, projection: { _id: 0, key: 1 } }).lean())?.key,
    sortedFirst(live.filter((d) => d.group === 'b' && d.state === 'created')));
  for (const d of live) if (d.key === sortedFirst(live.filter((x) => x.group === 'b' && x.state === 'created'))) d.holder = 'first';

  await reads('before restart', m, live);
  if (restart) {
    await conn.close();
    uri = await restart();
    conn = await mongoose.createConnection(uri, { autoIndex: false }).asPromise();
    conn.set('sanitizeFilter', true);
    m = models(conn);
    await reads('after restart', m, live);
    check('after restart: the unique index still refuses a duplicate', await refusal(() => m.Probe.create(probeDoc(7))), 11000);
  }
  await conn.close();
}

function sortedFirst(list: ReturnType<typeof probeDoc>[]): string | undefined {
  return [...list].sort((x, y) => x.dueAt.getTime() - y.dueAt.getTime() || (x.key < y.key ? -1 : 1))[0]?.key;
}

async function main() {
  if (givenUri) {
    await run(givenUri);
  } else {
    rmSync(dataDir, { recursive: true, force: true });
    const log = pino({ level: 'warn' });
    const start = () => startStore({ dataDir, port, logFile: resolve(dataDir, 'store.log'), log });
    let server: ServerProcess = await start();
    try {
      await run(`mongodb://127.0.0.1:${port}/compat`, async () => {
        await server.stop();
        server = await start();
        return `mongodb://127.0.0.1:${port}/compat`;
      });
    } finally {
      await server.stop();
    }
  }
  if (dump) writeFileSync(dump, JSON.stringify(answers, null, 1));
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  if (failed > 0) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
