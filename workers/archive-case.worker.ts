import { Type } from '@sinclair/typebox';
import { defineWorker } from './worker.js';

/** Archives the case: the electronic record, and where the paper file goes (seed 000 §28). */
export const archiveCase = defineWorker({
  type: 'archive-case',
  variables: Type.Object({ applicationNumber: Type.String({ minLength: 1, maxLength: 64 }) }),
  async handle({ applicationNumber }, { services }) {
    return { paperLocation: await services.applications.archive(applicationNumber, await services.now()) };
  },
});
