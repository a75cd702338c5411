import { Type } from '@sinclair/typebox';
import { LimitUnit, type StepLimit } from '../domain/deadline/deadline.service.js';
import { CaseKind } from '../domain/shared/constants.js';
import { defineWorker } from './worker.js';

const CaseNumber = Type.String({ minLength: 1, maxLength: 64 });
const UNITS = Object.values(LimitUnit) as string[];

/** A `limit` header such as "1 working-days": the limit of a step no service item sets (requisitions, consultations). */
function parseLimit(text: string): StepLimit {
  const [value, unit] = text.trim().split(/\s+/);
  if (!value || !Number(value) || Number(value) <= 0 || !unit || !UNITS.includes(unit)) throw new Error(`header limit="${text}" is not "<number> ${UNITS.join('|')}"`);
  return { value: Number(value), unit: unit as StepLimit['unit'] };
}

/** Starts a human step's clock; the three card timers read `deadline.warningAt / dueAt / redAt`. */
export const computeStepDeadline = defineWorker({
  type: 'compute-step-deadline',
  variables: Type.Object({
    applicationNumber: Type.Optional(CaseNumber),
    requisitionNumber: Type.Optional(CaseNumber),
    appointmentNumber: Type.Optional(CaseNumber),
    consultationNumber: Type.Optional(CaseNumber),
    rectificationNumber: Type.Optional(CaseNumber),
    complaintNumber: Type.Optional(CaseNumber),
    /** a package application's branch (套餐式服务): the branch's item limit, capped by the package's */
    packageNumber: Type.Optional(CaseNumber),
    /** a complaint's handling limit by its category (seed 004 §32), e.g. "7 working-days" */
    handleLimit: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    itemCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    units: Type.Optional(Type.Record(Type.String(), Type.String())),
  }),
  async handle(v, { services, job, header, log }) {
    const { applicationNumber, requisitionNumber, appointmentNumber, consultationNumber, complaintNumber, handleLimit, itemCode, units } = v;
    const step = header('step');
    const now = await services.now();
    let deadline;
    const fixed = ([[requisitionNumber, CaseKind.Requisition], [appointmentNumber, CaseKind.Appointment], [consultationNumber, CaseKind.Consultation]] as const)
      .map(([number, kind]) => (number ? { number, kind } : null)).find(Boolean);
    // an application's step takes its item's limit; a `limit` header there is the rule's ceiling (online pre-review)
    if (applicationNumber) deadline = await services.stepDeadlines.startStep(job.key, applicationNumber, step, now, job.customHeaders.limit ? parseLimit(header('limit')) : undefined);
    else if (fixed) {
      // the process model states the step's limit itself; a requisition has no item
      const where = { caseKind: fixed.kind, unit: units?.[step] ?? null, itemCode: fixed.kind === CaseKind.Requisition ? null : itemCode ?? null };
      deadline = await services.stepDeadlines.startFixedStep(job.key, fixed.number, step, parseLimit(header('limit')), where, now);
    } else if (v.rectificationNumber) {
      // a bad review's rectification: its clock, or an extension counted on from the first limit (seed 004 §37(3))
      deadline = await services.rectifications.stepClock(job.key, v.rectificationNumber, step, parseLimit(header('limit')), job.customHeaders.extension === 'true', now);
    } else if (complaintNumber) {
      // a complaint's handling clock: its category's limit, or counted on from the old due time after an approved extension
      const where = { caseKind: CaseKind.Complaint, unit: units?.[step] ?? null };
      if (String(job.customHeaders.extension) === 'true') deadline = await services.complaints.startExtendedClock(job.key, complaintNumber, now);
      else deadline = await services.stepDeadlines.startFixedStep(job.key, complaintNumber, step, parseLimit(String(job.customHeaders.limit ?? handleLimit ?? '')), where, now);
    } else if (v.packageNumber) deadline = await services.packageApplications.branchClock(job.key, v.packageNumber, step, now);
    else throw new Error('the job has none of applicationNumber, requisitionNumber, appointmentNumber, consultationNumber, rectificationNumber, complaintNumber, packageNumber');
    log.info({ applicationNumber, requisitionNumber, appointmentNumber, consultationNumber, rectificationNumber: v.rectificationNumber, complaintNumber, packageNumber: v.packageNumber, step, dueAt: deadline.dueAt }, 'step clock started');
    return { deadline };
  },
});
