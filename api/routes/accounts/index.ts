import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { markPassed, type CardMark } from '../../../domain/escalation/card-mark.js';
import { Role } from '../../../domain/account/account.model.js';
import type { DomainServices } from '../../../domain/services.js';
import { DomainError, ErrorKind } from '../../../domain/shared/domain-error.js';
import { CaseKind, Post } from '../../../domain/shared/constants.js';
import { principalOf } from '../../plugins/auth.js';
import { ApplicationNumber, CaseKindName, NewPassword, RoleName, Strict, UnitCode, Username, problems } from '../../schemas/common.js';

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
const Stamp = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const UnitView = Type.Object({ code: Type.String(), name: Type.String(), level: Type.String(), kind: Type.String(), parentCode: Nullable(Type.String()) });
const Escalation = Type.Union([Type.Literal('none'), Type.Literal('warning'), Type.Literal('yellow'), Type.Literal('red')], { description: 'the highest mark passed now' });
const UnitTask = Type.Object({
  userTaskKey: Type.String(),
  caseNumber: Nullable(Type.String({ description: 'the case the task works on: an application (SQ…) or a certificate requisition (RQ…), as caseKind says' })),
  caseKind: Nullable(CaseKindName), itemCode: Nullable(Type.String()), step: Type.String(), post: Type.String(),
  state: Type.String(), assignee: Nullable(Type.String()), practice: Type.Boolean(), createdAt: Stamp, dueAt: Nullable(Stamp), escalation: Escalation,
});
const Workload = Type.Object({
  post: Type.String(), assignee: Nullable(Type.String({ description: 'null: waiting in the post’s queue' })),
  open: Type.Integer(), warning: Type.Integer(), yellow: Type.Integer(), red: Type.Integer(),
}, { description: 'open tasks of a post and holder, and how many of them passed each mark now (预警、黄牌、红牌)' });
/** Open tasks counted by post and holder; a task counts under each mark it has passed (a red one is also yellow and warned). */
function workloadOf(tasks: { post: string; assignee: string | null; escalation: CardMark }[]) {
  const rank = { none: 0, warning: 1, yellow: 2, red: 3 } as const;
  const rows = new Map<string, { post: string; assignee: string | null; open: number; warning: number; yellow: number; red: number }>();
  for (const t of tasks) {
    const key = `${t.post}|${t.assignee ?? ''}`;
    const row = rows.get(key) ?? { post: t.post, assignee: t.assignee, open: 0, warning: 0, yellow: 0, red: 0 };
    row.open += 1;
    if (rank[t.escalation] >= 1) row.warning += 1;
    if (rank[t.escalation] >= 2) row.yellow += 1;
    if (rank[t.escalation] >= 3) row.red += 1;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.post.localeCompare(b.post) || (a.assignee ?? '').localeCompare(b.assignee ?? ''));
}

/** A leader acts in their own unit only; an administrator in any. */
function ownUnit(me: { role: string; unitCode: string | null }, unitCode: string) {
  if (me.role === Role.DepartmentLeader && me.unitCode !== unitCode) {
    throw new DomainError('NOT_YOUR_UNIT', ErrorKind.Forbidden, { zh: `部门负责人只能管理本单位（${me.unitCode ?? '无'}），不能管理 ${unitCode}`, en: `leaders act in their own unit (${me.unitCode ?? 'none'}), not in ${unitCode}` });
  }
}

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
      response: {
        200: Type.Object({ accounts: Type.Array(Type.Intersect([AccountView, Type.Object({
          idNumber: Type.String(), activation: Type.String(), practiceApplication: Nullable(Type.String({ description: 'the practice case of the activation' })),
          loginHeldUntil: Nullable(Type.String({ format: 'date-time', description: 'logins for this username are held off from some address until then (too many failures)' })),
        })])) }),
        ...problems(400, 401, 403),
      },
    },
  }, async (req) => {
    const me = principalOf(req);
    const unitCode = me.role === Role.DepartmentLeader ? me.unitCode ?? '__none__' : req.query.unitCode;
    const accounts = await services.accounts.list({ unitCode, role: req.query.role });
    return { accounts: accounts.map((a) => ({ ...a, loginHeldUntil: a.loginHeldUntil?.toISOString() ?? null })) };
  });

  app.post('/api/accounts/:username/password-reset', {
    config: { access: { roles: [Role.SystemAdmin] } },
    schema: {
      tags: ['accounts'],
      summary: 'Reset a forgotten password: the answer carries a one-time password, shown this once; the owner must change it at the next login. Every session of the account ends',
      params,
      response: {
        200: Type.Object({ username: Type.String(), oneTimePassword: Type.String(), mustChangePassword: Type.Literal(true) }),
        ...problems(400, 401, 403, 404),
      },
    },
  }, async (req, reply) => {
    const me = principalOf(req);
    const now = new Date();
    // every session of the account ends with the reset, before it is answered
    const { oneTimePassword } = await services.accounts.resetPassword(req.params.username, me, now);
    // a secret: no cache on the way may keep it
    return reply.header('cache-control', 'no-store').send({ username: req.params.username, oneTimePassword, mustChangePassword: true as const });
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
    // back from off-post retraining (seed 001 §31), only a practice case worked since the suspension counts
    const since = (await services.accounts.get(me.username)).retraining?.since ?? null;
    const worked = (await services.records.of(me.username)).some((r) => r.kind === 'completion' && r.caseKind === CaseKind.Application && r.caseNumber === a.applicationNumber && (!since || r.at > since));
    if (!worked) {
      throw new DomainError('PRACTICE_NOT_DONE', ErrorKind.Validation, {
        zh: since ? `${me.username} 离岗培训（${since.toISOString()}）以来没有办理过 ${a.applicationNumber} 的任何环节` : `${me.username} 没有办理过 ${a.applicationNumber} 的任何环节`,
        en: since ? `${me.username} completed no step of ${a.applicationNumber} since the retraining began (${since.toISOString()})` : `${me.username} completed no step of ${a.applicationNumber}`,
      });
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

  app.get('/api/units', {
    config: { access: { roles: [Role.SystemAdmin, Role.DepartmentLeader, Role.Supervisor] } },
    schema: { tags: ['accounts'], summary: 'The units: city, district, township and community governments, and the business departments', response: { 200: Type.Object({ units: Type.Array(UnitView) }), ...problems(401, 403) } },
  }, async () => ({
    units: (await services.units.list()).map((u) => ({ code: u.code, name: u.name, level: u.level, kind: u.kind, parentCode: u.parentCode ?? null })),
  }));

  app.get('/api/units/:unitCode/tasks', {
    // a leader watches their own unit, a supervisor any unit (efficiency supervision, seed 001 §20)
    config: { access: { roles: [Role.DepartmentLeader, Role.Supervisor] } },
    schema: {
      tags: ['accounts'], summary: 'A unit’s open tasks (queued and claimed) with the mark each has passed, and the workload by post and holder: a leader’s own unit, any unit for a supervisor',
      params: Strict({ unitCode: UnitCode }),
      response: { 200: Type.Object({ tasks: Type.Array(UnitTask), workload: Type.Array(Workload) }), ...problems(400, 401, 403) },
    },
  }, async (req) => {
    ownUnit(principalOf(req), req.params.unitCode);
    const now = await services.now();
    const open = await services.tasks.list({ unitCode: req.params.unitCode, state: ['created', 'assigned'] });
    const tasks = open.map((t) => ({
      userTaskKey: t.userTaskKey, caseNumber: t.caseNumber ?? null, caseKind: t.caseKind ?? null, itemCode: t.itemCode ?? null, step: t.step, post: t.post, state: t.state,
      assignee: t.assignee ?? null, practice: t.practice ?? false, createdAt: t.createdAt.toISOString(), dueAt: t.dueAt?.toISOString() ?? null, escalation: markPassed(t, now),
    }));
    return { tasks, workload: workloadOf(tasks) };
  });

  app.get('/api/units/:unitCode/backups', {
    config: { access: { roles: [Role.DepartmentLeader, Role.SystemAdmin] } },
    schema: {
      tags: ['accounts'], summary: 'The backups named in a unit (AB 岗), by post and primary holder',
      params: Strict({ unitCode: UnitCode }),
      response: { 200: Type.Object({ backups: Type.Array(Type.Object({ post: Type.String(), primary: Type.String(), backup: Type.String() })) }), ...problems(400, 401, 403) },
    },
  }, async (req) => {
    ownUnit(principalOf(req), req.params.unitCode);
    return { backups: await services.accounts.backups(req.params.unitCode) };
  });

  app.put('/api/units/:unitCode/backups', {
    config: { access: { roles: [Role.DepartmentLeader, Role.SystemAdmin] } },
    schema: {
      tags: ['accounts'], summary: 'Name the backup of an operator’s post in a unit (AB 岗)',
      params: Strict({ unitCode: UnitCode }), body: Strict({ post: PostName, primary: Username, backup: Username }), response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    const me = principalOf(req);
    ownUnit(me, req.params.unitCode);
    await services.accounts.setBackup(req.params.unitCode, req.body.post, req.body.primary, req.body.backup, me.username, new Date());
    return reply.code(204).send(null);
  });
};
