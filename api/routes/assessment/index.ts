import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import { DIMENSION_KEYS } from '../../../domain/assessment/assessment-dimensions.js';
import { PERIOD_PATTERN } from '../../../domain/assessment/assessment-period.js';
import { WeightStatus } from '../../../domain/assessment/weight-set.model.js';
import type { DomainServices } from '../../../domain/services.js';
import { principalOf } from '../../plugins/auth.js';
import { Strict, problems } from '../../schemas/common.js';

// 季考核 (seed 001 §30): the ranking is reported to the units, so a leader sees all of it with their own unit marked;
// supervision and the service office read it; only the service office sets the weights, with four eyes.
const readers = { roles: [Role.Supervisor, Role.ServiceOffice, Role.DepartmentLeader] };
const office = { roles: [Role.ServiceOffice] };

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Stamp = Type.String({ format: 'date-time' });
const Person = Type.Object({ username: Type.String(), role: Type.String() });
const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });
const Key = Type.Union(DIMENSION_KEYS.map((k) => Type.Literal(k)));
const WeightValues = Type.Object(
  Object.fromEntries(DIMENSION_KEYS.map((k) => [k, Type.Number({ minimum: 0, maximum: 100 })])) as Record<(typeof DIMENSION_KEYS)[number], ReturnType<typeof Type.Number>>,
  { additionalProperties: false, description: 'a weight per dimension, 0–100, adding up to 100' },
);
const Weights = Type.Object({ version: Type.Integer({ description: '0: the equal weights in force before any set is approved' }), weights: WeightValues });
const WeightSet = Type.Object({
  version: Type.Integer(), weights: WeightValues, reason: Type.String(), status: Type.Union(Object.values(WeightStatus).map((s) => Type.Literal(s))),
  proposedBy: Person, proposedAt: Stamp, decidedBy: Nullable(Person), decidedAt: Nullable(Stamp), comment: Nullable(Type.String()),
});
const Row = Type.Object({
  unitCode: Type.String(), unitName: Type.String(), level: Type.String(),
  total: Nullable(Type.Number({ description: 'Σ weight × score ÷ Σ weight over the dimensions with facts; null: no facts (无数据)' })),
  rank: Nullable(Type.Integer({ description: '1…n; null for a unit without facts, listed last' })),
  dimensions: Type.Array(Type.Object({ key: Key, score: Nullable(Type.Number({ description: '0–100; null: no facts (无数据)' })), facts: Type.Record(Type.String(), Type.Number()) })),
  weightsVersion: Type.Integer(),
});
const PeriodParams = Strict({ period: Type.String({ pattern: PERIOD_PATTERN, maxLength: 7, description: 'a month 2026-11, a quarter 2026-Q4 or a year 2026' }) });
const VersionParams = Strict({ version: Type.Integer({ minimum: 1, maximum: 1_000_000 }) });
const Words = Type.String({ minLength: 2, maxLength: 1000 });

type SetView = Awaited<ReturnType<DomainServices['assessment']['propose']>>;
const showSet = (s: SetView) => ({ ...s, proposedAt: s.proposedAt.toISOString(), decidedAt: s.decidedAt?.toISOString() ?? null });

export const assessmentRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  const assessment = services.assessment;

  app.get('/api/assessment/dimensions', {
    config: { access: readers },
    schema: {
      tags: ['assessment'], summary: 'The eight dimensions of the quantified assessment (seed 001 §13), each with its formula in Chinese and English and the facts it counts',
      response: { 200: Type.Object({ dimensions: Type.Array(Type.Object({ key: Key, name: Bilingual, formula: Bilingual, facts: Type.Array(Type.String()) })) }), ...problems(401, 403) },
    },
  }, async () => ({ dimensions: assessment.dimensions() }));

  app.get('/api/assessment/rankings/:period', {
    config: { access: readers },
    schema: {
      tags: ['assessment'], summary: 'The performance ranking of units for a month, quarter or year: each unit’s eight scores, its total and rank, and the weight version used; a leader’s own unit is named in ownUnit',
      params: PeriodParams,
      response: {
        200: Type.Object({ period: Type.String(), kind: Type.String(), from: Stamp, to: Stamp, weights: Weights, ownUnit: Nullable(Type.String()), rows: Type.Array(Row) }),
        ...problems(400, 401, 403, 422),
      },
    },
  }, async (req) => {
    const me = principalOf(req);
    const r = await assessment.ranking(req.params.period, await services.now());
    return { ...r, from: r.from.toISOString(), to: r.to.toISOString(), ownUnit: me.role === Role.DepartmentLeader ? me.unitCode : null };
  });

  app.get('/api/assessment/weights', {
    config: { access: readers },
    schema: {
      tags: ['assessment'], summary: 'The weights in force and every weight set proposed, newest first, with who proposed and who decided it',
      response: { 200: Type.Object({ inForce: Weights, sets: Type.Array(WeightSet) }), ...problems(401, 403) },
    },
  }, async () => {
    const w = await assessment.weightSets();
    return { inForce: w.inForce, sets: w.sets.map(showSet) };
  });

  app.post('/api/assessment/weights', {
    config: { access: office },
    schema: {
      tags: ['assessment'], summary: 'Propose dimension weights (each 0–100, adding up to 100) with the reason; they rank units only once another person of the service office approves',
      body: Strict({ weights: WeightValues, reason: Words }),
      response: { 201: WeightSet, ...problems(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => reply.code(201).send(showSet(await assessment.propose(req.body, principalOf(req), await services.now()))));

  app.post('/api/assessment/weights/:version/approve', {
    config: { access: office },
    schema: {
      tags: ['assessment'], summary: 'Approve a proposed weight set: rankings use it from now on. Not by its proposer (four eyes); decided once',
      params: VersionParams, body: Strict({ comment: Type.Optional(Words) }),
      response: { 200: WeightSet, ...problems(400, 401, 403, 404, 409) },
    },
  }, async (req) => showSet(await assessment.approve(req.params.version, principalOf(req), req.body.comment ?? null, await services.now())));

  app.post('/api/assessment/weights/:version/reject', {
    config: { access: office },
    schema: {
      tags: ['assessment'], summary: 'Reject a proposed weight set with the reason; the weights in force stay. Not by its proposer',
      params: VersionParams, body: Strict({ comment: Words }),
      response: { 200: WeightSet, ...problems(400, 401, 403, 404, 409) },
    },
  }, async (req) => showSet(await assessment.reject(req.params.version, principalOf(req), req.body.comment, await services.now())));
};
