import { Type } from '@sinclair/typebox';
import { defineWorker } from './worker.js';

/** On acceptance of an on-site certificate, the next blank certificate's print serial (印字号) is used (seed 000 §26). */
export const usePrintSerial = defineWorker({
  type: 'use-print-serial',
  variables: Type.Object({
    applicationNumber: Type.String({ minLength: 1, maxLength: 64 }),
    communityCode: Type.String({ minLength: 1, maxLength: 32 }),
    certificateType: Type.String({ minLength: 1, maxLength: 64 }),
  }),
  async handle({ applicationNumber, communityCode, certificateType }, { services, log }) {
    const now = await services.now();
    const used = await services.serials.use({ applicationNumber, communityCode, certificateType, now });
    await services.applications.recordPrintSerial(applicationNumber, used.serial, now);
    log.info({ applicationNumber, serial: used.serial, reused: used.reused }, 'print serial used');
    return { printSerial: used.serial };
  },
});
