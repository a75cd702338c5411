import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import { ComplaintKind, ComplaintOutcome, ComplaintUrgency, NonAcceptance } from '../../../domain/complaint/complaint.model.js';
import type { ComplaintRecord } from '../../../domain/complaint/complaint.repository.js';
import { ANSWER_LENGTH, CONTENT_LENGTH, NON_ACCEPTANCE_ZH } from '../../../domain/complaint/complaint.service.js';
import type { DomainServices } from '../../../domain/services.js';
import { principalOf } from '../../plugins/auth.js';
import { ComplaintNumber, Strict, Username, problems } from '../../schemas/common.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const When = Type.String({ format: 'date-time' });
const literals = (o: Record<string, string>) => Type.Union(Object.values(o).map((v) => Type.Literal(v)));
const Complaint = Type.Object({
  complaintNumber: Type.String(), kind: Type.String(), urgency: Nullable(Type.String()), channel: Type.String(), unitCode: Type.String(),
  complainedOperator: Nullable(Type.String()), title: Type.String(), content: Type.String(), state: Type.String(),
  limitDays: Type.Number({ description: 'the handling limit in working days (seed 004 §32)' }),
  filedAt: When, acceptedAt: Nullable(When), deemedAccepted: Type.Boolean(), handler: Nullable(Type.String()),
  returnReason: Nullable(Type.String()), nonAcceptance: Type.Union([Type.Object({ reason: Type.String(), reasonZh: Type.String(), answer: Type.String() }), Type.Null()]),
  mergedInto: Nullable(Type.String()), complainants: Type.Number({ description: 'how many people the answer goes to (merged cases included)' }),
  extension: Type.Union([Type.Object({ state: Type.String(), days: Type.Number(), reason: Type.String(), requestedBy: Type.String(), decidedBy: Nullable(Type.String()), originalDueAt: Nullable(When), extendedDueAt: Nullable(When) }), Type.Null()]),
  dueAt: Nullable(When), outcome: Nullable(Type.String()), answer: Nullable(Type.String()), evidence: Nullable(Type.String()), answeredAt: Nullable(When), answeredInTime: Type.Union([Type.Boolean(), Type.Null()]),
  followUps: Type.Array(Type.Object({ at: When, satisfied: Type.Boolean(), note: Nullable(Type.String()) })), reopened: Type.Number(),
}, { description: '投诉建议 complaint or suggestion (seed 004 §28–34); the complainant is not in it (GET …/complainant)' });

const complainants = { roles: [Role.Applicant, Role.ProxyAgent] };
const staff = { roles: [Role.DepartmentStaff] };
const unitRoles = { roles: [Role.DepartmentStaff, Role.DepartmentLeader] };
const Params = Strict({ complaintNumber: ComplaintNumber });

export const complaintRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  const actor = (req: Parameters<typeof principalOf>[0]) => { const me = principalOf(req); return { username: me.username, role: me.role, unitCode: me.unitCode, activated: me.activated }; };
  async function view(c: ComplaintRecord) {
    const e = c.extension;
    return {
      complaintNumber: c.complaintNumber, kind: c.kind, urgency: c.urgency ?? null, channel: c.channel, unitCode: c.unitCode, complainedOperator: c.complainedOperator ?? null,
      title: c.title, content: c.content, state: c.state, limitDays: c.limit!.value, filedAt: c.filedAt.toISOString(), acceptedAt: iso(c.acceptedAt),
      deemedAccepted: c.deemedAccepted ?? false, handler: c.handler ?? null, returnReason: c.returnReason ?? null,
      nonAcceptance: c.nonAcceptance?.reason ? { reason: c.nonAcceptance.reason, reasonZh: NON_ACCEPTANCE_ZH[c.nonAcceptance.reason] ?? '', answer: c.nonAcceptance.answer ?? '' } : null,
      mergedInto: c.mergedInto ?? null, complainants: 1 + (c.merged?.length ?? 0),
      extension: e?.state ? { state: e.state, days: e.days!, reason: e.reason!, requestedBy: e.requestedBy!, decidedBy: e.decidedBy ?? null, originalDueAt: iso(e.originalDueAt), extendedDueAt: iso(e.extendedDueAt) } : null,
      dueAt: ['filed', 'accepted'].includes(c.state) ? iso((await services.stepDeadlines.forCase(c.complaintNumber)).filter((d) => d.step === (c.state === 'filed' ? 'intake' : 'handle')).at(-1)?.dueAt) : null,
      outcome: c.outcome ?? null, answer: c.answer ?? null, evidence: c.evidence ?? null, answeredAt: iso(c.answeredAt), answeredInTime: c.answeredInTime ?? null,
      followUps: (c.followUps ?? []).map((f) => ({ at: iso(f.at)!, satisfied: !!f.satisfied, note: f.note ?? null })), reopened: c.reopened ?? 0,
    };
  }
  const viewAll = (list: ComplaintRecord[]) => Promise.all(list.map(view));

  app.post('/api/complaints', {
    config: { access: { roles: [Role.Applicant, Role.ProxyAgent, Role.WindowStaff, Role.ServiceOffice] } },
    schema: {
      tags: ['complaints'], summary: '我要投诉 / 我要建议 / 我要咨询: file a complaint from the portal, a window (for a visitor) or forwarded from a higher-level platform (service office)',
      body: Strict({
        kind: literals(ComplaintKind), unitCode: Type.String({ minLength: 1, maxLength: 64, description: 'the unit concerned, which handles it' }),
        urgency: Type.Optional(literals(ComplaintUrgency)), complainedOperator: Type.Optional(Username),
        title: Type.String({ minLength: 1, maxLength: 120 }), content: Type.String({ minLength: 1, maxLength: CONTENT_LENGTH.max * 2, description: `${CONTENT_LENGTH.min}–${CONTENT_LENGTH.max} characters` }),
        complainant: Type.Optional(Username),
      }),
      response: { 201: Complaint, ...problems(400, 403, 404, 422) },
    },
  }, async (req, reply) => {
    const me = principalOf(req);
    const c = await services.complaints.file({ ...req.body, kind: req.body.kind as ComplaintKind, urgency: (req.body.urgency ?? null) as ComplaintUrgency | null, by: { username: me.username, role: me.role, unitCode: me.unitCode } }, await services.now());
    return reply.code(201).send(await view(c));
  });

  app.get('/api/complaints/units', {
    config: { access: { roles: [Role.Applicant, Role.ProxyAgent, Role.WindowStaff, Role.ServiceOffice] } },
    schema: { tags: ['complaints'], summary: 'The units a complaint or suggestion can be addressed to: the departments, towns and communities', response: { 200: Type.Object({ units: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })) }) } },
  }, async () => ({ units: (await services.units.list()).filter((u) => u.kind !== 'government' || u.code.startsWith('TOWN-')).map((u) => ({ code: u.code, name: u.name })) }));

  app.get('/api/complaints/mine', {
    config: { access: complainants },
    schema: { tags: ['complaints'], summary: 'My complaints and suggestions (and those merged with mine), newest first', response: { 200: Type.Object({ complaints: Type.Array(Complaint) }) } },
  }, async (req) => ({ complaints: await viewAll(await services.complaints.mine(principalOf(req).username)) }));

  app.get('/api/complaints/unit', {
    config: { access: unitRoles },
    schema: {
      tags: ['complaints'], summary: 'My unit’s complaints: open ones (to accept, in hand, to follow up) or finished ones; without the complainants',
      querystring: Strict({ open: Type.Optional(Type.Boolean({ default: true })) }), response: { 200: Type.Object({ complaints: Type.Array(Complaint) }), ...problems(400) },
    },
  }, async (req) => ({ complaints: await viewAll(await services.complaints.ofUnit(actor(req), req.query.open ?? true)) }));

  app.get('/api/complaints/statistics', {
    config: { access: { roles: [Role.Supervisor, Role.ServiceOffice] } },
    schema: {
      tags: ['complaints'], summary: 'Supervision: complaints per unit filed in [from, to), by kind, channel, state and outcome, and the share answered in time',
      querystring: Strict({ from: Type.String({ format: 'date', maxLength: 10 }), to: Type.String({ format: 'date', maxLength: 10 }) }),
      response: { 200: Type.Object({ units: Type.Array(Type.Object({ unitCode: Type.String(), total: Type.Number(), answered: Type.Number(), inTime: Type.Number(), inTimeRate: Type.Union([Type.Number(), Type.Null()]), byKind: Type.Record(Type.String(), Type.Number()), byChannel: Type.Record(Type.String(), Type.Number()), byState: Type.Record(Type.String(), Type.Number()), byOutcome: Type.Record(Type.String(), Type.Number()) })) }), ...problems(400) },
    },
  }, async (req) => ({ units: await services.complaints.statistics(new Date(req.query.from), new Date(req.query.to)) }));

  app.get('/api/complaints/:complaintNumber/complainant', {
    config: { access: { roles: [Role.DepartmentStaff, Role.Supervisor] } },
    schema: {
      tags: ['complaints'], summary: 'Who raised it (seed 004 §29): its handler and supervision only, each read logged; anyone else gets 404',
      params: Params, response: { 200: Type.Object({ username: Type.String(), role: Type.String(), channel: Type.String(), merged: Type.Array(Type.Object({ username: Type.String(), complaintNumber: Type.String(), channel: Type.String() })) }), ...problems(400, 404) },
    },
  }, async (req) => {
    const p = await services.complaints.complainantOf(req.params.complaintNumber, actor(req), await services.now());
    return { username: p.username, role: p.role, channel: p.channel, merged: p.merged.map((m) => ({ username: m.username, complaintNumber: m.complaintNumber, channel: m.channel })) };
  });

  app.post('/api/complaints/:complaintNumber/intake', {
    config: { access: staff },
    schema: {
      tags: ['complaints'], summary: 'Within 1 working day: accept, return as not ours (reason), not accept (one of the eight reasons of §31, with a written answer) or merge into an open case of the same matter',
      params: Params,
      body: Strict({ decision: Type.Union([Type.Literal('accept'), Type.Literal('return'), Type.Literal('not-accept'), Type.Literal('merge')]), reason: Type.Optional(Type.String({ maxLength: 1000 })), reasonCode: Type.Optional(literals(NonAcceptance)), answer: Type.Optional(Type.String({ maxLength: ANSWER_LENGTH.max * 2 })), into: Type.Optional(ComplaintNumber) }),
      response: { 200: Complaint, ...problems(400, 403, 404, 409, 422) },
    },
  }, async (req) => view(await services.complaints.intake(req.params.complaintNumber, { ...req.body, reasonCode: req.body.reasonCode as NonAcceptance | undefined }, actor(req), await services.now())));

  app.post('/api/complaints/:complaintNumber/take', {
    config: { access: staff },
    schema: { tags: ['complaints'], summary: 'Take an accepted complaint of my unit: I become its handler', params: Params, response: { 200: Complaint, ...problems(400, 403, 404, 409) } },
  }, async (req) => view(await services.complaints.take(req.params.complaintNumber, actor(req))));

  app.post('/api/complaints/:complaintNumber/extension', {
    config: { access: staff },
    schema: {
      tags: ['complaints'], summary: 'Ask once for more time (seed 004 §32(5)): no longer than the case’s limit, with a reason; the unit’s leader decides',
      params: Params, body: Strict({ days: Type.Integer({ minimum: 1, maximum: 30 }), reason: Type.String({ minLength: 1, maxLength: 1000 }) }),
      response: { 200: Complaint, ...problems(400, 403, 404, 409, 422) },
    },
  }, async (req) => view(await services.complaints.requestExtension(req.params.complaintNumber, req.body, actor(req), await services.now())));

  app.post('/api/complaints/:complaintNumber/extension/decision', {
    config: { access: { roles: [Role.DepartmentLeader] } },
    schema: {
      tags: ['complaints'], summary: 'The unit’s leader approves or refuses the extension; approved, the handling due time moves on from the original one',
      params: Params, body: Strict({ approve: Type.Boolean() }), response: { 200: Complaint, ...problems(400, 403, 404, 409) },
    },
  }, async (req) => view(await services.complaints.decideExtension(req.params.complaintNumber, req.body.approve, actor(req), await services.now())));

  app.post('/api/complaints/:complaintNumber/answer', {
    config: { access: staff },
    schema: {
      tags: ['complaints'], summary: 'Answer (handled) or find it invalid after investigation with the evidence (seed 004 §32(6)); every complainant is told',
      params: Params,
      body: Strict({ outcome: literals(ComplaintOutcome), answer: Type.String({ minLength: 1, maxLength: ANSWER_LENGTH.max * 2 }), evidence: Type.Optional(Type.String({ maxLength: 4000 })) }),
      response: { 200: Complaint, ...problems(400, 403, 404, 409, 422) },
    },
  }, async (req) => view(await services.complaints.answer(req.params.complaintNumber, { ...req.body, outcome: req.body.outcome as ComplaintOutcome }, actor(req), await services.now())));

  app.post('/api/complaints/:complaintNumber/follow-up', {
    config: { access: { roles: [Role.DepartmentStaff, Role.Applicant, Role.ProxyAgent] } },
    schema: {
      tags: ['complaints'], summary: 'Follow-up visit (seed 004 §34): satisfied closes it; dissatisfied reopens it once. By the unit, or by a complainant in the portal',
      params: Params, body: Strict({ satisfied: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 1000 })) }),
      response: { 200: Complaint, ...problems(400, 403, 404, 409) },
    },
  }, async (req) => {
    const me = actor(req);
    const n = req.params.complaintNumber;
    // a complainant sees only their own cases: anyone else's is not found
    if ([Role.Applicant, Role.ProxyAgent].includes(me.role as 'applicant') && !(await services.complaints.mine(me.username)).some((c) => c.complaintNumber === n)) {
      return view(await services.complaints.get('TS0000000000'));
    }
    return view(await services.complaints.followUp(n, req.body, me, await services.now()));
  });
};
