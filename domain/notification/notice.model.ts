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
  // to a person about a service other than an application (seed 001 §4(2)–(3))
  ConsultationAnswered: 'consultation-answered',
  AppointmentConfirmed: 'appointment-confirmed',
  AppointmentMoved: 'appointment-moved',
  AppointmentReminder: 'appointment-reminder',
  // to the reviewer of a bad review (差评整改, seed 004 §37(3)): why the rectification takes longer, and its result
  RectificationExtended: 'rectification-extended',
  RectificationDone: 'rectification-done',
  ComplaintAnswered: 'complaint-answered', // 投诉建议答复 (seed 004 §32–33): to every complainant of the case
  AccountabilityStep: 'accountability-step', // 问责 (seed 001 §31): to the operator, a confirmed step of the ladder
  PackageAnswered: 'package-answered', // 套餐式服务统一反馈 (seed 004 §19): one joint answer for all the package's items
} as const;
export type NoticeKind = (typeof NoticeKind)[keyof typeof NoticeKind];

/** What a notice addressed to a person is about, when it is not an application: a consultation, an appointment. */
const subjectSchema = new Schema({ kind: { type: String, required: true }, id: { type: String, required: true } }, { _id: false });

/**
 * A notice to the applicant, the community or a department; stored first, then handed to the notifier. A notice
 * about an application names it; a notice to a person about another service names the person and its subject.
 */
const noticeSchema = new Schema(
  {
    /** the job that asked for it: a second delivery finds it and sends nothing new */
    key: { type: String, required: true, unique: true },
    applicationNumber: { type: String, default: null, index: true },
    /** the account it is addressed to, for notices to a person (an application's notices find theirs by the case) */
    username: { type: String, default: null, index: true },
    subject: { type: subjectSchema, default: null },
    /** where a text message goes; never shown, only handed to the SMS gateway */
    phone: { type: String, default: null },
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
