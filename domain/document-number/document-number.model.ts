import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** The certificate or approval document number (证书编号 / 批准文号) issued once per application. */
const documentNumberSchema = new Schema(
  {
    applicationNumber: { type: String, required: true, unique: true },
    itemCode: { type: String, required: true },
    year: { type: Number, required: true },
    number: { type: String, required: true, unique: true },
    issuedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'document_numbers' },
);
export type DocumentNumber = InferSchemaType<typeof documentNumberSchema>;
export const DocumentNumberModel = mongoose.model('DocumentNumber', documentNumberSchema);
