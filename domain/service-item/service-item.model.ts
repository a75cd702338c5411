import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { Category, HandlingMode } from '../shared/constants.js';

const limitSchema = new Schema({ value: { type: Number, required: true }, unit: { type: String, required: true, enum: ['working-days', 'working-hours'] } }, { _id: false });

/** A service item (事项) version; `code` + `version` identify it, applications keep the version they started on. */
const serviceItemSchema = new Schema(
  {
    code: { type: String, required: true },
    version: { type: Number, required: true, min: 1 },
    name: { type: String, required: true },
    legalBasis: { type: String, required: true },
    category: { type: String, required: true, enum: Object.values(Category) },
    handlingMode: { type: String, required: true, enum: Object.values(HandlingMode) },
    conditions: { type: [String], default: [] },
    materials: [{ _id: false, name: String, form: String, count: Number, required: Boolean }],
    stepLimits: { type: Map, of: limitSchema, required: true },
    totalLimit: { type: limitSchema, required: true },
    departmentCode: { type: String, required: true },
    stepUnits: { type: Map, of: String, default: undefined },
    fees: { type: String, default: '' },
    result: { type: String, required: true },
    certificateType: { type: String, required: true },
    processId: { type: String, required: true },
    deemedApproval: { type: Boolean, default: false },
    status: { type: String, required: true, enum: ['draft', 'published', 'suspended', 'terminated'], default: 'published' },
  },
  { versionKey: false, collection: 'service_items', timestamps: true },
);
serviceItemSchema.index({ code: 1, version: 1 }, { unique: true });
export type ServiceItem = InferSchemaType<typeof serviceItemSchema>;
export const ServiceItemModel = mongoose.model('ServiceItem', serviceItemSchema);
