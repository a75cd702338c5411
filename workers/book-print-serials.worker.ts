import { Type } from '@sinclair/typebox';
import { defineWorker } from './worker.js';

/** 入库: the serials the community confirmed go into its stock. */
export const bookPrintSerials = defineWorker({
  type: 'book-print-serials',
  variables: Type.Object({ requisitionNumber: Type.String({ pattern: '^RQ\\d{10}$' }) }),
  async handle({ requisitionNumber }, { services, log }) {
    const booked = await services.requisitions.book(requisitionNumber, await services.now());
    log.info({ requisitionNumber, booked }, 'print serials booked into stock');
    return { bookedCount: booked };
  },
});
