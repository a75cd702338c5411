import { type CaseKind } from '../shared/constants.js';
import { moveCaseField } from '../shared/case-field-migration.js';
import { isDuplicateKey } from '../shared/domain-error.js';
import { op } from '../shared/trusted.js';
import { TaskModel, type Task } from './task.model.js';

export type TaskRecord = Task;

/** The states in which a task still waits for an operator. */
const OPEN = ['created', 'assigned'];

export interface TaskFilter {
  unitCode?: string; post?: string; posts?: string[]; caseNumber?: string; state?: string[]; assignee?: string;
  itemCode?: string; step?: string; communityCode?: string; practice?: boolean;
  /** only tasks whose warning, due or red-card time has passed at `now` */
  passed?: 'warning' | 'yellow' | 'red'; dueBefore?: Date; now?: Date; limit?: number;
}

export function createTaskRepository() {
  return {
    async get(userTaskKey: string): Promise<TaskRecord | null> {
      return TaskModel.findOne({ userTaskKey }, { _id: 0 }).lean<TaskRecord>();
    },

    /** Stores the mirror of a task the engine created; false when it is stored already (the event came twice). */
    async insert(task: Omit<TaskRecord, 'handovers' | 'transfers' | 'completedAt' | 'completedBy' | 'result' | 'assignee'>): Promise<boolean> {
      try {
        await TaskModel.create(task);
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },

    /**
     * Applies an engine record to the task, unless a later one was applied already; `openOnly` leaves
     * completed and canceled tasks alone. True when the task changed.
     */
    /** Tasks of an instance created before its case was known (the case's start was cut short). */
    async withoutCase(processInstanceKey: string): Promise<TaskRecord[]> {
      return TaskModel.find({ processInstanceKey, caseNumber: null }, { _id: 0 }).lean<TaskRecord[]>();
    },

    /** Gives a task its case, once. */
    async attachCase(userTaskKey: string, set: Record<string, unknown>): Promise<boolean> {
      const r = await TaskModel.updateOne({ userTaskKey, caseNumber: null }, { $set: set });
      return r.modifiedCount === 1;
    },

    async applyEngineRecord(userTaskKey: string, position: number, set: Record<string, unknown>, openOnly = false): Promise<boolean> {
      const q = { userTaskKey, lastPosition: op({ $lt: position }), ...(openOnly ? { state: op({ $in: OPEN }) } : {}) };
      const r = await TaskModel.updateOne(q, { $set: { ...set, lastPosition: position } });
      return r.modifiedCount === 1;
    },

    async search(filter: TaskFilter): Promise<TaskRecord[]> {
      const q: Record<string, unknown> = {};
      if (filter.unitCode) q.unitCode = filter.unitCode;
      if (filter.post) q.post = filter.post;
      if (filter.posts) q.post = op({ $in: filter.posts.map(String) });
      if (filter.itemCode) q.itemCode = filter.itemCode;
      if (filter.step) q.step = filter.step;
      if (filter.communityCode) q.communityCode = filter.communityCode;
      if (filter.practice !== undefined) q.practice = filter.practice;
      if (filter.passed) q[{ warning: 'warningAt', yellow: 'dueAt', red: 'redAt' }[filter.passed]] = op({ $lte: filter.now ?? new Date() });
      if (filter.dueBefore) q.dueAt = op({ $lte: filter.dueBefore });
      if (filter.caseNumber) q.caseNumber = filter.caseNumber;
      if (filter.assignee) q.assignee = filter.assignee;
      if (filter.state) q.state = op({ $in: filter.state.map(String) });
      return TaskModel.find(q, { _id: 0 }).sort({ dueAt: 1, createdAt: 1 }).limit(filter.limit ?? 500).lean<TaskRecord[]>();
    },

    /** The steps of one kind of case that began in [from, to), for the quantified assessment (seed 001 §13). */
    async startedBetween(from: Date, to: Date, caseKind: CaseKind): Promise<Pick<TaskRecord, 'caseNumber' | 'step' | 'unitCode' | 'practice' | 'state' | 'deadlineId' | 'dueAt' | 'completedAt'>[]> {
      const fields = { _id: 0, caseNumber: 1, step: 1, unitCode: 1, practice: 1, state: 1, deadlineId: 1, dueAt: 1, completedAt: 1 };
      return TaskModel.find({ caseKind, createdAt: op({ $gte: from, $lt: to }) }, fields).sort({ createdAt: 1, userTaskKey: 1 }).lean();
    },

    /** Claims an open, unclaimed task; null when someone else was first. */
    async claim(userTaskKey: string, username: string): Promise<TaskRecord | null> {
      return TaskModel.findOneAndUpdate({ userTaskKey, state: 'created' }, { $set: { state: 'assigned', assignee: username } }, { new: true, projection: { _id: 0 } }).lean<TaskRecord>();
    },

    /** Gives a task claimed by `username` back to its post's queue; false when it is not theirs (any more). */
    async release(userTaskKey: string, username: string): Promise<boolean> {
      const r = await TaskModel.updateOne({ userTaskKey, state: 'assigned', assignee: username }, { $set: { state: 'created', assignee: null } });
      return r.modifiedCount === 1;
    },

    /** Notes what the operator submitted before the engine is asked; false when the task is not theirs to complete. */
    async beginCompletion(userTaskKey: string, username: string, result: Record<string, unknown>): Promise<boolean> {
      const taken = await TaskModel.findOneAndUpdate(
        { userTaskKey, state: 'assigned', assignee: username },
        { $set: { state: 'completing', completedBy: username, result } },
        { new: true },
      ).lean();
      return taken !== null;
    },

    /** The engine refused the completion: the task is the operator's again. */
    async undoCompletion(userTaskKey: string): Promise<void> {
      await TaskModel.updateOne({ userTaskKey, state: 'completing' }, { $set: { state: 'assigned', completedBy: null, result: null } });
    },

    /** Moves an open task from its current holder to `to`; null when it changed meanwhile. */
    async handOver(userTaskKey: string, from: string | null, to: string, handover: { from: string; reason: string; by: string; at: Date }): Promise<TaskRecord | null> {
      return TaskModel.findOneAndUpdate(
        { userTaskKey, state: op({ $in: OPEN }), assignee: from },
        { $set: { state: 'assigned', assignee: to }, $push: { handovers: { from: handover.from, to, reason: handover.reason, by: handover.by, at: handover.at } } },
        { new: true, projection: { _id: 0 } },
      ).lean<TaskRecord>();
    },

    /** Moves an open task to another unit's queue (转办), unclaimed, once: false when it changed meanwhile. */
    async transfer(userTaskKey: string, fromUnit: string, post: string, transfer: { to: string; reason: string; by: string; at: Date }): Promise<TaskRecord | null> {
      return TaskModel.findOneAndUpdate(
        { userTaskKey, state: op({ $in: OPEN }), unitCode: fromUnit },
        { $set: { state: 'created', assignee: null, unitCode: transfer.to, candidateGroups: [`${post}:${transfer.to}`] }, $push: { transfers: { from: fromUnit, ...transfer } } },
        { new: true, projection: { _id: 0 } },
      ).lean<TaskRecord>();
    },

    /** The newest task of a step that is not finished yet. */
    /** Tasks not yet completed or canceled that carry a step clock: the ones a calendar change may move. */
    async openWithDeadline(): Promise<TaskRecord[]> {
      return TaskModel.find({ state: op({ $in: [...OPEN, 'completing'] }), deadlineId: op({ $ne: null }) }, { _id: 0 }).lean<TaskRecord[]>();
    },

    /** The step clock of an open task moved (a calendar change): its card times follow. */
    async moveTimes(deadlineId: string, times: { warningAt: Date; dueAt: Date; redAt: Date }): Promise<void> {
      await TaskModel.updateMany({ deadlineId, state: op({ $in: [...OPEN, 'completing'] }) }, { $set: times });
    },

    async openTaskOf(processInstanceKey: string, step: string): Promise<TaskRecord | null> {
      return TaskModel.findOne({ processInstanceKey, step, state: op({ $in: [...OPEN, 'completing'] }) }, { _id: 0 }).sort({ createdAt: -1 }).lean<TaskRecord>();
    },
  };
}
export type TaskRepository = ReturnType<typeof createTaskRepository>;

/**
 * Start-up migration: tasks stored with their case number in `applicationNumber` get it as `caseNumber`, with
 * `caseKind` (a requisition when the store knows the number as one, else read from the number's form), and lose
 * the old field in the same single-document update. Safe to run again. Counts what it moved.
 */
export async function migrateTaskCaseFields(kindOf: (caseNumber: string) => Promise<CaseKind>): Promise<{ moved: number; droppedIndex: boolean }> {
  // the driver's collection, not the model: the model no longer knows the old field and would drop it from the filter
  return moveCaseField(TaskModel.collection, kindOf);
}
