import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { Reasons, Strict } from '../shared/schema.js';
import { faultWords, valueFaults } from '../shared/validation-words.js';

const Opinion = Type.Optional(Type.String({ minLength: 1, maxLength: 2000 }));
const ProxyName = Type.String({ minLength: 1, maxLength: 50 });
const Serial = Type.String({ pattern: '^[A-Z0-9-]{2,40}-\\d{1,9}$', description: '印字号 print serial' });

/** What staff submit to complete each step (seed 000 §26–27), and the process variables it becomes. */
export const StepBodies = {
  accept: Type.Union([
    Strict({ decision: Type.Literal('accepted') }),
    // 一次性告知: every missing material at once
    Strict({ decision: Type.Literal('not-accepted'), missingMaterials: Reasons }),
    Strict({ decision: Type.Literal('refused'), reasons: Reasons }),
  ]),
  review: Type.Union([Strict({ decision: Type.Literal('approved'), opinion: Opinion }), Strict({ decision: Type.Literal('not-approved'), reasons: Reasons })]),
  approve: Type.Union([Strict({ decision: Type.Literal('approved'), opinion: Opinion }), Strict({ decision: Type.Literal('not-approved'), reasons: Reasons })]),
  // the decider confirms the certificate number generated for the case (seed 000 §26)
  decide: Strict({ decision: Type.Literal('approved'), confirmDocumentNumber: Type.String({ pattern: '^[A-Z0-9-]{2,32}-\\d{4}-\\d{6}$' }), opinion: Opinion }),
  verify: Type.Union([Strict({ result: Type.Literal('match') }), Strict({ result: Type.Literal('mismatch'), mismatches: Reasons })]),
  close: Type.Union([Strict({ handover: Type.Literal('in-person') }), Strict({ handover: Type.Literal('proxy'), proxyName: ProxyName })]),
  issue: Type.Union([
    Strict({ method: Type.Literal('in-person') }),
    Strict({ method: Type.Literal('proxy'), proxyName: ProxyName }),
    Strict({ method: Type.Literal('courier'), courierTrackingNumber: Type.String({ pattern: '^[A-Za-z0-9-]{6,40}$' }) }),
  ]),
  // certificate requisition (seed 000 §23): the department answers, exchanges archives for certificates, the community confirms
  answer: Type.Union([Strict({ decision: Type.Literal('ready'), note: Opinion }), Strict({ decision: Type.Literal('refused'), reasons: Reasons })]),
  exchange: Strict({ archivesChecked: Type.Literal(true), firstSerial: Serial, count: Type.Integer({ minimum: 1, maximum: 500 }), note: Opinion }),
  confirm: Type.Union([Strict({ result: Type.Literal('match') }), Strict({ result: Type.Literal('mismatch'), missing: Type.Array(Serial, { minItems: 1, maxItems: 500, uniqueItems: true }) })]),
} as const satisfies Record<string, TSchema>;
export type StepName = keyof typeof StepBodies;
const STEP_ZH: Record<StepName, string> = {
  accept: '受理', review: '审核', approve: '审批', decide: '决定', verify: '核验', close: '办结发证', issue: '发证', answer: '答复预领', exchange: '以档换证', confirm: '确认入库',
};

/** Any step's body, for the route schema; the task's own step is checked against its schema after. */
export const CompleteBody = Type.Union(Object.values(StepBodies).flatMap((s) => ('anyOf' in s ? (s.anyOf as TSchema[]) : [s])), {
  description: 'accept: {decision: accepted | not-accepted + missingMaterials | refused + reasons}; review/approve: {decision: approved | not-approved + reasons}; decide: {decision: approved, confirmDocumentNumber}; verify: {result: match | mismatch + mismatches}; close: {handover: in-person | proxy + proxyName}; issue: {method: in-person | proxy + proxyName | courier + courierTrackingNumber}',
});

/** Checks a body against the task's step and turns it into the variables the process reads. */
export function toVariables(step: string, body: unknown): Record<string, unknown> {
  const schema = StepBodies[step as StepName];
  if (!schema) throw new DomainError('STEP_UNKNOWN', ErrorKind.Validation, { zh: `环节 ${step} 没有规定提交内容`, en: `no body is defined for the step ${step}` });
  if (!Value.Check(schema, body)) {
    const faults = valueFaults(schema, body).slice(0, 3).map((f) => faultWords('body', f));
    throw new DomainError('STEP_BODY_INVALID', ErrorKind.Validation, {
      zh: `这是${STEP_ZH[step as StepName]}（${step}）环节的任务，提交内容不符合要求：${faults.map((f) => `${f.field} ${f.zh}`).join('；')}`,
      en: `this is ${/^[aeiou]/.test(step) ? 'an' : 'a'} ${step} task; its body does not fit: ${faults.map((f) => `${f.field} ${f.en}`).join('; ')}`,
    });
  }
  const b = body as Record<string, unknown>;
  switch (step as StepName) {
    case 'accept':
      return { acceptDecision: b.decision, ...(b.missingMaterials ? { missingMaterials: b.missingMaterials } : {}), ...(b.reasons ? { refusalReasons: b.reasons } : {}) };
    case 'review':
      return { reviewDecision: b.decision, ...(b.reasons ? { notApprovedReasons: b.reasons } : {}), ...(b.opinion ? { reviewOpinion: b.opinion } : {}) };
    case 'approve':
      return { approveDecision: b.decision, ...(b.reasons ? { notApprovedReasons: b.reasons } : {}), ...(b.opinion ? { approveOpinion: b.opinion } : {}) };
    case 'decide':
      return { decideDecision: b.decision, documentNumberConfirmed: b.confirmDocumentNumber, ...(b.opinion ? { decideOpinion: b.opinion } : {}) };
    case 'verify':
      return { verifyResult: b.result, ...(b.mismatches ? { verifyMismatches: b.mismatches } : {}) };
    case 'close':
      return { handover: b.handover, ...(b.proxyName ? { proxyName: b.proxyName } : {}) };
    case 'answer':
      return { answerDecision: b.decision, ...(b.note ? { answerNote: b.note } : {}), ...(b.reasons ? { refusalReasons: b.reasons } : {}) };
    case 'exchange':
      return { allocation: { firstSerial: b.firstSerial, count: b.count }, ...(b.note ? { exchangeNote: b.note } : {}) };
    case 'confirm':
      return { confirmResult: b.result, ...(b.missing ? { missingSerials: b.missing } : {}) };
    case 'issue':
      return { issueMethod: b.method, ...(b.proxyName ? { proxyName: b.proxyName } : {}), ...(b.courierTrackingNumber ? { courierTrackingNumber: b.courierTrackingNumber } : {}) };
  }
}
export type StepBody<S extends StepName> = Static<(typeof StepBodies)[S]>;
