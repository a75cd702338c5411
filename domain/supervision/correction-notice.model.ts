import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * A correction notice (督办, seed 000 §30 预警纠错; 001 §30 日统计…督办): the supervisor tells an operator or a
 * unit what to put right, by when to answer; reading and the written answer are recorded.
 */
const correctionNoticeSchema = new Schema(
  {
    noticeNumber: { type: String, required: true, unique: true },
    sentBy: { type: String, required: true },
    /** an operator (username) or a unit (code); a unit's notice is for everyone on its staff */
    recipient: { kind: { type: String, required: true, enum: ['operator', 'unit'] }, id: { type: String, required: true } },
    /** the recipient's unit: the unit itself, or the operator's unit when sent */
    unitCode: { type: String, default: null, index: true },
    text: { type: String, required: true },
    replyBy: { type: Date, required: true },
    caseNumber: { type: String, default: null },
    userTaskKey: { type: String, default: null },
    sentAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
    readBy: { type: String, default: null },
    answer: { type: new Schema({ text: String, by: String, at: Date }, { _id: false }), default: null },
  },
  { versionKey: false, collection: 'correction_notices' },
);
correctionNoticeSchema.index({ 'recipient.kind': 1, 'recipient.id': 1 });
export type CorrectionNotice = InferSchemaType<typeof correctionNoticeSchema>;
export const CorrectionNoticeModel = mongoose.model('CorrectionNotice', correctionNoticeSchema);
