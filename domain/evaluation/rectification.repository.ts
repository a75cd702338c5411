import { op } from '../shared/trusted.js';
import { RectificationModel, type Rectification } from './evaluation.model.js';

/** Per unit: how its bad reviews ended and whether rectification kept its limit (supervision's ranking, 001 §28). */
export interface RectificationTally { unitCode: string; total: number; invalid: number; rectified: number; onTime: number; late: number; open: number }

export function createRectificationRepository() {
  return {
    async get(rectificationId: string): Promise<Rectification | null> {
      return RectificationModel.findOne({ rectificationId }, { _id: 0 }).lean<Rectification>();
    },
    async byProcessInstance(processInstanceKey: string): Promise<Rectification | null> {
      return RectificationModel.findOne({ processInstanceKey }, { _id: 0 }).lean<Rectification>();
    },
    /** Sets fields when the entry is still as `expected` (an atomic step); null when it is not. */
    async update(rectificationId: string, set: Record<string, unknown>, expected: Record<string, unknown> = {}): Promise<Rectification | null> {
      return RectificationModel.findOneAndUpdate({ ...expected, rectificationId }, { $set: set }, { new: true, projection: { _id: 0 } }).lean<Rectification>();
    },
    async ofUnit(unitCode: string, states: readonly string[]): Promise<Rectification[]> {
      return RectificationModel.find({ handlingUnit: unitCode, state: op({ $in: [...states] }) }, { _id: 0 }).sort({ openedAt: 1 }).limit(200).lean<Rectification[]>();
    },
    async inStates(states: readonly string[]): Promise<Rectification[]> {
      return RectificationModel.find({ state: op({ $in: [...states] }) }, { _id: 0 }).sort({ openedAt: 1 }).limit(200).lean<Rectification[]>();
    },
    async ofReviewer(username: string): Promise<Rectification[]> {
      return RectificationModel.find({ reviewerUsername: username }, { _id: 0 }).sort({ openedAt: -1 }).limit(200).lean<Rectification[]>();
    },
    /** Entries whose process has not started, opened before `before` (a start that failed, to mend). */
    async unstarted(before: Date): Promise<Rectification[]> {
      return RectificationModel.find({ processInstanceKey: null, openedAt: op({ $lte: before }) }, { _id: 0 }).limit(50).lean<Rectification[]>();
    },
    /** The state of the rectification of each listed rating, for the quantified assessment. */
    async statesOfRatings(ratingIds: readonly string[]): Promise<Map<string, string>> {
      const found = await RectificationModel.find({ ratingId: op({ $in: [...ratingIds] }) }, { _id: 0, ratingId: 1, state: 1 }).lean();
      return new Map(found.map((r) => [r.ratingId, r.state]));
    },
    async tally(): Promise<RectificationTally[]> {
      const rows = await RectificationModel.aggregate<{ _id: string } & Omit<RectificationTally, 'unitCode'>>([
        { $match: { handlingUnit: { $ne: null } } },
        {
          $group: {
            _id: '$handlingUnit', total: { $sum: 1 },
            invalid: { $sum: { $cond: [{ $eq: ['$result', 'invalid'] }, 1, 0] } },
            rectified: { $sum: { $cond: [{ $in: ['$state', ['rectified', 'followed-up']] }, 1, 0] } },
            onTime: { $sum: { $cond: [{ $eq: ['$onTime', true] }, 1, 0] } },
            late: { $sum: { $cond: [{ $eq: ['$onTime', false] }, 1, 0] } },
            open: { $sum: { $cond: [{ $in: ['$state', ['open', 'contacted', 'recheck', 'rectifying']] }, 1, 0] } },
          },
        },
        { $sort: { _id: 1 } },
      ]);
      return rows.map(({ _id, ...r }) => ({ unitCode: _id, ...r }));
    },
  };
}
export type RectificationRepository = ReturnType<typeof createRectificationRepository>;
