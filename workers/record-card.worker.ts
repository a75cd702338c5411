import { Type } from '@sinclair/typebox';
import { CardLevel } from '../domain/shared/constants.js';
import { defineWorker } from './worker.js';

const levels = Object.values(CardLevel) as string[];

/** A card timer fired: the warning, yellow or red card goes to the task's holder (seed 000 §29). */
export const recordCard = defineWorker({
  type: 'record-card',
  variables: Type.Object({ deadlineId: Type.String({ minLength: 1 }) }),
  async handle({ deadlineId }, { services, job, header, log }) {
    const level = header('level');
    if (!levels.includes(level)) throw new Error(`header level=${level} is not one of ${levels.join(', ')}`);
    const card = await services.escalation.recordCard({
      deadlineId, level: level as CardLevel, step: header('step'), processInstanceKey: job.processInstanceKey, now: await services.now(),
    });
    // a card's case is an application or a certificate requisition (its step deadline's)
    log.info({ caseNumber: card.caseNumber, caseKind: card.caseKind, step: card.step, level, holder: card.holder }, 'card recorded');
    return {};
  },
});
