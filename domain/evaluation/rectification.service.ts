import { Role } from '../account/account.model.js';
import type { ProcessEngine } from '../application/application.service.js';
import { ActorKind, AuditAction } from '../audit/audit-entry.model.js';
import type { AuditService } from '../audit/audit.service.js';
import { LimitUnit, type StepLimit } from '../deadline/deadline.service.js';
import type { StartedStep, StepDeadlineService } from '../deadline/step-deadline.service.js';
import { NoticeKind } from '../notification/notice.model.js';
import { CaseKind } from '../shared/constants.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import type { Actor, TaskService } from '../task/task.service.js';
import { RectificationState, type Rectification } from './evaluation.model.js';
import type { RectificationRepository } from './rectification.repository.js';

export const RECTIFICATION_PROCESS = 'bad-review-rectification';
/** The human steps of the process: the handling unit verifies and rectifies, the 好差评 office checks and visits. */
export const RectificationStep = { Verify: 'verify', Recheck: 'recheck', Rectify: 'rectify', FollowUp: 'visit' } as const;
/** What verifying found (seed 004 §37(1)–(3)): an invalid review, a clear matter rectified at once, or a complex one (5 working days). */
export const Verdict = { Invalid: 'invalid', Simple: 'simple', Complex: 'complex' } as const;
export type Verdict = (typeof Verdict)[keyof typeof Verdict];
/** Why a review is invalid (seed 004 §37(2)): 不实评价, 误评, 恶意差评. */
export const InvalidKind = { Untrue: 'untrue', Mistaken: 'mistaken', Malicious: 'malicious' } as const;
export type InvalidKind = (typeof InvalidKind)[keyof typeof InvalidKind];
/** An extension adds at most the complex-case limit again, once, counted on from the first due date. */
export const EXTENSION_MAX_DAYS = 5;
export const TEXT_LENGTH = { min: 2, max: 1000 } as const;

/** Who acts: the signed-in person. */
export interface RectificationActor { username: string; role: string; unitCode: string | null; activated: boolean }
/** A notice to the reviewer; the wiring adds the phone. */
export interface ReviewerNotice { key: string; kind: NoticeKind; username: string; subject: { kind: string; id: string }; itemCode: string; unit: string | null; text: string }

const UNIT_ROLES: readonly string[] = [Role.DepartmentStaff, Role.DepartmentLeader, Role.WindowStaff];
const OPEN_STATES = [RectificationState.Open, RectificationState.Rectifying] as const;

function text(field: string, zhField: string, value: string | null | undefined): string {
  const t = (value ?? '').trim();
  const n = [...t].length;
  if (n < TEXT_LENGTH.min || n > TEXT_LENGTH.max) {
    throw new DomainError('RECTIFICATION_TEXT_LENGTH', ErrorKind.Validation, {
      zh: `${zhField}（${field}）须为 ${TEXT_LENGTH.min} 到 ${TEXT_LENGTH.max} 个字，现为 ${n} 个字`,
      en: `the ${field} must be ${TEXT_LENGTH.min} to ${TEXT_LENGTH.max} characters long, not ${n}`,
    }, { field, length: n });
  }
  return t;
}

/**
 * 差评整改 (seed 004 §37): "whoever handled it answers for it". Every bad review starts the rectification process:
 * the handling unit contacts the reviewer at once and verifies; an invalid review goes to the 好差评 office (the
 * 政务服务管理办公室, role service-office) for a second check, which marks it 无效差评 or sends it into rectification;
 * rectification is at once (1 working day) or within 5 working days, extended once with a reason told to the
 * reviewer; the office then visits the reviewer, and every real-name review is reached.
 */
export function createRectificationService(deps: {
  rectifications: RectificationRepository; engine: ProcessEngine; tasks: Pick<TaskService, 'openTaskOf' | 'claim' | 'complete'>;
  deadlines: Pick<StepDeadlineService, 'startFixedStep' | 'forCase'>; audit: AuditService;
  /** the unit of the 好差评 office, whose group receives second checks and follow-up visits */
  officeUnit(): Promise<string>;
  caseStarted?(processInstanceKey: string): Promise<unknown>;
  notifyReviewer?(notice: ReviewerNotice, now: Date): Promise<unknown>;
  /** a bad review found valid is a window violation of the operators who handled the case (seed 001 §31) */
  upheld?(r: Rectification, now: Date): Promise<unknown>;
  log?: { warn(obj: object, msg: string): void };
}) {
  const { rectifications, engine, tasks, audit } = deps;
  const about = (r: Rectification) => ({
    target: { kind: 'rectification', id: r.rectificationId }, caseNumber: r.rectificationId, caseKind: CaseKind.Rectification, itemCode: r.itemCode, unit: r.handlingUnit ?? null,
  });

  async function mustGet(id: string): Promise<Rectification> {
    const r = await rectifications.get(id);
    if (!r) throw new DomainError('RECTIFICATION_NOT_FOUND', ErrorKind.NotFound, { zh: `差评整改 ${id} 不存在`, en: `rectification ${id} does not exist` });
    return r;
  }
  function mustBeUnit(actor: RectificationActor, r: Rectification) {
    if (!UNIT_ROLES.includes(actor.role) || !actor.unitCode || actor.unitCode !== r.handlingUnit) {
      throw new DomainError('RECTIFICATION_NOT_YOUR_UNIT', ErrorKind.Forbidden, {
        zh: `差评整改 ${r.rectificationId} 由 ${r.handlingUnit ?? '无单位'} 办理，${actor.username}（${actor.unitCode ?? '无单位'}）不能办理`,
        en: `rectification ${r.rectificationId} is handled by ${r.handlingUnit ?? 'no unit'}; ${actor.username} (${actor.unitCode ?? 'no unit'}) may not act on it`,
      });
    }
  }
  function mustBeOffice(actor: RectificationActor, r: Rectification) {
    if (actor.role !== Role.ServiceOffice) {
      throw new DomainError('RECTIFICATION_OFFICE_ONLY', ErrorKind.Forbidden, {
        zh: `差评整改 ${r.rectificationId} 的复核和回访由好差评管理部门（政务服务管理办公室）办理，${actor.username} 不能办理`,
        en: `the second check and follow-up of rectification ${r.rectificationId} are the 好差评 office's (service office); ${actor.username} may not act on them`,
      });
    }
  }
  function mustBeIn(r: Rectification, states: readonly string[], doing: { zh: string; en: string }) {
    if (!states.includes(r.state)) {
      throw new DomainError('RECTIFICATION_WRONG_STATE', ErrorKind.Conflict, {
        zh: `差评整改 ${r.rectificationId} 当前为 ${r.state}，不能${doing.zh}`, en: `rectification ${r.rectificationId} is ${r.state}; it cannot ${doing.en} now`,
      }, { state: r.state });
    }
  }

  /** Starts the process once (business key); a start that fails leaves the entry to `mend`. */
  async function started(r: Rectification): Promise<Rectification> {
    if (r.processInstanceKey) return r;
    const office = await deps.officeUnit();
    const unit = r.handlingUnit ?? office;
    const processInstanceKey = await engine.startInstance(RECTIFICATION_PROCESS, {
      rectificationNumber: r.rectificationId, itemCode: r.itemCode, realName: r.realName,
      units: { [RectificationStep.Verify]: unit, [RectificationStep.Rectify]: unit, [RectificationStep.Recheck]: office, [RectificationStep.FollowUp]: office },
    }, `rectification:${r.rectificationId}`);
    const stored = (await rectifications.update(r.rectificationId, { processInstanceKey })) ?? r;
    await deps.caseStarted?.(processInstanceKey);
    return stored;
  }

  /** The open task of a step, held for the actor (claimed in their name unless a colleague holds it). */
  async function taskFor(r: Rectification, step: string, actor: RectificationActor) {
    const task = r.processInstanceKey ? await tasks.openTaskOf(r.processInstanceKey, step) : null;
    if (!task) {
      throw new DomainError('RECTIFICATION_NOT_READY', ErrorKind.Conflict, {
        zh: `差评整改 ${r.rectificationId} 的 ${step} 环节尚未就绪，请稍后再试`, en: `the ${step} step of rectification ${r.rectificationId} is not ready yet; try again shortly`,
      });
    }
    const worker: Actor = { username: actor.username, unitCode: task.unitCode, posts: [task.post], activated: actor.activated, role: actor.role };
    if (task.state === 'assigned' && task.assignee && task.assignee !== actor.username) {
      throw new DomainError('RECTIFICATION_TAKEN', ErrorKind.Conflict, {
        zh: `差评整改 ${r.rectificationId} 的此环节已由 ${task.assignee} 认领，由其办理`, en: `this step of rectification ${r.rectificationId} is taken by ${task.assignee}, who handles it`,
      }, { assignee: task.assignee });
    }
    if (task.state !== 'assigned') await tasks.claim(task.userTaskKey, worker);
    return { task, worker };
  }

  /**
   * One step done: the entry moves on only from the state it was read in (a second submission conflicts), then the
   * process's task completes in the actor's name; if the engine refuses, the entry goes back.
   */
  async function act(r: Rectification, step: string, actor: RectificationActor, set: Record<string, unknown>, variables: Record<string, unknown>, now: Date) {
    const { task, worker } = await taskFor(r, step, actor);
    const moved = await rectifications.update(r.rectificationId, set, { state: r.state });
    if (!moved) throw new DomainError('RECTIFICATION_CHANGED', ErrorKind.Conflict, { zh: `差评整改 ${r.rectificationId} 刚刚有了变化，请刷新`, en: `rectification ${r.rectificationId} changed meanwhile; refresh` });
    try {
      await tasks.complete(task.userTaskKey, worker, variables, now, set);
    } catch (err) {
      const back = Object.fromEntries(Object.keys(set).map((k) => [k, (r as Record<string, unknown>)[k] ?? null]));
      await rectifications.update(r.rectificationId, back, { state: moved.state });
      throw err;
    }
    return moved;
  }

  const who = (actor: RectificationActor) => ({ kind: ActorKind.User, id: actor.username, role: actor.role });
  const tell = async (r: Rectification, kind: NoticeKind, textZh: string, now: Date) => {
    if (!r.reviewerUsername || !deps.notifyReviewer) return;
    await deps.notifyReviewer({
      key: `${kind}:${r.rectificationId}`, kind, username: r.reviewerUsername, subject: { kind: 'rectification', id: r.rectificationId },
      itemCode: r.itemCode, unit: r.handlingUnit ?? null, text: textZh,
    }, now).catch((err: unknown) => deps.log?.warn({ err, rectification: r.rectificationId }, 'reviewer notice not sent'));
  };

  return {
    get: mustGet,
    byProcessInstance: (key: string) => rectifications.byProcessInstance(key),

    /** The rating opened the entry: its process starts now; a failure is logged and mended later. */
    async opened(r: Rectification): Promise<Rectification> {
      try {
        return await started(r);
      } catch (err) {
        deps.log?.warn({ err, rectification: r.rectificationId }, 'rectification process not started; it is mended later');
        return r;
      }
    },

    /** Starts the processes whose start failed (entries opened more than a minute ago and still without one). */
    async mend(now: Date): Promise<number> {
      let mended = 0;
      for (const r of await rectifications.unstarted(new Date(now.getTime() - 60_000))) {
        try {
          await started(r);
          mended += 1;
        } catch (err) {
          deps.log?.warn({ err, rectification: r.rectificationId }, 'rectification process still not started');
        }
      }
      return mended;
    },

    /**
     * A step's clock. The rectify step after an extension counts the extension's working days on from the first
     * due date (not from the request), so asking late gains nothing.
     */
    async stepClock(id: string, number: string, step: string, limit: StepLimit, extension: boolean, now: Date): Promise<StartedStep> {
      const r = await mustGet(number);
      const unit = step === RectificationStep.Verify || step === RectificationStep.Rectify ? r.handlingUnit ?? null : await deps.officeUnit();
      const where = { caseKind: CaseKind.Rectification, unit, itemCode: r.itemCode };
      let own = limit;
      let counted: { from: Date } | undefined;
      if (extension) {
        const ext = r.extension as { days: number; originalDueAt: Date } | null;
        if (!ext) throw new Error(`rectification ${number} has no extension to count`);
        // counted on from the first due date, so asking late gains nothing
        counted = { from: new Date(ext.originalDueAt) };
        own = { value: Math.min(ext.days, limit.value), unit: LimitUnit.WorkingDays };
      }
      const clock = await deps.deadlines.startFixedStep(id, number, step, own, where, now, counted);
      if (step === RectificationStep.Rectify) await rectifications.update(number, { dueAt: new Date(clock.dueAt) });
      return clock;
    },

    /** The handling unit contacted the reviewer and verified: invalid (to the office), or rectify at once or as a complex case. */
    async verify(id: string, input: { contact: string; finding: string; verdict: string; invalidKind?: string | null }, actor: RectificationActor, now: Date) {
      const r = await mustGet(id);
      mustBeUnit(actor, r);
      mustBeIn(r, [RectificationState.Open], { zh: '核实', en: 'be verified' });
      if (!(Object.values(Verdict) as string[]).includes(input.verdict)) {
        throw new DomainError('RECTIFICATION_VERDICT_UNKNOWN', ErrorKind.Validation, { zh: `核实结论 ${input.verdict} 不存在：只能是 invalid、simple 或 complex`, en: `the verdict ${input.verdict} does not exist: it is invalid, simple or complex` });
      }
      const invalid = input.verdict === Verdict.Invalid;
      if (invalid && !(Object.values(InvalidKind) as string[]).includes(input.invalidKind ?? '')) {
        throw new DomainError('RECTIFICATION_INVALID_KIND', ErrorKind.Validation, {
          zh: `无效差评须说明类型：不实评价（untrue）、误评（mistaken）或恶意差评（malicious），不是 ${input.invalidKind ?? '空'}`,
          en: `an invalid review needs its kind: untrue, mistaken or malicious, not ${input.invalidKind ?? 'none'}`,
        });
      }
      const verification = { contact: text('contact', '联系情况', input.contact), finding: text('finding', '核实情况', input.finding), verdict: input.verdict, invalidKind: invalid ? input.invalidKind : null, by: actor.username, at: now };
      const state = invalid ? RectificationState.Recheck : RectificationState.Rectifying;
      const moved = await act(r, RectificationStep.Verify, actor, { state, contactedAt: now, verification }, { verdict: input.verdict }, now);
      await audit.record({ at: now, actor: who(actor), action: AuditAction.RectificationVerified, ...about(moved), key: `rectification.verified:${id}`, after: { state, verdict: input.verdict } });
      if (!invalid) await deps.upheld?.(moved, now);
      return moved;
    },

    /** The 好差评 office's second check of an invalid review: passed → 无效差评; failed → into rectification (5 working days). */
    async recheck(id: string, input: { passed: boolean; opinion: string }, actor: RectificationActor, now: Date) {
      const r = await mustGet(id);
      mustBeOffice(actor, r);
      mustBeIn(r, [RectificationState.Recheck], { zh: '复核', en: 'be checked' });
      const recheck = { passed: input.passed, opinion: text('opinion', '复核意见', input.opinion), by: actor.username, at: now };
      const set = input.passed
        ? { state: RectificationState.Invalid, recheck, result: 'invalid', closedAt: now }
        : { state: RectificationState.Rectifying, recheck };
      const moved = await act(r, RectificationStep.Recheck, actor, set, { recheckPassed: input.passed }, now);
      await audit.record({ at: now, actor: who(actor), action: AuditAction.RectificationRechecked, ...about(moved), key: `rectification.rechecked:${id}`, after: { state: moved.state, passed: input.passed } });
      // the office found the invalid-review request unfounded: the review stands as valid
      if (!input.passed) await deps.upheld?.(moved, now);
      return moved;
    },

    /** Asks once for more time, at most 5 more working days, with a reason the reviewer is told (seed 004 §37(3)). */
    async extend(id: string, input: { days: number; reason: string }, actor: RectificationActor, now: Date) {
      const r = await mustGet(id);
      mustBeUnit(actor, r);
      mustBeIn(r, [RectificationState.Rectifying], { zh: '申请延期', en: 'be extended' });
      if (r.extension) {
        throw new DomainError('RECTIFICATION_EXTENDED_ALREADY', ErrorKind.Conflict, {
          zh: `差评整改 ${id} 已延期过一次（${(r.extension as { days: number }).days} 个工作日），不能再延期`, en: `rectification ${id} was extended once already (${(r.extension as { days: number }).days} working days); it cannot be extended again`,
        });
      }
      if (!Number.isInteger(input.days) || input.days < 1 || input.days > EXTENSION_MAX_DAYS) {
        throw new DomainError('RECTIFICATION_EXTENSION_TOO_LONG', ErrorKind.Validation, {
          zh: `延期须为 1 到 ${EXTENSION_MAX_DAYS} 个工作日，不能是 ${input.days}`, en: `an extension is 1 to ${EXTENSION_MAX_DAYS} working days, not ${input.days}`,
        });
      }
      if (!r.dueAt) throw new DomainError('RECTIFICATION_NOT_READY', ErrorKind.Conflict, { zh: `差评整改 ${id} 的整改时限尚未计算，请稍后再试`, en: `the rectification limit of ${id} is not computed yet; try again shortly` });
      const extension = { days: input.days, reason: text('reason', '延期理由', input.reason), by: actor.username, at: now, originalDueAt: r.dueAt };
      const moved = await act(r, RectificationStep.Rectify, actor, { extension }, { rectifyAction: 'extend' }, now);
      await audit.record({ at: now, actor: who(actor), action: AuditAction.RectificationExtended, ...about(moved), key: `rectification.extended:${id}`, detail: { days: input.days, originalDueAt: r.dueAt } });
      await tell(moved, NoticeKind.RectificationExtended, `您对【${moved.itemCode}】的差评整改 ${id} 需延期 ${input.days} 个工作日，理由：${extension.reason}`, now);
      return moved;
    },

    /** Rectified: what was done; on time when before the (extended) due date. The reviewer is told. */
    async rectify(id: string, input: { measures: string }, actor: RectificationActor, now: Date) {
      const r = await mustGet(id);
      mustBeUnit(actor, r);
      mustBeIn(r, [RectificationState.Rectifying], { zh: '办结整改', en: 'be rectified' });
      const outcome = { measures: text('measures', '整改措施', input.measures), by: actor.username, at: now };
      const onTime = r.dueAt ? now.getTime() <= new Date(r.dueAt).getTime() : null;
      const moved = await act(r, RectificationStep.Rectify, actor, { state: RectificationState.Rectified, outcome, onTime, result: 'valid' }, { rectifyAction: 'done' }, now);
      await audit.record({ at: now, actor: who(actor), action: AuditAction.RectificationDone, ...about(moved), key: `rectification.done:${id}`, after: { state: moved.state, onTime } });
      await tell(moved, NoticeKind.RectificationDone, `您对【${moved.itemCode}】的差评已整改：${outcome.measures} 好差评管理部门将回访。`, now);
      return moved;
    },

    /** The office's follow-up visit; a real-name review must be reached (seed 004 §37(4)). */
    async followUp(id: string, input: { reached: boolean; satisfied?: boolean | null; note: string }, actor: RectificationActor, now: Date) {
      const r = await mustGet(id);
      mustBeOffice(actor, r);
      mustBeIn(r, [RectificationState.Rectified], { zh: '回访', en: 'be followed up' });
      if (r.realName && !input.reached) {
        throw new DomainError('RECTIFICATION_FOLLOW_UP_REQUIRED', ErrorKind.Validation, {
          zh: `差评整改 ${id} 是实名差评，须回访到评价人本人后才能记录（实名差评全部回访）`, en: `rectification ${id} is a real-name review: the reviewer must be reached before the visit is recorded (every real-name review is followed up)`,
        });
      }
      const followUp = { reached: input.reached, satisfied: input.reached ? input.satisfied ?? null : null, note: text('note', '回访记录', input.note), by: actor.username, at: now };
      const moved = await act(r, RectificationStep.FollowUp, actor, { state: RectificationState.FollowedUp, followUp, closedAt: now }, { followedUp: true }, now);
      await audit.record({ at: now, actor: who(actor), action: AuditAction.RectificationFollowedUp, ...about(moved), key: `rectification.followed-up:${id}`, after: { reached: input.reached, satisfied: followUp.satisfied } });
      return moved;
    },

    /** The handling unit's rectifications: to work (open, rectifying) or done. */
    async ofUnit(actor: RectificationActor, which: 'open' | 'done') {
      if (!actor.unitCode) return [];
      const states = which === 'open' ? OPEN_STATES : [RectificationState.Recheck, RectificationState.Invalid, RectificationState.Rectified, RectificationState.FollowedUp];
      return rectifications.ofUnit(actor.unitCode, states);
    },
    /** The office's queue: invalid-review requests to decide and rectified reviews to visit. */
    async ofOffice(which: 'recheck' | 'follow-up') {
      return rectifications.inStates([which === 'recheck' ? RectificationState.Recheck : RectificationState.Rectified]);
    },
    /** The rectifications of the caller's own bad reviews. */
    mine: (username: string) => rectifications.ofReviewer(username),
    /** Per handling unit: review results and rectification timeliness, for supervision's ranking. */
    tally: () => rectifications.tally(),
    stepDeadlines: (id: string) => deps.deadlines.forCase(id),
  };
}
export type RectificationService = ReturnType<typeof createRectificationService>;
