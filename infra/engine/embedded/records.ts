import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** The embedded engine's own collections: the source of truth is one document per instance. */

const definitionSchema = new Schema({
  _id: { type: String, required: true },
  processId: { type: String, required: true },
  version: { type: Number, required: true },
  name: { type: String, default: null },
  resourceName: { type: String, required: true },
  hash: { type: String, required: true },
  xml: { type: String, required: true },
  deployedAt: { type: Date, required: true },
}, { versionKey: false, collection: 'engine_definitions' });
definitionSchema.index({ processId: 1, version: -1 }, { unique: true });
definitionSchema.index({ processId: 1, hash: 1 });

/** A wait point of an instance: a job, a user task, a message subscription, a timer or a called child. */
const waitSchema = new Schema({
  kind: { type: String, required: true, enum: ['job', 'user-task', 'message', 'timer', 'call'] },
  key: { type: String, required: true },
  executionId: { type: String, required: true },
  elementId: { type: String, required: true },
  data: { type: Schema.Types.Mixed, default: {} },
}, { _id: false });

const instanceSchema = new Schema({
  _id: { type: String, required: true },
  processId: { type: String, required: true },
  version: { type: Number, required: true },
  definitionKey: { type: String, required: true },
  parent: { type: new Schema({ instanceKey: String, waitKey: String }, { _id: false }), default: null },
  status: { type: String, required: true, enum: ['active', 'completed', 'canceled', 'failed'] },
  /** bpmn-engine's state, without the model (recovered with the deployed definition) */
  state: { type: String, default: null },
  /** the instance's variables as JSON (keys may hold characters the store refuses in field names) */
  variables: { type: String, required: true },
  rev: { type: Number, required: true },
  seq: { type: Number, required: true },
  waits: { type: [waitSchema], default: [] },
  /** events not yet delivered to the platform, in order */
  outbox: { type: [Schema.Types.Mixed], default: [] },
  hasOutbox: { type: Boolean, default: false },
  /** false between saving the instance and updating the job, timer and subscription collections */
  projected: { type: Boolean, default: true },
  createdAt: { type: Date, required: true },
  endedAt: { type: Date, default: null },
  /** which save wrote the document last (the engine's group commit reads it back when a bulk write cannot say) */
  saveId: { type: String },
  /** the caller's identity for the instance: a second start with it answers this instance */
  businessKey: { type: String },
}, { versionKey: false, collection: 'engine_instances' });
instanceSchema.index({ businessKey: 1 }, { unique: true, sparse: true });
instanceSchema.index({ hasOutbox: 1 }, { partialFilterExpression: { hasOutbox: true } });
instanceSchema.index({ projected: 1 }, { partialFilterExpression: { projected: false } });
instanceSchema.index({ status: 1, processId: 1 });

const jobSchema = new Schema({
  _id: { type: String, required: true },
  instanceKey: { type: String, required: true, index: true },
  type: { type: String, required: true },
  elementId: { type: String, required: true },
  executionId: { type: String, required: true },
  processId: { type: String, required: true },
  retries: { type: Number, required: true },
  state: { type: String, required: true, enum: ['activatable', 'activated', 'failed'] },
  /** engine time before which a failed attempt is not retried */
  availableAt: { type: Date, required: true },
  /** wall time after which an activated job that no worker answered is handed out again */
  deadline: { type: Date, default: null },
  worker: { type: String, default: null },
  errorMessage: { type: String, default: null },
  variables: { type: String, required: true },
  headers: { type: Schema.Types.Mixed, default: {} },
  createdAt: { type: Date, required: true },
}, { versionKey: false, collection: 'engine_jobs' });
jobSchema.index({ type: 1, state: 1, availableAt: 1 });
jobSchema.index({ state: 1, deadline: 1 });

const timerSchema = new Schema({
  _id: { type: String, required: true },
  instanceKey: { type: String, required: true, index: true },
  elementId: { type: String, required: true },
  dueAt: { type: Date, required: true, index: true },
}, { versionKey: false, collection: 'engine_timers' });

const subscriptionSchema = new Schema({
  _id: { type: String, required: true },
  instanceKey: { type: String, required: true, index: true },
  name: { type: String, required: true },
  correlationKey: { type: String, required: true },
  elementId: { type: String, required: true },
  createdAt: { type: Date, required: true },
}, { versionKey: false, collection: 'engine_subscriptions' });
subscriptionSchema.index({ name: 1, correlationKey: 1, createdAt: 1 });

const messageSchema = new Schema({
  _id: { type: String, required: true },
  name: { type: String, required: true },
  correlationKey: { type: String, required: true },
  variables: { type: String, required: true },
  publishedAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true, index: true },
}, { versionKey: false, collection: 'engine_messages' });
messageSchema.index({ name: 1, correlationKey: 1, publishedAt: 1 });

const userTaskSchema = new Schema({
  _id: { type: String, required: true },
  instanceKey: { type: String, required: true, index: true },
  elementId: { type: String, required: true },
  assignee: { type: String, default: null },
}, { versionKey: false, collection: 'engine_user_tasks' });

const incidentSchema = new Schema({
  _id: { type: String, required: true },
  instanceKey: { type: String, required: true, index: true },
  jobKey: { type: String, default: null },
  elementId: { type: String, required: true },
  errorType: { type: String, required: true },
  message: { type: String, required: true },
  state: { type: String, required: true, enum: ['open', 'resolved'] },
  createdAt: { type: Date, required: true },
}, { versionKey: false, collection: 'engine_incidents' });

export type DefinitionRecord = InferSchemaType<typeof definitionSchema>;
export type InstanceRecord = InferSchemaType<typeof instanceSchema>;
export type WaitRecord = InferSchemaType<typeof waitSchema>;
export type JobRecord = InferSchemaType<typeof jobSchema>;
export const DefinitionModel = mongoose.model('EngineDefinition', definitionSchema);
export const InstanceModel = mongoose.model('EngineInstance', instanceSchema);
export const JobModel = mongoose.model('EngineJob', jobSchema);
export const TimerModel = mongoose.model('EngineTimer', timerSchema);
export const SubscriptionModel = mongoose.model('EngineSubscription', subscriptionSchema);
export const MessageModel = mongoose.model('EngineMessage', messageSchema);
export const UserTaskModel = mongoose.model('EngineUserTask', userTaskSchema);
export const EngineIncidentModel = mongoose.model('EngineIncident', incidentSchema);
