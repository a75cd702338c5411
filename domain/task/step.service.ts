import { CaseKind } from '../shared/constants.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import type { ApplicationService } from '../application/application.service.js';
import type { PrintSerialService } from '../print-serial/print-serial.service.js';
import type { RequisitionService } from '../requisition/requisition.service.js';
import { toVariables } from './step-contract.js';
import type { Actor, TaskService } from './task.service.js';

/**
 * Staff complete a step with the body the step asks for (the step contract): the body becomes the process
 * variables, the step's own checks run, then the task is completed. The API, the demo and the tests all
 * complete steps here.
 */
export function createStepService(deps: {
  tasks: TaskService; applications: Pick<ApplicationService, 'get'>; requisitions: Pick<RequisitionService, 'checkAllocation'>; serials: Pick<PrintSerialService, 'allocatedTo'>;
  /** an appointment's window step is the appointment's own confirm or move, whichever page the operator works it from */
  appointments?: { handleStep(appointmentNumber: string, actor: Actor, body: { decision: string; slotStart?: string; reason?: string }, now: Date): Promise<unknown> };
}) {
  const { tasks, applications, requisitions, serials } = deps;

  /** What each step checks beyond the shape of its body. */
  const checks: Record<string, (caseNumber: string, variables: Record<string, unknown>) => Promise<void>> = {
    // the decider confirms the certificate number generated for the case (seed 000 §26)
    async decide(applicationNumber, variables) {
      const app = await applications.get(applicationNumber);
      if (app.documentNumber !== variables.documentNumberConfirmed) {
        throw new DomainError('DOCUMENT_NUMBER_MISMATCH', ErrorKind.Validation, {
          zh: `应确认的证号为 ${app.documentNumber ?? '（尚未生成）'}，不是 ${String(variables.documentNumberConfirmed)}`,
          en: `the number to confirm is ${app.documentNumber ?? '(not generated yet)'}, not ${String(variables.documentNumberConfirmed)}`,
        });
      }
    },
    async exchange(requisitionNumber, variables) {
      const allocation = variables.allocation as { firstSerial: string; count: number };
      await requisitions.checkAllocation(requisitionNumber, allocation.firstSerial, allocation.count);
    },
    async confirm(requisitionNumber, variables) {
      if (!variables.missingSerials) return;
      const allocated = new Set(await serials.allocatedTo(requisitionNumber));
      const strangers = (variables.missingSerials as string[]).filter((s) => !allocated.has(s));
      if (strangers.length) {
        throw new DomainError('SERIAL_NOT_ALLOCATED', ErrorKind.Validation, {
          zh: `以下印字号未配发给 ${requisitionNumber}：${strangers.join('、')}`, en: `not allocated to ${requisitionNumber}: ${strangers.join(', ')}`,
        });
      }
    },
  };

  return {
    /** Completes a task the operator claimed with the body of its step. */
    async complete(userTaskKey: string, actor: Actor, body: unknown, now: Date): Promise<void> {
      const task = await tasks.get(userTaskKey);
      if (task.unitCode !== actor.unitCode) {
        throw new DomainError('TASK_NOT_YOUR_POST', ErrorKind.Forbidden, { zh: `任务 ${task.userTaskKey} 属于单位 ${task.unitCode}，不属于本单位`, en: `task ${task.userTaskKey} belongs to ${task.unitCode}` });
      }
      const variables = toVariables(task.step, body);
      if (task.caseKind === CaseKind.Appointment && task.caseNumber && deps.appointments) {
        await deps.appointments.handleStep(task.caseNumber, actor, body as { decision: string; slotStart?: string; reason?: string }, now);
        return;
      }
      const check = checks[task.step];
      if (check && task.caseNumber) await check(task.caseNumber, variables);
      await tasks.complete(task.userTaskKey, actor, variables, now, body);
    },
  };
}
export type StepService = ReturnType<typeof createStepService>;
