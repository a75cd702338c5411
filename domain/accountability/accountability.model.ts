import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * Where a window violation (窗口违规行为, seed 001 §31–32) comes from: a red card (红牌, seed 000 §29), a complaint
 * found valid (投诉属实), a bad review found valid (差评属实), or a refusal without legal grounds (无法定理由不予受理,
 * recorded by a supervisor).
 */
export const ViolationSource = { RedCard: 'red-card', Complaint: 'complaint', BadReview: 'bad-review', Refusal: 'refusal' } as const;
export type ViolationSource = (typeof ViolationSource)[keyof typeof ViolationSource];

/** Nothing happens to the operator until a supervisor confirms (确认) or dismisses (不予认定) the violation. */
export const ViolationState = { Pending: 'pending', Confirmed: 'confirmed', Dismissed: 'dismissed' } as const;
export type ViolationState = (typeof ViolationState)[keyof typeof ViolationState];

/** seed 001 §31: 一次警示教育、二次下岗培训、三次问责处分: warning, off-post retraining, referral for accountability. */
export const LadderStep = { Warning: 'warning', Retraining: 'retraining', Referral: 'referral' } as const;
export type LadderStep = (typeof LadderStep)[keyof typeof LadderStep];
export const LADDER = [LadderStep.Warning, LadderStep.Retraining, LadderStep.Referral] as const;

const decisionSchema = new Schema({ by: { type: String, required: true }, at: { type: Date, required: true }, reason: { type: String, required: true } }, { _id: false });
const statementSchema = new Schema({ text: { type: String, required: true }, at: { type: Date, required: true } }, { _id: false });

/** One violation recorded against a named operator, and the ladder step its confirmation took. */
const violationSchema = new Schema(
  {
    /** `WG` + year + sequence */
    violationId: { type: String, required: true, unique: true },
    /** source + what it refers to (card, complaint, rectification, case): a redelivery finds it and adds nothing */
    key: { type: String, required: true, unique: true },
    source: { type: String, required: true, enum: Object.values(ViolationSource) },
    operator: { type: String, required: true, index: true },
    unitCode: { type: String, default: null, index: true },
    caseNumber: { type: String, default: null },
    caseKind: { type: String, default: null },
    /** what happened, in Chinese, for the supervisor and the operator */
    summary: { type: String, required: true },
    at: { type: Date, required: true },
    recordedBy: { type: String, required: true },
    state: { type: String, required: true, enum: Object.values(ViolationState), index: true },
    /** set on confirmation: the step it took and the operator's count within the reset period */
    step: { type: String, default: null, enum: [null, ...Object.values(LadderStep)] },
    position: { type: Number, default: null },
    decision: { type: decisionSchema, default: null },
    /** 陈述申辩: the operator's written view, once */
    statement: { type: statementSchema, default: null },
  },
  { versionKey: false, collection: 'violations' },
);
violationSchema.index({ operator: 1, state: 1, 'decision.at': 1 });
export type Violation = InferSchemaType<typeof violationSchema>;
export const ViolationModel = mongoose.model('Violation', violationSchema);
