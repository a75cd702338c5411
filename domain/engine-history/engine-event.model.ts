import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** What the engine did to one process instance: an element activated, completed or terminated, a timer fired. */
const engineEventSchema = new Schema(
  {
    /** the engine's key for the event: the same event delivered twice is stored once */
    key: { type: String, required: true, unique: true },
    processInstanceKey: { type: String, required: true, index: true },
    /** the event's order within its instance */
    seq: { type: Number, required: true },
    kind: { type: String, required: true, enum: ['element.activated', 'element.completed', 'element.terminated', 'timer.fired'] },
    elementId: { type: String, required: true },
    elementType: { type: String, default: null },
    elementInstanceKey: { type: String, default: null },
    processVersion: { type: Number, default: null },
    bpmnProcessId: { type: String, default: null },
    dueDate: { type: Date, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'engine_history' },
);
export type EngineHistoryRecord = InferSchemaType<typeof engineEventSchema>;
export const EngineEventModel = mongoose.model('EngineHistoryEvent', engineEventSchema);
