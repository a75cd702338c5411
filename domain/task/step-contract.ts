import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { Reasons, Strict } from '../shared/schema.js';

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
  // 在线预约 (seed 001 §4(3)): the window confirms the booked slot or moves it, with the reason the booker is told
  handle: Type.Union([
    Strict({ decision: Type.Literal('confirmed') }),
    Strict({
      decision: Type.Literal('moved'),
      slotStart: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$', maxLength: 40, description: 'the new slot’s start, e.g. 2026-12-01T09:30:00+08:00' }),
      reason: Type.String({ minLength: 2, maxLength: 200 }),
    }),
  ]),
} as const satisfies Record<string, TSchema>;
export type StepName = keyof typeof StepBodies;

/** Any step's body, for the route schema; the task's own step is checked against its schema after. */
export const CompleteBody = Type.Union(Object.values(StepBodies).flatMap((s) => ('anyOf' in s ? (s.anyOf as TSchema[]) : [s])), {
  description: 'accept: {decision: accepted | not-accepted + missingMaterials | refused + reasons}; review/approve: {decision: approved | not-approved + reasons}; decide: {decision: approved, confirmDocumentNumber}; verify: {result: match | mismatch + mismatches}; close: {handover: in-person | proxy + proxyName}; issue: {method: in-person | proxy + proxyName | courier + courierTrackingNumber}; handle (appointment): {decision: confirmed | moved + slotStart + reason}',
});

/** The steps and the body fields in Chinese, for refusals staff read on the page. */
const STEP_ZH: Record<string, string> = {
  accept: '受理', review: '审查', decide: '决定', close: '办结', approve: '审批', verify: '核验', issue: '发证', answer: '答复申领', exchange: '交换证件', confirm: '确认收货', handle: '处理预约',
};
const FIELD_ZH: Record<string, string> = {
  decision: '决定', missingMaterials: '需补正的材料', reasons: '理由', opinion: '意见', confirmDocumentNumber: '确认的证书编号', result: '核对结果',
  mismatches: '不一致之处', handover: '交付方式', proxyName: '代领人姓名', method: '发证方式', courierTrackingNumber: '快递单号', note: '备注',
  archivesChecked: '档案已核对', firstSerial: '起始印字号', count: '数量', missing: '未收到的印字号',
  slotStart: '新时段', reason: '改约原因',
};
const fieldZh = (path: string) => {
  const name = path.split('/')[1] ?? '';
  if (!name) return '提交内容';
  return FIELD_ZH[name] ? `${FIELD_ZH[name]}（${name}）` : `字段 ${name}`;
};
const EN: Partial<Record<ValueErrorType, string>> = {
  [ValueErrorType.ObjectAdditionalProperties]: 'is not an accepted field', [ValueErrorType.ObjectRequiredProperty]: 'is required',
};
function problemZh(type: ValueErrorType, path: string): string {
  const f = fieldZh(path);
  switch (type) {
    case ValueErrorType.ObjectAdditionalProperties: return `${f} 不是本环节接受的字段`;
    case ValueErrorType.ObjectRequiredProperty: return `缺少 ${f}`;
    case ValueErrorType.StringPattern: case ValueErrorType.StringFormat: return `${f} 格式不正确`;
    case ValueErrorType.StringMinLength: return `${f} 不能为空`;
    case ValueErrorType.StringMaxLength: return `${f} 过长`;
    case ValueErrorType.ArrayMinItems: return `${f} 至少填写一项`;
    case ValueErrorType.ArrayMaxItems: return `${f} 项数过多`;
    case ValueErrorType.ArrayUniqueItems: return `${f} 有重复项`;
    case ValueErrorType.Literal: return `${f} 的取值不在可选范围内`;
    case ValueErrorType.Integer: return `${f} 须为整数`;
    case ValueErrorType.NumberMinimum: case ValueErrorType.NumberMaximum: case ValueErrorType.IntegerMinimum: case ValueErrorType.IntegerMaximum: return `${f} 超出允许的范围`;
    default: return `${f} 不符合要求`;
  }
}

/**
 * Why a body does not fit its step, in both languages: the variant the body names by its literal field
 * (decision, result, handover, method) is the one explained, so the cause is the field that is wrong.
 */
function misfit(step: string, schema: TSchema, body: unknown): { en: string; zh: string } {
  const variants = ('anyOf' in schema ? schema.anyOf : [schema]) as TSchema[];
  const literals = (v: TSchema) => Object.entries((v.properties ?? {}) as Record<string, TSchema>).filter(([, p]) => 'const' in p);
  const given = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const meant = variants.find((v) => literals(v).every(([k, p]) => given[k] === p.const));
  const lead = { en: `the body does not fit the ${step} step: `, zh: `这是“${STEP_ZH[step] ?? step}”环节的任务，提交内容不符合要求：` };
  if (!meant) {
    const [key] = literals(variants[0]!)[0] ?? ['decision'];
    const allowed = variants.map((v) => String(literals(v).find(([k]) => k === key)?.[1].const)).join(', ');
    return { en: `${lead.en}/${key} must be one of ${allowed}`, zh: `${lead.zh}${fieldZh(`/${key}`)} 须为以下之一：${allowed}` };
  }
  // one line per field: a missing field also reports its wrong type, which says nothing more
  const errors = [...Value.Errors(meant, body)].filter((e, i, all) => all.findIndex((o) => o.path === e.path) === i).slice(0, 3);
  return {
    en: lead.en + errors.map((e) => `${e.path || '/'} ${EN[e.type] ?? e.message}`).join('; '),
    zh: lead.zh + errors.map((e) => problemZh(e.type, e.path)).join('；'),
  };
}

/** Checks a body against the task's step and turns it into the variables the process reads. */
export function toVariables(branchStep: string, body: unknown): Record<string, unknown> {
  // a package's branch approves as the approve step does (approve-1 …, package-approval.bpmn)
  const step = /^approve-\d+$/.test(branchStep) ? 'approve' : branchStep;
  const schema = StepBodies[step as StepName];
  if (!schema) throw new DomainError('STEP_UNKNOWN', ErrorKind.Validation, { zh: `环节 ${step} 没有规定提交内容`, en: `no body is defined for the step ${step}` });
  if (!Value.Check(schema, body)) {
    const why = misfit(step, schema, body);
    throw new DomainError('STEP_BODY_INVALID', ErrorKind.Validation, { zh: why.zh, en: why.en });
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
    case 'handle':
      return { handled: b.decision, ...(b.slotStart ? { slotStart: b.slotStart, moveReason: b.reason } : {}) };
    case 'issue':
      return { issueMethod: b.method, ...(b.proxyName ? { proxyName: b.proxyName } : {}), ...(b.courierTrackingNumber ? { courierTrackingNumber: b.courierTrackingNumber } : {}) };
  }
}
export type StepBody<S extends StepName> = Static<(typeof StepBodies)[S]>;
