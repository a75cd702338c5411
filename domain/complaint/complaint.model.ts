import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** 投诉建议 (seed 004 §28–34): the column it was raised in (我要咨询 / 我要投诉 / 我要建议). */
export const ComplaintKind = { Consult: 'consult', Complain: 'complain', Suggest: 'suggest' } as const;
export type ComplaintKind = (typeof ComplaintKind)[keyof typeof ComplaintKind];
/** seed 004 §32(1)–(3): the urgency a forwarded complaint carries (紧急 / 一般紧急 / 普通) */
export const ComplaintUrgency = { Urgent: 'urgent', GenerallyUrgent: 'generally-urgent', Ordinary: 'ordinary' } as const;
export type ComplaintUrgency = (typeof ComplaintUrgency)[keyof typeof ComplaintUrgency];
/** where it came in: the applicant portal, a window, or forwarded from a higher-level platform (seed 004 §28) */
export const ComplaintChannel = { Portal: 'portal', Window: 'window', Forwarded: 'forwarded' } as const;
export type ComplaintChannel = (typeof ComplaintChannel)[keyof typeof ComplaintChannel];

export const ComplaintState = {
  Filed: 'filed', // 待受理: the unit may still return it or not accept it (1 working day)
  Accepted: 'accepted', // 办理中
  Returned: 'returned', // 已退回: not the unit's own (seed 004 §33)
  NotAccepted: 'not-accepted', // 不予受理 (seed 004 §31)
  Merged: 'merged', // 已合并: the same matter in another case (seed 004 §33)
  Answered: 'answered', // 已办结, waiting for the follow-up visit
  Closed: 'closed', // 已回访
} as const;
export type ComplaintState = (typeof ComplaintState)[keyof typeof ComplaintState];

/** seed 004 §31: the eight cases not accepted */
export const NonAcceptance = {
  NotOnlineService: 'not-online-service', // (一) 不涉及网上政务服务
  Unlawful: 'unlawful-content', // (二) 危害国家安全……
  NoSubstance: 'no-substance', // (三) 没有明确被投诉人或者投诉请求
  AlreadyInHand: 'already-in-hand', // (四) 已经受理或者正在处理
  RepeatWithoutEvidence: 'repeat-without-evidence', // (五) 已经办结，无新证明材料重复投诉
  Abusive: 'abusive', // (六) 无理纠缠、侮辱谩骂
  OtherProcedure: 'other-procedure', // (七) 仲裁、信访、纪检监察、行政复议、诉讼、信息公开
  OtherwiseUnlawful: 'otherwise-unlawful', // (八) 其他违反法律法规
} as const;
export type NonAcceptance = (typeof NonAcceptance)[keyof typeof NonAcceptance];

/** How a handled complaint ended (seed 004 §32(6)): answered, or invalid after investigation with the evidence. */
export const ComplaintOutcome = { Handled: 'handled', Unverifiable: 'invalid-unverifiable', Untrue: 'invalid-untrue' } as const;
export type ComplaintOutcome = (typeof ComplaintOutcome)[keyof typeof ComplaintOutcome];

const person = new Schema({ username: { type: String, required: true }, role: { type: String, required: true }, complaintNumber: { type: String, required: true }, channel: { type: String, required: true } }, { _id: false });

const complaintSchema = new Schema(
  {
    /** `TS` + year + sequence */
    complaintNumber: { type: String, required: true, unique: true },
    kind: { type: String, required: true, enum: Object.values(ComplaintKind) },
    urgency: { type: String, default: null },
    channel: { type: String, required: true, enum: Object.values(ComplaintChannel) },
    /** the unit that receives and handles it */
    unitCode: { type: String, required: true, index: true },
    /** 被投诉单位 / 被投诉人: never shown the complainant's identity (seed 004 §29) */
    complainedUnit: { type: String, default: null, index: true },
    complainedOperator: { type: String, default: null },
    title: { type: String, required: true },
    content: { type: String, required: true },
    /** the complainant's identity: read by the handler and supervision only, each read logged */
    complainant: { type: person, required: true },
    /** the complainants of the same matter merged into this case (seed 004 §33): each gets the answer */
    merged: { type: [person], default: [] },
    mergedInto: { type: String, default: null },
    state: { type: String, required: true, enum: Object.values(ComplaintState), index: true },
    limit: { value: { type: Number, required: true }, unit: { type: String, required: true } },
    filedAt: { type: Date, required: true },
    filedBy: { type: String, required: true },
    acceptedAt: { type: Date, default: null },
    deemedAccepted: { type: Boolean, default: false },
    /** the staff member who took it: with supervision, the only one who sees the complainant */
    handler: { type: String, default: null },
    returnReason: { type: String, default: null },
    nonAcceptance: { reason: { type: String, default: null }, answer: { type: String, default: null } },
    /** seed 004 §32(5): one extension, no longer than the limit, approved by the unit's leader */
    extension: {
      state: { type: String, default: null }, // requested | approved | refused
      days: { type: Number, default: null },
      reason: { type: String, default: null },
      requestedBy: { type: String, default: null },
      requestedAt: { type: Date, default: null },
      decidedBy: { type: String, default: null },
      decidedAt: { type: Date, default: null },
      originalDueAt: { type: Date, default: null },
      extendedDueAt: { type: Date, default: null },
    },
    outcome: { type: String, default: null },
    answer: { type: String, default: null },
    evidence: { type: String, default: null },
    answeredBy: { type: String, default: null },
    answeredAt: { type: Date, default: null },
    /** answered by its due time (the extended one when approved): a supervision dimension */
    answeredInTime: { type: Boolean, default: null },
    /** seed 004 §34: follow-up visits; a dissatisfied one reopens the complaint once */
    followUps: { type: [new Schema({ at: Date, by: String, satisfied: Boolean, note: String }, { _id: false })], default: [] },
    reopened: { type: Number, default: 0 },
    processInstanceKey: { type: String, default: null, index: true },
  },
  { versionKey: false, collection: 'complaints' },
);
complaintSchema.index({ 'complainant.username': 1, filedAt: -1 });
complaintSchema.index({ 'merged.username': 1 });
export type Complaint = InferSchemaType<typeof complaintSchema>;
export const ComplaintModel = mongoose.model('Complaint', complaintSchema);
