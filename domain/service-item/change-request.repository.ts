import { isDuplicateKey } from '../shared/domain-error.js';
import { op } from '../shared/trusted.js';
import { ChangeRequestModel, RequestStatus, type ChangeRequest } from './change-request.model.js';

export type ChangeRequestRecord = ChangeRequest;
interface Person { username: string; role: string }

export function createChangeRequestRepository() {
  return {
    /** Stores a new request; false when the item already has an undecided one. */
    async insert(request: Omit<ChangeRequestRecord, 'status' | 'decidedBy' | 'decidedAt' | 'comment' | 'resultVersion'>): Promise<boolean> {
      try {
        await ChangeRequestModel.create({ ...request, status: RequestStatus.Pending });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false; // requestIds come from a sequence, so the clash is on openFor
        throw err;
      }
    },
    async get(requestId: string): Promise<ChangeRequestRecord | null> {
      return ChangeRequestModel.findOne({ requestId }, { _id: 0 }).lean<ChangeRequestRecord>();
    },
    /** `openFor` is an item's code, or `package:` + a package's code */
    async undecidedFor(itemCode: string): Promise<ChangeRequestRecord | null> {
      return ChangeRequestModel.findOne({ openFor: itemCode }, { _id: 0 }).lean<ChangeRequestRecord>();
    },
    /** Requests on items, or with `subject: 'package'` on packages. */
    async list(filter: { itemCode?: string; status?: string; subject?: 'item' | 'package' }, limit = 200): Promise<ChangeRequestRecord[]> {
      const q: Record<string, unknown> = { subject: filter.subject === 'package' ? 'package' : op({ $ne: 'package' }) };
      if (filter.itemCode) q.itemCode = filter.itemCode;
      if (filter.status) q.status = filter.status;
      return ChangeRequestModel.find(q, { _id: 0 }).sort({ proposedAt: -1, requestId: -1 }).limit(limit).lean<ChangeRequestRecord[]>();
    },
    /** An approver takes a pending request; of two approvers at once, one gets it. */
    async claim(requestId: string, by: Person, at: Date, comment: string | null): Promise<boolean> {
      const res = await ChangeRequestModel.updateOne({ requestId, status: RequestStatus.Pending }, { $set: { status: RequestStatus.Approving, decidedBy: by, decidedAt: at, comment } });
      return res.matchedCount === 1;
    },
    /** Gives a claimed request back when its effect could not be applied. */
    async release(requestId: string, by: Person): Promise<void> {
      await ChangeRequestModel.updateOne(
        { requestId, status: RequestStatus.Approving, 'decidedBy.username': by.username },
        { $set: { status: RequestStatus.Pending, decidedBy: null, decidedAt: null, comment: null } },
      );
    },
    /** The effect is in place: the request is approved and the item free for the next one. */
    async finish(requestId: string, resultVersion: number): Promise<boolean> {
      const res = await ChangeRequestModel.updateOne({ requestId, status: RequestStatus.Approving }, { $set: { status: RequestStatus.Approved, resultVersion }, $unset: { openFor: 1 } });
      return res.matchedCount === 1;
    },
    async reject(requestId: string, by: Person, at: Date, comment: string): Promise<boolean> {
      const res = await ChangeRequestModel.updateOne(
        { requestId, status: RequestStatus.Pending },
        { $set: { status: RequestStatus.Rejected, decidedBy: by, decidedAt: at, comment }, $unset: { openFor: 1 } },
      );
      return res.matchedCount === 1;
    },
    /** Withdraws a request that was never valid (its draft could not be written); nothing was recorded for it yet. */
    async discard(requestId: string): Promise<void> {
      await ChangeRequestModel.deleteOne({ requestId, status: RequestStatus.Pending });
    },
  };
}
export type ChangeRequestRepository = ReturnType<typeof createChangeRequestRepository>;
