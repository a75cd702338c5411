import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** A blank certificate's print serial (印字号) in a community's stock (seed 000 §22–25). */
const printSerialSchema = new Schema(
  {
    serial: { type: String, required: true, unique: true },
    communityCode: { type: String, required: true },
    certificateType: { type: String, required: true },
    state: { type: String, required: true, enum: ['in-stock', 'used', 'voided'] },
    applicationNumber: { type: String, default: null },
    usedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'print_serials' },
);
printSerialSchema.index({ communityCode: 1, certificateType: 1, state: 1, serial: 1 });
export type PrintSerial = InferSchemaType<typeof printSerialSchema>;
export const PrintSerialModel = mongoose.model('PrintSerial', printSerialSchema);

/** One use per application, ever: the unique index makes a second use impossible under any concurrency. */
const serialUseSchema = new Schema(
  {
    applicationNumber: { type: String, required: true, unique: true },
    serial: { type: String, required: true, unique: true },
    operator: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'print_serial_uses' },
);
export const SerialUseModel = mongoose.model('SerialUse', serialUseSchema);
