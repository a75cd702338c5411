import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import { createSequenceRepository } from '../../domain/sequence/sequence.repository.js';
import { isDuplicateKey } from '../../domain/shared/domain-error.js';
import { uniqueKey } from '../support/platform.js';

// A throwaway collection for the store's basic guarantees; the domain's own models are tested where they live.
const probeSchema = new Schema({ key: { type: String, required: true, unique: true }, state: { type: String, required: true }, holder: String }, { collection: 'store_probes' });
const Probe = mongoose.model('StoreProbe', probeSchema);

describe('store: mongoose against the configured MongoDB-wire server', () => {
  before(async () => {
    await Probe.init();
  });

  it('creates a document and reads it back', async () => {
    const key = uniqueKey('probe');
    const created = await Probe.create({ key, state: 'free' });
    const read = await Probe.findById(created._id).lean();
    expect(read).to.include({ key, state: 'free' });
  });

  it('refuses a duplicate on a unique index and keeps the first document', async () => {
    const key = uniqueKey('probe');
    await Probe.create({ key, state: 'free' });
    let error: unknown;
    try {
      await Probe.create({ key, state: 'other' });
    } catch (err) {
      error = err;
    }
    expect(isDuplicateKey(error), String(error)).to.equal(true);
    const stored = await Probe.find({ key }).lean();
    expect(stored).to.have.length(1);
    expect(stored[0]!.state).to.equal('free');
  });

  it('lets exactly one of many concurrent conditional updates win', async () => {
    const key = uniqueKey('probe');
    await Probe.create({ key, state: 'free' });
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        Probe.findOneAndUpdate({ key, state: 'free' }, { $set: { state: 'taken', holder: `worker-${i}` } }, { new: true }).lean(),
      ),
    );
    const winners = claims.filter((c) => c !== null);
    expect(winners).to.have.length(1);
    const stored = await Probe.findOne({ key }).lean();
    expect(stored!.holder).to.equal(winners[0]!.holder);
  });

  it('hands out distinct sequence values under 50 concurrent callers', async () => {
    const sequences = createSequenceRepository();
    const name = uniqueKey('seq');
    const values = await Promise.all(Array.from({ length: 50 }, () => sequences.next(name)));
    expect([...values].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('refuses query operators smuggled into a filter value', async () => {
    const key = uniqueKey('probe');
    await Probe.create({ key, state: 'free' });
    const hostile = { $ne: 'nothing' } as unknown as string;
    // the schema casts the value to a string and refuses the object, instead of matching every probe but one
    const refused = await Probe.find({ key: hostile }).lean().then(() => null, (err: Error) => err);
    expect(refused?.name).to.equal('CastError');
    expect(refused?.message).to.include('at path "key"');
    expect(await Probe.countDocuments({ key }), 'the probe is there to be matched').to.equal(1);
  });
});
