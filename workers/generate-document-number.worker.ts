import { Type } from '@sinclair/typebox';
import { defineWorker } from './worker.js';

export const generateDocumentNumber = defineWorker({
  type: 'generate-document-number',
  variables: Type.Object({
    applicationNumber: Type.String({ minLength: 1, maxLength: 64 }),
    itemCode: Type.String({ minLength: 1, maxLength: 32 }),
  }),
  async handle({ applicationNumber, itemCode }, { services, log }) {
    const issued = await services.documentNumbers.issue(applicationNumber, itemCode);
    log.info({ applicationNumber, documentNumber: issued.number, reused: issued.reused }, 'document number issued');
    return { documentNumber: issued.number };
  },
});
