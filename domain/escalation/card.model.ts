import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { CardLevel, CaseKind } from '../shared/constants.js';

/** A warning (预警), yellow card (黄牌) or red card (红牌) for a step, seed 000 §29. */
const cardSchema = new Schema(
  {
    /** the deadline computation it belongs to + level: one card per level per step run */
    deadlineId: { type: String, required: true },
    level: { type: String, required: true, enum: Object.values(CardLevel) },
    /** the case of the step deadline: an application's number or a certificate requisition's, as `caseKind` says (stored as `applicationNumber` before) */
    caseNumber: { type: String, required: true, index: true },
    caseKind: { type: String, required: true, enum: Object.values(CaseKind) },
    step: { type: String, required: true },
    /** the assignee, or the post's queue `post:unit` while the task is unclaimed */
    holder: { type: String, required: true, index: true },
    heldByQueue: { type: Boolean, required: true },
    userTaskKey: { type: String, default: null },
    dueAt: { type: Date, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'cards' },
);
cardSchema.index({ deadlineId: 1, level: 1 }, { unique: true });
export type Card = InferSchemaType<typeof cardSchema>;
export const CardModel = mongoose.model('Card', cardSchema);
