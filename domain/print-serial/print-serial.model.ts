import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** Where a blank certificate is: allocated to a requisition, in the community's stock, used, voided, returned. */
export const SerialState = { Allocated: 'allocated', InStock: 'in-stock', Used: 'used', Voided: 'voided', Returned: 'returned' } as const;
export type SerialState = (typeof SerialState)[keyof typeof SerialState];

/** A blank certificate's print serial (印字号) in a community's stock (seed 000 §22–25). */
const printSerialSchema = new Schema(
  {
    serial: { type: String, required: true, unique: true },
    communityCode: { type: String, required: true },
    certificateType: { type: String, required: true },
    state: { type: String, required: true, enum: Object.values(SerialState) },
    applicationNumber: { type: String, default: null },
    usedAt: { type: Date, default: null },
    requisitionNumber: { type: String, default: null },
    voidReason: { type: String, default: null },
    voidedBy: { type: String, default: null },
    voidedAt: { type: Date, default: null },
    /** the requisition that booked the serial into stock, and when: a booking cut short is finished from these */
    bookedFor: { type: String, default: null },
    bookedAt: { type: Date, default: null },
    /** when the voided form went back (with `requisitionNumber`) */
    returnedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'print_serials' },
);
printSerialSchema.index({ communityCode: 1, certificateType: 1, state: 1, serial: 1 });
printSerialSchema.index({ requisitionNumber: 1, state: 1 });
printSerialSchema.index({ bookedFor: 1 });
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

/** The stock ledger (证件领用台账): each serial comes in, is used or voided, and a voided one goes back, once each. */
export const MovementKind = { In: 'in', Used: 'used', Voided: 'voided', Returned: 'returned' } as const;
export type MovementKind = (typeof MovementKind)[keyof typeof MovementKind];
const stockMovementSchema = new Schema(
  {
    communityCode: { type: String, required: true },
    certificateType: { type: String, required: true },
    serial: { type: String, required: true },
    kind: { type: String, required: true, enum: Object.values(MovementKind) },
    applicationNumber: { type: String, default: null },
    requisitionNumber: { type: String, default: null },
    operator: { type: String, default: null },
    reason: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'stock_movements' },
);
stockMovementSchema.index({ serial: 1, kind: 1 }, { unique: true });
stockMovementSchema.index({ communityCode: 1, certificateType: 1, at: 1 });
export type StockMovement = InferSchemaType<typeof stockMovementSchema>;
export const StockMovementModel = mongoose.model('StockMovement', stockMovementSchema);
