import { Role } from '../account/account.model.js';
import { AuditAction, ActorKind } from '../audit/audit-entry.model.js';
import { NoticeKind } from '../notification/notice.model.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ProcessEngine } from '../application/application.service.js';
import type { SequenceRepository } from '../sequence/sequence.repository.js';
import { ItemStatus } from '../service-item/service-item.model.js';
import type { ServiceItemRepository } from '../service-item/service-item.repository.js';
import { CaseKind, Post } from '../shared/constants.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import type { Actor, TaskService } from '../task/task.service.js';
import { ConsultationState } from './consultation.model.js';
import type { ConsultationRecord as Consultation, ConsultationRepository } from './consultation.repository.js';
import { checkLength } from '../shared/text-length.js';

export const CONSULTATION_PROCESS = 'online-consultation';
/** the human step of the process (user task `answer`, step `reply`: the requisition has its own `answer`) and its post */
export const ANSWER_STEP = 'reply';
export const ANSWERER_POST = Post.Answerer;
export const QUESTION_LENGTH = { min: 5, max: 1000 } as const;
export const ANSWER_LENGTH = { min: 2, max: 2000 } as const;

export interface Asker { username: string; role: string }
export interface DepartmentActor { username: string; role: string; unitCode: string | null; activated: boolean }
/** What the evaluation of service (好差评) needs of a consultation: who asked, who answered, and when it ended. */
export interface EvaluationSubject {
  itemCode: string; askerUsername: string;
  parties: { kind: 'operator' | 'department'; id: string; unitCode: string }[];
  endedAt: Date | null;
}
/** Tells the asker their answer is there; wired to the person-addressed notices. */
export type AnswerNotifier = (c: Consultation, now: Date) => Promise<unknown>;

const ASKERS: readonly string[] = [Role.Applicant, Role.ProxyAgent];
const GIST = 60;

/** The notice that tells the asker their question is answered (seed 001 §4(2)); the phone is the caller's to add. */
export function answerNotice(c: Consultation) {
  const answer = c.answer ?? '';
  const gist = [...answer].length > GIST ? `${[...answer].slice(0, GIST).join('')}…` : answer;
  return {
    key: `consultation-answered:${c.consultationNumber}`, kind: NoticeKind.ConsultationAnswered, username: c.asker!.username,
    subject: { kind: 'consultation', id: c.consultationNumber }, itemCode: c.itemCode, unit: c.departmentCode,
    text: `【${c.itemName}】您的咨询 ${c.consultationNumber} 已答复：${gist} 请登录“我的咨询”查看。`,
  };
}


/**
 * 在线咨询 (seed 001 §4(2)): a signed-in applicant or proxy agent asks about an item; the item's department
 * answers within 1 working day (the process's answer step, with its card timers); an answer may be published
 * on the item's guide as a frequently asked question.
 */
export function createConsultationService(deps: {
  consultations: ConsultationRepository; items: ServiceItemRepository; sequences: SequenceRepository; engine: ProcessEngine;
  tasks: Pick<TaskService, 'openTaskOf' | 'claim' | 'unclaim' | 'complete'>; audit: AuditService;
  /** the case knows its instance now: tasks the instance created before that get their case */
  caseStarted?(processInstanceKey: string): Promise<unknown>;
  notifyAnswer?: AnswerNotifier;
}) {
  const { consultations, items, sequences, engine, tasks, audit } = deps;
  const about = (c: Consultation) => ({
    target: { kind: 'consultation', id: c.consultationNumber }, caseNumber: c.consultationNumber, caseKind: CaseKind.Consultation,
    itemCode: c.itemCode, unit: c.departmentCode,
  });

  async function mustGet(consultationNumber: string): Promise<Consultation> {
    const c = await consultations.get(consultationNumber);
    if (!c) throw new DomainError('CONSULTATION_NOT_FOUND', ErrorKind.NotFound, { zh: `咨询 ${consultationNumber} 不存在`, en: `consultation ${consultationNumber} does not exist` });
    return c;
  }
  function mustBeOfDepartment(actor: DepartmentActor, c: Consultation, roles: readonly string[]) {
    if (!roles.includes(actor.role) || actor.unitCode !== c.departmentCode) {
      throw new DomainError('CONSULTATION_NOT_YOUR_DEPARTMENT', ErrorKind.Forbidden, {
        zh: `咨询 ${c.consultationNumber} 由 ${c.departmentCode} 答复，${actor.username}（${actor.unitCode ?? '无单位'}）不能办理`,
        en: `consultation ${c.consultationNumber} is answered by ${c.departmentCode}; ${actor.username} (${actor.unitCode ?? 'no unit'}) may not act on it`,
      });
    }
  }

  /** The open answer step of a question; the engine may not have created it yet a moment after the question. */
  async function openTask(c: Consultation) {
    const task = c.processInstanceKey ? await tasks.openTaskOf(c.processInstanceKey, ANSWER_STEP) : null;
    if (!task) {
      throw new DomainError('CONSULTATION_NOT_READY', ErrorKind.Conflict, {
        zh: `咨询 ${c.consultationNumber} 的答复环节尚未就绪，请稍后再试`, en: `the answer step of consultation ${c.consultationNumber} is not ready yet; try again shortly`,
      });
    }
    return task;
  }
  /** Takes the answer step for the actor, unless a colleague holds it already (then it is theirs to answer). */
  async function holdFor(c: Consultation, task: { userTaskKey: string; state: string; assignee?: string | null }, actor: DepartmentActor) {
    if (task.state === 'assigned' && task.assignee === actor.username) return;
    if (task.state === 'assigned' && task.assignee) {
      throw new DomainError('CONSULTATION_TAKEN', ErrorKind.Conflict, {
        zh: `咨询 ${c.consultationNumber} 已由 ${task.assignee} 认领，由其答复`, en: `consultation ${c.consultationNumber} is taken by ${task.assignee}, who answers it`,
      }, { assignee: task.assignee });
    }
    await tasks.claim(task.userTaskKey, workerOf(actor));
  }
  // the department's staff answer whatever post they hold: the consultation decides who may, the task records it
  const workerOf = (actor: DepartmentActor): Actor => ({ username: actor.username, unitCode: actor.unitCode!, posts: [ANSWERER_POST], activated: actor.activated, role: actor.role });

  /** Starts the consultation's process once: a start repeated answers the same instance (business key). */
  async function started(c: Consultation): Promise<Consultation> {
    if (c.processInstanceKey) return c;
    const processInstanceKey = await engine.startInstance(CONSULTATION_PROCESS, {
      consultationNumber: c.consultationNumber, itemCode: c.itemCode, units: { [ANSWER_STEP]: c.departmentCode },
    }, `consultation:${c.consultationNumber}`);
    const stored = (await consultations.update(c.consultationNumber, { $set: { processInstanceKey } }))!;
    await deps.caseStarted?.(processInstanceKey);
    return stored;
  }

  return {
    get: mustGet,
    byProcessInstance: (processInstanceKey: string) => consultations.byProcessInstance(processInstanceKey),

    /** A signed-in applicant or proxy agent asks about a published item; the question goes to the item's department. */
    async ask(input: { itemCode: string; question: string; by: Asker }, now: Date): Promise<Consultation> {
      if (!ASKERS.includes(input.by.role)) {
        throw new DomainError('ASKER_ROLE', ErrorKind.Forbidden, { zh: `只有申请人或代办员可以提出咨询，${input.by.username} 不是`, en: `only applicants and proxy agents ask questions; ${input.by.username} is neither` });
      }
      const question = checkLength('question', '咨询问题', input.question, QUESTION_LENGTH);
      const item = await items.latest(input.itemCode);
      if (!item || item.status === ItemStatus.Draft || item.status === ItemStatus.Terminated) {
        throw new DomainError('ITEM_NOT_FOUND', ErrorKind.NotFound, { zh: `没有可咨询的事项 ${input.itemCode}（不存在、未公开或已终止）`, en: `no item ${input.itemCode} to ask about (unknown, unpublished or terminated)` });
      }
      const year = now.getUTCFullYear();
      const consultationNumber = `ZX${year}${String(await sequences.next(`consultation:${year}`)).padStart(6, '0')}`;
      const stored = await consultations.insert({
        consultationNumber, itemCode: item.code, itemName: item.name, departmentCode: item.departmentCode, question,
        asker: { username: input.by.username, role: input.by.role }, state: ConsultationState.Asked, askedAt: now,
      });
      const c = await started(stored);
      await audit.record({
        at: now, actor: { kind: ActorKind.User, id: input.by.username, role: input.by.role }, action: AuditAction.ConsultationAsked, ...about(c),
        key: `consultation-asked:${consultationNumber}`, detail: { questionLength: [...question].length },
      });
      return c;
    },

    /** The asker's own questions, newest first. */
    async mine(username: string): Promise<Consultation[]> {
      return consultations.ofAsker(username);
    },

    /** A department's open or answered questions; staff of other units see none of them. */
    async ofDepartment(actor: DepartmentActor, state: ConsultationState): Promise<Consultation[]> {
      if (!actor.unitCode) return [];
      return consultations.ofDepartment(actor.unitCode, state);
    },

    /**
     * A staff member of the item's department takes the question (认领) before answering it: from then on the
     * answer step's cards are theirs, as with a claimed task. Taking one's own again changes nothing.
     */
    async take(consultationNumber: string, actor: DepartmentActor): Promise<Consultation> {
      const c = await mustGet(consultationNumber);
      mustBeOfDepartment(actor, c, [Role.DepartmentStaff]);
      if (c.state === ConsultationState.Answered) {
        throw new DomainError('CONSULTATION_ANSWERED', ErrorKind.Conflict, { zh: `咨询 ${consultationNumber} 已由 ${c.answeredBy} 答复`, en: `consultation ${consultationNumber} was already answered by ${c.answeredBy}` });
      }
      await holdFor(c, await openTask(c), actor);
      return c;
    },

    /** Who took the question, when someone did: the holder of its open answer step. */
    async holderOf(c: Consultation): Promise<string | null> {
      if (c.state !== ConsultationState.Asked || !c.processInstanceKey) return null;
      const task = await tasks.openTaskOf(c.processInstanceKey, ANSWER_STEP);
      return task?.state === 'assigned' ? task.assignee ?? null : null;
    },

    /**
     * A staff member of the item's department answers: the answer completes the process's answer step (claimed
     * and completed in their name, so the audit trail and their record show it), and the asker is told.
     */
    async answer(consultationNumber: string, text: string, actor: DepartmentActor, now: Date): Promise<Consultation> {
      const c = await mustGet(consultationNumber);
      mustBeOfDepartment(actor, c, [Role.DepartmentStaff]);
      if (c.state === ConsultationState.Answered) {
        throw new DomainError('CONSULTATION_ANSWERED', ErrorKind.Conflict, { zh: `咨询 ${consultationNumber} 已由 ${c.answeredBy} 答复`, en: `consultation ${consultationNumber} was already answered by ${c.answeredBy}` });
      }
      const answer = checkLength('answer', '答复', text, ANSWER_LENGTH);
      const task = await openTask(c);
      const worker = workerOf(actor);
      await holdFor(c, task, actor);
      const answered = await consultations.update(
        consultationNumber,
        { $set: { state: ConsultationState.Answered, answer, answeredBy: actor.username, answeredAt: now } },
        { state: ConsultationState.Asked },
      );
      if (!answered) {
        await tasks.unclaim(task.userTaskKey, worker).catch(() => undefined);
        const latest = await mustGet(consultationNumber);
        throw new DomainError('CONSULTATION_ANSWERED', ErrorKind.Conflict, { zh: `咨询 ${consultationNumber} 已由 ${latest.answeredBy} 答复`, en: `consultation ${consultationNumber} was already answered by ${latest.answeredBy}` });
      }
      try {
        await tasks.complete(task.userTaskKey, worker, { answered: true }, now, { answer });
      } catch (err) {
        await consultations.update(consultationNumber, { $set: { state: ConsultationState.Asked, answer: null, answeredBy: null, answeredAt: null } }, { state: ConsultationState.Answered, answeredBy: actor.username });
        throw err;
      }
      await audit.record({
        at: now, actor: { kind: ActorKind.User, id: actor.username, role: actor.role }, action: AuditAction.ConsultationAnswered, ...about(answered),
        key: `consultation-answered:${consultationNumber}`, detail: { userTaskKey: task.userTaskKey, answerLength: [...answer].length },
      });
      await deps.notifyAnswer?.(answered, now);
      return answered;
    },

    /** Staff or the leader of the item's department publish an answered question on the item's guide (常见问题). */
    async publish(consultationNumber: string, actor: DepartmentActor, now: Date): Promise<Consultation> {
      const c = await mustGet(consultationNumber);
      mustBeOfDepartment(actor, c, [Role.DepartmentStaff, Role.DepartmentLeader]);
      if (c.state !== ConsultationState.Answered) {
        throw new DomainError('CONSULTATION_NOT_ANSWERED', ErrorKind.Conflict, { zh: `咨询 ${consultationNumber} 尚未答复，不能公开为常见问题`, en: `consultation ${consultationNumber} is not answered yet, so it cannot be published` });
      }
      if (c.faq?.published) return c;
      const published = await consultations.update(consultationNumber, { $set: { 'faq.published': true, 'faq.publishedBy': actor.username, 'faq.publishedAt': now } }, { 'faq.published': false });
      if (!published) return mustGet(consultationNumber);
      await audit.record({
        at: now, actor: { kind: ActorKind.User, id: actor.username, role: actor.role }, action: AuditAction.ConsultationPublished, ...about(published),
        key: `consultation-published:${consultationNumber}`,
      });
      return published;
    },

    /** The published questions and answers of an item's guide, newest first; no asker is named. */
    async faqOf(itemCode: string): Promise<{ consultationNumber: string; question: string; answer: string; answeredAt: Date | null; publishedAt: Date | null }[]> {
      return (await consultations.faqOf(itemCode)).map((c) => ({
        consultationNumber: c.consultationNumber, question: c.question, answer: c.answer ?? '', answeredAt: c.answeredAt ?? null, publishedAt: c.faq?.publishedAt ?? null,
      }));
    },

    /** For the evaluation of service (好差评): the item, the asker, the department and who answered, and when it ended. */
    async forEvaluation(id: string): Promise<EvaluationSubject | null> {
      const c = await consultations.get(id);
      if (!c) return null;
      const parties: EvaluationSubject['parties'] = [{ kind: 'department', id: c.departmentCode, unitCode: c.departmentCode }];
      if (c.answeredBy) parties.push({ kind: 'operator', id: c.answeredBy, unitCode: c.departmentCode });
      return { itemCode: c.itemCode, askerUsername: c.asker?.username ?? '', parties, endedAt: c.answeredAt ?? null };
    },
  };
}
export type ConsultationService = ReturnType<typeof createConsultationService>;
