import { Role } from '../account/account.model.js';
import { AuditAction, ActorKind } from '../audit/audit-entry.model.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ProcessEngine } from '../application/application.service.js';
import { computeDeadline, LimitUnit, type StepLimit } from '../deadline/deadline.service.js';
import type { StartedStep, StepDeadlineService } from '../deadline/step-deadline.service.js';
import type { WorkingCalendar } from '../deadline/working-calendar.js';
import type { SequenceRepository } from '../sequence/sequence.repository.js';
import { CaseKind, Post } from '../shared/constants.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import type { Actor, TaskService } from '../task/task.service.js';
import {
  ComplaintChannel, ComplaintKind, ComplaintOutcome, ComplaintState, ComplaintUrgency, NonAcceptance,
} from './complaint.model.js';
import type { ComplaintRecord as Complaint, ComplaintRepository } from './complaint.repository.js';
import { checkLength } from '../shared/text-length.js';

export const COMPLAINT_PROCESS = 'complaint';
export const HANDLER_POST = Post.ComplaintHandler;
export const Step = { Intake: 'intake', Handle: 'handle', Visit: 'visit' } as const;
export const CONTENT_LENGTH = { min: 5, max: 2000 } as const;
export const ANSWER_LENGTH = { min: 2, max: 2000 } as const;

/** seed 004 §32(1)–(4): working days by urgency (a forwarded case) or by the column it was raised in */
export const LIMIT_DAYS: Record<string, number> = {
  [ComplaintUrgency.Urgent]: 3, [ComplaintUrgency.GenerallyUrgent]: 5, [ComplaintUrgency.Ordinary]: 15,
  [ComplaintKind.Consult]: 3, [ComplaintKind.Complain]: 7, [ComplaintKind.Suggest]: 7,
};
export const limitOf = (kind: string, urgency: string | null | undefined): StepLimit => ({ value: LIMIT_DAYS[urgency ?? kind]!, unit: LimitUnit.WorkingDays });

export interface Person { username: string; role: string }
export interface StaffActor { username: string; role: string; unitCode: string | null; activated: boolean }
export type ComplainantNotifier = (to: { username: string; complaintNumber: string }, c: Complaint, text: string, now: Date) => Promise<unknown>;

export const NON_ACCEPTANCE_ZH: Record<string, string> = {
  [NonAcceptance.NotOnlineService]: '不涉及网上政务服务', [NonAcceptance.Unlawful]: '危害国家安全、破坏民族团结、扰乱社会秩序等',
  [NonAcceptance.NoSubstance]: '没有明确被投诉人或者投诉请求，缺少具体内容', [NonAcceptance.AlreadyInHand]: '已经受理或者正在处理解决',
  [NonAcceptance.RepeatWithoutEvidence]: '已经办结，无新证明材料对同一事项重复投诉', [NonAcceptance.Abusive]: '无理纠缠、侮辱谩骂，宣泄个人情绪',
  [NonAcceptance.OtherProcedure]: '涉及仲裁、信访、纪检监察、行政复议、法律诉讼、信息公开等', [NonAcceptance.OtherwiseUnlawful]: '其他违反国家法律法规和有关规定',
};

const notFound = (n: string) => new DomainError('COMPLAINT_NOT_FOUND', ErrorKind.NotFound, { zh: `投诉建议 ${n} 不存在`, en: `complaint ${n} does not exist` });
const wrongState = (c: Complaint, wanted: string) => new DomainError('COMPLAINT_STATE', ErrorKind.Conflict, {
  zh: `投诉建议 ${c.complaintNumber} 当前状态为 ${c.state}，不能${wanted}`, en: `complaint ${c.complaintNumber} is ${c.state}, so it cannot be ${wanted}`,
}, { state: c.state });


/**
 * 投诉建议 (seed 004 §28–34): filed from the portal, a window or a higher-level platform; the receiving unit
 * returns it or answers why it is not accepted within 1 working day (else it is deemed accepted), handles it
 * within its category's limit (one extension, approved by the unit's leader), answers every complainant of the
 * matter, and follows up; the complainant's identity is the handler's and supervision's only.
 */
export function createComplaintService(deps: {
  complaints: ComplaintRepository; sequences: SequenceRepository; engine: ProcessEngine; calendar: WorkingCalendar;
  tasks: Pick<TaskService, 'openTaskOf' | 'claim' | 'unclaim' | 'complete'>; deadlines: Pick<StepDeadlineService, 'forCase' | 'startFixedStep'>;
  audit: AuditService; unitExists(code: string): Promise<boolean>;
  caseStarted?(processInstanceKey: string): Promise<unknown>;
  notify?: ComplainantNotifier;
  /** a complaint found valid that names the operator is a window violation (seed 001 §31, §32(8)) */
  upheld?(c: Complaint, now: Date): Promise<unknown>;
}) {
  const { complaints, sequences, engine, calendar, tasks, deadlines, audit } = deps;
  const about = (c: Complaint) => ({ target: { kind: 'complaint', id: c.complaintNumber }, caseNumber: c.complaintNumber, caseKind: CaseKind.Complaint, itemCode: null, unit: c.unitCode });
  const who = (a: { username: string; role: string }) => ({ kind: ActorKind.User, id: a.username, role: a.role });
  const workerOf = (a: StaffActor): Actor => ({ username: a.username, unitCode: a.unitCode!, posts: [HANDLER_POST], activated: a.activated, role: a.role });

  async function mustGet(n: string): Promise<Complaint> {
    const c = await complaints.get(n);
    if (!c) throw notFound(n);
    return c;
  }
  function mustBeOfUnit(actor: StaffActor, c: Complaint, roles: readonly string[] = [Role.DepartmentStaff]) {
    if (!roles.includes(actor.role) || actor.unitCode !== c.unitCode) {
      throw new DomainError('COMPLAINT_NOT_YOUR_UNIT', ErrorKind.Forbidden, {
        zh: `投诉建议 ${c.complaintNumber} 由 ${c.unitCode} 办理，${actor.username}（${actor.unitCode ?? '无单位'}）不能办理`,
        en: `complaint ${c.complaintNumber} is handled by ${c.unitCode}; ${actor.username} (${actor.unitCode ?? 'no unit'}) may not act on it`,
      });
    }
  }
  async function openTask(c: Complaint, step: string) {
    const task = c.processInstanceKey ? await tasks.openTaskOf(c.processInstanceKey, step) : null;
    if (!task) {
      throw new DomainError('COMPLAINT_NOT_READY', ErrorKind.Conflict, { zh: `投诉建议 ${c.complaintNumber} 的“${step}”环节尚未就绪，请稍后再试`, en: `the ${step} step of complaint ${c.complaintNumber} is not ready yet; try again shortly` });
    }
    return task;
  }
  /** Claims the step for the actor and completes it with the variables. */
  async function completeStep(c: Complaint, step: string, actor: Actor, variables: Record<string, unknown>, now: Date) {
    const task = await openTask(c, step);
    if (task.state === 'assigned' && task.assignee && task.assignee !== actor.username) {
      throw new DomainError('COMPLAINT_TAKEN', ErrorKind.Conflict, { zh: `投诉建议 ${c.complaintNumber} 已由 ${task.assignee} 认领，由其办理`, en: `complaint ${c.complaintNumber} is taken by ${task.assignee}, who handles it` }, { assignee: task.assignee });
    }
    await tasks.claim(task.userTaskKey, actor);
    await tasks.complete(task.userTaskKey, actor, variables, now);
  }
  /** The handling step's current due time: the extended one once an extension is approved. */
  async function handleDue(n: string): Promise<Date | null> {
    return (await deadlines.forCase(n)).filter((d) => d.step === Step.Handle).sort((a, b) => a.computedAt!.getTime() - b.computedAt!.getTime()).at(-1)?.dueAt ?? null;
  }
  const everyone = (c: Complaint) => [{ username: c.complainant!.username, complaintNumber: c.complaintNumber }, ...(c.merged ?? []).map((m) => ({ username: m.username, complaintNumber: m.complaintNumber }))];
  async function tell(c: Complaint, words: string, now: Date) {
    for (const to of everyone(c)) await deps.notify?.(to, c, words, now);
  }

  return {
    get: mustGet,
    byProcessInstance: (key: string) => complaints.byProcessInstance(key),
    handleDue,

    /**
     * A complaint or suggestion comes in: an applicant or proxy agent from the portal (我要咨询 / 我要投诉 / 我要建议),
     * window staff for a visitor, or the service office forwarding one from a higher-level platform.
     */
    async file(input: {
      kind: ComplaintKind; urgency?: ComplaintUrgency | null; unitCode: string; complainedOperator?: string | null; title: string; content: string;
      by: Person & { unitCode?: string | null }; complainant?: string | null;
    }, now: Date): Promise<Complaint> {
      const channel = input.by.role === Role.WindowStaff ? ComplaintChannel.Window : input.by.role === Role.ServiceOffice ? ComplaintChannel.Forwarded : ComplaintChannel.Portal;
      if (channel === ComplaintChannel.Portal && ![Role.Applicant, Role.ProxyAgent].includes(input.by.role as 'applicant')) {
        throw new DomainError('COMPLAINANT_ROLE', ErrorKind.Forbidden, { zh: `${input.by.username} 不能登记投诉建议`, en: `${input.by.username} may not file a complaint` });
      }
      const complainant = channel === ComplaintChannel.Portal ? { username: input.by.username, role: input.by.role } : input.complainant ? { username: input.complainant, role: Role.Applicant } : null;
      if (!complainant) {
        throw new DomainError('COMPLAINANT_MISSING', ErrorKind.Validation, { zh: `窗口或上级平台转来的投诉建议须写明投诉人（渠道 ${channel}）`, en: `a complaint from the ${channel} channel must name its complainant` });
      }
      if (!(await deps.unitExists(input.unitCode))) {
        throw new DomainError('UNIT_NOT_FOUND', ErrorKind.NotFound, { zh: `单位 ${input.unitCode} 不存在`, en: `unit ${input.unitCode} does not exist` });
      }
      const title = checkLength('title', '标题', input.title, { min: 2, max: 60 });
      const content = checkLength('content', '内容', input.content, CONTENT_LENGTH);
      const urgency = channel === ComplaintChannel.Forwarded ? input.urgency ?? null : null;
      const limit = limitOf(input.kind, urgency);
      const year = now.getUTCFullYear();
      const complaintNumber = `TS${year}${String(await sequences.next(`complaint:${year}`)).padStart(6, '0')}`;
      let c = await complaints.insert({
        complaintNumber, kind: input.kind, urgency, channel, unitCode: input.unitCode, complainedUnit: input.kind === ComplaintKind.Complain ? input.unitCode : null,
        complainedOperator: input.complainedOperator ?? null, title, content, complainant: { ...complainant, complaintNumber, channel },
        state: ComplaintState.Filed, limit, filedAt: now, filedBy: input.by.username,
      });
      const processInstanceKey = await engine.startInstance(COMPLAINT_PROCESS, {
        complaintNumber, handleLimit: `${limit.value} ${limit.unit}`, units: { [Step.Intake]: c.unitCode, [Step.Handle]: c.unitCode, [Step.Visit]: c.unitCode },
      }, `complaint:${complaintNumber}`);
      c = (await complaints.update(complaintNumber, { $set: { processInstanceKey } }))!;
      await deps.caseStarted?.(processInstanceKey);
      await audit.record({ at: now, actor: who(input.by), action: AuditAction.ComplaintFiled, ...about(c), key: `complaint-filed:${complaintNumber}`, detail: { kind: c.kind, urgency, channel, limit } });
      return c;
    },

    /** The cases a person raised or was merged into, newest first. */
    mine: (username: string) => complaints.ofComplainant(username),

    /** A unit's cases: open ones (to accept, in hand, to follow up) or finished ones. */
    async ofUnit(actor: StaffActor, open: boolean): Promise<Complaint[]> {
      if (!actor.unitCode) return [];
      const states = open ? [ComplaintState.Filed, ComplaintState.Accepted, ComplaintState.Answered] : [ComplaintState.Closed, ComplaintState.Returned, ComplaintState.NotAccepted, ComplaintState.Merged];
      return complaints.ofUnit(actor.unitCode, states);
    },

    /**
     * seed 004 §29: who raised it is read only by its handler and by supervision; anyone else (the unit or the
     * operator complained about included) is told it does not exist. Every read is in the audit trail.
     */
    async complainantOf(n: string, actor: StaffActor, now: Date): Promise<Complaint['complainant'] & { merged: Complaint['merged'] }> {
      const c = await complaints.get(n);
      const handler = !!c && c.handler === actor.username && actor.unitCode === c.unitCode && c.complainedOperator !== actor.username;
      if (!c || !(actor.role === Role.Supervisor || handler)) throw notFound(n);
      await audit.record({ at: now, actor: who(actor), action: AuditAction.ComplainantRead, ...about(c), detail: { as: actor.role === Role.Supervisor ? 'supervision' : 'handler' } });
      return { ...c.complainant!, merged: c.merged ?? [] };
    },

    /**
     * The receiving unit decides within 1 working day: accept (the actor becomes its handler), return it as not
     * its own (with reasons), not accept it for one of the eight reasons of §31 (with a written answer), or
     * merge it into an open case of the same matter (§33).
     */
    async intake(n: string, decision: { decision: 'accept' | 'return' | 'not-accept' | 'merge'; reason?: string; reasonCode?: NonAcceptance; answer?: string; into?: string }, actor: StaffActor, now: Date): Promise<Complaint> {
      const c = await mustGet(n);
      mustBeOfUnit(actor, c);
      if (c.state !== ComplaintState.Filed) throw wrongState(c, '受理或退回 (accepted or returned)');
      const worker = workerOf(actor);
      let set: Record<string, unknown>;
      let target: Complaint | null = null;
      if (decision.decision === 'accept') {
        if (c.complainedOperator === actor.username) throw new DomainError('COMPLAINED_OPERATOR', ErrorKind.Forbidden, { zh: `${actor.username} 是投诉建议 ${n} 的被投诉人，不能办理`, en: `${actor.username} is the person complained about in ${n} and may not handle it` });
        set = { state: ComplaintState.Accepted, acceptedAt: now, handler: actor.username };
      } else if (decision.decision === 'return') {
        set = { state: ComplaintState.Returned, returnReason: checkLength('reason', '退回理由', decision.reason, { min: 2, max: 500 }) };
      } else if (decision.decision === 'not-accept') {
        if (!decision.reasonCode || !NON_ACCEPTANCE_ZH[decision.reasonCode]) {
          throw new DomainError('NON_ACCEPTANCE_REASON', ErrorKind.Validation, { zh: `不予受理须选择第三十一条的八种情形之一，“${decision.reasonCode ?? ''}”不是`, en: `not accepting needs one of the eight reasons of §31, not "${decision.reasonCode ?? ''}"` });
        }
        set = { state: ComplaintState.NotAccepted, nonAcceptance: { reason: decision.reasonCode, answer: checkLength('answer', '书面答复', decision.answer, ANSWER_LENGTH) } };
      } else {
        target = decision.into ? await complaints.get(decision.into) : null;
        if (!target || target.unitCode !== c.unitCode || target.complaintNumber === n || ![ComplaintState.Filed, ComplaintState.Accepted].includes(target.state as 'filed')) {
          throw new DomainError('MERGE_TARGET', ErrorKind.Conflict, { zh: `投诉建议 ${n} 只能合并到本单位正在办理的另一件投诉建议，${decision.into ?? '（未填）'} 不是`, en: `complaint ${n} merges only into another open case of the same unit; ${decision.into ?? '(none)'} is not one` });
        }
        set = { state: ComplaintState.Merged, mergedInto: target.complaintNumber };
      }
      const done = await complaints.update(n, { $set: set }, { state: ComplaintState.Filed });
      if (!done) throw wrongState(await mustGet(n), '受理或退回 (accepted or returned)');
      try {
        await completeStep(c, Step.Intake, worker, { intakeDecision: decision.decision }, now);
      } catch (err) {
        await complaints.update(n, { $set: { state: ComplaintState.Filed, handler: null, acceptedAt: null, mergedInto: null, returnReason: null } }, { state: set.state });
        throw err;
      }
      const action = { accept: AuditAction.ComplaintAccepted, return: AuditAction.ComplaintReturned, 'not-accept': AuditAction.ComplaintNotAccepted, merge: AuditAction.ComplaintMerged }[decision.decision];
      await audit.record({ at: now, actor: who(actor), action, ...about(done), key: `complaint-intake:${n}`, detail: { decision: decision.decision, reasonCode: decision.reasonCode ?? null, into: target?.complaintNumber ?? null } });
      if (target) {
        // every complainant of the merged case becomes a complainant of the case that goes on
        const people = [done.complainant!, ...(done.merged ?? [])];
        await complaints.update(target.complaintNumber, { $push: { merged: { $each: people } } });
      }
      if (decision.decision === 'not-accept') {
        await tell(done, `您的投诉建议 ${n}（${done.title}）不予受理：${NON_ACCEPTANCE_ZH[decision.reasonCode!]}。答复：${done.nonAcceptance!.answer}`, now);
      } else if (decision.decision === 'merge') {
        await tell(done, `您的投诉建议 ${n}（${done.title}）与同一事项的 ${target!.complaintNumber} 合并办理，办理结果将一并答复您。`, now);
      }
      return done;
    },

    /** seed 004 §33: not returned within 1 working day, so accepted; the interrupting timer's worker calls this. */
    async deemAccepted(n: string, now: Date): Promise<Complaint> {
      const done = await complaints.update(n, { $set: { state: ComplaintState.Accepted, acceptedAt: now, deemedAccepted: true } }, { state: ComplaintState.Filed });
      const c = done ?? (await mustGet(n));
      if (done) await audit.record({ at: now, actor: { kind: ActorKind.Worker, id: 'accept-complaint', role: null }, action: AuditAction.ComplaintAccepted, ...about(c), key: `complaint-intake:${n}`, detail: { decision: 'accept', deemed: true } });
      return c;
    },

    /** A staff member of the unit takes an accepted case (its handling step): from then on they are its handler. */
    async take(n: string, actor: StaffActor): Promise<Complaint> {
      const c = await mustGet(n);
      mustBeOfUnit(actor, c);
      if (c.state !== ComplaintState.Accepted) throw wrongState(c, '认领 (taken)');
      if (c.complainedOperator === actor.username) throw new DomainError('COMPLAINED_OPERATOR', ErrorKind.Forbidden, { zh: `${actor.username} 是投诉建议 ${n} 的被投诉人，不能办理`, en: `${actor.username} is the person complained about in ${n} and may not handle it` });
      if (c.handler && c.handler !== actor.username) {
        throw new DomainError('COMPLAINT_TAKEN', ErrorKind.Conflict, { zh: `投诉建议 ${n} 已由 ${c.handler} 办理`, en: `complaint ${n} is handled by ${c.handler}` }, { assignee: c.handler });
      }
      const task = await openTask(c, Step.Handle);
      await tasks.claim(task.userTaskKey, workerOf(actor));
      return (await complaints.update(n, { $set: { handler: actor.username } }))!;
    },

    /** seed 004 §32(5): the handler asks once for more time, no longer than the case's own limit, with a reason. */
    async requestExtension(n: string, input: { days: number; reason: string }, actor: StaffActor, now: Date): Promise<Complaint> {
      const c = await mustGet(n);
      mustBeOfUnit(actor, c);
      if (c.state !== ComplaintState.Accepted) throw wrongState(c, '延期 (extended)');
      if (c.extension?.state) {
        throw new DomainError('EXTENSION_ONCE', ErrorKind.Conflict, { zh: `投诉建议 ${n} 只能申请 1 次延期，已申请过（${c.extension.state}）`, en: `complaint ${n} may be extended once only; it was already asked for (${c.extension.state})` });
      }
      if (!Number.isInteger(input.days) || input.days < 1 || input.days > c.limit!.value) {
        throw new DomainError('EXTENSION_TOO_LONG', ErrorKind.Validation, { zh: `延期不得超过该类投诉建议的办理时限 ${c.limit!.value} 个工作日，申请了 ${input.days} 个工作日`, en: `an extension may not exceed the case's limit of ${c.limit!.value} working days; ${input.days} asked` }, { max: c.limit!.value, days: input.days });
      }
      const reason = checkLength('reason', '延期理由', input.reason, { min: 2, max: 500 });
      const done = await complaints.update(n, { $set: { extension: { state: 'requested', days: input.days, reason, requestedBy: actor.username, requestedAt: now } } }, { 'extension.state': null });
      if (!done) throw new DomainError('EXTENSION_ONCE', ErrorKind.Conflict, { zh: `投诉建议 ${n} 只能申请 1 次延期，已申请过`, en: `complaint ${n} may be extended once only` });
      await audit.record({ at: now, actor: who(actor), action: AuditAction.ComplaintExtensionRequested, ...about(done), key: `complaint-extension-requested:${n}`, detail: { days: input.days, reason } });
      return done;
    },

    /** The unit's leader approves or refuses the extension; approved, the handling clock counts on from the old due time. */
    async decideExtension(n: string, approve: boolean, actor: StaffActor, now: Date): Promise<Complaint> {
      const c = await mustGet(n);
      mustBeOfUnit(actor, c, [Role.DepartmentLeader]);
      if (c.extension?.state !== 'requested' || c.state !== ComplaintState.Accepted) throw wrongState(c, '审批延期 (decided on an extension)');
      const originalDueAt = await handleDue(n);
      if (!originalDueAt) throw new DomainError('COMPLAINT_NOT_READY', ErrorKind.Conflict, { zh: `投诉建议 ${n} 的办理时限尚未推算，请稍后再试`, en: `the handling deadline of ${n} is not computed yet; try again shortly` });
      const extendedDueAt = approve ? new Date(computeDeadline(calendar, { start: originalDueAt, limit: { value: c.extension.days!, unit: LimitUnit.WorkingDays } }).dueAt!) : null;
      const done = await complaints.update(n, {
        $set: { 'extension.state': approve ? 'approved' : 'refused', 'extension.decidedBy': actor.username, 'extension.decidedAt': now, 'extension.originalDueAt': originalDueAt, 'extension.extendedDueAt': extendedDueAt },
      }, { 'extension.state': 'requested' });
      if (!done) throw wrongState(await mustGet(n), '审批延期 (decided on an extension)');
      await audit.record({ at: now, actor: who(actor), action: AuditAction.ComplaintExtensionDecided, ...about(done), key: `complaint-extension-decided:${n}`, detail: { approved: approve, days: c.extension.days, originalDueAt, extendedDueAt } });
      if (approve) await engine.publishMessage('complaint-extended', n, {});
      return done;
    },

    /** The re-entered handling step's clock after an approved extension; its derivation names both due times. */
    async startExtendedClock(jobKey: string, n: string, now: Date): Promise<StartedStep> {
      const c = await mustGet(n);
      const e = c.extension;
      if (e?.state !== 'approved' || !e.originalDueAt) throw new Error(`complaint ${n} has no approved extension`);
      const preface = [
        { en: `Original limit ${c.limit!.value} working day(s), due ${e.originalDueAt.toISOString()}.`, zh: `原时限 ${c.limit!.value} 个工作日，原到期 ${calendarLocal(calendar, e.originalDueAt)}。` },
        { en: `One extension of ${e.days} working day(s) (not longer than the limit, seed 004 §32(5)), approved by ${e.decidedBy}: ${e.reason}. Counted on from the original due time.`,
          zh: `延期 1 次 ${e.days} 个工作日（不超过原时限，第三十二条第五项），经 ${e.decidedBy} 批准，理由：${e.reason}；自原到期时间起续算。` },
      ];
      return deadlines.startFixedStep(jobKey, n, Step.Handle, { value: e.days!, unit: LimitUnit.WorkingDays }, { caseKind: CaseKind.Complaint, unit: c.unitCode }, now, { from: e.originalDueAt, preface });
    },

    /** seed 004 §32(6): the handler answers (handled), or finds it invalid with the evidence; every complainant is told. */
    async answer(n: string, input: { outcome: ComplaintOutcome; answer: string; evidence?: string | null }, actor: StaffActor, now: Date): Promise<Complaint> {
      const c = await mustGet(n);
      mustBeOfUnit(actor, c);
      if (c.state !== ComplaintState.Accepted) throw wrongState(c, '答复 (answered)');
      if (c.handler && c.handler !== actor.username) throw new DomainError('COMPLAINT_TAKEN', ErrorKind.Conflict, { zh: `投诉建议 ${n} 已由 ${c.handler} 办理，由其答复`, en: `complaint ${n} is handled by ${c.handler}, who answers it` }, { assignee: c.handler });
      if (c.complainedOperator === actor.username) throw new DomainError('COMPLAINED_OPERATOR', ErrorKind.Forbidden, { zh: `${actor.username} 是投诉建议 ${n} 的被投诉人，不能办理`, en: `${actor.username} is the person complained about in ${n} and may not handle it` });
      const answer = checkLength('answer', '答复', input.answer, ANSWER_LENGTH);
      const evidence = input.outcome === ComplaintOutcome.Handled ? null : checkLength('evidence', '调查核实依据', input.evidence, { min: 2, max: 2000 });
      const due = await handleDue(n);
      const answeredInTime = due ? now.getTime() <= due.getTime() : true;
      const done = await complaints.update(n, { $set: { state: ComplaintState.Answered, outcome: input.outcome, answer, evidence, answeredBy: actor.username, answeredAt: now, answeredInTime, handler: actor.username } }, { state: ComplaintState.Accepted });
      if (!done) throw wrongState(await mustGet(n), '答复 (answered)');
      try {
        await completeStep(c, Step.Handle, workerOf(actor), { outcome: input.outcome }, now);
      } catch (err) {
        await complaints.update(n, { $set: { state: ComplaintState.Accepted, outcome: null, answer: null, evidence: null, answeredBy: null, answeredAt: null, answeredInTime: null } }, { state: ComplaintState.Answered });
        throw err;
      }
      await audit.record({ at: now, actor: who(actor), action: AuditAction.ComplaintAnswered, ...about(done), key: `complaint-answered:${n}:${done.reopened ?? 0}`, detail: { outcome: input.outcome, answeredInTime, complainants: everyone(done).length } });
      const verdict = input.outcome === ComplaintOutcome.Handled ? '已办理' : '经调查核实为无效投诉建议';
      await tell(done, `您的投诉建议 ${n}（${done.title}）${verdict}。答复：${answer} 请登录“我的投诉建议”查看并评价办理结果。`, now);
      if (input.outcome === ComplaintOutcome.Handled) await deps.upheld?.(done, now);
      return done;
    },

    /**
     * seed 004 §34: the follow-up visit records satisfaction, by the unit (telephone, text) or by a complainant in the
     * portal; a dissatisfied answer reopens the case once, then it closes.
     */
    async followUp(n: string, input: { satisfied: boolean; note?: string | null }, actor: StaffActor, now: Date): Promise<Complaint> {
      const c = await mustGet(n);
      const complainant = everyone(c).some((p) => p.username === actor.username);
      if (!complainant) mustBeOfUnit(actor, c);
      if (c.state !== ComplaintState.Answered) throw wrongState(c, '回访 (followed up)');
      const reopen = !input.satisfied && (c.reopened ?? 0) < 1;
      const visit = { at: now, by: actor.username, satisfied: input.satisfied, note: input.note?.trim() || null };
      const set = reopen ? { state: ComplaintState.Accepted, reopened: (c.reopened ?? 0) + 1, outcome: null, answeredAt: null } : { state: ComplaintState.Closed };
      const done = await complaints.update(n, { $set: set, $push: { followUps: visit } }, { state: ComplaintState.Answered, reopened: c.reopened ?? 0 });
      if (!done) throw wrongState(await mustGet(n), '回访 (followed up)');
      // a complainant's answer completes the unit's follow-up step in its handler's name: the visit is the unit's duty
      const by = complainant ? { username: c.handler ?? c.answeredBy!, role: Role.DepartmentStaff, unitCode: c.unitCode, activated: true } : actor;
      try {
        await completeStep(c, Step.Visit, workerOf(by), { satisfied: input.satisfied, reopen }, now);
      } catch (err) {
        await complaints.update(n, { $set: { state: ComplaintState.Answered, reopened: c.reopened ?? 0, outcome: c.outcome, answeredAt: c.answeredAt }, $pop: { followUps: 1 } }, { state: set.state });
        throw err;
      }
      await audit.record({ at: now, actor: who(actor), action: AuditAction.ComplaintFollowedUp, ...about(done), key: `complaint-followed-up:${n}:${c.followUps?.length ?? 0}`, detail: { satisfied: input.satisfied, reopened: reopen } });
      return done;
    },

    /** Supervision's counts per unit (seed 001 §28–30): cases, outcomes, and how many were answered in time. */
    async statistics(from: Date, to: Date) {
      const rows = await complaints.filedBetween(from, to);
      const units = new Map<string, { unitCode: string; total: number; byKind: Record<string, number>; byChannel: Record<string, number>; byState: Record<string, number>; byOutcome: Record<string, number>; answered: number; inTime: number }>();
      for (const r of rows) {
        const u = units.get(r.unitCode) ?? { unitCode: r.unitCode, total: 0, byKind: {}, byChannel: {}, byState: {}, byOutcome: {}, answered: 0, inTime: 0 };
        u.total += 1;
        u.byKind[r.kind] = (u.byKind[r.kind] ?? 0) + 1;
        u.byChannel[r.channel] = (u.byChannel[r.channel] ?? 0) + 1;
        u.byState[r.state] = (u.byState[r.state] ?? 0) + 1;
        if (r.outcome) u.byOutcome[r.outcome] = (u.byOutcome[r.outcome] ?? 0) + 1;
        if (r.answeredInTime !== null && r.answeredInTime !== undefined) { u.answered += 1; if (r.answeredInTime) u.inTime += 1; }
        units.set(r.unitCode, u);
      }
      // ranked by the share answered in time, then by fewer cases
      return [...units.values()].map((u) => ({ ...u, inTimeRate: u.answered ? u.inTime / u.answered : null }))
        .sort((a, b) => (b.inTimeRate ?? -1) - (a.inTimeRate ?? -1) || a.total - b.total);
    },
  };
}
export type ComplaintService = ReturnType<typeof createComplaintService>;

function calendarLocal(calendar: WorkingCalendar, at: Date): string {
  const local = new Date(at.getTime() + calendar.settings.utcOffsetMinutes * 60_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}
