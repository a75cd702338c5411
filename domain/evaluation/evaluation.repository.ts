import { isDuplicateKey } from '../shared/domain-error.js';
import { op } from '../shared/trusted.js';
import { RatingModel, RectificationModel, type Rating, type Rectification } from './evaluation.model.js';

/** What staff may filter ratings by; `unitCode` matches any evaluated party's unit. */
export interface RatingFilter { itemCode?: string; unitCode?: string; grade?: string; channel?: string; bad?: boolean; subjectKind?: string }

export interface RatingCounts {
  total: number; bad: number;
  byGrade: { grade: string; count: number }[];
  byItem: { itemCode: string; total: number; bad: number }[];
  byParty: { kind: string; id: string; unitCode: string; total: number; bad: number }[];
  byChannel: { channel: string; total: number; bad: number }[];
}

function query(f: RatingFilter): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  if (f.itemCode) q.itemCode = f.itemCode;
  if (f.unitCode) q['parties.unitCode'] = f.unitCode;
  if (f.grade) q.grade = f.grade;
  if (f.channel) q.channel = f.channel;
  if (f.bad !== undefined) q.bad = f.bad;
  if (f.subjectKind) q['subject.kind'] = f.subjectKind;
  return q;
}
const tally = { total: { $sum: 1 }, bad: { $sum: { $cond: ['$bad', 1, 0] } } };

export function createEvaluationRepository() {
  return {
    /** Stores a rating; 'taken' when the rater has rated the subject already. */
    async insertRating(rating: Rating): Promise<'inserted' | 'taken'> {
      try {
        await RatingModel.create(rating);
        return 'inserted';
      } catch (err) {
        if (isDuplicateKey(err)) return 'taken';
        throw err;
      }
    },
    async ratingOf(subject: { kind: string; id: string }, raterKind: string): Promise<Rating | null> {
      return RatingModel.findOne({ 'subject.kind': subject.kind, 'subject.id': subject.id, 'rater.kind': raterKind }, { _id: 0 }).lean<Rating>();
    },
    async ratingsOfSubject(subject: { kind: string; id: string }): Promise<Rating[]> {
      return RatingModel.find({ 'subject.kind': subject.kind, 'subject.id': subject.id }, { _id: 0 }).sort({ at: 1 }).lean<Rating[]>();
    },
    async ratingsOfSubjects(kind: string, ids: string[]): Promise<Rating[]> {
      if (!ids.length) return [];
      return RatingModel.find({ 'subject.kind': kind, 'subject.id': op({ $in: ids.map(String) }) }, { _id: 0 }).lean<Rating[]>();
    },
    async ratingsBy(username: string, subject?: { kind: string; id: string }): Promise<Rating[]> {
      const q: Record<string, unknown> = { 'rater.username': username };
      if (subject) Object.assign(q, { 'subject.kind': subject.kind, 'subject.id': subject.id });
      return RatingModel.find(q, { _id: 0 }).sort({ at: -1 }).limit(500).lean<Rating[]>();
    },
    async search(filter: RatingFilter, limit: number): Promise<Rating[]> {
      return RatingModel.find(query(filter), { _id: 0 }).sort({ at: -1 }).limit(limit).lean<Rating[]>();
    },
    /** Counts of the matching ratings: per grade, per item, per evaluated party, per channel. */
    async counts(filter: RatingFilter): Promise<RatingCounts> {
      const [facets] = await RatingModel.aggregate<{
        all: { total: number; bad: number }[]; byGrade: { _id: string; count: number }[]; byItem: { _id: string; total: number; bad: number }[];
        byParty: { _id: { kind: string; id: string; unitCode: string }; total: number; bad: number }[]; byChannel: { _id: string; total: number; bad: number }[];
      }>([
        { $match: query(filter) },
        {
          $facet: {
            all: [{ $group: { _id: null, ...tally } }],
            byGrade: [{ $group: { _id: '$grade', count: { $sum: 1 } } }],
            byItem: [{ $group: { _id: '$itemCode', ...tally } }, { $sort: { total: -1, _id: 1 } }],
            byParty: [
              { $unwind: '$parties' },
              ...(filter.unitCode ? [{ $match: { 'parties.unitCode': filter.unitCode } }] : []),
              { $group: { _id: { kind: '$parties.kind', id: '$parties.id', unitCode: '$parties.unitCode' }, ...tally } },
              { $sort: { total: -1 } },
            ],
            byChannel: [{ $group: { _id: '$channel', ...tally } }, { $sort: { total: -1 } }],
          },
        },
      ]);
      return {
        total: facets?.all[0]?.total ?? 0, bad: facets?.all[0]?.bad ?? 0,
        byGrade: (facets?.byGrade ?? []).map((g) => ({ grade: g._id, count: g.count })),
        byItem: (facets?.byItem ?? []).map((g) => ({ itemCode: g._id, total: g.total, bad: g.bad })),
        byParty: (facets?.byParty ?? []).map((g) => ({ ...g._id, total: g.total, bad: g.bad })),
        byChannel: (facets?.byChannel ?? []).map((g) => ({ channel: g._id, total: g.total, bad: g.bad })),
      };
    },
    /** The ratings given in [from, to), for the quantified assessment (seed 001 §13). */
    async ratingsBetween(from: Date, to: Date): Promise<Pick<Rating, 'ratingId' | 'subject' | 'parties' | 'bad'>[]> {
      return RatingModel.find({ at: op({ $gte: from, $lt: to }) }, { _id: 0, ratingId: 1, subject: 1, parties: 1, bad: 1 }).sort({ ratingId: 1 }).lean<Pick<Rating, 'ratingId' | 'subject' | 'parties' | 'bad'>[]>();
    },
    /** Opens the rectification of a bad rating once: a second call finds the one already open. */
    async openRectification(entry: Rectification): Promise<{ rectification: Rectification; created: boolean }> {
      const { ratingId, ...rest } = entry;
      const before = await RectificationModel.findOneAndUpdate({ ratingId }, { $setOnInsert: rest }, { upsert: true, new: false, projection: { _id: 0 } }).lean<Rectification>()
        .catch(async (err: unknown) => {
          // two at once: the other insert won
          if (isDuplicateKey(err)) return (await RectificationModel.findOne({ ratingId }, { _id: 0 }).lean<Rectification>())!;
          throw err;
        });
      return before ? { rectification: before, created: false } : { rectification: entry, created: true };
    },
    async rectificationOf(ratingId: string): Promise<Rectification | null> {
      return RectificationModel.findOne({ ratingId }, { _id: 0 }).lean<Rectification>();
    },
    async countRectifications(ratingId: string): Promise<number> {
      return RectificationModel.countDocuments({ ratingId });
    },
  };
}
export type EvaluationRepository = ReturnType<typeof createEvaluationRepository>;
