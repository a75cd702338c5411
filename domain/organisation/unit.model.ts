import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** A unit of the four levels (seed 003 §3): city, district, township/street, community; or a business department. */
const unitSchema = new Schema(
  {
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    level: { type: String, required: true, enum: ['city', 'district', 'township', 'community'] },
    kind: { type: String, required: true, enum: ['government', 'department', 'community'] },
    parentCode: { type: String, default: null },
    /** 业务条线 of a department (civil, health…): routing finds the applicant's own area's department of the item's line */
    line: { type: String, default: null },
    /** the community's confirmation stamp (确认章) id, seed 000 §10 */
    stampId: { type: String, default: null },
  },
  { versionKey: false, collection: 'units' },
);
export type Unit = InferSchemaType<typeof unitSchema>;
export const UnitModel = mongoose.model('Unit', unitSchema);
