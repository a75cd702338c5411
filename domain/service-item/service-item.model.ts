import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { Category, HandlingMode } from '../shared/constants.js';

/** An item's life (seed 004 §12): draft → published ⇄ suspended → terminated; a change publishes version n+1. */
export const ItemStatus = { Draft: 'draft', Published: 'published', Suspended: 'suspended', Terminated: 'terminated' } as const;
export type ItemStatus = (typeof ItemStatus)[keyof typeof ItemStatus];

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
    status: { type: String, required: true, enum: Object.values(ItemStatus), default: ItemStatus.Published },
    /** the approved change request that brought this version in (null for the demo catalogue) */
    requestId: { type: String, default: null },
    /** the last change request that acted on this version: applying one twice is recognised */
    lastRequestId: { type: String, default: null },
  },
  { versionKey: false, collection: 'service_items', timestamps: true },
);
serviceItemSchema.index({ code: 1, version: 1 }, { unique: true });
export type ServiceItem = InferSchemaType<typeof serviceItemSchema>;
export const ServiceItemModel = mongoose.model('ServiceItem', serviceItemSchema);
