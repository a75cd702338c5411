import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * The national five grades of 好差评 (State Council General Office opinion, 2019; seed 004 §35), stored as
 * stable codes: 非常满意, 满意, 基本满意, 不满意, 非常不满意. The last two are bad reviews (差评).
 */
export const Grade = {
  VerySatisfied: 'very-satisfied', // 非常满意
  Satisfied: 'satisfied', // 满意
  BasicallySatisfied: 'basically-satisfied', // 基本满意
  Dissatisfied: 'dissatisfied', // 不满意
  VeryDissatisfied: 'very-dissatisfied', // 非常不满意
} as const;
export type Grade = (typeof Grade)[keyof typeof Grade];
export const GRADES = Object.values(Grade);
export const GradeWords: Record<Grade, { zh: string; en: string }> = {
  'very-satisfied': { zh: '非常满意', en: 'very satisfied' },
  satisfied: { zh: '满意', en: 'satisfied' },
  'basically-satisfied': { zh: '基本满意', en: 'basically satisfied' },
  dissatisfied: { zh: '不满意', en: 'dissatisfied' },
  'very-dissatisfied': { zh: '非常不满意', en: 'very dissatisfied' },
};
export const isBad = (grade: string) => grade === Grade.Dissatisfied || grade === Grade.VeryDissatisfied;

/** What is rated: a case of one of these kinds (consultations and appointments plug in through the subject registry). */
export const SubjectKind = { Application: 'application', Consultation: 'consultation', Appointment: 'appointment' } as const;
export type SubjectKind = (typeof SubjectKind)[keyof typeof SubjectKind];

/** Where the rating was given: the web portal, the window evaluator (评价器) tablet; mobile, SMS and hotline to come. */
export const RatingChannel = { Portal: 'portal', Window: 'window', Mobile: 'mobile', Sms: 'sms', Hotline: 'hotline' } as const;
export type RatingChannel = (typeof RatingChannel)[keyof typeof RatingChannel];

/** Who rated: the applicant (asker) of the case, or the proxy agent (代办员) who filed it. */
export const RaterKind = { Applicant: 'applicant', ProxyAgent: 'proxy-agent' } as const;
export type RaterKind = (typeof RaterKind)[keyof typeof RaterKind];

export const COMMENT_MAX = 500;

const party = { _id: false, kind: { type: String, required: true, enum: ['operator', 'department'] }, id: { type: String, required: true }, unitCode: { type: String, required: true } };

/** One rating (评价) of one case by one rater: every item, every evaluated party, every channel (seed 004 §35). */
const ratingSchema = new Schema(
  {
    ratingId: { type: String, required: true, unique: true },
    subject: { type: { _id: false, kind: { type: String, required: true, enum: Object.values(SubjectKind) }, id: { type: String, required: true } }, required: true },
    itemCode: { type: String, required: true, index: true },
    /** the evaluated parties: the window operators who handled the case and the departments that decided */
    parties: { type: [party], default: [] },
    channel: { type: String, required: true, enum: Object.values(RatingChannel) },
    rater: {
      type: {
      _id: false,
      kind: { type: String, required: true, enum: Object.values(RaterKind) },
      /** the rater's account; null for an applicant without one (filed at the window) */
      username: { type: String, default: null },
      name: { type: String, required: true },
      /** the window staff member whose evaluator tablet recorded it (channel window) */
      recordedBy: { type: String, default: null },
      },
      required: true,
    },
    grade: { type: String, required: true, enum: GRADES },
    bad: { type: Boolean, required: true },
    comment: { type: String, default: null },
    at: { type: Date, required: true, index: true },
  },
  { versionKey: false, collection: 'ratings' },
);
// one rating per case per rater: a second is refused
ratingSchema.index({ 'subject.kind': 1, 'subject.id': 1, 'rater.kind': 1 }, { unique: true });
ratingSchema.index({ 'parties.unitCode': 1 });
ratingSchema.index({ 'rater.username': 1 });
export type Rating = InferSchemaType<typeof ratingSchema>;
export const RatingModel = mongoose.model('Rating', ratingSchema);

/**
 * The steps of bad-review rectification (差评整改, seed 004 §37): opened with the rating; the handling unit contacts the
 * reviewer and verifies (`open`); an invalid review waits for the 好差评 office's second check (`recheck`) and is
 * marked 无效差评 (`invalid`) or goes into rectification (`rectifying`); rectified cases wait for the follow-up visit.
 */
export const RectificationState = {
  Open: 'open', Contacted: 'contacted', Recheck: 'recheck', Invalid: 'invalid', Rectifying: 'rectifying', Rectified: 'rectified', FollowedUp: 'followed-up',
} as const;
export type RectificationState = (typeof RectificationState)[keyof typeof RectificationState];

/**
 * A bad review's rectification (差评整改): "whoever handles it answers for it" (seed 004 §37). Opened with the rating;
 * contacting the reviewer, verifying, the invalid/rectify verdict, the 5-working-day limit and the follow-up visit are
 * filled in by the rectification process.
 */
const rectificationSchema = new Schema(
  {
    /** `ZG` + year + sequence: the case number of the rectification's process */
    rectificationId: { type: String, required: true, unique: true },
    /** the bad rating it answers; unique, so a retried rating opens one */
    ratingId: { type: String, required: true, unique: true },
    subject: { type: { _id: false, kind: { type: String, required: true }, id: { type: String, required: true } }, required: true },
    itemCode: { type: String, required: true, index: true },
    grade: { type: String, required: true, enum: GRADES },
    comment: { type: String, default: null },
    parties: { type: [party], default: [] },
    /** the units that answer for it: the evaluated parties' units */
    responsibleUnits: { type: [String], default: [], index: true },
    /** a real-name bad review is always followed up (seed 004 §37(4)) */
    realName: { type: Boolean, required: true },
    /** the reviewer's account, who follows the rectification in the portal; null for a window rating without one */
    reviewerUsername: { type: String, default: null, index: true },
    /** the unit whose staff work it: the department that decided, else the hall whose operator handled it */
    handlingUnit: { type: String, default: null, index: true },
    /** the rectification process instance; null until it started (a failed start is mended) */
    processInstanceKey: { type: String, default: null, index: true },
    /** the 好差评 office's second check of an invalid review (seed 004 §37(2)) */
    recheck: { type: Schema.Types.Mixed, default: null },
    state: { type: String, required: true, enum: Object.values(RectificationState), default: RectificationState.Open },
    openedAt: { type: Date, required: true },
    contactedAt: { type: Date, default: null },
    verification: { type: Schema.Types.Mixed, default: null },
    /** within 5 working days for a complex case, extendable with reasons (seed 004 §37(3)) */
    dueAt: { type: Date, default: null },
    extension: { type: Schema.Types.Mixed, default: null },
    outcome: { type: Schema.Types.Mixed, default: null },
    followUp: { type: Schema.Types.Mixed, default: null },
    /** for supervision's ranking: the review's result (valid, invalid) and whether rectification kept its limit */
    result: { type: String, default: null, enum: [null, 'valid', 'invalid'] },
    onTime: { type: Boolean, default: null },
    closedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'rectifications' },
);
export type Rectification = InferSchemaType<typeof rectificationSchema>;
export const RectificationModel = mongoose.model('Rectification', rectificationSchema);
