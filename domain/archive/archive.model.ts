import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** A case archived twice: the electronic record and where the paper file is kept (seed 000 §28). */
const archiveSchema = new Schema(
  {
    applicationNumber: { type: String, required: true, unique: true },
    electronic: { type: Schema.Types.Mixed, required: true },
    /** paper archives by business type in time order: community / item / year-month / number */
    paperLocation: { type: String, required: true },
    archivedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'archives' },
);
export type Archive = InferSchemaType<typeof archiveSchema>;
export const ArchiveModel = mongoose.model('Archive', archiveSchema);
