import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const NoticeKind = {
  SupplementNotice: 'supplement-notice', // 一次性告知
  PreReviewPassed: 'pre-review-passed', // 网上预审通过: the case goes on, the applicant brings the originals
  Refusal: 'refusal', // 不予受理通知书
  NotApproved: 'not-approved',
  ElectronicFileSent: 'electronic-file-sent',
  CertificateReady: 'certificate-ready',
  VerifyMismatch: 'verify-mismatch',
  PickupNotice: 'pickup-notice',
  CourierDispatched: 'courier-dispatched',
} as const;
export type NoticeKind = (typeof NoticeKind)[keyof typeof NoticeKind];

/** A notice to the applicant or the community; stored first, then handed to the notifier. */
const noticeSchema = new Schema(
  {
    /** the job that asked for it: a second delivery finds it and sends nothing new */
    key: { type: String, required: true, unique: true },
    applicationNumber: { type: String, required: true, index: true },
    kind: { type: String, required: true, enum: Object.values(NoticeKind) },
    to: { type: String, required: true, enum: ['applicant', 'community', 'department'] },
    toUnit: { type: String, default: null },
    text: { type: String, required: true },
    details: { type: Schema.Types.Mixed, default: null },
    createdAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
    channel: { type: String, default: null },
  },
  { versionKey: false, collection: 'notices' },
);
export type Notice = InferSchemaType<typeof noticeSchema>;
export const NoticeModel = mongoose.model('Notice', noticeSchema);
