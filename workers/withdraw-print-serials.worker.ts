import { Type } from '@sinclair/typebox';
import { defineWorker } from './worker.js';

/** The community did not receive these serials: they leave the requisition, and the department allocates again. */
export const withdrawPrintSerials = defineWorker({
  type: 'withdraw-print-serials',
  variables: Type.Object({
    requisitionNumber: Type.String({ pattern: '^RQ\\d{10}$' }),
    missingSerials: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 500 }),
  }),
  async handle({ requisitionNumber, missingSerials }, { services, log }) {
    const r = await services.requisitions.withdraw(requisitionNumber, missingSerials, await services.now());
    log.info({ requisitionNumber, withdrawn: r.withdrawn }, 'serials not received taken back');
    return { withdrawnCount: r.withdrawn };
  },
});
