import { Type } from '@sinclair/typebox';
import { defineWorker } from './worker.js';

/** Starts a human step's clock; the three card timers read `deadline.warningAt / dueAt / redAt`. */
export const computeStepDeadline = defineWorker({
  type: 'compute-step-deadline',
  variables: Type.Object({ applicationNumber: Type.String({ minLength: 1, maxLength: 64 }) }),
  async handle({ applicationNumber }, { services, job, header, log }) {
    const step = header('step');
    const deadline = await services.stepDeadlines.startStep(job.key, applicationNumber, step, await services.now());
    log.info({ applicationNumber, step, dueAt: deadline.dueAt }, 'step clock started');
    return { deadline };
  },
});
