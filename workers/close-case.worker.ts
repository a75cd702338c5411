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
    const now = await services.now();
    const app = await services.applications.close(applicationNumber, outcome as (typeof outcomes)[number], now);
    log.info({ applicationNumber, outcome: app.outcome }, 'case closed');
    // the certificate handed over is also issued as a signed electronic certificate (seed 004 §40)
    // practice cases (seed 000 §19) hand over nothing real: no electronic certificate
    if (app.outcome !== 'issued' || app.practice) return { outcome: app.outcome };
    const certificate = await services.certificates.issue(applicationNumber, now);
    return { outcome: app.outcome, certificateId: certificate.certificateId };
  },
});
