import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import type { Violation } from '../../../domain/accountability/accountability.model.js';
import { REASON_LENGTH } from '../../../domain/accountability/accountability.service.js';
import type { DomainServices } from '../../../domain/services.js';
import { principalOf } from '../../plugins/auth.js';
import { ApplicationNumber, Strict, Username, problems } from '../../schemas/common.js';

const Time = Type.String({ format: 'date-time' });
const Nullable = <T extends ReturnType<typeof Type.String | typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);
const Text = (what: string) => Type.String({ minLength: 1, maxLength: REASON_LENGTH.max * 2, description: `${what}: ${REASON_LENGTH.min}–${REASON_LENGTH.max} characters (else 422)` });
const ViolationId = Type.String({ pattern: '^WG\\d{10}$', description: '违规记录编号 violation number' });
const Decision = Type.Union([Type.Object({ by: Type.String(), at: Time, reason: Type.String() }), Type.Null()]);
const View = Type.Object({
  violationId: Type.String(), source: Type.String({ description: 'red-card, complaint (found valid), bad-review (found valid) or refusal (without legal grounds)' }),
  operator: Type.String(), unitCode: Nullable(Type.String()), caseNumber: Nullable(Type.String()), caseKind: Nullable(Type.String()),
  summary: Type.String(), at: Time, state: Type.String({ description: 'pending (awaiting the supervisor), confirmed or dismissed' }),
  step: Nullable(Type.String({ description: 'warning (警示教育), retraining (离岗培训) or referral (移送追责)' })), position: Nullable(Type.Integer()),
  decision: Decision, statement: Type.Union([Type.Object({ text: Type.String(), at: Time }), Type.Null()]),
}, { description: '窗口违规记录 a window violation (seed 001 §31)' });
const Ladder = Type.Object({
  operator: Type.String(), realName: Type.String(), unitCode: Nullable(Type.String()), activation: Nullable(Type.String()),
  count: Type.Integer({ description: 'confirmed violations inside the reset period' }), step: Nullable(Type.String()), nextStep: Type.String(),
  resetsAt: Nullable(Time), retraining: Type.Union([Type.Object({ since: Time, posts: Type.Array(Type.String()) }), Type.Null()]),
});
const Record_ = Type.Object({ ladder: Ladder, violations: Type.Array(View), resetMonths: Type.Integer() });
const params = Strict({ violationId: ViolationId });

const staff = [Role.WindowStaff, Role.DepartmentStaff];
const supervisor = { roles: [Role.Supervisor] };

/**
 * 问责 (seed 001 §31): supervisors confirm or dismiss window violations and record refusals without legal grounds;
 * leaders read their unit's operators; an operator reads their own record and states their view.
 */
export const accountabilityRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  const { accountability } = services;
  const iso = (d: Date | string) => new Date(d).toISOString();
  const view = (v: Violation) => ({
    violationId: v.violationId, source: v.source, operator: v.operator, unitCode: v.unitCode ?? null, caseNumber: v.caseNumber ?? null, caseKind: v.caseKind ?? null,
    summary: v.summary, at: iso(v.at), state: v.state, step: v.step ?? null, position: v.position ?? null,
    decision: v.decision ? { by: v.decision.by, at: iso(v.decision.at), reason: v.decision.reason } : null,
    statement: v.statement ? { text: v.statement.text, at: iso(v.statement.at) } : null,
  });
  const ladder = (l: Awaited<ReturnType<typeof accountability.ladderOf>>) => ({ ...l, resetsAt: l.resetsAt ? iso(l.resetsAt) : null, retraining: l.retraining ? { since: iso(l.retraining.since), posts: l.retraining.posts } : null });
  const me = (req: Parameters<typeof principalOf>[0]) => {
    const p = principalOf(req);
    return { username: p.username, role: p.role, unitCode: p.unitCode };
  };
  const recordOf = async (username: string, req: Parameters<typeof principalOf>[0]) => {
    const r = await accountability.recordOf(username, me(req), await services.now());
    return { ladder: ladder(r.ladder), violations: r.violations.map(view), resetMonths: accountability.resetMonths };
  };

  app.get('/api/accountability/violations', {
    config: { access: { roles: [Role.Supervisor, Role.DepartmentLeader] } },
    schema: {
      tags: ['accountability'], summary: 'Window violations, newest first: all for supervisors, the unit’s operators for a leader',
      querystring: Strict({ state: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('confirmed'), Type.Literal('dismissed')])) }),
      response: { 200: Type.Object({ violations: Type.Array(View) }), ...problems(400) },
    },
  }, async (req) => ({ violations: (await accountability.list(me(req), req.query.state)).map(view) }));

  app.get('/api/accountability/operators', {
    config: { access: { roles: [Role.Supervisor, Role.DepartmentLeader] } },
    schema: { tags: ['accountability'], summary: 'The ladder of each operator with a violation (a leader: their unit’s)', response: { 200: Type.Object({ operators: Type.Array(Ladder), resetMonths: Type.Integer() }) } },
  }, async (req) => ({ operators: (await accountability.ladders(me(req), await services.now())).map(ladder), resetMonths: accountability.resetMonths }));

  app.get('/api/accountability/operators/:username', {
    config: { access: { roles: [Role.Supervisor, Role.DepartmentLeader, ...staff] } },
    schema: {
      tags: ['accountability'], summary: 'One operator’s record and ladder: supervisors any, a leader their unit’s, an operator their own (else 404)',
      params: Strict({ username: Username }), response: { 200: Record_, ...problems(404) },
    },
  }, async (req) => recordOf(req.params.username, req));

  app.get('/api/accountability/mine', {
    config: { access: { roles: staff } },
    schema: { tags: ['accountability'], summary: 'My own accountability record (我的问责记录)', response: { 200: Record_, ...problems(404) } },
  }, async (req) => recordOf(principalOf(req).username, req));

  app.get('/api/accountability/pending-count', {
    config: { access: supervisor },
    schema: { tags: ['accountability'], summary: 'How many violations await confirmation', response: { 200: Type.Object({ pending: Type.Integer() }) } },
  }, async () => ({ pending: await accountability.pendingCount() }));

  app.post('/api/accountability/violations/:violationId/confirm', {
    config: { access: supervisor },
    schema: {
      tags: ['accountability'], summary: 'Confirm with a reason: the step follows (warning, off-post retraining, referral) and the operator is told',
      params, body: Strict({ reason: Text('the reason') }), response: { 200: View, ...problems(400, 404, 409, 422) },
    },
  }, async (req) => view(await accountability.confirm(req.params.violationId, req.body, me(req), await services.now())));

  app.post('/api/accountability/violations/:violationId/dismiss', {
    config: { access: supervisor },
    schema: {
      tags: ['accountability'], summary: 'Find it no violation, with a reason: it never counts',
      params, body: Strict({ reason: Text('the reason') }), response: { 200: View, ...problems(400, 404, 409, 422) },
    },
  }, async (req) => view(await accountability.dismiss(req.params.violationId, req.body, me(req), await services.now())));

  app.post('/api/accountability/violations/:violationId/statement', {
    config: { access: { roles: staff } },
    schema: {
      tags: ['accountability'], summary: '陈述申辩: the operator states their view of their own confirmed violation in writing, once (another’s: 404)',
      params, body: Strict({ text: Text('the statement') }), response: { 200: View, ...problems(400, 404, 409, 422) },
    },
  }, async (req) => view(await accountability.state(req.params.violationId, req.body, me(req), await services.now())));

  app.post('/api/accountability/refusals', {
    config: { access: supervisor },
    schema: {
      tags: ['accountability'], summary: 'Record a refusal without legal grounds (seed 001 §32(1)): the operator who refused the case at the window answers for it',
      body: Strict({ caseNumber: ApplicationNumber, reason: Text('why the refusal had no legal grounds') }), response: { 201: View, ...problems(400, 404, 422) },
    },
  }, async (req, reply) => reply.code(201).send(view(await accountability.recordRefusal(req.body, me(req), await services.now()))));
};
