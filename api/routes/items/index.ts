import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import type { DomainServices } from '../../../domain/services.js';
import { ChangeKind, RequestStatus } from '../../../domain/service-item/change-request.model.js';
import { EvaluationDecision, type ItemEvaluation } from '../../../domain/service-item/item-evaluation.model.js';
import type { ServiceItemRecord } from '../../../domain/service-item/service-item.repository.js';
import { ServiceItemInput } from '../../../domain/service-item/service-item.schema.js';
import { principalOf } from '../../plugins/auth.js';
import { ItemCode, Strict, problems } from '../../schemas/common.js';

// Departments, their network administrators (seed 001 §19) and the service office propose (seed 004 §7, §12);
// only the service office decides and evaluates (000 §16).
const proposers = { roles: [Role.BusinessOwner, Role.NetworkAdmin, Role.ServiceOffice] };
const office = { roles: [Role.ServiceOffice] };
const readers = { roles: [Role.BusinessOwner, Role.NetworkAdmin, Role.ServiceOffice, Role.Supervisor, Role.Auditor] };

const literals = <T extends Record<string, string>>(o: T) => Type.Union(Object.values(o).map((v) => Type.Literal(v as T[keyof T])));
const RequestId = Type.String({ pattern: '^CR\\d{10}$', description: '事项变更申请编号 change request number' });
const Stamp = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Person = Type.Object({ username: Type.String(), role: Type.String() });
const Words = Type.String({ minLength: 2, maxLength: 1000 });

const ItemVersion = Type.Object({
  ...ServiceItemInput.properties,
  version: Type.Integer(), status: Type.String(), current: Type.Boolean({ description: 'the version new applications start on' }),
  requestId: Nullable(Type.String({ description: 'the approved change request that brought this version in' })), createdAt: Nullable(Stamp),
});
const RequestView = Type.Object({
  requestId: Type.String(), itemCode: Type.String(), kind: literals(ChangeKind), status: literals(RequestStatus),
  baseVersion: Nullable(Type.Integer()), resultVersion: Nullable(Type.Integer()), fromStatus: Nullable(Type.String()), toStatus: Type.String(),
  reason: Type.String(), changes: Type.Array(Type.String(), { description: 'the standard elements that differ from the base version' }),
  item: Nullable(Type.Object(ServiceItemInput.properties)), proposedBy: Person, proposedAt: Stamp,
  decidedBy: Nullable(Person), decidedAt: Nullable(Stamp), comment: Nullable(Type.String()),
});
const EvaluationView = Type.Object({
  itemCode: Type.String(), year: Type.Integer(), itemVersion: Type.Integer(), itemStatus: Type.String(), demand: Type.String(),
  volume: Type.Integer({ description: '办件量: applications filed that year (practice cases not counted), counted by the platform' }),
  problems: Type.Array(Type.String()), decision: literals(EvaluationDecision), by: Person, at: Stamp,
});

type RequestRecord = Awaited<ReturnType<DomainServices['itemGovernance']['request']>>;
const showRequest = (r: RequestRecord) => ({ ...r, proposedAt: r.proposedAt.toISOString(), decidedAt: r.decidedAt?.toISOString() ?? null });
const showVersion = (v: ServiceItemRecord, current: boolean) => ({ ...v, current, requestId: v.requestId ?? null, createdAt: v.createdAt?.toISOString() ?? null });
const showEvaluation = (e: ItemEvaluation) => ({ ...e, problems: [...e.problems], at: e.at.toISOString() });
const ItemParams = Strict({ itemCode: ItemCode });
const RequestParams = Strict({ requestId: RequestId });

export const itemRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  const governance = services.itemGovernance;

  app.get('/api/items', {
    config: { access: readers },
    schema: {
      tags: ['items'], summary: 'The catalogue: each item’s current version with its status, and its undecided change request',
      response: {
        200: Type.Object({ items: Type.Array(Type.Object({
          code: Type.String(), name: Type.String(), version: Type.Integer(), status: Type.String(), category: Type.String(), departmentCode: Type.String(), pendingRequest: Nullable(Type.String()),
        })) }),
        ...problems(401, 403),
      },
    },
  }, async () => ({
    items: (await governance.catalogue()).map(({ item: i, pendingRequest }) => ({ code: i.code, name: i.name, version: i.version, status: i.status, category: i.category, departmentCode: i.departmentCode, pendingRequest })),
  }));

  app.get('/api/items/:itemCode', {
    config: { access: readers },
    schema: {
      tags: ['items'], summary: 'One item: every version (older ones unchanged, so running applications keep theirs) and every change request with who proposed and decided it',
      params: ItemParams,
      response: { 200: Type.Object({ code: Type.String(), status: Type.String(), currentVersion: Type.Integer(), versions: Type.Array(ItemVersion), changeRequests: Type.Array(RequestView) }), ...problems(400, 401, 403, 404) },
    },
  }, async (req) => {
    const h = await governance.history(req.params.itemCode);
    return {
      code: h.code, status: h.current.status, currentVersion: h.current.version,
      versions: h.versions.map((v) => showVersion(v, v.version === h.current.version)), changeRequests: h.requests.map(showRequest),
    };
  });

  app.post('/api/items/:itemCode/change-requests', {
    config: { access: proposers },
    schema: {
      tags: ['items'],
      summary: 'Propose to open (draft → published), change (a new version), suspend, resume or terminate an item (seed 004 §12); it takes effect only when another person of the service office approves',
      params: ItemParams,
      body: Strict({
        kind: literals(ChangeKind),
        reason: Words,
        item: Type.Optional(ServiceItemInput),
      }),
      response: { 201: RequestView, ...problems(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const r = await governance.propose({ itemCode: req.params.itemCode, kind: req.body.kind, reason: req.body.reason, item: req.body.item }, principalOf(req), await services.now());
    return reply.code(201).send(showRequest(r));
  });

  app.get('/api/change-requests', {
    config: { access: readers },
    schema: {
      tags: ['items'], summary: 'Change requests, newest first; status=pending is the service office’s inbox',
      querystring: Strict({ status: Type.Optional(literals(RequestStatus)), itemCode: Type.Optional(ItemCode) }),
      response: { 200: Type.Object({ changeRequests: Type.Array(RequestView) }), ...problems(400, 401, 403) },
    },
  }, async (req) => ({ changeRequests: (await governance.requests(req.query)).map(showRequest) }));

  app.get('/api/change-requests/:requestId', {
    config: { access: readers },
    schema: { tags: ['items'], summary: 'One change request', params: RequestParams, response: { 200: RequestView, ...problems(400, 401, 403, 404) } },
  }, async (req) => showRequest(await governance.request(req.params.requestId)));

  app.post('/api/change-requests/:requestId/approve', {
    config: { access: office },
    schema: {
      tags: ['items'], summary: 'Approve a change request: it takes effect now. Not by its proposer (four eyes); a request is decided once',
      params: RequestParams, body: Strict({ comment: Type.Optional(Words) }),
      response: { 200: RequestView, ...problems(400, 401, 403, 404, 409) },
    },
  }, async (req) => showRequest(await governance.approve(req.params.requestId, principalOf(req), req.body.comment ?? null, await services.now())));

  app.post('/api/change-requests/:requestId/reject', {
    config: { access: office },
    schema: {
      tags: ['items'], summary: 'Reject a change request with the reason; nothing changes. Not by its proposer',
      params: RequestParams, body: Strict({ comment: Words }),
      response: { 200: RequestView, ...problems(400, 401, 403, 404, 409) },
    },
  }, async (req) => showRequest(await governance.reject(req.params.requestId, principalOf(req), req.body.comment, await services.now())));

  app.get('/api/items/:itemCode/evaluations', {
    config: { access: readers },
    schema: {
      tags: ['items'], summary: 'The item’s yearly evaluations, newest year first', params: ItemParams,
      response: { 200: Type.Object({ evaluations: Type.Array(EvaluationView) }), ...problems(400, 401, 403, 404) },
    },
  }, async (req) => ({ evaluations: (await governance.evaluations(req.params.itemCode)).map(showEvaluation) }));

  app.post('/api/items/:itemCode/evaluations', {
    config: { access: office },
    schema: {
      tags: ['items'], summary: 'Record the item’s evaluation for a year (seed 000 §16): one per item and year; the volume is counted from the applications',
      params: ItemParams,
      body: Strict({
        year: Type.Integer({ minimum: 2000, maximum: 2100 }),
        demand: Type.String({ minLength: 2, maxLength: 2000, description: '居民需求' }),
        problems: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 50, description: '存在问题' }),
        decision: literals(EvaluationDecision),
      }),
      response: { 201: EvaluationView, ...problems(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const e = await governance.evaluate({ itemCode: req.params.itemCode, ...req.body }, principalOf(req), await services.now());
    return reply.code(201).send(showEvaluation(e));
  });
};
