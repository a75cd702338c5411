import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { REPORT_KINDS } from './report-period.js';

const file = { _id: false, data: { type: Buffer, required: true }, sha256: { type: String, required: true }, size: { type: Number, required: true } };

/**
 * A periodic supervision report (日统计、周通报、月总结、季考核, seed 001 §30) as generated: never changed after it
 * is stored. One per kind, period and scope (all units, or one unit's edition for its leader).
 */
const reportSchema = new Schema(
  {
    reportId: { type: String, required: true, unique: true },
    kind: { type: String, required: true, enum: REPORT_KINDS },
    periodKey: { type: String, required: true },
    periodLabel: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    scope: { type: String, required: true },
    scopeName: { type: String, required: true },
    content: { type: Schema.Types.Mixed, required: true },
    pdf: { type: file, required: true },
    xlsx: { type: file, required: true },
    generatedAt: { type: Date, required: true },
  },
  // minimize off: the content is kept as generated, empty tallies included
  { versionKey: false, collection: 'reports', minimize: false },
);
reportSchema.index({ kind: 1, periodKey: 1, scope: 1 }, { unique: true });
reportSchema.index({ scope: 1, from: -1 });
export type ReportRecord = InferSchemaType<typeof reportSchema>;
export const ReportModel = mongoose.model('Report', reportSchema);

/** How far the schedule has looked: the last local date whose due reports are all stored. */
const reportScheduleSchema = new Schema(
  { _id: { type: String, required: true }, lastDate: { type: String, default: null }, processInstanceKey: { type: String, default: null } },
  { versionKey: false, collection: 'report_schedule' },
);
export const ReportScheduleModel = mongoose.model('ReportSchedule', reportScheduleSchema);
