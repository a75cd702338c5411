import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** A signed-in session: access tokens name it, the refresh token (stored as a hash) renews it. */
const sessionSchema = new Schema(
  {
    sessionId: { type: String, required: true, unique: true },
    username: { type: String, required: true, index: true },
    refreshHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    revokedWhy: { type: String, default: null },
  },
  { versionKey: false, collection: 'sessions' },
);
export type Session = InferSchemaType<typeof sessionSchema>;
export const SessionModel = mongoose.model('Session', sessionSchema);
