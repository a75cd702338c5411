import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** An engine incident (a job out of retries, an expression that failed): kept so staff and auditors see it. */
const incidentSchema = new Schema(
  {
    incidentKey: { type: String, required: true, unique: true },
    processInstanceKey: { type: String, required: true, index: true },
    applicationNumber: { type: String, default: null, index: true },
    bpmnProcessId: { type: String, required: true },
    elementId: { type: String, required: true },
    errorType: { type: String, required: true },
    errorMessage: { type: String, required: true },
    state: { type: String, required: true, enum: ['open', 'resolved'] },
    createdAt: { type: Date, required: true },
    resolvedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'incidents' },
);
export type Incident = InferSchemaType<typeof incidentSchema>;
export const IncidentModel = mongoose.model('Incident', incidentSchema);
