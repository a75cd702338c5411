import { Type } from '@sinclair/typebox';
import { defineWorker } from './worker.js';

const RequisitionNumber = Type.String({ pattern: '^RQ\\d{10}$' });

/** 档案交接 (seed 000 §23(3)): lists the last period's one-to-one breaks for the department and returns voided forms. */
export const checkStockArchives = defineWorker({
  type: 'check-stock-archives',
  variables: Type.Object({ requisitionNumber: RequisitionNumber }),
  async handle({ requisitionNumber }, { services, log }) {
    const r = await services.requisitions.checkArchives(requisitionNumber, await services.now());
    log.info({ requisitionNumber, ...r }, 'archives checked');
    return { archiveMismatches: r.archiveMismatches, returnedSerials: r.returned };
  },
});
