import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { ItemStatus } from './service-item.model.js';

/** What a change request (事项变更申请, seed 004 §12) asks for: 开通, 变更, 暂停, 恢复, 终止. */
export const ChangeKind = { Open: 'open', Change: 'change', Suspend: 'suspend', Resume: 'resume', Terminate: 'terminate' } as const;
export type ChangeKind = (typeof ChangeKind)[keyof typeof ChangeKind];

/** Where each kind may start (null: no version yet) and where it leaves the item; terminated is final. */
export const Transitions: Record<ChangeKind, { from: readonly (ItemStatus | null)[]; to: ItemStatus }> = {
  [ChangeKind.Open]: { from: [null, ItemStatus.Draft], to: ItemStatus.Published },
  [ChangeKind.Change]: { from: [ItemStatus.Published], to: ItemStatus.Published },
  [ChangeKind.Suspend]: { from: [ItemStatus.Published], to: ItemStatus.Suspended },
  [ChangeKind.Resume]: { from: [ItemStatus.Suspended], to: ItemStatus.Published },
  [ChangeKind.Terminate]: { from: [ItemStatus.Published, ItemStatus.Suspended], to: ItemStatus.Terminated },
};

/** pending → approving (an approver has claimed it) → approved; or pending → rejected. */
export const RequestStatus = { Pending: 'pending', Approving: 'approving', Approved: 'approved', Rejected: 'rejected' } as const;
export type RequestStatus = (typeof RequestStatus)[keyof typeof RequestStatus];

const person = new Schema({ username: { type: String, required: true }, role: { type: String, required: true } }, { _id: false });

/** A proposal to open, change, suspend, resume or terminate an item; it takes effect only once the service office approves it. */
const changeRequestSchema = new Schema(
  {
    requestId: { type: String, required: true, unique: true },
    /** what the request acts on: a service item, or a package of items (套餐, seed 004 §19) with its code in itemCode */
    subject: { type: String, enum: ['item', 'package'], default: 'item' },
    itemCode: { type: String, required: true, index: true },
    kind: { type: String, required: true, enum: Object.values(ChangeKind) },
    status: { type: String, required: true, enum: Object.values(RequestStatus), default: RequestStatus.Pending, index: true },
    /** the version the request acts on (for open, the draft's version 1) and the version it leaves current */
    baseVersion: { type: Number, default: null },
    resultVersion: { type: Number, default: null },
    fromStatus: { type: String, default: null },
    toStatus: { type: String, required: true },
    /** the proposed standard elements (open, change) and the fields that differ from the base version */
    item: { type: Schema.Types.Mixed, default: null },
    changes: { type: [String], default: [] },
    reason: { type: String, required: true },
    proposedBy: { type: person, required: true },
    proposedAt: { type: Date, required: true },
    decidedBy: { type: person, default: null },
    decidedAt: { type: Date, default: null },
    comment: { type: String, default: null },
    /** the item's code (a package's: `package:` + code) while undecided: one open request each, held by the unique index */
    openFor: { type: String },
  },
  { versionKey: false, collection: 'item_change_requests', minimize: false },
);
changeRequestSchema.index({ openFor: 1 }, { unique: true, sparse: true });
export type ChangeRequest = InferSchemaType<typeof changeRequestSchema>;
export const ChangeRequestModel = mongoose.model('ItemChangeRequest', changeRequestSchema);
