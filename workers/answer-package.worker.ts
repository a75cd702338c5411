import { Type } from '@sinclair/typebox';
import { defineWorker } from './worker.js';

const Answer = Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()]));
const Reasons = Type.Optional(Type.Union([Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 50 }), Type.Null()]));

/** 统一反馈 (seed 004 §19): every branch has answered; one joint answer goes to the applicant with each refusal's reasons. */
export const answerPackage = defineWorker({
  type: 'answer-package',
  variables: Type.Object({
    packageNumber: Type.String({ minLength: 1, maxLength: 64 }),
    branchCount: Type.Integer({ minimum: 1, maximum: 16 }),
    answer1: Answer, answer2: Answer, answer3: Answer, answer4: Answer,
    reasons1: Reasons, reasons2: Reasons, reasons3: Reasons, reasons4: Reasons,
  }),
  async handle(v, { services, log }) {
    const answers = Array.from({ length: v.branchCount }, (_, i) => ({
      n: i + 1, decision: (v as Record<string, unknown>)[`answer${i + 1}`] as string | null ?? null, reasons: (v as Record<string, unknown>)[`reasons${i + 1}`] as string[] | null ?? null,
    }));
    const joint = await services.packageApplications.answer(v.packageNumber, answers, await services.now());
    log.info({ packageNumber: v.packageNumber, outcome: joint.outcome }, 'package answered');
    return { packageOutcome: joint.outcome };
  },
});
