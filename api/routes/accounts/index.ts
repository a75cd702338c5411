import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import type { DomainServices } from '../../../domain/services.js';
import { DomainError, ErrorKind } from '../../../domain/shared/domain-error.js';
import { Post } from '../../../domain/shared/constants.js';
import { principalOf } from '../../plugins/auth.js';
import { ApplicationNumber, NewPassword, RoleName, Strict, UnitCode, Username, problems } from '../../schemas/common.js';

const PostName = Type.Union(Object.values(Post).map((p) => Type.Literal(p)));
const AccountView = Type.Object({
  username: Type.String(), realName: Type.String(), role: RoleName, unitCode: Type.Union([Type.String(), Type.Null()]),
  posts: Type.Array(Type.String()), activated: Type.Boolean(), mustChangePassword: Type.Boolean(),
});
const NewAccount = {
  username: Username,
  realName: Type.String({ minLength: 2, maxLength: 50, description: '实名' }),
  idNumber: Type.String({ pattern: '^[0-9A-Z]{15,18}$' }),
  phone: Type.String({ pattern: '^1\\d{10}$' }),
};
const params = Strict({ username: Username });

export const accountRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  const password = NewPassword(services.accounts.passwordRule);

  app.post('/api/accounts/register', {
    config: { access: 'public', rateLimit: { max: 5, timeWindow: '1 minute' } },
    schema: {
      tags: ['accounts'], summary: 'Real-name registration of an applicant (individual, enterprise or organisation)', security: [],
      body: Strict({ ...NewAccount, password, applicantType: Type.Union([Type.Literal('individual'), Type.Literal('enterprise'), Type.Literal('organisation')]) }),
      response: { 201: AccountView, ...problems(400, 409, 422, 429) },
    },
  }, async (req, reply) => {
    const created = await services.accounts.register({ ...req.body, role: Role.Applicant }, null, new Date(), { mustChangePassword: false });
    return reply.code(201).send(created);
  });

  app.post('/api/accounts', {
    config: { access: { roles: [Role.SystemAdmin] } },
    schema: {
      tags: ['accounts'], summary: 'Register staff or another user type; the initial password must be changed at first login, operators start unactivated',
      body: Strict({ ...NewAccount, password, role: RoleName, unitCode: UnitCode }),
      response: { 201: AccountView, ...problems(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => {
    const created = await services.accounts.register(req.body, principalOf(req).username, new Date());
    return reply.code(201).send(created);
  });

  app.get('/api/accounts', {
    config: { access: { roles: [Role.SystemAdmin, Role.DepartmentLeader] } },
    schema: {
      tags: ['accounts'], summary: 'Accounts (a leader sees their own unit); ID numbers masked',
      querystring: Strict({ unitCode: Type.Optional(UnitCode), role: Type.Optional(RoleName) }),
      response: { 200: Type.Object({ accounts: Type.Array(Type.Intersect([AccountView, Type.Object({ idNumber: Type.String(), activation: Type.String() })])) }), ...problems(401, 403) },
    },
  }, async (req) => {
    const me = principalOf(req);
    const unitCode = me.role === Role.DepartmentLeader ? me.unitCode ?? '__none__' : req.query.unitCode;
    return { accounts: await services.accounts.list({ unitCode, role: req.query.role }) };
  });

  app.post('/api/accounts/:username/practice', {
    config: { access: { roles: [Role.WindowStaff, Role.DepartmentStaff] } },
    schema: {
      tags: ['accounts'], summary: 'Activation 1/3: I completed a practice case (a closed practice application I worked on)',
      params, body: Strict({ applicationNumber: ApplicationNumber }), response: { 204: Type.Null(), ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const me = principalOf(req);
    if (me.username !== req.params.username) {
      throw new DomainError('NOT_YOURSELF', ErrorKind.Forbidden, {
        zh: `模拟办件只能由操作员本人登记：${me.username} 不能替 ${req.params.username} 登记`, en: `operators record their own practice case: ${me.username} cannot for ${req.params.username}`,
      });
    }
    const a = await services.applications.get(req.body.applicationNumber);
    if (!a.practice || a.status !== 'closed') {
      throw new DomainError('PRACTICE_NOT_DONE', ErrorKind.Validation, { zh: `${a.applicationNumber} 不是已办结的模拟办件`, en: `${a.applicationNumber} is not a closed practice case` });
    }
    const worked = (await services.records.of(me.username)).some((r) => r.kind === 'completion' && r.applicationNumber === a.applicationNumber);
    if (!worked) {
      throw new DomainError('PRACTICE_NOT_DONE', ErrorKind.Validation, { zh: `${me.username} 没有办理过 ${a.applicationNumber} 的任何环节`, en: `${me.username} completed no step of ${a.applicationNumber}` });
    }
    await services.accounts.recordPractice(me.username, a.applicationNumber);
    return reply.code(204).send(null);
  });

  app.post('/api/accounts/:username/approve', {
    config: { access: { roles: [Role.DepartmentLeader] } },
    schema: { tags: ['accounts'], summary: 'Activation 2/3: a leader of the operator’s unit approves', params, response: { 204: Type.Null(), ...problems(401, 403, 404, 409) } },
  }, async (req, reply) => {
    await services.accounts.approve(req.params.username, principalOf(req), new Date());
    return reply.code(204).send(null);
  });

  app.post('/api/accounts/:username/posts', {
    config: { access: { roles: [Role.SystemAdmin] } },
    schema: {
      tags: ['accounts'], summary: 'Activation 3/3: assign posts; the operator is then active',
      params, body: Strict({ posts: Type.Array(PostName, { minItems: 1, maxItems: 6, uniqueItems: true }) }), response: { 200: AccountView, ...problems(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => services.accounts.assignPosts(req.params.username, req.body.posts, principalOf(req).username, new Date()));

  app.delete('/api/accounts/:username/posts/:post', {
    config: { access: { roles: [Role.SystemAdmin] } },
    schema: { tags: ['accounts'], summary: 'Withdraw a post', params: Strict({ username: Username, post: PostName }), response: { 200: AccountView, ...problems(401, 403, 404, 409) } },
  }, async (req) => services.accounts.withdrawPost(req.params.username, req.params.post, principalOf(req).username, new Date()));

  app.put('/api/units/:unitCode/backups', {
    config: { access: { roles: [Role.DepartmentLeader, Role.SystemAdmin] } },
    schema: {
      tags: ['accounts'], summary: 'Name the backup of an operator’s post in a unit (AB 岗)',
      params: Strict({ unitCode: UnitCode }), body: Strict({ post: PostName, primary: Username, backup: Username }), response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    const me = principalOf(req);
    if (me.role === Role.DepartmentLeader && me.unitCode !== req.params.unitCode) {
      throw new DomainError('NOT_YOUR_UNIT', ErrorKind.Forbidden, {
        zh: `部门领导只能为本单位 ${me.unitCode ?? '（无）'} 设置 B 岗，不能为 ${req.params.unitCode} 设置`,
        en: `leaders name backups in their own unit ${me.unitCode ?? '(none)'}, not in ${req.params.unitCode}`,
      });
    }
    await services.accounts.setBackup(req.params.unitCode, req.body.post, req.body.primary, req.body.backup, me.username, new Date());
    return reply.code(204).send(null);
  });
};
