import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** A text message the local gateway kept instead of sending; one per notice. */
const smsOutboxSchema = new Schema(
  {
    ref: { type: String, required: true, unique: true },
    to: { type: String, required: true },
    text: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'sms_outbox' },
);
smsOutboxSchema.index({ to: 1, at: -1 });
export type SmsOutboxEntry = InferSchemaType<typeof smsOutboxSchema>;
export const SmsOutboxModel = mongoose.model('SmsOutbox', smsOutboxSchema);
