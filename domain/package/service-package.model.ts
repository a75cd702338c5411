import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const limitSchema = new Schema({ value: { type: Number, required: true }, unit: { type: String, required: true, enum: ['working-days', 'working-hours'] } }, { _id: false });

/**
 * A package (theme) service, 主题式/套餐式服务 (seed 004 §19): several items of several departments filed with one
 * form, approved in parallel and answered once; led by one of the departments, whose limit it keeps. Defined by the
 * service office through four-eyes change requests, as items are (seed 004 §12); `version` grows with each change.
 */
const servicePackageSchema = new Schema(
  {
    code: { type: String, required: true, unique: true },
    version: { type: Number, required: true, min: 1 },
    name: { type: String, required: true },
    itemCodes: { type: [String], required: true },
    /** 牵头部门: coordinates the package and sets its limit */
    leadDepartment: { type: String, required: true },
    totalLimit: { type: limitSchema, required: true },
    description: { type: String, default: '' },
    status: { type: String, required: true, enum: ['published', 'suspended'], default: 'published' },
    /** the change request that brought this version in (null for the demo package) */
    requestId: { type: String, default: null },
  },
  { versionKey: false, collection: 'service_packages', timestamps: true },
);
export type ServicePackage = InferSchemaType<typeof servicePackageSchema>;
export const ServicePackageModel = mongoose.model('ServicePackage', servicePackageSchema);
