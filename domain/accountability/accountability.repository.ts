import { isDuplicateKey } from '../shared/domain-error.js';
import { op } from '../shared/trusted.js';
import { ViolationModel, ViolationState, type Violation } from './accountability.model.js';

export type { Violation };

export function createViolationRepository() {
  return {
    /** Stores a violation; false when one with its key exists (the same fact delivered again). */
    async insert(v: Violation): Promise<boolean> {
      try {
        await ViolationModel.create(v);
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    async get(violationId: string): Promise<Violation | null> {
      return ViolationModel.findOne({ violationId }, { _id: 0 }).lean<Violation>();
    },
    async byKey(key: string): Promise<Violation | null> {
      return ViolationModel.findOne({ key }, { _id: 0 }).lean<Violation>();
    },
    /** Moves a violation on only from the state it was read in; null when someone else moved it first. */
    async update(violationId: string, from: Record<string, unknown>, set: Record<string, unknown>): Promise<Violation | null> {
      return ViolationModel.findOneAndUpdate({ violationId, ...from }, { $set: set }, { new: true, projection: { _id: 0 } }).lean<Violation>();
    },
    /** Newest first, at most 500. */
    async list(filter: { state?: string; operator?: string; unitCode?: string }): Promise<Violation[]> {
      const q: Record<string, unknown> = {};
      if (filter.state) q.state = filter.state;
      if (filter.operator) q.operator = filter.operator;
      if (filter.unitCode) q.unitCode = filter.unitCode;
      return ViolationModel.find(q, { _id: 0 }).sort({ at: -1 }).limit(500).lean<Violation[]>();
    },
    /** The operator's confirmed violations decided after `since`: the count the ladder stands on. */
    async confirmedSince(operator: string, since: Date): Promise<Violation[]> {
      return ViolationModel.find({ operator, state: ViolationState.Confirmed, 'decision.at': op({ $gt: since }) }, { _id: 0 }).sort({ 'decision.at': 1 }).lean<Violation[]>();
    },
    async countPending(): Promise<number> {
      return ViolationModel.countDocuments({ state: ViolationState.Pending });
    },
  };
}
export type ViolationRepository = ReturnType<typeof createViolationRepository>;
