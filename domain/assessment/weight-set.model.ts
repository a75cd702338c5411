import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** pending → approved (in force from then) or rejected; decided once, by another person of the service office. */
export const WeightStatus = { Pending: 'pending', Approved: 'approved', Rejected: 'rejected' } as const;
export type WeightStatus = (typeof WeightStatus)[keyof typeof WeightStatus];

const person = new Schema({ username: { type: String, required: true }, role: { type: String, required: true } }, { _id: false });

/**
 * A set of dimension weights (考核权重) proposed by the service office: it ranks units only once another person
 * of the office approves it (four eyes). Every version is kept; the newest approved one is in force.
 */
const weightSetSchema = new Schema(
  {
    version: { type: Number, required: true, unique: true },
    /** dimension key → weight; the weights add up to 100 */
    weights: { type: Schema.Types.Mixed, required: true },
    reason: { type: String, required: true },
    status: { type: String, required: true, enum: Object.values(WeightStatus), index: true },
    proposedBy: { type: person, required: true },
    proposedAt: { type: Date, required: true },
    decidedBy: { type: person, default: null },
    decidedAt: { type: Date, default: null },
    comment: { type: String, default: null },
    /** set while undecided: one open proposal at a time, held by the unique index */
    openFor: { type: String },
  },
  { versionKey: false, collection: 'assessment_weight_sets', minimize: false },
);
weightSetSchema.index({ openFor: 1 }, { unique: true, sparse: true });
weightSetSchema.index({ status: 1, decidedAt: -1 });
export type WeightSet = InferSchemaType<typeof weightSetSchema>;
export const WeightSetModel = mongoose.model('AssessmentWeightSet', weightSetSchema);
