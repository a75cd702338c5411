import { Type } from '@sinclair/typebox';
import { Role } from '../../domain/account/account.model.js';
import { CaseKind } from '../../domain/shared/constants.js';

export { Strict, Reasons } from '../../domain/shared/schema.js';

export const Username = Type.String({ pattern: '^[a-z][a-z0-9._-]{2,31}$', description: 'login name' });
export const ApplicationNumber = Type.String({ pattern: '^SQ\\d{10}$', description: '办件编号 application number' });
/** the case a task or an audit entry belongs to: an application (SQ…) or a certificate requisition (RQ…) */
export const CaseNumber = Type.String({ pattern: '^(SQ|RQ|YY|ZX|ZG|TS|TC)\\d{10}$', description: 'the case\'s number: an application (SQ…), a certificate requisition (RQ…), an appointment (YY…), an online consultation (ZX…), a bad review’s rectification (ZG…), a complaint (TS…) or a package application (TC…)' });
export const ComplaintNumber = Type.String({ pattern: '^TS\\d{10}$', description: '投诉建议编号 complaint number' });
export const ConsultationNumber = Type.String({ pattern: '^ZX\\d{10}$', description: '咨询编号 consultation number' });
export const RectificationNumber = Type.String({ pattern: '^ZG\\d{10}$', description: '差评整改编号 rectification number' });
export const AppointmentNumber = Type.String({ pattern: '^YY\\d{10}$', description: '预约编号 appointment number' });
export const CaseKindName = Type.Union(Object.values(CaseKind).map((k) => Type.Literal(k)), { description: 'what the case number is the number of' });
export const TaskKey = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$', description: 'user task key (the engine\'s, letters, digits and . _ : -)' });
export const UnitCode = Type.String({ pattern: '^[A-Z0-9-]{2,32}$' });
export const ItemCode = Type.String({ pattern: '^[A-Z0-9-]{2,32}$' });
/** A new password: the lengths the account rule takes; the rule itself refuses one without a letter, a digit and a symbol. */
export const NewPassword = (rule: { minLength: number; maxLength: number }) => Type.String({
  ...rule, description: `${rule.minLength}–${rule.maxLength} characters with at least a letter, a digit and a symbol (else 422 PASSWORD_TOO_WEAK)`,
});
export const RoleName = Type.Union(Object.values(Role).map((r) => Type.Literal(r)));

export const Problem = Type.Object({
  type: Type.String(), title: Type.String(), status: Type.Integer(), code: Type.String(), detail: Type.String(),
  message: Type.Object({ zh: Type.String(), en: Type.String() }), requestId: Type.String(),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), problem: Type.String() }))),
}, { description: 'application/problem+json' });

/** The problem responses a route can give, for the OpenAPI document: always application/problem+json. */
export const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, { description: 'a problem document', content: { 'application/problem+json': { schema: Problem } } }])) as unknown as Record<number, typeof Problem>;

/** A calendar date, YYYY-MM-DD. */
export const Day = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description: 'a date, YYYY-MM-DD' });
