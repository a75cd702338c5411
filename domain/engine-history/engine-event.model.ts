import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** What the engine did to one process instance: an element activated, completed or terminated, a timer fired. */
const engineEventSchema = new Schema(
  {
    /** the record's position in the engine's log: the same record delivered twice is stored once */
    position: { type: String, required: true, unique: true },
    processInstanceKey: { type: String, required: true, index: true },
    valueType: { type: String, required: true, enum: ['PROCESS_INSTANCE', 'TIMER'] },
    intent: { type: String, required: true },
    elementId: { type: String, required: true },
    elementType: { type: String, default: null },
    elementInstanceKey: { type: String, default: null },
    processVersion: { type: Number, default: null },
    bpmnProcessId: { type: String, default: null },
    dueDate: { type: Date, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'engine_events' },
);
export type EngineEvent = InferSchemaType<typeof engineEventSchema>;
export const EngineEventModel = mongoose.model('EngineEvent', engineEventSchema);
