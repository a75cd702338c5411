import { expect } from 'chai';
import mongoose from 'mongoose';
import { GroupReader, GroupWriter } from '../../infra/engine/embedded/group-commit.js';
import { isDuplicateKey } from '../../domain/shared/domain-error.js';
import { uniqueKey } from '../support/platform.js';

// The embedded engine's group commit against the configured store: many callers' writes in one bulk write, each
// caller told the outcome of its own.
type Probe = { _id: string; rev?: number; tag?: string };
const collection = () => mongoose.connection.db!.collection<Probe>('group_commit_probes');

describe('store: group commit (the embedded engine writing many instances at once)', () => {
  before(async () => {
    await collection().createIndex({ tag: 1 }, { unique: true, sparse: true });
  });

  it('sends what is asked at the same moment as one bulk write, and tells each caller its own outcome', async () => {
    const p = uniqueKey('gc');
    await collection().insertMany([{ _id: `${p}-a`, rev: 1 }, { _id: `${p}-b`, rev: 1 }]);
    const writer = new GroupWriter<Probe>(collection);
    const [deleted, upsertA, refused, upsertB, matched, inserted, upsertExisting] = await Promise.allSettled([
      writer.write({ deleteOne: { filter: { _id: `${p}-b` } } }),
      writer.write({ updateOne: { filter: { _id: `${p}-new1` }, update: { $setOnInsert: { rev: 1 } }, upsert: true } }),
      writer.write({ insertOne: { document: { _id: `${p}-a`, rev: 9 } } }),
      writer.write({ updateOne: { filter: { _id: `${p}-new2` }, update: { $setOnInsert: { rev: 1 } }, upsert: true } }),
      writer.write({ updateOne: { filter: { _id: `${p}-a`, rev: 1 }, update: { $set: { rev: 2 } } } }),
      writer.write({ insertOne: { document: { _id: `${p}-c`, rev: 1 } } }),
      writer.write({ updateOne: { filter: { _id: `${p}-a` }, update: { $setOnInsert: { rev: 7 } }, upsert: true } }),
    ]);
    expect(writer.stats).to.deep.equal({ batches: 1, operations: 7 });
    expect(deleted.status).to.equal('fulfilled');
    // each upsert knows whether it inserted (the driver numbers a mixed bulk write's results by command)
    expect(upsertA).to.deep.include({ status: 'fulfilled', value: { matched: true, upserted: true } });
    expect(upsertB).to.deep.include({ status: 'fulfilled', value: { matched: true, upserted: true } });
    expect(upsertExisting).to.deep.include({ status: 'fulfilled', value: { matched: true, upserted: false } });
    expect(matched).to.deep.include({ status: 'fulfilled', value: { matched: true, upserted: false } });
    // a refused write fails alone, with the store's code; the others in its bulk write are done
    expect(refused.status).to.equal('rejected');
    expect(isDuplicateKey((refused as PromiseRejectedResult).reason)).to.equal(true);
    expect(inserted.status).to.equal('fulfilled');
    const stored = await collection().find({ _id: { $in: [`${p}-a`, `${p}-b`, `${p}-c`, `${p}-new1`, `${p}-new2`] } }).sort({ _id: 1 }).toArray();
    expect(stored.map((d) => [d._id.slice(p.length + 1), d.rev])).to.deep.equal([['a', 2], ['c', 1], ['new1', 1], ['new2', 1]]);
  });

  it('says it cannot tell which update matched when one in the bulk write did not', async () => {
    const p = uniqueKey('gc');
    await collection().insertMany([{ _id: `${p}-a`, rev: 1 }, { _id: `${p}-b`, rev: 1 }]);
    const writer = new GroupWriter<Probe>(collection);
    const [a, b] = await Promise.all([
      writer.write({ updateOne: { filter: { _id: `${p}-a`, rev: 1 }, update: { $set: { rev: 2 } } } }),
      writer.write({ updateOne: { filter: { _id: `${p}-b`, rev: 5 }, update: { $set: { rev: 6 } } } }),
    ]);
    expect([a.matched, b.matched]).to.deep.equal([null, null]);
    expect((await collection().findOne({ _id: `${p}-a` }))!.rev).to.equal(2);
    expect((await collection().findOne({ _id: `${p}-b` }))!.rev).to.equal(1);
  });

  it('a write asked while another is on its way goes in the next bulk write, once that one is acknowledged', async () => {
    const p = uniqueKey('gc');
    const writer = new GroupWriter<Probe>(collection);
    const first = writer.write({ insertOne: { document: { _id: `${p}-1` } } });
    await new Promise((r) => setImmediate(r)); // the first is on its way
    const later = await Promise.all(Array.from({ length: 10 }, (_, i) => writer.write({ insertOne: { document: { _id: `${p}-x${i}` } } })));
    await first;
    expect(later).to.have.length(10);
    expect(writer.stats).to.deep.equal({ batches: 2, operations: 11 });
    expect(await collection().countDocuments({ _id: { $regex: `^${p}-` } })).to.equal(11);
  });

  it('reads by key in one query, each answer as fresh as when it was asked', async () => {
    const p = uniqueKey('gc');
    await collection().insertOne({ _id: `${p}-r`, rev: 1 });
    let queries = 0;
    const reader = new GroupReader<{ _id: string; rev?: number }>(async (keys) => {
      queries += 1;
      const docs = await collection().find({ _id: { $in: keys } }).toArray();
      return new Map(docs.map((d) => [d._id, d]));
    });
    const [r, missing, again] = await Promise.all([reader.load(`${p}-r`), reader.load(`${p}-none`), reader.load(`${p}-r`)]);
    expect(queries).to.equal(1);
    expect(r).to.deep.include({ rev: 1 });
    expect(missing).to.equal(null);
    expect(again).to.deep.equal(r);
    expect(again).to.not.equal(r); // each caller its own copy
    await collection().updateOne({ _id: `${p}-r` }, { $set: { rev: 2 } });
    expect(await reader.load(`${p}-r`)).to.deep.include({ rev: 2 });
  });
});
