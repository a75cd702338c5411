import { Type } from '@sinclair/typebox';
import { defineWorker } from './worker.js';

/** 超时默许 (seed 003 §5(2)): the department let the limit pass, so the approval is given and recorded as such. */
export const recordDeemedApproval = defineWorker({
  type: 'record-deemed-approval',
  variables: Type.Object({ deadlineId: Type.String({ minLength: 1 }) }),
  async handle({ deadlineId }, { services, header, job }) {
    const step = header('step');
    await services.escalation.recordDeemedApproval({ deadlineId, step, now: await services.now() });
    // a package's branch names the variable its answer goes to (answer1 …), read by the joint answer
    const answer = job.customHeaders.answer ? { [String(job.customHeaders.answer)]: 'deemed-approved' } : {};
    return { [`${step}Decision`]: 'approved', [`${step}DeemedApproval`]: true, ...answer };
  },
});
