import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { CaseKind } from '../shared/constants.js';

/** A Camunda user task mirrored from the engine's events, so staff can list, claim and complete it. */
const taskSchema = new Schema(
  {
    userTaskKey: { type: String, required: true, unique: true },
    processInstanceKey: { type: String, required: true, index: true },
    elementId: { type: String, required: true },
    /** the engine version of the process the task's instance runs on */
    processDefinitionVersion: { type: Number, default: null },
    /**
     * the case the task works on: an application's number or a certificate requisition's, as `caseKind` says;
     * null while the case is not known yet (its start was cut short). Stored as `applicationNumber` before
     * (migrated at start, see task.repository `migrateCaseFields`).
     */
    caseNumber: { type: String, default: null, index: true },
    caseKind: { type: String, default: null, enum: Object.values(CaseKind) },
    itemCode: { type: String, default: null },
    communityCode: { type: String, default: null },
    /** practice cases of operators in activation (seed 000 §19) */
    practice: { type: Boolean, default: false },
    /** same-post substitution (AB 岗): who handed the task to whom, and why */
    handovers: [{ _id: false, from: String, to: String, reason: String, by: String, at: Date }],
    /** a mis-routed step moved to another unit (转办): from which unit to which, why, by whom */
    transfers: [{ _id: false, from: String, to: String, reason: String, by: String, at: Date }],
    step: { type: String, required: true },
    post: { type: String, required: true },
    unitCode: { type: String, required: true },
    candidateGroups: { type: [String], default: [] },
    state: { type: String, required: true, enum: ['created', 'assigned', 'completing', 'completed', 'canceled'] },
    assignee: { type: String, default: null },
    deadlineId: { type: String, default: null },
    warningAt: { type: Date, default: null },
    dueAt: { type: Date, default: null },
    redAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    completedAt: { type: Date, default: null },
    completedBy: { type: String, default: null },
    /** the process variables the completion handed to the engine, derived from the operator's body (the body itself is audited by its hash) */
    result: { type: Schema.Types.Mixed, default: null },
    /** the last engine record applied: older or repeated records are ignored */
    lastPosition: { type: Number, required: true },
  },
  { versionKey: false, collection: 'tasks' },
);
taskSchema.index({ unitCode: 1, post: 1, state: 1 });
export type Task = InferSchemaType<typeof taskSchema>;
export const TaskModel = mongoose.model('Task', taskSchema);
