import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const branchSchema = new Schema({
  /** 1…N: the branch of the process the item runs in (approve-1 …) */
  n: { type: Number, required: true },
  itemCode: { type: String, required: true },
  itemName: { type: String, required: true },
  departmentCode: { type: String, required: true },
  departmentName: { type: String, required: true },
  /** the unit the branch's approval is routed to for the applicant's community (routing.ts) */
  unit: { type: String, required: true },
  deemedApproval: { type: Boolean, default: false },
  decision: { type: String, enum: ['approved', 'not-approved', 'deemed-approved', null], default: null },
  reasons: { type: [String], default: [] },
}, { _id: false });

/**
 * A package application (套餐式服务办件, seed 004 §19): one form, one acceptance and one case number for several
 * items, the departments approving in parallel, one joint answer.
 */
const packageApplicationSchema = new Schema(
  {
    packageNumber: { type: String, required: true, unique: true },
    packageCode: { type: String, required: true, index: true },
    packageVersion: { type: Number, required: true },
    packageName: { type: String, required: true },
    leadDepartment: { type: String, required: true, index: true },
    applicant: { name: { type: String, required: true }, idNumber: { type: String, required: true } },
    applicantUsername: { type: String, default: null, index: true },
    channel: { type: String, required: true, enum: ['window', 'online'] },
    communityCode: { type: String, required: true, index: true },
    /** the merged form's materials, each once, with what the acceptor found */
    materials: [{ _id: false, name: String, required: Boolean, items: [String], provided: Boolean }],
    filedBy: { type: String, required: true },
    filedAt: { type: Date, required: true },
    acceptedBy: { type: String, default: null },
    acceptedAt: { type: Date, default: null },
    status: { type: String, required: true, enum: ['filed', 'approving', 'answered'], index: true },
    branches: { type: [branchSchema], default: [] },
    processInstanceKey: { type: String, default: null, index: true },
    outcome: { type: String, enum: ['approved', 'not-approved', null], default: null },
    answer: { zh: String, en: String },
    answeredAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'package_applications' },
);
packageApplicationSchema.index({ 'branches.unit': 1, status: 1 });
export type PackageApplication = InferSchemaType<typeof packageApplicationSchema>;
export const PackageApplicationModel = mongoose.model('PackageApplication', packageApplicationSchema);
