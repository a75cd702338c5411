import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { CaseKind, caseKindOfNumber, type CardLevel } from '../shared/constants.js';
import { stepUnit, type ApplicationRepository } from '../application/application.repository.js';
import type { StepDeadlineService } from '../deadline/step-deadline.service.js';
import type { TaskService } from '../task/task.service.js';
import type { CardRecord as Card, CardRepository } from './card.repository.js';
import type { OperatorRecordRepository } from './operator-record.repository.js';
import { op } from '../shared/trusted.js';
import { AuditAction } from '../audit/audit-entry.model.js';
import { workerActor, type AuditService } from '../audit/audit.service.js';
import { JobType } from '../process-model/job-types.js';

export function createEscalationService(deps: { cards: CardRepository; tasks: TaskService; deadlines: StepDeadlineService; records: OperatorRecordRepository; applications: ApplicationRepository; audit: AuditService }) {
  const { cards, tasks, deadlines, records, applications, audit } = deps;
  return {
    /** Records a card for the step's open task at `now`; a second delivery records nothing new. */
    async recordCard(input: { deadlineId: string; level: CardLevel; processInstanceKey: string; step: string; now: Date }): Promise<Card> {
      const existing = await cards.get(input.deadlineId, input.level);
      if (existing) return existing;
      const deadline = await deadlines.get(input.deadlineId);
      if (!deadline) throw new DomainError('DEADLINE_NOT_FOUND', ErrorKind.NotFound, `deadline ${input.deadlineId} does not exist`);
      const task = await tasks.openTaskOf(input.processInstanceKey, input.step);
      const queue = task ? `${task.post}:${task.unitCode}` : `${input.step}:unassigned`;
      const holder = task?.assignee ?? queue;
      const card = {
        deadlineId: input.deadlineId, level: input.level, applicationNumber: deadline.applicationNumber, step: input.step,
        holder, heldByQueue: !task?.assignee, userTaskKey: task?.userTaskKey ?? null, dueAt: deadline.dueAt, at: input.now,
      };
      if (!(await cards.insert(card))) return (await cards.get(input.deadlineId, input.level))!;
      await records.add({ operator: holder, kind: input.level, applicationNumber: deadline.applicationNumber, step: input.step, at: input.now, ref: `${input.deadlineId}:${input.level}` });
      const app = await applications.get(deadline.applicationNumber);
      await audit.record({
        at: input.now, actor: workerActor(JobType.RecordCard), action: AuditAction.CardIssued, key: `card:${input.deadlineId}:${input.level}`,
        target: { kind: 'step-deadline', id: input.deadlineId }, itemCode: app?.itemCode ?? null,
        // a deadline's case is an application or a certificate requisition
        caseNumber: deadline.applicationNumber, caseKind: app ? CaseKind.Application : caseKindOfNumber(deadline.applicationNumber),
        post: task?.post ?? null, unit: task?.unitCode ?? null,
        detail: { level: input.level, step: input.step, holder, heldByQueue: card.heldByQueue, userTaskKey: card.userTaskKey, warningAt: deadline.warningAt, dueAt: deadline.dueAt, redAt: deadline.redAt },
      });
      return card;
    },

    /** 超时默许 (seed 003 §5(2)): the limit passed, so the approval is taken as given, and recorded as such. */
    async recordDeemedApproval(input: { deadlineId: string; step: string; now: Date }): Promise<void> {
      const deadline = await deadlines.get(input.deadlineId);
      if (!deadline) throw new DomainError('DEADLINE_NOT_FOUND', ErrorKind.NotFound, `deadline ${input.deadlineId} does not exist`);
      const app = await applications.update(
        deadline.applicationNumber,
        { $push: { deemedApprovals: { step: input.step, at: input.now, deadlineId: input.deadlineId } } },
        { 'deemedApprovals.deadlineId': op({ $ne: input.deadlineId }) },
      );
      if (app) {
        await audit.record({
          at: input.now, actor: workerActor(JobType.RecordDeemedApproval), action: AuditAction.DeemedApproval, key: `deemed:${input.deadlineId}`,
          target: { kind: 'step-deadline', id: input.deadlineId }, caseNumber: app.applicationNumber, caseKind: CaseKind.Application, itemCode: app.itemCode,
          unit: stepUnit(app, input.step), detail: { step: input.step, dueAt: deadline.dueAt, rule: 'seed 003 §5(2) 超时默许' },
        });
      }
    },

    /** The cards of a case: an application or a certificate requisition. */
    async cardsOf(caseNumber: string): Promise<Card[]> {
      return cards.ofCase(caseNumber);
    },
  };
}
export type EscalationService = ReturnType<typeof createEscalationService>;
