import { isDuplicateKey } from '../shared/domain-error.js';
import { WeightSetModel, WeightStatus, type WeightSet } from './weight-set.model.js';

export type WeightSetRecord = WeightSet;
interface Person { username: string; role: string }
const OPEN = 'weights';

export function createWeightSetRepository() {
  return {
    /** Stores a proposal; false when another one is still undecided. */
    async insert(set: Pick<WeightSetRecord, 'version' | 'weights' | 'reason' | 'proposedBy' | 'proposedAt'>): Promise<boolean> {
      try {
        await WeightSetModel.create({ ...set, status: WeightStatus.Pending, openFor: OPEN });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    async get(version: number): Promise<WeightSetRecord | null> {
      return WeightSetModel.findOne({ version }, { _id: 0 }).lean<WeightSetRecord>();
    },
    async undecided(): Promise<WeightSetRecord | null> {
      return WeightSetModel.findOne({ openFor: OPEN }, { _id: 0 }).lean<WeightSetRecord>();
    },
    /** The set in force: the one approved last. */
    async inForce(): Promise<WeightSetRecord | null> {
      return WeightSetModel.findOne({ status: WeightStatus.Approved }, { _id: 0 }).sort({ decidedAt: -1, version: -1 }).lean<WeightSetRecord>();
    },
    /** Every version, newest first. */
    async list(limit = 200): Promise<WeightSetRecord[]> {
      return WeightSetModel.find({}, { _id: 0 }).sort({ version: -1 }).limit(limit).lean<WeightSetRecord[]>();
    },
    /** Decides a pending proposal; false when it was decided already (by someone else at the same moment). */
    async decide(version: number, status: 'approved' | 'rejected', by: Person, at: Date, comment: string | null): Promise<boolean> {
      const res = await WeightSetModel.updateOne(
        { version, status: WeightStatus.Pending },
        { $set: { status, decidedBy: by, decidedAt: at, comment }, $unset: { openFor: 1 } },
      );
      return res.matchedCount === 1;
    },
    /** Withdraws a proposal whose audit entry could not be written; nothing was recorded for it. */
    async discard(version: number): Promise<void> {
      await WeightSetModel.deleteOne({ version, status: WeightStatus.Pending });
    },
  };
}
export type WeightSetRepository = ReturnType<typeof createWeightSetRepository>;
