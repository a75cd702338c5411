import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** A named counter (application numbers, document numbers per item and year). */
const sequenceSchema = new Schema(
  {
    _id: { type: String, required: true },
    value: { type: Number, required: true, min: 0 },
  },
  { versionKey: false, collection: 'sequences' },
);
export type Sequence = InferSchemaType<typeof sequenceSchema>;
export const SequenceModel = mongoose.model('Sequence', sequenceSchema);
