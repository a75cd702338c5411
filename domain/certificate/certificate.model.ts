import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const CertificateStatus = { Valid: 'valid', Revoked: 'revoked' } as const;
export type CertificateStatus = (typeof CertificateStatus)[keyof typeof CertificateStatus];

/** An electronic certificate (电子证照, seed 004 §40): the signed document as issued, and whether it was revoked. */
const certificateSchema = new Schema(
  {
    certificateId: { type: String, required: true, unique: true },
    /** one certificate per case */
    applicationNumber: { type: String, required: true, unique: true },
    printSerial: { type: String, default: null, index: true },
    /** the signed payload exactly as signed, and its signature */
    payload: { type: Schema.Types.Mixed, required: true },
    signature: { alg: { type: String, required: true }, keyId: { type: String, required: true }, value: { type: String, required: true } },
    issuedAt: { type: Date, required: true },
    status: { type: String, required: true, enum: Object.values(CertificateStatus), default: CertificateStatus.Valid },
    revokedAt: { type: Date, default: null },
    revokedBy: { type: String, default: null },
    revokeReason: { type: String, default: null },
  },
  { versionKey: false, collection: 'e_certificates', minimize: false },
);
export type CertificateRecord = InferSchemaType<typeof certificateSchema>;
export const CertificateModel = mongoose.model('ElectronicCertificate', certificateSchema);
