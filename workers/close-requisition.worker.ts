import { Type } from '@sinclair/typebox';
import { defineWorker } from './worker.js';

/** Closes a requisition the department refused. */
export const closeRequisition = defineWorker({
  type: 'close-requisition',
  variables: Type.Object({ requisitionNumber: Type.String({ pattern: '^RQ\\d{10}$' }) }),
  async handle({ requisitionNumber }, { services, header, log }) {
    const outcome = header('outcome');
    if (outcome !== 'refused') throw new Error(`header outcome=${outcome} is not refused`);
    await services.requisitions.close(requisitionNumber, outcome, await services.now());
    log.info({ requisitionNumber, outcome }, 'requisition closed');
    return {};
  },
});
