import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { CaseKind, type CardLevel } from '../shared/constants.js';
import { stepUnit, type ApplicationRepository } from '../application/application.repository.js';
import type { StepDeadlineService } from '../deadline/step-deadline.service.js';
import type { TaskService } from '../task/task.service.js';
import type { CardRecord as Card, CardRepository } from './card.repository.js';
import type { OperatorRecordRepository } from './operator-record.repository.js';
import { op } from '../shared/trusted.js';
import { AuditAction } from '../audit/audit-entry.model.js';
import { workerActor, type AuditInput, type AuditService } from '../audit/audit.service.js';
import { JobType } from '../process-model/job-types.js';

export function createEscalationService(deps: { cards: CardRepository; tasks: TaskService; deadlines: StepDeadlineService; records: OperatorRecordRepository; applications: ApplicationRepository; audit: AuditService;
  /** a red card on a named operator is a window violation (seed 001 §31); called again on a redelivery, it adds nothing */
  redCard?(card: Card, now: Date): Promise<unknown> }) {
  const { cards, tasks, deadlines, records, applications, audit } = deps;
  const cardKey = (card: Pick<Card, 'deadlineId' | 'level'>) => `card:${card.deadlineId}:${card.level}`;
  const onRecord = (card: Card) => ({ operator: card.holder, kind: card.level, caseNumber: card.caseNumber, caseKind: card.caseKind, step: card.step, at: card.at, ref: `${card.deadlineId}:${card.level}` });
  async function issuedEntry(card: Card, task: { post: string; unitCode: string } | null): Promise<AuditInput> {
    const deadline = await deadlines.get(card.deadlineId);
    const app = card.caseKind === CaseKind.Application ? await applications.get(card.caseNumber) : null;
    return {
      at: card.at, actor: workerActor(JobType.RecordCard), action: AuditAction.CardIssued,
      target: { kind: 'step-deadline', id: card.deadlineId }, itemCode: app?.itemCode ?? null,
      // a deadline's case is an application or a certificate requisition
      caseNumber: card.caseNumber, caseKind: card.caseKind,
      post: task?.post ?? null, unit: task?.unitCode ?? null,
      detail: { level: card.level, step: card.step, holder: card.holder, heldByQueue: card.heldByQueue, userTaskKey: card.userTaskKey, warningAt: deadline?.warningAt, dueAt: deadline?.dueAt, redAt: deadline?.redAt },
    };
  }
  /** A job delivered again finds its card stored: the first run may have stopped before the holder's record or the entry. */
  async function issuedBefore(card: Card, now: Date): Promise<Card> {
    await records.add(onRecord(card));
    await audit.recordMissing(cardKey(card), now, async () => {
      const task = card.userTaskKey ? await tasks.get(card.userTaskKey).catch(() => null) : null;
      return issuedEntry(card, task);
    });
    await deps.redCard?.(card, now);
    return card;
  }

  return {
    /** Records a card for the step's open task at `now`; a second delivery records nothing new. */
    async recordCard(input: { deadlineId: string; level: CardLevel; processInstanceKey: string; step: string; now: Date }): Promise<Card> {
      const existing = await cards.get(input.deadlineId, input.level);
      if (existing) return issuedBefore(existing, input.now);
      const deadline = await deadlines.get(input.deadlineId);
      if (!deadline) throw new DomainError('DEADLINE_NOT_FOUND', ErrorKind.NotFound, { zh: `时限记录 ${input.deadlineId} 不存在`, en: `deadline ${input.deadlineId} does not exist` });
      const task = await tasks.openTaskOf(input.processInstanceKey, input.step);
      const queue = task ? `${task.post}:${task.unitCode}` : `${input.step}:unassigned`;
      const holder = task?.assignee ?? queue;
      const card = {
        deadlineId: input.deadlineId, level: input.level, caseNumber: deadline.caseNumber, caseKind: deadline.caseKind, step: input.step,
        holder, heldByQueue: !task?.assignee, userTaskKey: task?.userTaskKey ?? null, dueAt: deadline.dueAt, at: input.now,
      };
      if (!(await cards.insert(card))) return issuedBefore((await cards.get(input.deadlineId, input.level))!, input.now);
      await records.add(onRecord(card));
      await audit.record({ ...(await issuedEntry(card, task)), key: cardKey(card) });
      await deps.redCard?.(card, input.now);
      return card;
    },

    /** 超时默许 (seed 003 §5(2)): the limit passed, so the approval is taken as given, and recorded as such. */
    async recordDeemedApproval(input: { deadlineId: string; step: string; now: Date }): Promise<void> {
      const deadline = await deadlines.get(input.deadlineId);
      if (!deadline) throw new DomainError('DEADLINE_NOT_FOUND', ErrorKind.NotFound, { zh: `时限记录 ${input.deadlineId} 不存在`, en: `deadline ${input.deadlineId} does not exist` });
      // the time limit of an application's step; a certificate requisition has no approval to take as given
      const app = deadline.caseKind !== CaseKind.Application ? null : await applications.update(
        deadline.caseNumber,
        { $push: { deemedApprovals: { step: input.step, at: input.now, deadlineId: input.deadlineId } } },
        { 'deemedApprovals.deadlineId': op({ $ne: input.deadlineId }) },
      );
      const entry = (a: NonNullable<typeof app>, at: Date): AuditInput => ({
        at, actor: workerActor(JobType.RecordDeemedApproval), action: AuditAction.DeemedApproval,
        target: { kind: 'step-deadline', id: input.deadlineId }, caseNumber: a.applicationNumber, caseKind: CaseKind.Application, itemCode: a.itemCode,
        unit: stepUnit(a, input.step), detail: { step: input.step, dueAt: deadline.dueAt, rule: 'seed 003 §5(2) 超时默许' },
      });
      const key = `deemed:${input.deadlineId}`;
      if (deadline.caseKind === CaseKind.Package) {
        // a package's branch (seed 004 §19): its answer goes on in the process; the deemed approval is on record here
        await audit.recordMissing(key, input.now, () => ({
          at: input.now, actor: workerActor(JobType.RecordDeemedApproval), action: AuditAction.DeemedApproval,
          target: { kind: 'step-deadline', id: input.deadlineId }, caseNumber: deadline.caseNumber, caseKind: CaseKind.Package,
          detail: { step: input.step, dueAt: deadline.dueAt, rule: 'seed 003 §5(2) 超时默许' },
        }));
        return;
      }
      if (app) {
        await audit.record({ ...entry(app, input.now), key });
        return;
      }
      // delivered again: the first run stored the deemed approval but may have stopped before its entry
      const known = deadline.caseKind === CaseKind.Application ? await applications.get(deadline.caseNumber) : null;
      const stored = known?.deemedApprovals?.find((d) => d.deadlineId === input.deadlineId);
      if (known && stored) await audit.recordMissing(key, input.now, () => entry(known, stored.at ?? input.now));
    },

    /** The cards of a case: an application or a certificate requisition. */
    async cardsOf(caseNumber: string): Promise<Card[]> {
      return cards.ofCase(caseNumber);
    },
  };
}
export type EscalationService = ReturnType<typeof createEscalationService>;
