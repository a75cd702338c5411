import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** Where a requisition stands: asked, answered, serials allocated, booked into stock, or refused. */
export const RequisitionStatus = {
  Requested: 'requested', Exchanging: 'exchanging', Allocated: 'allocated', Mismatch: 'mismatch', Booked: 'booked', Refused: 'refused',
} as const;
export type RequisitionStatus = (typeof RequisitionStatus)[keyof typeof RequisitionStatus];

/** 证件预领 (seed 000 §23): a community asks the issuing department for blank certificates of one type. */
const requisitionSchema = new Schema(
  {
    requisitionNumber: { type: String, required: true, unique: true },
    communityCode: { type: String, required: true, index: true },
    departmentCode: { type: String, required: true, index: true },
    certificateType: { type: String, required: true },
    quantity: { type: Number, required: true, min: 1 },
    status: { type: String, required: true, enum: Object.values(RequisitionStatus) },
    requestedBy: { type: String, required: true },
    requestedAt: { type: Date, required: true },
    processInstanceKey: { type: String, default: null, index: true },
    /** the last period's check: one-to-one breaks found in the community's stock */
    archiveMismatches: { type: [{ _id: false, kind: String, serial: String, applicationNumber: String, message: String }], default: [] },
    /** voided forms handed back with this requisition */
    returnedSerials: { type: [String], default: [] },
    allocatedSerials: { type: [String], default: [] },
    /** serials the community reported as not received, each round */
    mismatches: { type: [{ _id: false, serials: [String], at: Date }], default: [] },
    bookedCount: { type: Number, default: 0 },
    closedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'requisitions' },
);
export type Requisition = InferSchemaType<typeof requisitionSchema>;
export const RequisitionModel = mongoose.model('Requisition', requisitionSchema);
