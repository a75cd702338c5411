import { CaseKind } from '../shared/constants.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import type { ApplicationRepository } from '../application/application.repository.js';
import type { StepDeadlineService } from '../deadline/step-deadline.service.js';
import type { OperatorRecordRepository } from '../escalation/operator-record.repository.js';
import type { TaskFilter, TaskRecord as Task, TaskRepository } from './task.repository.js';
import { bodyHash } from '../audit/audit-chain.js';
import { AuditAction, ActorKind } from '../audit/audit-entry.model.js';
import { RECOVERED_REASON, engineActor, type AuditInput, type AuditService } from '../audit/audit.service.js';
import type { EngineEvent } from '../engine/engine.port.js';
import type { UnitRepository } from '../organisation/unit.repository.js';
import { op } from '../shared/trusted.js';
import { checkTransfer, transferTargets, treeOf } from '../organisation/routing.js';
import { Steps, type Category } from '../shared/constants.js';

/** The engine's user-task commands, provided by whoever wires the service (REST user-task API). */
export interface UserTaskEngine {
  assign(userTaskKey: string, assignee: string, override?: boolean): Promise<void>;
  unassign(userTaskKey: string): Promise<void>;
  complete(userTaskKey: string, variables: Record<string, unknown>): Promise<void>;
}

export interface Actor { username: string; unitCode: string; posts: readonly string[]; activated: boolean; role?: string; retraining?: boolean }

/** Where a task stands, in Chinese, with who holds it: 已被 li.si 认领. */
function stateZh(state: string, assignee?: string | null): string {
  switch (state) {
    case 'created': return '尚无人认领';
    case 'assigned': return assignee ? `已被 ${assignee} 认领` : '已被认领';
    case 'completing': return assignee ? `正由 ${assignee} 办结` : '正在办结';
    case 'completed': return assignee ? `已由 ${assignee} 办结` : '已办结';
    case 'canceled': return '已撤销';
    default: return `处于 ${state} 状态`;
  }
}

/** The engine no longer has the task (it was completed or canceled meanwhile). */
const isGone = (err: unknown) => err instanceof DomainError && err.kind === ErrorKind.NotFound;
/** Repeating a command the engine already carried out: its task being gone is the answer wanted. */
const unlessGone = (err: unknown) => { if (!isGone(err)) throw err; };

/** The decision a step's variables carry, for the audit trail. */
const DECISION_VARIABLES = ['acceptDecision', 'reviewDecision', 'approveDecision', 'decideDecision', 'verifyResult', 'handover', 'issueMethod'] as const;

/** Refuses an operator who may not work the task: another unit or post, or not activated (practice cases aside). */
export function mayWork(actor: Actor, task: Pick<Task, 'userTaskKey' | 'unitCode' | 'post' | 'practice'>) {
  // an operator in activation works practice cases of their own unit, on any post, and nothing else (seed 000 §19)
  if (!actor.activated) {
    if (task.practice && actor.unitCode === task.unitCode) return;
    // seed 001 §31: off-post retraining suspends the posts until a practice case is passed and approved again
    if (actor.retraining) {
      throw new DomainError('OPERATOR_IN_RETRAINING', ErrorKind.Forbidden, {
        zh: `${actor.username} 正在离岗培训，岗位已暂停：须重新通过模拟办件并经部门领导审核后才能办理任务 ${task.userTaskKey}`,
        en: `${actor.username} is in off-post retraining with the posts suspended: task ${task.userTaskKey} waits until a practice case is passed and the leader approves again`,
      });
    }
    throw new DomainError('OPERATOR_NOT_ACTIVATED', ErrorKind.Forbidden, {
      zh: `${actor.username} 尚未激活：激活前只能办理本单位的模拟办件，任务 ${task.userTaskKey} 不是`,
      en: `${actor.username} is not activated yet: only practice cases of their own unit until then, and task ${task.userTaskKey} is not one (seed 000 §19)`,
    });
  }
  if (actor.unitCode !== task.unitCode || !actor.posts.includes(task.post)) {
    throw new DomainError('TASK_NOT_YOUR_POST', ErrorKind.Forbidden, {
      zh: `任务 ${task.userTaskKey} 属于单位 ${task.unitCode} 的 ${task.post} 岗位，${actor.username} 不在此岗`,
      en: `task ${task.userTaskKey} belongs to post ${task.post} of ${task.unitCode}, which ${actor.username} does not hold`,
    });
  }
}

/** Why a task cannot be claimed, naming who holds it when someone does, in both languages. */
export function notOpen(task: Pick<Task, 'userTaskKey' | 'state' | 'assignee'> | null, userTaskKey: string): DomainError {
  const holder = task?.state === 'assigned' && task.assignee ? task.assignee : null;
  if (holder) {
    return new DomainError('TASK_NOT_OPEN', ErrorKind.Conflict, { zh: `任务 ${userTaskKey} 已被 ${holder} 认领，请刷新待办列表`, en: `task ${userTaskKey} is already claimed by ${holder}` }, { assignee: holder });
  }
  return new DomainError('TASK_NOT_OPEN', ErrorKind.Conflict, { zh: `任务 ${userTaskKey} 已不在队列中（${task?.state === 'completed' || task?.state === 'completing' ? '已办结' : '已取消或已变更'}），请刷新待办列表`, en: `task ${userTaskKey} is ${task?.state ?? 'gone'}` });
}

/** The application a task works on, when its case is one (a certificate requisition's tasks have none). */
export function applicationOf(task: Pick<Task, 'caseNumber' | 'caseKind'>): string | null {
  return task.caseKind === CaseKind.Application ? task.caseNumber ?? null : null;
}

export function createTaskService(deps: { tasks: TaskRepository; applications: ApplicationRepository; deadlines: StepDeadlineService; records: OperatorRecordRepository; engine: UserTaskEngine; audit: AuditService;
  /** the unit tree a transfer (转办) is checked against */
  units?: Pick<UnitRepository, 'list'>;
  /** a task of another kind of case (a certificate requisition, an online consultation, an appointment): its number, kind and unit */
  otherCase?(processInstanceKey: string): Promise<{ number: string; communityCode: string | null; kind?: CaseKind; itemCode?: string | null } | null> }) {
  const { tasks, applications, deadlines, records, engine, audit } = deps;
  const who = (a: Actor) => ({ kind: ActorKind.User, id: a.username, role: a.role ?? null });
  const about = (task: Task) => ({ target: { kind: 'user-task', id: task.userTaskKey }, post: task.post, unit: task.unitCode, caseNumber: task.caseNumber ?? null, caseKind: task.caseKind ?? null, itemCode: task.itemCode ?? null });

  async function mustGet(userTaskKey: string): Promise<Task> {
    const task = await tasks.get(userTaskKey);
    if (!task) throw new DomainError('TASK_NOT_FOUND', ErrorKind.NotFound, { zh: `任务 ${userTaskKey} 不存在`, en: `task ${userTaskKey} does not exist` });
    return task;
  }

  /** What follows a completion the engine took: the operator's record, the entry, and the case's outcome entry. */
  async function completed(task: Task, operator: string, variables: Record<string, unknown>, entry: AuditInput & { key: string }, recovered?: Record<string, unknown>) {
    const now = entry.at;
    await records.add({ operator, kind: 'completion', caseNumber: task.caseNumber ?? null, caseKind: task.caseKind ?? null, step: task.step, at: now, ref: task.userTaskKey });
    const applicationNumber = applicationOf(task);
    if (task.step === 'close' && applicationNumber) {
      // the closer hands over the certificate printed on the case's serial: the use is theirs (seed 000 §25)
      const app = await applications.get(applicationNumber);
      if (app?.printSerial) await records.add({ operator, kind: 'serial-use', caseNumber: app.applicationNumber, caseKind: CaseKind.Application, step: task.step, at: now, ref: app.printSerial });
    }
    const outcome = stepOutcome(task.step, variables);
    const detail = entry.detail as { decision: unknown };
    // the outcome's entry shares the completion's identity, so mending after a stop writes it once
    if (outcome && applicationNumber) {
      await audit.record({
        at: now, actor: entry.actor, ...about(task), action: outcome, target: { kind: 'application', id: applicationNumber }, key: `${entry.key}:outcome`,
        detail: { step: task.step, decision: detail.decision, userTaskKey: task.userTaskKey, ...(recovered ? { recovered } : {}) },
      });
    }
    if (!recovered) await audit.record(entry);
  }

  // A completion interrupted by a stop: the engine is asked again with what the operator submitted, so the
  // operator's decision stands; a task that never left the operator's hands was not completed.
  audit.settleWith(AuditAction.TaskCompleted, async (input) => {
    const task = await tasks.get(input.target.id);
    if (!task || !['completing', 'completed'].includes(task.state) || task.completedBy !== input.actor.id) return { done: false, why: `the task is ${task?.state ?? 'gone'}; it was not completed` };
    const variables = (task.result ?? {}) as Record<string, unknown>;
    if (task.state === 'completing') await engine.complete(task.userTaskKey, variables).catch(unlessGone);
    await completed(task, input.actor.id, variables, input, { reason: RECOVERED_REASON });
    return { done: true };
  });
  const standing = (task: Task | null) => `the task is ${task?.state ?? 'gone'}${task?.assignee ? ` by ${task.assignee}` : ''}`;
  audit.settleWith(AuditAction.TaskClaimed, async (input) => {
    const task = await tasks.get(input.target.id);
    if (task?.state !== 'assigned' || task.assignee !== input.actor.id) return { done: false, why: standing(task) };
    await engine.assign(task.userTaskKey, input.actor.id, true).catch(unlessGone);
    return { done: true };
  });
  // a hand-over the task stored goes to the engine again; one the task does not list was not made
  audit.settleWith(AuditAction.TaskHandedOver, async (input) => {
    const task = await tasks.get(input.target.id);
    const to = (input.after as { assignee: string }).assignee;
    const made = task?.handovers?.some((h) => h.by === input.actor.id && h.to === to && h.at?.getTime() === input.at.getTime());
    if (!task || !made) return { done: false, why: `${standing(task)}; it was not handed over` };
    if (task.state === 'assigned' && task.assignee === to) await engine.assign(task.userTaskKey, to, true).catch(unlessGone);
    return { done: true };
  });
  // a transfer the task stored is finished on the case (its units, transfers and derivations); one the task does not list was not made
  audit.settleWith(AuditAction.TaskTransferred, async (input) => {
    const task = await tasks.get(input.target.id);
    const made = task?.transfers?.find((t) => t.by === input.actor.id && t.at?.getTime() === input.at.getTime());
    const applicationNumber = task && applicationOf(task);
    if (!task || !made || !applicationNumber) return { done: false, why: `${standing(task)}; it was not transferred` };
    await transferCase(applicationNumber, { step: task.step, from: made.from!, to: made.to!, reason: made.reason!, by: made.by!, at: made.at!, userTaskKey: task.userTaskKey });
    return { done: true };
  });
  /** The case follows its transferred task, once: the step's unit, the transfer, and both derivations. */
  async function transferCase(applicationNumber: string, transfer: { step: string; from: string; to: string; reason: string; by: string; at: Date; userTaskKey: string }) {
    await applications.update(applicationNumber, { $set: { [`units.${transfer.step}`]: transfer.to }, $push: { transfers: transfer } }, {
      transfers: op({ $not: op({ $elemMatch: { userTaskKey: transfer.userTaskKey, at: transfer.at } }) }),
    });
    await deadlines.noteTransfer(applicationNumber, transfer);
  }
  audit.settleWith(AuditAction.TaskUnclaimed, async (input) => {
    const task = await tasks.get(input.target.id);
    if (task?.state !== 'created' || task.assignee) return { done: false, why: standing(task) };
    await engine.unassign(task.userTaskKey).catch(unlessGone);
    return { done: true };
  });

  const createdKey = (task: Pick<Task, 'userTaskKey'>) => `task-created:${task.userTaskKey}`;
  /** The entry of a task the engine created, from what the mirror stored of it. */
  const createdEntry = (task: Pick<Task, 'userTaskKey' | 'processInstanceKey' | 'elementId' | 'processDefinitionVersion' | 'step' | 'post' | 'unitCode' | 'caseNumber' | 'caseKind' | 'itemCode' | 'createdAt' | 'dueAt'>): AuditInput => ({
    at: task.createdAt!, actor: engineActor, action: AuditAction.TaskCreated,
    target: { kind: 'user-task', id: task.userTaskKey }, post: task.post, unit: task.unitCode,
    caseNumber: task.caseNumber ?? null, caseKind: task.caseKind ?? null, itemCode: task.itemCode ?? null,
    detail: { step: task.step, elementId: task.elementId, processInstanceKey: task.processInstanceKey, processDefinitionVersion: task.processDefinitionVersion ?? null, dueAt: task.dueAt ?? null },
  });

  /** The case an instance's task belongs to, and the step's deadline, as far as they are known yet. */
  async function caseOf(processInstanceKey: string, step: string) {
    const app = await applications.byProcessInstance(processInstanceKey);
    const other = app ? null : await deps.otherCase?.(processInstanceKey);
    const caseNumber = app?.applicationNumber ?? other?.number ?? null;
    const caseKind = app ? CaseKind.Application : other ? other.kind ?? CaseKind.Requisition : null;
    const latest = caseNumber ? (await deadlines.forCase(caseNumber)).filter((d) => d.step === step).at(-1) : undefined;
    return {
      caseNumber, caseKind, itemCode: app?.itemCode ?? other?.itemCode ?? null, communityCode: app?.communityCode ?? other?.communityCode ?? null, practice: app?.practice ?? false,
      deadlineId: latest?.id ?? null, warningAt: latest?.warningAt ?? null, dueAt: latest?.dueAt ?? null, redAt: latest?.redAt ?? null,
    };
  }

  return {
    /**
     * A case learned its instance after the instance had already created tasks (its start was cut short by a
     * stop and finished later): those tasks get their case and deadline now, so they show in the case's queue.
     */
    async attachCase(processInstanceKey: string): Promise<number> {
      let attached = 0;
      for (const t of await tasks.withoutCase(processInstanceKey)) {
        const c = await caseOf(processInstanceKey, t.step);
        if (c.caseNumber && await tasks.attachCase(t.userTaskKey, c)) attached += 1;
      }
      return attached;
    },

    /** Applies one engine event; safe to receive the same event twice or out of order. */
    async applyEngineEvent(event: EngineEvent): Promise<'applied' | 'ignored' | 'not-ours'> {
      const u = event.userTask;
      if (!u) return 'ignored';
      const v = { userTaskKey: u.key, processInstanceKey: event.processInstanceKey, elementId: event.elementId, customHeaders: u.headers, candidateGroupsList: u.candidateGroups, assignee: u.assignee, processDefinitionVersion: event.processVersion };
      const position = event.seq;
      const at = event.at;
      switch (event.kind) {
        case 'user-task.created': {
          // Our models route every human step to one `post:unit` group; a task without one is not ours to mirror.
          const group = v.candidateGroupsList.find((g) => /^[a-z][a-z-]*:[A-Z0-9-]+$/.test(g));
          if (!group) return 'not-ours';
          const [post, unitCode] = group.split(':') as [string, string];
          const step = v.customHeaders.step ?? v.elementId;
          const c = await caseOf(String(v.processInstanceKey), step);
          const task = {
            userTaskKey: v.userTaskKey, processInstanceKey: v.processInstanceKey, elementId: v.elementId, processDefinitionVersion: v.processDefinitionVersion ?? null,
            ...c, step, post: v.customHeaders.post ?? post, unitCode, candidateGroups: v.candidateGroupsList,
            state: 'created' as const, createdAt: at, lastPosition: position,
          };
          if (!(await tasks.insert(task))) {
            // delivered again: the first delivery stored the task but may have stopped before its entry
            const known = await tasks.get(v.userTaskKey);
            if (known) await audit.recordMissing(createdKey(known), new Date(), () => createdEntry(known));
            return 'ignored';
          }
          await audit.record({ ...createdEntry(task), key: createdKey(task) });
          return 'applied';
        }
        case 'user-task.assigned': {
          const set = v.assignee ? { state: 'assigned', assignee: v.assignee } : { state: 'created', assignee: null };
          return (await tasks.applyEngineRecord(v.userTaskKey, position, set, true)) ? 'applied' : 'ignored';
        }
        case 'user-task.completed': {
          return (await tasks.applyEngineRecord(v.userTaskKey, position, { state: 'completed', completedAt: at })) ? 'applied' : 'ignored';
        }
        case 'user-task.canceled': {
          return (await tasks.applyEngineRecord(v.userTaskKey, position, { state: 'canceled' })) ? 'applied' : 'ignored';
        }
        default:
          return 'ignored';
      }
    },

    get: mustGet,

    async list(filter: TaskFilter): Promise<Task[]> {
      return tasks.search(filter);
    },

    /** Claims an open task for an operator holding its post in its unit; a task claimed by someone else is a conflict. */
    async claim(userTaskKey: string, actor: Actor): Promise<Task> {
      const task = await mustGet(userTaskKey);
      mayWork(actor, task);
      if (task.state === 'assigned' && task.assignee === actor.username) return task;
      const entry = await audit.intend({ at: new Date(), actor: who(actor), action: AuditAction.TaskClaimed, ...about(task), before: { state: task.state, assignee: task.assignee ?? null }, after: { state: 'assigned', assignee: actor.username }, detail: { step: task.step } });
      const claimed = await tasks.claim(userTaskKey, actor.username);
      if (!claimed) {
        await audit.forget(entry);
        // read again: whoever was first a moment ago is the one to name
        throw notOpen(await tasks.get(userTaskKey), userTaskKey);
      }
      try {
        await engine.assign(userTaskKey, actor.username);
      } catch (err) {
        await tasks.release(userTaskKey, actor.username);
        await audit.forget(entry);
        throw err;
      }
      await audit.record(entry);
      return claimed;
    },

    async unclaim(userTaskKey: string, actor: Actor): Promise<void> {
      const task = await mustGet(userTaskKey);
      mayWork(actor, task);
      const entry = await audit.intend({ at: new Date(), actor: who(actor), action: AuditAction.TaskUnclaimed, ...about(task), before: { state: 'assigned', assignee: actor.username }, after: { state: 'created', assignee: null }, detail: { step: task.step } });
      if (!(await tasks.release(userTaskKey, actor.username))) {
        await audit.forget(entry);
        throw new DomainError('TASK_NOT_YOURS', ErrorKind.Conflict, { zh: `任务 ${userTaskKey} 不是由 ${actor.username} 认领的`, en: `task ${userTaskKey} is not claimed by ${actor.username}` });
      }
      await engine.unassign(userTaskKey);
      await audit.record(entry);
    },

    /** Completes a task claimed by the operator; completing twice, or someone else's task, is a conflict. */
    async complete(userTaskKey: string, actor: Actor, variables: Record<string, unknown>, now: Date, submitted: unknown = variables): Promise<void> {
      const task = await mustGet(userTaskKey);
      mayWork(actor, task);
      const decision = DECISION_VARIABLES.map((k) => variables[k]).find((d) => d !== undefined) ?? null;
      const entry = await audit.intend({
        at: now, actor: who(actor), action: AuditAction.TaskCompleted, ...about(task),
        detail: { step: task.step, decision, bodySha256: bodyHash(submitted) },
      });
      if (!(await tasks.beginCompletion(userTaskKey, actor.username, variables))) {
        await audit.forget(entry);
        throw new DomainError('TASK_NOT_COMPLETABLE', ErrorKind.Conflict, {
          zh: `任务 ${userTaskKey} 不能由 ${actor.username} 办结：${stateZh(task.state, task.assignee)}`,
          en: `task ${userTaskKey} is ${task.state}${task.assignee && task.assignee !== actor.username ? ` and claimed by ${task.assignee}` : ''}`,
        });
      }
      try {
        await engine.complete(userTaskKey, variables);
      } catch (err) {
        await tasks.undoCompletion(userTaskKey);
        await audit.forget(entry);
        throw err;
      }
      await completed(task, actor.username, variables, entry);
    },

    /** Same-post substitution (AB 岗): a leader of the task's unit hands a claimed or open task to another holder of the post. */
    async handOver(userTaskKey: string, to: Actor, reason: string, leader: { username: string; unitCode: string | null }, now: Date): Promise<Task> {
      const task = await mustGet(userTaskKey);
      if (leader.unitCode !== task.unitCode) throw new DomainError('NOT_YOUR_UNIT', ErrorKind.Forbidden, { zh: `任务 ${userTaskKey} 属于单位 ${task.unitCode}，不属于本单位`, en: `task ${userTaskKey} belongs to ${task.unitCode}` });
      mayWork(to, task);
      if (!['created', 'assigned'].includes(task.state)) throw new DomainError('TASK_NOT_OPEN', ErrorKind.Conflict, { zh: `任务 ${userTaskKey} ${stateZh(task.state, task.assignee)}，不能转交`, en: `task ${userTaskKey} is ${task.state}` });
      const entry = await audit.intend({
        at: now, actor: { kind: ActorKind.User, id: leader.username, role: 'department-leader' }, action: AuditAction.TaskHandedOver, ...about(task),
        before: { assignee: task.assignee ?? null }, after: { assignee: to.username }, detail: { step: task.step, reason },
      });
      const moved = await tasks.handOver(userTaskKey, task.assignee ?? null, to.username, { from: task.assignee ?? `${task.post}:${task.unitCode}`, reason, by: leader.username, at: now });
      if (!moved) {
        await audit.forget(entry);
        throw new DomainError('TASK_CHANGED', ErrorKind.Conflict, { zh: `任务 ${userTaskKey} 刚刚有了变化，请重试`, en: `task ${userTaskKey} changed meanwhile; try again` });
      }
      // the task is stored as handed over: an engine that fails here is asked again by the mending
      await engine.assign(userTaskKey, to.username, true);
      await audit.record(entry);
      return moved;
    },

    /**
     * 转办: an operator of the unit that holds a mis-routed back-office step moves it upwards or sideways, with a
     * reason, to a unit that serves the applicant's community. The task goes to that unit's queue of the same post;
     * the step's clock and the case's legal limit run on (the transfer is said in both derivations), and the
     * transfer is in the audit trail.
     */
    async transfer(userTaskKey: string, actor: Actor, toUnit: string, reason: string, now: Date): Promise<Task> {
      const task = await mustGet(userTaskKey);
      mayWork(actor, task);
      const applicationNumber = applicationOf(task);
      const app = applicationNumber ? await applications.get(applicationNumber) : null;
      const backOffice = app ? Steps[app.category as Category].some((s) => s.step === task.step && s.unit === 'department') : false;
      if (!app || !backOffice) {
        throw new DomainError('TRANSFER_NOT_POSSIBLE', ErrorKind.Conflict, {
          zh: `任务 ${userTaskKey}（${task.step}）不是办件的后台审查环节，不能转办`, en: `task ${userTaskKey} (${task.step}) is not a back-office step of an application, so it cannot be transferred`,
        });
      }
      if (!['created', 'assigned'].includes(task.state) || (task.assignee && task.assignee !== actor.username)) throw notOpen(task, userTaskKey);
      const target = checkTransfer(treeOf(await (deps.units?.list() ?? Promise.resolve([]))), task.unitCode, toUnit, app.communityCode);
      const entry = await audit.intend({
        at: now, actor: who(actor), action: AuditAction.TaskTransferred, ...about(task),
        before: { unitCode: task.unitCode, assignee: task.assignee ?? null }, after: { unitCode: target.code, unitName: target.name, assignee: null },
        detail: { step: task.step, reason },
      });
      const moved = await tasks.transfer(userTaskKey, task.unitCode, task.post, { to: target.code, reason, by: actor.username, at: now });
      if (!moved) {
        await audit.forget(entry);
        throw new DomainError('TASK_CHANGED', ErrorKind.Conflict, { zh: `任务 ${userTaskKey} 刚刚有了变化，请刷新后重试`, en: `task ${userTaskKey} changed meanwhile; try again` });
      }
      await transferCase(app.applicationNumber, { step: task.step, from: task.unitCode, to: target.code, reason, by: actor.username, at: now, userTaskKey });
      if (task.assignee) await engine.unassign(userTaskKey).catch(unlessGone);
      await audit.record(entry);
      return moved;
    },

    /** Where the operator may transfer the task (转办): the units above or beside its own serving the applicant. */
    async transferTargets(userTaskKey: string, actor: Actor) {
      const task = await mustGet(userTaskKey);
      mayWork(actor, task);
      const applicationNumber = applicationOf(task);
      const app = applicationNumber ? await applications.get(applicationNumber) : null;
      if (!app || !Steps[app.category as Category].some((s) => s.step === task.step && s.unit === 'department')) return [];
      return transferTargets(treeOf(await (deps.units?.list() ?? Promise.resolve([]))), task.unitCode, app.communityCode)
        .map((u) => ({ code: u.code, name: u.name, level: u.level }));
    },

    /** The open task of a step, for the card of a timer that fired. */
    async openTaskOf(processInstanceKey: string, step: string): Promise<Task | null> {
      return tasks.openTaskOf(processInstanceKey, step);
    },
  };
}
export type TaskService = ReturnType<typeof createTaskService>;

/** What a completed step means for the application as a whole, when it means something. */
function stepOutcome(step: string, variables: Record<string, unknown>): AuditAction | null {
  if (step === 'accept') return variables.acceptDecision === 'accepted' ? AuditAction.ApplicationAccepted : AuditAction.ApplicationNotAccepted;
  if (step === 'decide' || step === 'approve') return AuditAction.ApplicationDecided;
  return null;
}
