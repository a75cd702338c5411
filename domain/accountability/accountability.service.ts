import { Role } from '../account/account.model.js';
import type { AccountService } from '../account/account.service.js';
import { ActorKind, AuditAction } from '../audit/audit-entry.model.js';
import type { AuditInput, AuditService } from '../audit/audit.service.js';
import type { PersonNotice } from '../notification/notification.service.js';
import { NoticeKind } from '../notification/notice.model.js';
import type { SequenceRepository } from '../sequence/sequence.repository.js';
import { CaseKind } from '../shared/constants.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { LADDER, LadderStep, ViolationSource, ViolationState, type Violation } from './accountability.model.js';
import type { ViolationRepository } from './accountability.repository.js';

export const REASON_LENGTH = { min: 2, max: 1000 } as const;
const OPERATOR_ROLES: readonly string[] = [Role.WindowStaff, Role.DepartmentStaff];

/** Who asks: the signed-in person. */
export interface AccountabilityActor { username: string; role: string; unitCode: string | null }

/** A fact that may be a violation: its source, what it refers to, the operator it names. */
export interface ViolationFact {
  source: (typeof ViolationSource)[keyof typeof ViolationSource];
  ref: string;
  operator: string;
  caseNumber: string | null;
  caseKind: string | null;
  summary: string;
  recordedBy: string;
}

const STEP_NAME_ZH: Record<string, string> = { accept: '受理', review: '审查', decide: '决定', close: '办结', approve: '审批', verify: '核验', issue: '发证' };
const SOURCE_ZH: Record<string, string> = { 'red-card': '红牌', complaint: '投诉属实', 'bad-review': '差评属实', refusal: '无法定理由不予受理' };

/** The step the n-th confirmed violation within the period takes: the third and any later one is a referral. */
export const stepOf = (position: number) => LADDER[Math.min(Math.max(position, 1), LADDER.length) - 1]!;

/** The start of the counting period that ends at `now`: `months` calendar months before it. */
export function periodStart(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

function text(field: string, zhField: string, value: string | null | undefined): string {
  const t = (value ?? '').trim();
  const n = [...t].length;
  if (n < REASON_LENGTH.min || n > REASON_LENGTH.max) {
    throw new DomainError('ACCOUNTABILITY_TEXT_LENGTH', ErrorKind.Validation, {
      zh: `${zhField}（${field}）须为 ${REASON_LENGTH.min} 到 ${REASON_LENGTH.max} 个字，现为 ${n} 个字`,
      en: `the ${field} must be ${REASON_LENGTH.min} to ${REASON_LENGTH.max} characters long, not ${n}`,
    }, { field, length: n });
  }
  return t;
}

/**
 * 问责 (seed 001 §31): window violations recorded against the operator: red cards, complaints and bad reviews found
 * valid, refusals without legal grounds. A supervisor confirms each with a reason; the confirmed ones within the reset
 * period walk the ladder: a warning, then off-post retraining (posts suspended until a practice case is passed and
 * the leader approves again, seed 000 §19), then referral for disciplinary accountability. The operator is told and
 * may state their view in writing; every step is in the audit trail.
 */
export function createAccountabilityService(deps: {
  violations: ViolationRepository; sequences: Pick<SequenceRepository, 'next'>; audit: AuditService;
  accounts: Pick<AccountService, 'get' | 'suspendForRetraining' | 'list'>;
  /** the step an application's operator completed: who accepted (or refused) it at the window */
  completedBy(caseNumber: string, step: string): Promise<string | null>;
  notify?(notice: PersonNotice, now: Date): Promise<unknown>;
  /** the counting starts again after this many months without a confirmed violation inside it */
  resetMonths: number;
  log?: { warn(obj: object, msg: string): void };
}) {
  const { violations, audit, accounts } = deps;
  const who = (a: { username: string; role: string }) => ({ kind: ActorKind.User, id: a.username, role: a.role });
  const about = (v: Violation) => ({ target: { kind: 'violation', id: v.violationId }, unit: v.unitCode ?? null, caseNumber: v.caseNumber ?? null, caseKind: (v.caseKind ?? null) as CaseKind | null });
  const notFound = (id: string) => new DomainError('VIOLATION_NOT_FOUND', ErrorKind.NotFound, { zh: `违规记录 ${id} 不存在`, en: `violation ${id} does not exist` });
  const recordedEntry = (v: Violation): AuditInput => ({
    at: v.at, actor: v.recordedBy.includes(':') ? { kind: ActorKind.System, id: v.recordedBy, role: null } : { kind: ActorKind.User, id: v.recordedBy, role: Role.Supervisor },
    action: AuditAction.ViolationRecorded, ...about(v), detail: { source: v.source, operator: v.operator, key: v.key },
  });

  async function mustGet(id: string): Promise<Violation> {
    const v = await violations.get(id);
    if (!v) throw notFound(id);
    return v;
  }
  async function tell(v: Violation, kind: string, textZh: string, now: Date) {
    await deps.notify?.({ key: `accountability:${v.violationId}:${kind}`, kind: NoticeKind.AccountabilityStep, username: v.operator, subject: { kind: 'violation', id: v.violationId }, unit: v.unitCode ?? null, text: textZh }, now)
      .catch((err: unknown) => deps.log?.warn({ err, violation: v.violationId }, 'accountability notice not sent'));
  }
  /** Supervisors see everyone; a leader the operators of their unit; an operator themself; anyone else nothing. */
  function maySee(actor: AccountabilityActor, operator: string, unitCode: string | null | undefined) {
    if (actor.role === Role.Supervisor) return true;
    if (actor.role === Role.DepartmentLeader) return Boolean(actor.unitCode && actor.unitCode === unitCode);
    return actor.username === operator;
  }

  /** The operator's standing now: confirmed violations inside the period and the step the next one takes. */
  async function ladderOf(username: string, now: Date) {
    const account = await accounts.get(username);
    const counted = await violations.confirmedSince(username, periodStart(now, deps.resetMonths));
    const last = counted.at(-1);
    const retraining = account.retraining as { since?: Date; posts?: string[] } | null | undefined;
    return {
      operator: username, realName: account.realName, unitCode: account.unitCode ?? null, activation: account.activation?.state ?? null,
      count: counted.length, step: last?.step ?? null, nextStep: stepOf(counted.length + 1),
      /** the count starts again when the latest confirmation leaves the period */
      resetsAt: last?.decision ? new Date(periodStart(new Date(last.decision.at), -deps.resetMonths)) : null,
      retraining: retraining?.since ? { since: new Date(retraining.since), posts: [...(retraining.posts ?? [])] } : null,
    };
  }

  return {
    get: mustGet,
    ladderOf,
    resetMonths: deps.resetMonths,

    /**
     * Records a violation once per fact: the same card, complaint, review or case again adds nothing. Only a named
     * operator (window or department staff) has a record; a post's queue, an unknown or another kind of account none.
     */
    async record(fact: ViolationFact, now: Date): Promise<Violation | null> {
      const key = `${fact.source}:${fact.ref}`;
      const known = await violations.byKey(key);
      if (known) {
        await audit.recordMissing(`violation:${key}`, now, () => recordedEntry(known));
        return known;
      }
      const account = await accounts.get(fact.operator).catch(() => null);
      if (!account || !OPERATOR_ROLES.includes(account.role)) return null;
      const violationId = `WG${now.getUTCFullYear()}${String(await deps.sequences.next(`violation:${now.getUTCFullYear()}`)).padStart(6, '0')}`;
      const v: Violation = {
        violationId, key, source: fact.source, operator: fact.operator, unitCode: account.unitCode ?? null, caseNumber: fact.caseNumber, caseKind: fact.caseKind,
        summary: fact.summary, at: now, recordedBy: fact.recordedBy, state: ViolationState.Pending, step: null, position: null, decision: null, statement: null,
      };
      if (!(await violations.insert(v))) {
        const stored = (await violations.byKey(key))!;
        await audit.recordMissing(`violation:${key}`, now, () => recordedEntry(stored));
        return stored;
      }
      await audit.record({ ...recordedEntry(v), key: `violation:${key}` });
      return v;
    },

    /** A supervisor records a refusal without legal grounds: the operator who refused at the window answers for it. */
    async recordRefusal(input: { caseNumber: string; reason: string }, actor: AccountabilityActor, now: Date): Promise<Violation> {
      const reason = text('reason', '认定理由', input.reason);
      const operator = await deps.completedBy(input.caseNumber, 'accept');
      if (!operator) {
        throw new DomainError('REFUSAL_NO_OPERATOR', ErrorKind.Validation, {
          zh: `办件 ${input.caseNumber} 没有操作员办结过受理环节，无法认定不予受理的责任人`, en: `no operator completed the accept step of ${input.caseNumber}, so nobody refused it`,
        }, { caseNumber: input.caseNumber });
      }
      const v = await this.record({
        source: ViolationSource.Refusal, ref: input.caseNumber, operator, caseNumber: input.caseNumber, caseKind: CaseKind.Application,
        summary: `办件 ${input.caseNumber} 无法定理由不予受理：${reason}`, recordedBy: actor.username,
      }, now);
      if (!v) {
        throw new DomainError('REFUSAL_NO_OPERATOR', ErrorKind.Validation, { zh: `办件 ${input.caseNumber} 的受理人 ${operator} 不是窗口或部门办事员`, en: `${operator}, who accepted ${input.caseNumber}, is not window or department staff` });
      }
      return v;
    },

    /** A red card held by a named operator (not a post's queue), seed 000 §29. */
    async fromRedCard(card: { deadlineId: string; level: string; holder: string; heldByQueue: boolean; caseNumber: string; caseKind: string; step: string }, now: Date) {
      if (card.level !== 'red' || card.heldByQueue) return null;
      return this.record({
        source: ViolationSource.RedCard, ref: card.deadlineId, operator: card.holder, caseNumber: card.caseNumber, caseKind: card.caseKind,
        summary: `${card.caseNumber} 的“${STEP_NAME_ZH[card.step] ?? card.step}”环节超过时限 30 分钟以上，被发红牌`, recordedBy: 'job:record-card',
      }, now);
    },

    /** A complaint answered as handled (found valid) that names the operator complained about. */
    async fromComplaint(c: { complaintNumber: string; kind: string; outcome?: string | null; complainedOperator?: string | null; title: string }, now: Date) {
      if (c.kind !== 'complain' || c.outcome !== 'handled' || !c.complainedOperator) return null;
      return this.record({
        source: ViolationSource.Complaint, ref: c.complaintNumber, operator: c.complainedOperator, caseNumber: c.complaintNumber, caseKind: CaseKind.Complaint,
        summary: `投诉 ${c.complaintNumber}（${c.title}）经办理属实`, recordedBy: 'complaint:answered',
      }, now);
    },

    /** A bad review found valid: each window operator who handled the rated case answers for it. */
    async fromBadReview(r: { rectificationId: string; subject: { kind: string; id: string }; parties?: { kind: string; id: string }[] | null }, now: Date) {
      const recorded: Violation[] = [];
      for (const p of (r.parties ?? []).filter((q) => q.kind === 'operator')) {
        const v = await this.record({
          source: ViolationSource.BadReview, ref: `${r.rectificationId}:${p.id}`, operator: p.id, caseNumber: r.subject.id, caseKind: r.subject.kind,
          summary: `差评 ${r.rectificationId}（${r.subject.id}）经核实属实`, recordedBy: 'rectification:verified',
        }, now);
        if (v) recorded.push(v);
      }
      return recorded;
    },

    /** The supervisor confirms with a reason: the step follows from the confirmed ones inside the period. */
    async confirm(id: string, input: { reason: string }, actor: AccountabilityActor, now: Date): Promise<Violation> {
      const v = await mustGet(id);
      const reason = text('reason', '确认理由', input.reason);
      if (v.state !== ViolationState.Pending) throw wrongState(v, { zh: '确认', en: 'be confirmed' });
      const position = (await violations.confirmedSince(v.operator, periodStart(now, deps.resetMonths))).length + 1;
      const step = stepOf(position);
      const done = await violations.update(id, { state: ViolationState.Pending }, { state: ViolationState.Confirmed, step, position, decision: { by: actor.username, at: now, reason } });
      if (!done) throw wrongState(await mustGet(id), { zh: '确认', en: 'be confirmed' });
      await audit.record({
        at: now, actor: who(actor), action: AuditAction.ViolationConfirmed, ...about(done), key: `violation.confirmed:${id}`,
        before: { state: ViolationState.Pending }, after: { state: ViolationState.Confirmed, step, position }, detail: { operator: v.operator, reason, resetMonths: deps.resetMonths },
      });
      if (step === LadderStep.Retraining) await accounts.suspendForRetraining(v.operator, { username: actor.username, role: actor.role }, id, now);
      const words: Record<string, string> = {
        warning: `您的违规记录 ${id}（${SOURCE_ZH[v.source]}）经效能监察确认，予以警示教育（警告）。理由：${reason} 您可在“我的问责记录”中陈述申辩。`,
        retraining: `您在 ${deps.resetMonths} 个月内第 ${position} 次违规（${id}，${SOURCE_ZH[v.source]}）经确认，须离岗培训：岗位暂停，须重新通过模拟办件并经部门领导审核后恢复。理由：${reason} 您可陈述申辩。`,
        referral: `您在 ${deps.resetMonths} 个月内第 ${position} 次违规（${id}，${SOURCE_ZH[v.source]}）经确认，移送追责（问责处分）。理由：${reason} 您可陈述申辩。`,
      };
      await tell(done, 'confirmed', words[step]!, now);
      return done;
    },

    /** The supervisor finds it no violation: nothing counts, with the reason kept. */
    async dismiss(id: string, input: { reason: string }, actor: AccountabilityActor, now: Date): Promise<Violation> {
      const v = await mustGet(id);
      const reason = text('reason', '不予认定理由', input.reason);
      if (v.state !== ViolationState.Pending) throw wrongState(v, { zh: '不予认定', en: 'be dismissed' });
      const done = await violations.update(id, { state: ViolationState.Pending }, { state: ViolationState.Dismissed, decision: { by: actor.username, at: now, reason } });
      if (!done) throw wrongState(await mustGet(id), { zh: '不予认定', en: 'be dismissed' });
      await audit.record({ at: now, actor: who(actor), action: AuditAction.ViolationDismissed, ...about(done), key: `violation.dismissed:${id}`, before: { state: ViolationState.Pending }, after: { state: ViolationState.Dismissed }, detail: { operator: v.operator, reason } });
      return done;
    },

    /** 陈述申辩: the operator's own written view of a confirmed violation, once. */
    async state(id: string, input: { text: string }, actor: AccountabilityActor, now: Date): Promise<Violation> {
      const v = await violations.get(id);
      if (!v || v.operator !== actor.username) throw notFound(id);
      const words = text('text', '陈述申辩', input.text);
      if (v.state !== ViolationState.Confirmed) throw wrongState(v, { zh: '陈述申辩（须先经确认）', en: 'be answered (it is not confirmed)' });
      if (v.statement) {
        throw new DomainError('STATEMENT_GIVEN', ErrorKind.Conflict, { zh: `违规记录 ${id} 已于 ${new Date(v.statement.at).toISOString()} 陈述申辩过`, en: `a statement on violation ${id} was given at ${new Date(v.statement.at).toISOString()}` });
      }
      const done = await violations.update(id, { state: ViolationState.Confirmed, statement: null }, { statement: { text: words, at: now } });
      if (!done) throw new DomainError('STATEMENT_GIVEN', ErrorKind.Conflict, { zh: `违规记录 ${id} 已陈述申辩过`, en: `a statement on violation ${id} was given already` });
      await audit.record({ at: now, actor: who(actor), action: AuditAction.ViolationStatement, ...about(done), key: `violation.statement:${id}`, detail: { length: [...words].length } });
      return done;
    },

    /** Violations the actor may see: a supervisor all (or one state), a leader their unit's. */
    async list(actor: AccountabilityActor, state?: string): Promise<Violation[]> {
      if (actor.role === Role.Supervisor) return violations.list({ state });
      if (actor.role === Role.DepartmentLeader && actor.unitCode) return violations.list({ state, unitCode: actor.unitCode });
      return violations.list({ state, operator: actor.username });
    },

    /** One operator's record and ladder; a stranger is told it does not exist. */
    async recordOf(username: string, actor: AccountabilityActor, now: Date) {
      const account = await accounts.get(username).catch(() => null);
      if (!account || !OPERATOR_ROLES.includes(account.role) || !maySee(actor, username, account.unitCode)) {
        throw new DomainError('OPERATOR_RECORD_NOT_FOUND', ErrorKind.NotFound, { zh: `没有操作员 ${username} 的问责记录`, en: `there is no accountability record of operator ${username}` });
      }
      return { ladder: await ladderOf(username, now), violations: await violations.list({ operator: username }) };
    },

    /** The ladders of the operators with a violation: all for a supervisor, a leader's unit for a leader. */
    async ladders(actor: AccountabilityActor, now: Date) {
      const seen = await this.list(actor);
      const names = [...new Set(seen.map((v) => v.operator))].sort();
      return Promise.all(names.map((n) => ladderOf(n, now)));
    },

    pendingCount: () => violations.countPending(),
  };
}
export type AccountabilityService = ReturnType<typeof createAccountabilityService>;

function wrongState(v: Violation, doing: { zh: string; en: string }) {
  const zh: Record<string, string> = { pending: '待确认', confirmed: '已确认', dismissed: '不予认定' };
  return new DomainError('VIOLATION_STATE', ErrorKind.Conflict, {
    zh: `违规记录 ${v.violationId} 当前为“${zh[v.state] ?? v.state}”（${v.state}），不能${doing.zh}`, en: `violation ${v.violationId} is ${v.state}; it cannot ${doing.en}`,
  }, { state: v.state });
}
