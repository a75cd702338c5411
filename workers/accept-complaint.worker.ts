import { Type } from '@sinclair/typebox';
import { defineWorker } from './worker.js';

/** seed 004 §33: a complaint the unit did not return within 1 working day is deemed accepted. */
export const acceptComplaint = defineWorker({
  type: 'accept-complaint',
  variables: Type.Object({ complaintNumber: Type.String({ minLength: 1, maxLength: 64 }) }),
  async handle({ complaintNumber }, { services }) {
    await services.complaints.deemAccepted(complaintNumber, await services.now());
    return { intakeDecision: 'accept', deemedAccepted: true };
  },
});
