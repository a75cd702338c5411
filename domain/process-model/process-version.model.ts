import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** A saved version of a process model: the XML as the business owner left it, who, when, why. */
const processVersionSchema = new Schema(
  {
    processId: { type: String, required: true },
    version: { type: Number, required: true, min: 1 },
    name: { type: String, default: null },
    xml: { type: String, required: true },
    checksum: { type: String, required: true },
    author: { type: String, required: true },
    comment: { type: String, required: true },
    savedAt: { type: Date, required: true },
    lint: { errors: { type: Schema.Types.Mixed, default: [] }, warnings: { type: Schema.Types.Mixed, default: [] } },
    deployments: [{ _id: false, engineVersion: Number, processDefinitionKey: String, deploymentKey: String, deployedAt: Date, deployedBy: String }],
    /** a draft put away: kept with its history, out of the list until asked for or restored */
    archived: { type: new Schema({ at: Date, by: String, reason: String }, { _id: false }), default: null },
  },
  { versionKey: false, collection: 'process_versions' },
);
processVersionSchema.index({ processId: 1, version: 1 }, { unique: true });
processVersionSchema.index({ processId: 1, checksum: 1 }, { unique: true });
export type ProcessVersion = InferSchemaType<typeof processVersionSchema>;
export const ProcessVersionModel = mongoose.model('ProcessVersion', processVersionSchema);
