import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** The yearly evaluation's outcome (seed 000 §16): keep the item, adjust it, or withdraw it from the communities. */
export const EvaluationDecision = { Keep: 'keep', Adjust: 'adjust', Withdraw: 'withdraw' } as const;
export type EvaluationDecision = (typeof EvaluationDecision)[keyof typeof EvaluationDecision];

/** One item's evaluation for one year (事项年度评估); the volume is counted from the applications, not typed in. */
const itemEvaluationSchema = new Schema(
  {
    itemCode: { type: String, required: true },
    year: { type: Number, required: true },
    /** the item's version and status when it was evaluated */
    itemVersion: { type: Number, required: true },
    itemStatus: { type: String, required: true },
    /** 居民需求 */
    demand: { type: String, required: true },
    /** 办件量: applications filed that year, practice cases not counted */
    volume: { type: Number, required: true },
    problems: { type: [String], default: [] },
    decision: { type: String, required: true, enum: Object.values(EvaluationDecision) },
    by: { type: new Schema({ username: { type: String, required: true }, role: { type: String, required: true } }, { _id: false }), required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'item_evaluations' },
);
itemEvaluationSchema.index({ itemCode: 1, year: 1 }, { unique: true });
export type ItemEvaluation = InferSchemaType<typeof itemEvaluationSchema>;
export const ItemEvaluationModel = mongoose.model('ItemEvaluation', itemEvaluationSchema);
