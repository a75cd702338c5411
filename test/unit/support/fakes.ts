import type { ApplicationRecord, ApplicationRepository } from '../../../domain/application/application.repository.js';
import type { AuditInput, AuditService } from '../../../domain/audit/audit.service.js';
import type { StepDeadlineService } from '../../../domain/deadline/step-deadline.service.js';
import type { OperatorRecord, OperatorRecordRepository } from '../../../domain/escalation/operator-record.repository.js';
import type { TaskFilter, TaskRecord, TaskRepository } from '../../../domain/task/task.repository.js';

// In-memory stand-ins for the repositories: the same answers the store gives, for the cases these tests make.

export function fakeTaskRepository(): TaskRepository & { rows: Map<string, TaskRecord> } {
  const rows = new Map<string, TaskRecord>();
  const copy = (t: TaskRecord | undefined) => (t ? structuredClone(t) : null);
  const change = (key: string, when: (t: TaskRecord) => boolean, set: Partial<TaskRecord>) => {
    const t = rows.get(key);
    if (!t || !when(t)) return null;
    Object.assign(t, set);
    return copy(t);
  };
  return {
    rows,
    get: async (key) => copy(rows.get(key)),
    insert: async (task) => {
      if (rows.has(task.userTaskKey)) return false;
      rows.set(task.userTaskKey, { handovers: [], assignee: null, completedAt: null, completedBy: null, result: null, ...structuredClone(task) } as unknown as TaskRecord);
      return true;
    },
    applyEngineRecord: async (key, position, set, openOnly = false) =>
      change(key, (t) => t.lastPosition < position && (!openOnly || ['created', 'assigned'].includes(t.state)), { ...set, lastPosition: position }) !== null,
    withoutCase: async (pik) => [...rows.values()].filter((t) => t.processInstanceKey === pik && !t.caseNumber).map((t) => copy(t)!),
    attachCase: async (key, set) => change(key, (t) => !t.caseNumber, set as Partial<TaskRecord>) !== null,
    startedBetween: async (from, to, kind) => [...rows.values()].filter((t) => t.caseKind === kind && t.createdAt >= from && t.createdAt < to).map((t) => copy(t)!),
    search: async (f: TaskFilter) => [...rows.values()].filter((t) => (!f.unitCode || t.unitCode === f.unitCode) && (!f.state || f.state.includes(t.state))).map((t) => copy(t)!),
    claim: async (key, username) => change(key, (t) => t.state === 'created', { state: 'assigned', assignee: username }),
    release: async (key, username) => change(key, (t) => t.state === 'assigned' && t.assignee === username, { state: 'created', assignee: null }) !== null,
    beginCompletion: async (key, username, result) => change(key, (t) => t.state === 'assigned' && t.assignee === username, { state: 'completing', completedBy: username, result }) !== null,
    undoCompletion: async (key) => void change(key, (t) => t.state === 'completing', { state: 'assigned', completedBy: null, result: null }),
    handOver: async (key, from, to, h) => {
      const t = rows.get(key);
      if (!t || !['created', 'assigned'].includes(t.state) || (t.assignee ?? null) !== from) return null;
      return change(key, () => true, { state: 'assigned', assignee: to, handovers: [...t.handovers, { ...h, to }] as unknown as TaskRecord['handovers'] });
    },
    transfer: async (key, fromUnit, post, tr) => change(key, (t) => ['created', 'assigned'].includes(t.state) && t.unitCode === fromUnit, {
      state: 'created', assignee: null, unitCode: tr.to, candidateGroups: [`${post}:${tr.to}`], transfers: [...(rows.get(key)?.transfers ?? []), { from: fromUnit, ...tr }] as unknown as TaskRecord['transfers'],
    }),
    openWithDeadline: async () => [...rows.values()].filter((t) => t.deadlineId && ['created', 'assigned', 'completing'].includes(t.state)).map((t) => copy(t)!),
    moveTimes: async (deadlineId, times) => {
      for (const t of rows.values()) if (t.deadlineId === deadlineId && ['created', 'assigned', 'completing'].includes(t.state)) Object.assign(t, times);
    },
    openTaskOf: async (pik, step) => copy([...rows.values()].filter((t) => t.processInstanceKey === pik && t.step === step && ['created', 'assigned', 'completing'].includes(t.state)).at(-1)),
  };
}

export function fakeOperatorRecords(): OperatorRecordRepository & { rows: OperatorRecord[] } {
  const rows: OperatorRecord[] = [];
  return {
    rows,
    add: async (e) => {
      if (!rows.some((r) => r.kind === e.kind && r.ref === e.ref)) rows.push(e);
    },
    of: async (operator) => rows.filter((r) => r.operator === operator),
  };
}

/** Applications by number; only reads are needed by the services under test. */
export function fakeApplications(apps: Partial<ApplicationRecord>[] = []): ApplicationRepository {
  const find = (pred: (a: Partial<ApplicationRecord>) => boolean) => (apps.find(pred) ?? null) as ApplicationRecord | null;
  return {
    get: async (n: string) => find((a) => a.applicationNumber === n),
    byProcessInstance: async (k: string) => find((a) => a.processInstanceKey === k),
  } as Partial<ApplicationRepository> as ApplicationRepository;
}

export function fakeDeadlines(): StepDeadlineService {
  return { forCase: async () => [] } as Partial<StepDeadlineService> as StepDeadlineService;
}

/** An audit trail that keeps what it was told, and the settlers it was given. */
export function fakeAudit(): AuditService & { entries: AuditInput[]; intents: Set<string> } {
  const entries: AuditInput[] = [];
  const intents = new Set<string>();
  let n = 0;
  const fake = {
    entries,
    intents,
    settleWith: () => undefined,
    intend: async (input: AuditInput) => {
      const key = `intent:${++n}`;
      intents.add(key);
      return { ...input, key };
    },
    forget: async (e: { key: string }) => void intents.delete(e.key),
    record: async (input: AuditInput) => {
      if (input.key) intents.delete(input.key);
      entries.push(input);
      return input;
    },
    // a delivery again: the entry is written only when none with its key is kept
    recordMissing: async (key: string, _now: Date, build: () => AuditInput | Promise<AuditInput>) => {
      if (entries.some((e) => e.key === key)) return null;
      const input = { ...(await build()), key };
      entries.push(input);
      return input;
    },
  };
  return fake as unknown as AuditService & { entries: AuditInput[]; intents: Set<string> };
}
