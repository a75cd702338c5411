import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import { PackageInput } from '../../../domain/package/package-governance.service.js';
import type { DomainServices } from '../../../domain/services.js';
import { DomainError, ErrorKind } from '../../../domain/shared/domain-error.js';
import { principalOf } from '../../plugins/auth.js';
import { Strict, UnitCode, Username, problems } from '../../schemas/common.js';

const PackageCode = Type.String({ pattern: '^[A-Z0-9-]{2,32}$', description: '套餐编码 package code' });
const PackageNumber = Type.String({ pattern: '^TC\\d{10}$', description: '套餐办件编号 package application number' });
const RequestId = Type.String({ pattern: '^CR\\d{10}$', description: '变更申请编号 change request id' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const When = Type.String({ format: 'date-time' });
const Limit = Type.Object({ value: Type.Number(), unit: Type.String() });
const Package = Type.Object({
  code: Type.String(), name: Type.String(), version: Type.Number(), status: Type.String(), description: Type.String(), leadDepartment: Type.String(), leadDepartmentName: Type.String(),
  totalLimit: Limit, items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), departmentCode: Type.String(), departmentName: Type.String(), totalLimit: Limit })),
}, { description: '主题式/套餐式服务 package (seed 004 §19)' });
const Form = Type.Intersect([Package, Type.Object({
  materials: Type.Array(Type.Object({ name: Type.String(), form: Type.String(), count: Type.Number(), required: Type.Boolean(), items: Type.Array(Type.String()) }), { description: 'one form: the items\' materials merged' }),
})]);
const Person = Type.Object({ username: Type.String(), role: Type.String() });
const ChangeRequest = Type.Object({
  requestId: Type.String(), packageCode: Type.String(), kind: Type.String(), status: Type.String(), reason: Type.String(), changes: Type.Array(Type.String()),
  fromStatus: Nullable(Type.String()), toStatus: Type.String(), package: Nullable(Type.Any()), proposedBy: Person, proposedAt: When,
  decidedBy: Nullable(Person), decidedAt: Nullable(When), comment: Nullable(Type.String()),
});
const Case = Type.Object({
  packageNumber: Type.String(), packageCode: Type.String(), packageName: Type.String(), leadDepartment: Type.String(), channel: Type.String(),
  applicant: Type.Object({ name: Type.String(), idNumber: Type.String({ description: 'masked' }) }), communityCode: Type.String(), status: Type.String(),
  filedAt: When, acceptedAt: Nullable(When), acceptedBy: Nullable(Type.String()), outcome: Nullable(Type.String()),
  answer: Nullable(Type.Object({ zh: Type.String(), en: Type.String() })), answeredAt: Nullable(When),
  materials: Type.Array(Type.Object({ name: Type.String(), required: Type.Boolean(), provided: Type.Boolean(), items: Type.Array(Type.String()) })),
  branches: Type.Array(Type.Object({
    n: Type.Number(), itemCode: Type.String(), itemName: Type.String(), departmentCode: Type.String(), departmentName: Type.String(), unit: Type.String(),
    deemedApproval: Type.Boolean(), decision: Nullable(Type.String()), reasons: Type.Array(Type.String()), state: Type.String({ description: 'waiting, open or done' }),
    userTaskKey: Nullable(Type.String()), assignee: Nullable(Type.String()), dueAt: Nullable(When),
  })),
}, { description: '套餐办件 package application: one acceptance, parallel branches, one joint answer' });

const everyone = { roles: Object.values(Role) };
const proposers = { roles: [Role.BusinessOwner, Role.ServiceOffice] };
const office = { roles: [Role.ServiceOffice] };
const staffReaders = [Role.WindowStaff, Role.DepartmentStaff, Role.DepartmentLeader, Role.Supervisor, Role.ServiceOffice, Role.Auditor];
const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as never;

export const packageRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  const actor = (req: Parameters<typeof principalOf>[0]) => { const me = principalOf(req); return { username: me.username, role: me.role, unitCode: me.unitCode }; };

  app.get('/api/packages', {
    config: { access: everyone },
    schema: { tags: ['packages'], summary: '主题式/套餐式服务: the packages, each with its items, departments, lead department and limit', response: { 200: Type.Object({ packages: Type.Array(Package) }) } },
  }, async () => ({ packages: json(await Promise.all((await services.packages.list()).map((p) => services.packages.describe(p)))) }));

  app.get('/api/packages/:code', {
    config: { access: everyone },
    schema: { tags: ['packages'], summary: 'A package\'s one form: its items and their materials merged, each asked once', params: Strict({ code: PackageCode }), response: { 200: Form, ...problems(404) } },
  }, async (req) => json(await services.packageApplications.form(req.params.code)));

  app.post('/api/packages/:code/requests', {
    config: { access: proposers },
    schema: {
      tags: ['packages'], summary: 'Proposes opening, changing, suspending or resuming a package; another person of the service office approves (four eyes, seed 004 §12)',
      params: Strict({ code: PackageCode }),
      body: Strict({ kind: Type.Union(['open', 'change', 'suspend', 'resume'].map((k) => Type.Literal(k))), reason: Type.String({ minLength: 2, maxLength: 500 }), package: Type.Optional(PackageInput) }),
      response: { 201: ChangeRequest, ...problems(400, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const r = await services.packages.propose({ packageCode: req.params.code, kind: req.body.kind as 'open', reason: req.body.reason, package: req.body.package }, actor(req), await services.now());
    return reply.code(201).send(json(r));
  });

  app.get('/api/package-requests', {
    config: { access: { roles: [Role.BusinessOwner, Role.ServiceOffice, Role.Auditor] } },
    schema: { tags: ['packages'], summary: 'Package change requests, newest first', querystring: Strict({ status: Type.Optional(Type.Union(['pending', 'approved', 'rejected'].map((s) => Type.Literal(s)))), packageCode: Type.Optional(PackageCode) }), response: { 200: Type.Object({ requests: Type.Array(ChangeRequest) }) } },
  }, async (req) => ({ requests: json(await services.packages.requests(req.query)) }));

  app.post('/api/package-requests/:requestId/approve', {
    config: { access: office },
    schema: { tags: ['packages'], summary: 'Approves a package change request (not the proposer\'s own); it takes effect now', params: Strict({ requestId: RequestId }), body: Strict({ comment: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) }), response: { 200: ChangeRequest, ...problems(400, 403, 404, 409, 422) } },
  }, async (req) => json(await services.packages.approve(req.params.requestId, actor(req), req.body.comment ?? null, await services.now())));

  app.post('/api/package-requests/:requestId/reject', {
    config: { access: office },
    schema: { tags: ['packages'], summary: 'Rejects a package change request with a comment; nothing changes', params: Strict({ requestId: RequestId }), body: Strict({ comment: Type.String({ minLength: 2, maxLength: 500 }) }), response: { 200: ChangeRequest, ...problems(400, 403, 404, 409) } },
  }, async (req) => json(await services.packages.reject(req.params.requestId, actor(req), req.body.comment, await services.now())));

  app.post('/api/package-applications', {
    config: { access: { roles: [Role.WindowStaff] } },
    schema: {
      tags: ['packages'], summary: '一窗受理: the window files and accepts one package application with the merged form; the departments approve in parallel',
      body: Strict({
        packageCode: PackageCode, communityCode: UnitCode,
        applicant: Strict({ name: Type.String({ minLength: 1, maxLength: 50 }), idNumber: Type.String({ pattern: '^\\d{17}[\\dX]$', description: '居民身份证号码' }) }),
        applicantUsername: Type.Optional(Username),
        materials: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100, uniqueItems: true, description: 'the names of the merged form\'s materials brought' }),
      }),
      response: { 201: Case, ...problems(400, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const c = await services.packageApplications.fileAndAccept(req.body, actor(req), await services.now());
    return reply.code(201).send(json(c));
  });

  app.get('/api/package-applications/mine', {
    config: { access: { roles: [Role.Applicant, Role.ProxyAgent] } },
    schema: { tags: ['packages'], summary: 'My package applications with each department\'s progress and the joint answer', response: { 200: Type.Object({ cases: Type.Array(Case) }) } },
  }, async (req) => ({ cases: json(await services.packageApplications.ofApplicant(principalOf(req).username)) }));

  app.get('/api/package-applications/unit', {
    config: { access: { roles: [Role.WindowStaff, Role.DepartmentStaff, Role.DepartmentLeader] } },
    schema: { tags: ['packages'], summary: 'The package applications my unit leads (all branches), approves a branch of, or accepted', response: { 200: Type.Object({ cases: Type.Array(Case) }) } },
  }, async (req) => ({ cases: json(await services.packageApplications.ofUnit(principalOf(req).unitCode ?? '')) }));

  app.get('/api/package-applications/:packageNumber', {
    config: { access: everyone },
    schema: { tags: ['packages'], summary: 'One package application: its branches, who holds each, and the joint answer', params: Strict({ packageNumber: PackageNumber }), response: { 200: Case, ...problems(403, 404) } },
  }, async (req) => {
    const me = principalOf(req);
    const c = await services.packageApplications.get(req.params.packageNumber);
    const units = [c.leadDepartment, c.communityCode, ...c.branches.map((b) => b.unit)];
    const allowed = me.role === Role.Applicant || me.role === Role.ProxyAgent ? c.applicantUsername === me.username
      : [Role.Supervisor, Role.ServiceOffice, Role.Auditor].includes(me.role as never) || (staffReaders.includes(me.role as never) && units.includes(me.unitCode ?? ''));
    // someone else's case is answered as if it did not exist, so numbers cannot be tried out
    if (!allowed) throw new DomainError('PACKAGE_CASE_NOT_FOUND', ErrorKind.NotFound, { zh: `套餐办件 ${c.packageNumber} 不存在`, en: `no package application ${c.packageNumber}` });
    return json(await services.packageApplications.view(c));
  });
};
