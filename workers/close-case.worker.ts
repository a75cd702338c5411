import { Type } from '@sinclair/typebox';
import { defineWorker } from './worker.js';

const outcomes = ['issued', 'refused', 'not-approved'] as const;

/** Closes the case (办结) with the outcome its end event stands for. */
export const closeCase = defineWorker({
  type: 'close-case',
  variables: Type.Object({ applicationNumber: Type.String({ minLength: 1, maxLength: 64 }) }),
  async handle({ applicationNumber }, { services, header, log }) {
    const outcome = header('outcome');
    if (!(outcomes as readonly string[]).includes(outcome)) throw new Error(`header outcome=${outcome} is not one of ${outcomes.join(', ')}`);
    const app = await services.applications.close(applicationNumber, outcome as (typeof outcomes)[number], await services.now());
    log.info({ applicationNumber, outcome: app.outcome }, 'case closed');
    return { outcome: app.outcome };
  },
});
