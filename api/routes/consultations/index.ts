import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import { ConsultationState } from '../../../domain/consultation/consultation.model.js';
import type { ConsultationRecord } from '../../../domain/consultation/consultation.repository.js';
import { ANSWER_LENGTH, ANSWER_STEP, QUESTION_LENGTH } from '../../../domain/consultation/consultation.service.js';
import type { DomainServices } from '../../../domain/services.js';
import { principalOf } from '../../plugins/auth.js';
import { ConsultationNumber, ItemCode, Strict, problems } from '../../schemas/common.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const When = Type.String({ format: 'date-time' });
const Consultation = Type.Object({
  consultationNumber: Type.String(), itemCode: Type.String(), itemName: Type.String(),
  departmentCode: Type.String({ description: 'the department that answers: the item’s' }),
  question: Type.String(), state: Type.Union([Type.Literal('asked'), Type.Literal('answered')]),
  answer: Nullable(Type.String()), answeredBy: Nullable(Type.String()), askedAt: When, answeredAt: Nullable(When),
  dueAt: Nullable(When), takenBy: Nullable(Type.String({ description: 'the staff member who took the open question (认领): the cards of a late answer are theirs' })),
  faqPublished: Type.Boolean({ description: 'published on the item’s guide as a frequently asked question' }),
}, { description: '在线咨询 online consultation (seed 001 §4(2): answered within 1 working day)' });
const Faq = Type.Object({ consultationNumber: Type.String(), question: Type.String(), answer: Type.String(), answeredAt: Nullable(When), publishedAt: Nullable(When) });

const askers = { roles: [Role.Applicant, Role.ProxyAgent] };
const department = { roles: [Role.DepartmentStaff, Role.DepartmentLeader] };
// the published questions are read by anyone, so they are rate-limited like the other public routes
const publicAccess = { access: 'public' as const, rateLimit: { max: 60, timeWindow: '1 minute' } };

export const consultationRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  async function view(c: ConsultationRecord) {
    const due = (await services.stepDeadlines.forCase(c.consultationNumber)).filter((d) => d.step === ANSWER_STEP).at(-1);
    return {
      consultationNumber: c.consultationNumber, itemCode: c.itemCode, itemName: c.itemName, departmentCode: c.departmentCode, question: c.question,
      state: c.state as 'asked' | 'answered', answer: c.answer ?? null, answeredBy: c.answeredBy ?? null, askedAt: c.askedAt.toISOString(),
      answeredAt: iso(c.answeredAt), dueAt: iso(due?.dueAt), takenBy: await services.consultations.holderOf(c), faqPublished: c.faq?.published ?? false,
    };
  }
  const viewAll = (list: ConsultationRecord[]) => Promise.all(list.map(view));

  app.post('/api/consultations', {
    config: { access: askers },
    schema: {
      tags: ['consultations'], summary: '在线咨询: a signed-in applicant or proxy agent asks about an item; its department answers within 1 working day',
      body: Strict({ itemCode: ItemCode, question: Type.String({ minLength: 1, maxLength: QUESTION_LENGTH.max * 2, description: `${QUESTION_LENGTH.min}–${QUESTION_LENGTH.max} characters (else 422 QUESTION_LENGTH)` }) }),
      response: { 201: Consultation, ...problems(400, 403, 404, 422) },
    },
  }, async (req, reply) => {
    const me = principalOf(req);
    const c = await services.consultations.ask({ itemCode: req.body.itemCode, question: req.body.question, by: { username: me.username, role: me.role } }, await services.now());
    return reply.code(201).send(await view(c));
  });

  app.get('/api/consultations/mine', {
    config: { access: askers },
    schema: { tags: ['consultations'], summary: 'The questions I asked, newest first, with their answers', response: { 200: Type.Object({ consultations: Type.Array(Consultation) }) } },
  }, async (req) => ({ consultations: await viewAll(await services.consultations.mine(principalOf(req).username)) }));

  app.get('/api/consultations/department', {
    config: { access: department },
    schema: {
      tags: ['consultations'], summary: 'My department’s questions: open ones (asked, oldest first) or answered ones (newest first)',
      querystring: Strict({ state: Type.Optional(Type.Union([Type.Literal('asked'), Type.Literal('answered')], { default: 'asked' })) }),
      response: { 200: Type.Object({ consultations: Type.Array(Consultation) }), ...problems(400) },
    },
  }, async (req) => {
    const me = principalOf(req);
    const state = (req.query.state ?? ConsultationState.Asked) as ConsultationState;
    return { consultations: await viewAll(await services.consultations.ofDepartment({ username: me.username, role: me.role, unitCode: me.unitCode, activated: me.activated }, state)) };
  });

  app.post('/api/consultations/:consultationNumber/take', {
    config: { access: { roles: [Role.DepartmentStaff] } },
    schema: {
      tags: ['consultations'], summary: 'Take an open question of my department (认领): its answer step is mine, and so are the cards if I answer late',
      params: Strict({ consultationNumber: ConsultationNumber }), response: { 200: Consultation, ...problems(400, 403, 404, 409) },
    },
  }, async (req) => {
    const me = principalOf(req);
    return view(await services.consultations.take(req.params.consultationNumber, { username: me.username, role: me.role, unitCode: me.unitCode, activated: me.activated }));
  });

  app.post('/api/consultations/:consultationNumber/answer', {
    config: { access: { roles: [Role.DepartmentStaff] } },
    schema: {
      tags: ['consultations'], summary: 'Answer a question of my department: completes its answer step and tells the asker',
      params: Strict({ consultationNumber: ConsultationNumber }),
      body: Strict({ answer: Type.String({ minLength: 1, maxLength: ANSWER_LENGTH.max * 2, description: `${ANSWER_LENGTH.min}–${ANSWER_LENGTH.max} characters (else 422 ANSWER_LENGTH)` }) }),
      response: { 200: Consultation, ...problems(400, 403, 404, 409, 422) },
    },
  }, async (req) => {
    const me = principalOf(req);
    const c = await services.consultations.answer(req.params.consultationNumber, req.body.answer, { username: me.username, role: me.role, unitCode: me.unitCode, activated: me.activated }, await services.now());
    return view(c);
  });

  app.post('/api/consultations/:consultationNumber/publish', {
    config: { access: department },
    schema: {
      tags: ['consultations'], summary: 'Publish an answered question of my department on the item’s guide as a frequently asked question (常见问题)',
      params: Strict({ consultationNumber: ConsultationNumber }),
      response: { 200: Consultation, ...problems(400, 403, 404, 409) },
    },
  }, async (req) => {
    const me = principalOf(req);
    return view(await services.consultations.publish(req.params.consultationNumber, { username: me.username, role: me.role, unitCode: me.unitCode, activated: me.activated }, await services.now()));
  });

  app.get('/api/guides/:itemCode/faq', {
    config: publicAccess,
    schema: {
      tags: ['guides'], summary: 'The frequently asked questions the item’s department published on its guide, newest first (askers are not named)', security: [],
      params: Strict({ itemCode: ItemCode }), response: { 200: Type.Object({ faq: Type.Array(Faq) }), ...problems(400, 429) },
    },
  }, async (req) => ({
    faq: (await services.consultations.faqOf(req.params.itemCode)).map((f) => ({ ...f, answeredAt: iso(f.answeredAt), publishedAt: iso(f.publishedAt) })),
  }));
};
