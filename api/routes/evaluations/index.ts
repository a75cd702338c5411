import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import { COMMENT_MAX, GRADES, RatingChannel, SubjectKind } from '../../../domain/evaluation/evaluation.model.js';
import { ownView } from '../../../domain/evaluation/evaluation.service.js';
import type { DomainServices } from '../../../domain/services.js';
import { principalOf } from '../../plugins/auth.js';
import { ApplicationNumber, ItemCode, Strict, UnitCode, problems } from '../../schemas/common.js';

const GradeName = Type.Union(GRADES.map((g) => Type.Literal(g)), { description: '非常满意 very-satisfied, 满意 satisfied, 基本满意 basically-satisfied, 不满意 dissatisfied, 非常不满意 very-dissatisfied (the last two are bad reviews)' });
const ChannelName = Type.Union(Object.values(RatingChannel).map((c) => Type.Literal(c)));
const SubjectKindName = Type.Union(Object.values(SubjectKind).map((k) => Type.Literal(k)));
const Subject = Strict({ kind: SubjectKindName, id: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9-]{1,39}$', description: 'the case number (an application: SQ…)' }) });
const SubjectView = Type.Object({ kind: Type.String(), id: Type.String() });
const Party = Type.Object({ kind: Type.String({ description: 'operator (the window operator) or department' }), id: Type.String(), unitCode: Type.String() });
const Time = Type.String({ format: 'date-time' });

const OwnRating = Type.Object({
  ratingId: Type.String(), subject: SubjectView, itemCode: Type.String(), channel: Type.String(), grade: Type.String(), bad: Type.Boolean(),
  comment: Type.Union([Type.String(), Type.Null()]), at: Time, recordedAtWindow: Type.Boolean(),
});
const StaffRating = Type.Object({
  ratingId: Type.String(), subject: SubjectView, itemCode: Type.String(), parties: Type.Array(Party), channel: Type.String(), grade: Type.String(), bad: Type.Boolean(),
  comment: Type.Union([Type.String(), Type.Null()]), at: Time,
  rater: Type.Object({ kind: Type.String(), name: Type.String({ description: 'masked: 王**' }), recordedBy: Type.Union([Type.String(), Type.Null()], { description: 'the window staff whose evaluator recorded it' }) }),
});
const Tally = { total: Type.Integer(), bad: Type.Integer() };
const Counts = Type.Object({
  ...Tally,
  byGrade: Type.Array(Type.Object({ grade: Type.String(), count: Type.Integer() })),
  byItem: Type.Array(Type.Object({ itemCode: Type.String(), ...Tally })),
  byParty: Type.Array(Type.Object({ kind: Type.String(), id: Type.String(), unitCode: Type.String(), ...Tally })),
  byChannel: Type.Array(Type.Object({ channel: Type.String(), ...Tally })),
});
const WindowCase = Type.Object({ applicationNumber: Type.String(), itemCode: Type.String(), itemName: Type.String(), applicantName: Type.String({ description: 'masked' }), closedAt: Time, rated: Type.Boolean() });

const own = <T extends { at: Date }>(r: T) => ({ ...r, at: r.at.toISOString() });
/** The roles that read ratings of every unit, and the department leaders who read their own unit's. */
const readers = [Role.Supervisor, Role.ServiceOffice, Role.Auditor, Role.DepartmentLeader];

/**
 * 好差评 (seed 004 §35–37): an applicant or proxy agent rates an ended case online; window staff hand the window
 * evaluator (评价器) to the applicant; supervision reads the ratings with counts per item, party and channel.
 */
export const evaluationRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  const { evaluations } = services;

  app.post('/api/evaluations', {
    config: { access: { roles: [Role.Applicant, Role.ProxyAgent, Role.WindowStaff] } },
    schema: {
      tags: ['evaluations'],
      summary: 'Rate an ended case on the five national grades: the applicant or its proxy agent online (channel portal), window staff on the window evaluator for the applicant (channel window). Once per case and rater: the same rating sent again answers 200 with the first, a different one 409. A bad review opens a rectification.',
      body: Strict({
        subject: Subject, grade: GradeName,
        comment: Type.Optional(Type.Union([Type.String({ maxLength: COMMENT_MAX, description: `optional, at most ${COMMENT_MAX} characters` }), Type.Null()])),
        channel: Type.Union([Type.Literal(RatingChannel.Portal), Type.Literal(RatingChannel.Window)], { description: 'portal (applicant, proxy agent) or window (window staff)' }),
      }),
      response: {
        201: Type.Object({ rating: OwnRating, rectification: Type.Union([Type.Object({ rectificationId: Type.String(), state: Type.String() }), Type.Null()]) }),
        200: Type.Object({ rating: OwnRating, rectification: Type.Union([Type.Object({ rectificationId: Type.String(), state: Type.String() }), Type.Null()]) }),
        ...problems(400, 401, 403, 404, 409, 422),
      },
    },
  }, async (req, reply) => {
    const me = principalOf(req);
    const { rating, rectification, repeated } = await evaluations.rate(req.body, me, await services.now());
    return reply.code(repeated ? 200 : 201).send({
      rating: own(ownView(rating)), rectification: rectification ? { rectificationId: rectification.rectificationId, state: rectification.state } : null,
    });
  });

  app.get('/api/evaluations/mine', {
    config: { access: { roles: [Role.Applicant, Role.ProxyAgent] } },
    schema: {
      tags: ['evaluations'], summary: 'The ratings I gave (also those recorded for me at a window), newest first; subjectKind and subjectId narrow it to one case',
      querystring: Strict({ subjectKind: Type.Optional(SubjectKindName), subjectId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9-]{1,39}$' })) }),
      response: { 200: Type.Object({ ratings: Type.Array(OwnRating) }), ...problems(400, 401, 403) },
    },
  }, async (req) => {
    const { subjectKind, subjectId } = req.query;
    const subject = subjectKind && subjectId ? { kind: subjectKind, id: subjectId } : undefined;
    return { ratings: (await evaluations.mine(principalOf(req), subject)).map(own) };
  });

  app.get('/api/evaluations', {
    config: { access: { roles: readers } },
    schema: {
      tags: ['evaluations'],
      summary: 'Ratings, newest first, with counts per grade, item, evaluated party and channel; raters masked. Department leaders see their own unit’s.',
      querystring: Strict({
        itemCode: Type.Optional(ItemCode), unitCode: Type.Optional(UnitCode), grade: Type.Optional(GradeName), channel: Type.Optional(ChannelName),
        bad: Type.Optional(Type.Boolean({ description: 'only bad reviews (不满意, 非常不满意)' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
      }),
      response: { 200: Type.Object({ ratings: Type.Array(StaffRating), counts: Counts }), ...problems(400, 401, 403) },
    },
  }, async (req) => {
    const { limit, bad, ...rest } = req.query;
    const { ratings, counts } = await evaluations.list(principalOf(req), { ...rest, ...(bad ? { bad: true } : {}) }, limit ?? 100);
    return { ratings: ratings.map(own), counts };
  });

  app.get('/api/evaluations/window/cases', {
    config: { access: { roles: [Role.WindowStaff] } },
    schema: {
      tags: ['evaluations'], summary: 'For the window evaluator: the cases of my service hall that ended today, newest first, and whether each is rated',
      response: { 200: Type.Object({ cases: Type.Array(WindowCase) }), ...problems(401, 403) },
    },
  }, async (req) => ({ cases: (await evaluations.windowCases(principalOf(req), await services.now())).map((c) => ({ ...c, closedAt: c.closedAt.toISOString() })) }));

  app.get('/api/evaluations/window/cases/:applicationNumber', {
    config: { access: { roles: [Role.WindowStaff] } },
    schema: {
      tags: ['evaluations'], summary: 'For the window evaluator: one case by number, ready to be rated (refused when not ended, not this hall’s, or rated)',
      params: Strict({ applicationNumber: ApplicationNumber }),
      response: { 200: Type.Object({ applicationNumber: Type.String(), itemCode: Type.String(), itemName: Type.String(), applicantName: Type.String(), endedAt: Time }), ...problems(400, 401, 403, 404, 409) },
    },
  }, async (req) => {
    const c = await evaluations.windowCase(principalOf(req), req.params.applicationNumber);
    return { ...c, endedAt: c.endedAt.toISOString() };
  });
};
