import { Type } from '@sinclair/typebox';
import { defineWorker } from './worker.js';

/** The certificate or approval document number, unique per item and year, one per application. */
export const generateDocumentNumber = defineWorker({
  type: 'generate-document-number',
  variables: Type.Object({
    applicationNumber: Type.String({ minLength: 1, maxLength: 64 }),
    itemCode: Type.String({ minLength: 1, maxLength: 32 }),
  }),
  async handle({ applicationNumber, itemCode }, { services, log }) {
    const now = await services.now();
    const issued = await services.documentNumbers.issue(applicationNumber, itemCode, now);
    // the decider confirms the number held on the application: a write that failed must fail the job, so it is tried again
    await services.applications.recordDocumentNumber(applicationNumber, issued.number, now);
    log.info({ applicationNumber, documentNumber: issued.number, reused: issued.reused }, 'document number issued');
    return { documentNumber: issued.number };
  },
});
