import { Type } from '@sinclair/typebox';
import { defineWorker } from './worker.js';

/** 调拨印字号: the range the department entered at the exchange goes to the requisition. */
export const allocatePrintSerials = defineWorker({
  type: 'allocate-print-serials',
  variables: Type.Object({
    requisitionNumber: Type.String({ pattern: '^RQ\\d{10}$' }),
    allocation: Type.Object({ firstSerial: Type.String({ minLength: 3, maxLength: 64 }), count: Type.Integer({ minimum: 1, maximum: 500 }) }),
  }),
  async handle({ requisitionNumber, allocation }, { services, log }) {
    const allocated = await services.requisitions.allocate(requisitionNumber, allocation.firstSerial, allocation.count, await services.now());
    log.info({ requisitionNumber, first: allocated[0], count: allocated.length }, 'print serials allocated');
    return { allocatedCount: allocated.length };
  },
});
