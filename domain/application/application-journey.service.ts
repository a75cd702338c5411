import { Role } from '../account/account.model.js';
import type { DeadlineDerivation } from '../deadline/deadline.service.js';
import type { NoticeRepository } from '../notification/notice.repository.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { stepRecordOf } from '../task/step-record.js';
import type { TaskRecord } from '../task/task.repository.js';
import { mayRead, type Reader } from './application-access.js';
import type { ApplicationRepository } from './application.repository.js';
import { statusWords } from './application.service.js';

/** The notices an applicant reads on their case (受理回执 is derived from the accept step). */
export const APPLICANT_NOTICE_KINDS = ['receipt', 'supplement-notice', 'pre-review-passed', 'refusal', 'pickup-notice', 'courier-dispatched'] as const;

/**
 * 办件进度 for the applicant (seed 001 §4(5)): each step with when it began, when it was done and its limit, the
 * expected completion on the working-day calendar, and the notices sent to the applicant. Nothing names staff.
 */
export function createApplicationJourneyService(deps: {
  applications: Pick<ApplicationRepository, 'get'>;
  notices: Pick<NoticeRepository, 'ofApplication'>;
  tasksOf(applicationNumber: string): Promise<TaskRecord[]>;
}) {
  return {
    async of(reader: Reader, applicationNumber: string) {
      const app = await deps.applications.get(applicationNumber);
      if (!app || !mayRead(reader, app)) {
        throw new DomainError('APPLICATION_NOT_FOUND', ErrorKind.NotFound, { zh: `办件 ${applicationNumber} 不存在`, en: `application ${applicationNumber} does not exist` });
      }
      const tasks = (await deps.tasksOf(applicationNumber)).filter((t) => t.state !== 'canceled').sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      const steps = tasks.map((t) => {
        const done = t.state === 'completed' || t.state === 'completing';
        return {
          step: t.step, startedAt: t.createdAt, doneAt: done ? t.completedAt ?? null : null, dueAt: t.dueAt ?? null,
          state: done ? ('done' as const) : ('open' as const), decision: done ? stepRecordOf(t).decision : null,
        };
      });
      const applicantSide = reader.role === Role.Applicant || reader.role === Role.ProxyAgent;
      const stored = (await deps.notices.ofApplication(applicationNumber)).filter((n) => !applicantSide || n.to === 'applicant');
      const notices: { kind: string; at: Date; text: string }[] = stored.map((n) => ({ kind: n.kind, at: n.sentAt ?? n.createdAt, text: n.text }));
      // the receipt (受理回执) is the accept step's decision itself; its printed form is the receipt document
      const accepted = tasks.find((t) => t.step === 'accept' && t.state === 'completed' && stepRecordOf(t).decision === 'accepted');
      if (accepted?.completedAt) {
        notices.push({ kind: 'receipt', at: accepted.completedAt, text: `【${app.itemName}】办件 ${app.applicationNumber}：已受理，进入办理。受理回执可下载保存。` });
      }
      notices.sort((a, b) => a.at.getTime() - b.at.getTime());
      const legal = app.legalDeadline as DeadlineDerivation | null;
      // the stored date was derived before an open pause began; the pause's end moves it, so none is promised now
      const paused = (app.pauses ?? []).some((p) => !p.to);
      return {
        applicationNumber: app.applicationNumber, itemName: app.itemName, status: app.status, statusText: statusWords(app),
        filedAt: app.filedAt, closedAt: app.closedAt ?? null, outcome: app.outcome ?? null,
        // null while a supplement is awaited: the legal clock stands still then
        expected: legal ? { dueAt: legal.dueAt && !paused ? new Date(legal.dueAt) : null, limit: legal.limit } : null,
        steps, notices,
      };
    },
  };
}
export type ApplicationJourneyService = ReturnType<typeof createApplicationJourneyService>;
