import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import type { Rectification } from '../../../domain/evaluation/evaluation.model.js';
import { EXTENSION_MAX_DAYS, InvalidKind, TEXT_LENGTH, Verdict } from '../../../domain/evaluation/rectification.service.js';
import type { DomainServices } from '../../../domain/services.js';
import { principalOf } from '../../plugins/auth.js';
import { RectificationNumber, Strict, problems } from '../../schemas/common.js';

const Time = Type.String({ format: 'date-time' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Free = Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]);
const Text = (what: string) => Type.String({ minLength: 1, maxLength: TEXT_LENGTH.max * 2, description: `${what}: ${TEXT_LENGTH.min}–${TEXT_LENGTH.max} characters (else 422)` });
const View = Type.Object({
  rectificationId: Type.String(), ratingId: Type.String(), subject: Type.Object({ kind: Type.String(), id: Type.String() }), itemCode: Type.String(),
  grade: Type.String(), comment: Nullable(Type.String()), realName: Type.Boolean(), handlingUnit: Nullable(Type.String()),
  state: Type.String({ description: 'open (to verify), recheck (invalid, awaiting the 好差评 office), invalid (无效差评), rectifying, rectified (awaiting the visit), followed-up' }),
  openedAt: Time, contactedAt: Nullable(Time), dueAt: Nullable(Time), closedAt: Nullable(Time),
  stepDueAt: Nullable(Type.String({ format: 'date-time', description: 'when the step now open falls due' })),
  verification: Free, recheck: Free, extension: Free, outcome: Free, followUp: Free,
  result: Nullable(Type.String({ description: 'valid or invalid, for supervision' })), onTime: Type.Union([Type.Boolean(), Type.Null()]),
}, { description: '差评整改 bad-review rectification (seed 004 §37)' });
const List = Type.Object({ rectifications: Type.Array(View) });

const unitStaff = { roles: [Role.DepartmentStaff, Role.DepartmentLeader, Role.WindowStaff] };
const office = { roles: [Role.ServiceOffice] };
const OPEN_STEP: Record<string, string> = { open: 'verify', recheck: 'recheck', rectifying: 'rectify', rectified: 'visit' };
const MEND_EVERY_MS = 60_000;

/**
 * 差评整改 (seed 004 §37): the handling unit verifies and rectifies its bad reviews, the 好差评 office (service office)
 * decides invalid-review requests and visits, the reviewer follows their case, supervision reads the tally per unit.
 */
export const rectificationRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  const { rectifications } = services;
  const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
  const plain = (v: unknown) => (v ? JSON.parse(JSON.stringify(v)) as Record<string, unknown> : null);
  async function view(r: Rectification, forReviewer = false) {
    const step = OPEN_STEP[r.state];
    const clock = step ? (await rectifications.stepDeadlines(r.rectificationId)).filter((d) => d.step === step).at(-1) : undefined;
    // the reviewer sees what was found and done, not which staff member did it
    const strip = (v: unknown) => {
      const o = plain(v);
      if (o && forReviewer) delete o.by;
      return o;
    };
    return {
      rectificationId: r.rectificationId, ratingId: r.ratingId, subject: { kind: r.subject.kind, id: r.subject.id }, itemCode: r.itemCode, grade: r.grade,
      comment: r.comment ?? null, realName: r.realName, handlingUnit: r.handlingUnit ?? null, state: r.state, openedAt: r.openedAt.toISOString(),
      contactedAt: iso(r.contactedAt), dueAt: iso(r.dueAt), closedAt: iso(r.closedAt), stepDueAt: iso(clock?.dueAt),
      verification: strip(r.verification), recheck: strip(r.recheck), extension: strip(r.extension), outcome: strip(r.outcome), followUp: strip(r.followUp),
      result: r.result ?? null, onTime: r.onTime ?? null,
    };
  }
  const me = (req: Parameters<typeof principalOf>[0]) => {
    const p = principalOf(req);
    return { username: p.username, role: p.role, unitCode: p.unitCode, activated: p.activated };
  };

  // a process whose start failed is started again
  const timer = setInterval(() => {
    void services.now().then((now) => rectifications.mend(now)).catch((err: unknown) => app.log.warn({ err }, 'rectification mending failed'));
  }, MEND_EVERY_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  app.get('/api/rectifications/mine', {
    config: { access: { roles: [Role.Applicant, Role.ProxyAgent] } },
    schema: { tags: ['rectifications'], summary: 'The rectifications of my bad reviews, newest first: where each stands, the reason of an extension, what was done', response: { 200: List } },
  }, async (req) => ({ rectifications: await Promise.all((await rectifications.mine(principalOf(req).username)).map((r) => view(r, true))) }));

  app.get('/api/rectifications/unit', {
    config: { access: unitStaff },
    schema: {
      tags: ['rectifications'], summary: 'My unit’s bad reviews: to verify or rectify (open, oldest first), or done',
      querystring: Strict({ which: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('done')], { default: 'open' })) }),
      response: { 200: List, ...problems(400) },
    },
  }, async (req) => ({ rectifications: await Promise.all((await rectifications.ofUnit(me(req), req.query.which ?? 'open')).map((r) => view(r))) }));

  app.get('/api/rectifications/office', {
    config: { access: office },
    schema: {
      tags: ['rectifications'], summary: 'The 好差评 office’s queue: invalid-review requests to decide (recheck) or rectified reviews to visit (follow-up)',
      querystring: Strict({ which: Type.Optional(Type.Union([Type.Literal('recheck'), Type.Literal('follow-up')], { default: 'recheck' })) }),
      response: { 200: List, ...problems(400) },
    },
  }, async (req) => ({ rectifications: await Promise.all((await rectifications.ofOffice(req.query.which ?? 'recheck')).map((r) => view(r))) }));

  app.get('/api/rectifications/tally', {
    config: { access: { roles: [Role.Supervisor, Role.ServiceOffice] } },
    schema: {
      tags: ['rectifications'], summary: 'Per handling unit: bad reviews, invalid ones, rectified ones, on time and late, still open (supervision’s ranking)',
      response: { 200: Type.Object({ units: Type.Array(Type.Object({ unitCode: Type.String(), total: Type.Integer(), invalid: Type.Integer(), rectified: Type.Integer(), onTime: Type.Integer(), late: Type.Integer(), open: Type.Integer() })) }) },
    },
  }, async () => ({ units: await rectifications.tally() }));

  const Params = Strict({ rectificationId: RectificationNumber });
  const acted = { 200: View, ...problems(400, 403, 404, 409, 422) };

  app.post('/api/rectifications/:rectificationId/verify', {
    config: { access: unitStaff },
    schema: {
      tags: ['rectifications'], summary: 'The handling unit contacted the reviewer and verified: invalid (to the 好差评 office), simple (rectify at once) or complex (5 working days)',
      params: Params,
      body: Strict({
        contact: Text('how the reviewer was contacted'), finding: Text('what was found'),
        verdict: Type.Union(Object.values(Verdict).map((v) => Type.Literal(v))),
        invalidKind: Type.Optional(Type.Union([...Object.values(InvalidKind).map((v) => Type.Literal(v)), Type.Null()], { description: 'for an invalid review: untrue 不实评价, mistaken 误评, malicious 恶意差评' })),
      }),
      response: acted,
    },
  }, async (req) => view(await rectifications.verify(req.params.rectificationId, req.body, me(req), await services.now())));

  app.post('/api/rectifications/:rectificationId/recheck', {
    config: { access: office },
    schema: {
      tags: ['rectifications'], summary: 'The 好差评 office’s second check of an invalid review: passed → 无效差评, failed → rectification within 5 working days',
      params: Params, body: Strict({ passed: Type.Boolean(), opinion: Text('the office’s opinion') }), response: acted,
    },
  }, async (req) => view(await rectifications.recheck(req.params.rectificationId, req.body, me(req), await services.now())));

  app.post('/api/rectifications/:rectificationId/extend', {
    config: { access: unitStaff },
    schema: {
      tags: ['rectifications'], summary: `Ask once for more time (1–${EXTENSION_MAX_DAYS} working days from the first due date), with a reason the reviewer is told`,
      params: Params, body: Strict({ days: Type.Integer({ minimum: 1, maximum: 100, description: `1–${EXTENSION_MAX_DAYS} (else 422)` }), reason: Text('the reason, told to the reviewer') }), response: acted,
    },
  }, async (req) => view(await rectifications.extend(req.params.rectificationId, req.body, me(req), await services.now())));

  app.post('/api/rectifications/:rectificationId/rectify', {
    config: { access: unitStaff },
    schema: { tags: ['rectifications'], summary: 'Rectified: what was done; the reviewer is told and the 好差评 office visits', params: Params, body: Strict({ measures: Text('what was done') }), response: acted },
  }, async (req) => view(await rectifications.rectify(req.params.rectificationId, req.body, me(req), await services.now())));

  app.post('/api/rectifications/:rectificationId/follow-up', {
    config: { access: office },
    schema: {
      tags: ['rectifications'], summary: 'The follow-up visit (回访): reached or not, satisfied or not; a real-name review must be reached',
      params: Params, body: Strict({ reached: Type.Boolean(), satisfied: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])), note: Text('the visit record') }), response: acted,
    },
  }, async (req) => view(await rectifications.followUp(req.params.rectificationId, req.body, me(req), await services.now())));
};
