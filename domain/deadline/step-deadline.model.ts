import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { CaseKind } from '../shared/constants.js';

/** A stored deadline computation for one step of one case, kept for staff, applicants and auditors. */
const stepDeadlineSchema = new Schema(
  {
    /** the job key of the compute-step-deadline job: a second delivery finds the first result */
    id: { type: String, required: true, unique: true },
    /** the case: an application's number or a certificate requisition's, as `caseKind` says (stored as `applicationNumber` before) */
    caseNumber: { type: String, required: true, index: true },
    caseKind: { type: String, required: true, enum: Object.values(CaseKind) },
    step: { type: String, required: true },
    warningAt: { type: Date, default: null },
    dueAt: { type: Date, default: null },
    redAt: { type: Date, default: null },
    derivation: { type: Schema.Types.Mixed, required: true },
    computedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'step_deadlines' },
);
export type StepDeadline = InferSchemaType<typeof stepDeadlineSchema>;
export const StepDeadlineModel = mongoose.model('StepDeadline', stepDeadlineSchema);
