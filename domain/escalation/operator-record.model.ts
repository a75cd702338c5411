import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { CaseKind } from '../shared/constants.js';

/** The operator's personal record (个人操作记录, seed 000 §25, §29): cards, completions and voids. */
const operatorRecordSchema = new Schema(
  {
    /** username, or the post's queue `post:unit` while a task is unclaimed */
    operator: { type: String, required: true, index: true },
    kind: { type: String, required: true, enum: ['warning', 'yellow', 'red', 'completion', 'void', 'serial-use'] },
    /** the case worked on: an application's number or a certificate requisition's, as `caseKind` says (stored as `applicationNumber` before) */
    caseNumber: { type: String, default: null },
    caseKind: { type: String, default: null, enum: [...Object.values(CaseKind), null] },
    step: { type: String, default: null },
    at: { type: Date, required: true },
    /** what it refers to (task key, card id, serial); with kind, unique so a repeat adds nothing */
    ref: { type: String, required: true },
  },
  { versionKey: false, collection: 'operator_records' },
);
operatorRecordSchema.index({ kind: 1, ref: 1 }, { unique: true });
export type OperatorRecord = InferSchemaType<typeof operatorRecordSchema>;
export const OperatorRecordModel = mongoose.model('OperatorRecord', operatorRecordSchema);
