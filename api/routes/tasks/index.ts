import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import type { Principal } from '../../../domain/account/account.service.js';
import type { DomainServices } from '../../../domain/services.js';
import { DomainError, ErrorKind } from '../../../domain/shared/domain-error.js';
import type { Task } from '../../../domain/task/task.model.js';
import { principalOf } from '../../plugins/auth.js';
import { CaseKindName, CaseNumber, ItemCode, Strict, TaskKey, UnitCode, Username, problems } from '../../schemas/common.js';
import { CompleteBody } from '../../../domain/task/step-contract.js';

const operators = { roles: [Role.WindowStaff, Role.DepartmentStaff] };
const Stamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const TaskView = Type.Object({
  userTaskKey: Type.String(),
  caseNumber: Type.Union([Type.String(), Type.Null()], { description: 'the case the task works on: an application (SQ…) or a certificate requisition (RQ…), as caseKind says; null while it is not known yet' }),
  caseKind: Type.Union([CaseKindName, Type.Null()]),
  itemCode: Type.Union([Type.String(), Type.Null()]),
  communityCode: Type.Union([Type.String(), Type.Null()]), step: Type.String(), post: Type.String(), unitCode: Type.String(),
  state: Type.String(), assignee: Type.Union([Type.String(), Type.Null()]), practice: Type.Boolean(),
  warningAt: Stamp, dueAt: Stamp, redAt: Stamp, createdAt: Type.String({ format: 'date-time' }),
  escalation: Type.Union([Type.Literal('none'), Type.Literal('warning'), Type.Literal('yellow'), Type.Literal('red')], { description: 'the highest mark passed now' }),
});
const Params = Strict({ userTaskKey: TaskKey });

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
function view(t: Task, now: Date) {
  const passed = (d: Date | null | undefined) => Boolean(d && d <= now);
  const escalation = passed(t.redAt) ? 'red' : passed(t.dueAt) ? 'yellow' : passed(t.warningAt) ? 'warning' : 'none';
  return {
    userTaskKey: t.userTaskKey, caseNumber: t.caseNumber ?? null, caseKind: t.caseKind ?? null, itemCode: t.itemCode ?? null, communityCode: t.communityCode ?? null,
    step: t.step, post: t.post, unitCode: t.unitCode, state: t.state, assignee: t.assignee ?? null, practice: t.practice ?? false,
    warningAt: iso(t.warningAt), dueAt: iso(t.dueAt), redAt: iso(t.redAt), createdAt: t.createdAt.toISOString(), escalation: escalation as 'none',
  };
}
const actor = (p: Principal) => ({ username: p.username, unitCode: p.unitCode ?? '', posts: p.posts, activated: p.activated, role: p.role });

export const taskRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  app.get('/api/tasks', {
    config: { access: operators },
    schema: {
      tags: ['tasks'], summary: 'My tasks and my posts’ queue, in my unit, sorted by due time',
      querystring: Strict({
        scope: Type.Optional(Type.Union([Type.Literal('mine'), Type.Literal('queue'), Type.Literal('all')], { default: 'all', description: 'mine: claimed by me; queue: unclaimed for my posts; all: both' })),
        itemCode: Type.Optional(ItemCode), step: Type.Optional(Type.String({ pattern: '^[a-z]{2,16}$' })), communityCode: Type.Optional(UnitCode),
        caseNumber: Type.Optional(CaseNumber),
        due: Type.Optional(Type.Union([Type.Literal('overdue'), Type.Literal('today')])),
        card: Type.Optional(Type.Union([Type.Literal('warning'), Type.Literal('yellow'), Type.Literal('red')], { description: 'only tasks past that mark' })),
        practice: Type.Optional(Type.Boolean()),
      }),
      response: { 200: Type.Object({ tasks: Type.Array(TaskView) }), ...problems(400, 401, 403) },
    },
  }, async (req) => {
    const me = principalOf(req);
    const now = await services.now();
    const q = req.query;
    const scope = q.scope ?? 'all';
    // an operator in activation sees the practice cases of their unit, on any post (seed 000 §19)
    const scopeOfMe = me.activated ? { posts: me.posts, practice: q.practice } : { practice: true };
    const base = {
      unitCode: me.unitCode ?? '', ...scopeOfMe, itemCode: q.itemCode, step: q.step, communityCode: q.communityCode, caseNumber: q.caseNumber,
      passed: q.due === 'overdue' ? 'yellow' as const : q.card, now,
      dueBefore: q.due === 'today' ? new Date(now.getTime() + 24 * 3_600_000) : undefined,
    };
    const mine = scope === 'queue' ? [] : await services.tasks.list({ ...base, state: ['assigned'], assignee: me.username });
    const queue = scope === 'mine' ? [] : await services.tasks.list({ ...base, state: ['created'] });
    const tasks = [...mine, ...queue].sort((a, b) => (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity));
    return { tasks: tasks.map((t) => view(t, now)) };
  });

  app.post('/api/tasks/:userTaskKey/claim', {
    config: { access: operators },
    schema: { tags: ['tasks'], summary: 'Claim an open task of my post in my unit', params: Params, response: { 200: TaskView, ...problems(401, 403, 404, 409) } },
  }, async (req) => view(await services.tasks.claim(req.params.userTaskKey, actor(principalOf(req))), await services.now()));

  app.post('/api/tasks/:userTaskKey/unclaim', {
    config: { access: operators },
    schema: { tags: ['tasks'], summary: 'Put a task I claimed back in the queue', params: Params, response: { 204: Type.Null(), ...problems(401, 403, 404, 409) } },
  }, async (req, reply) => {
    await services.tasks.unclaim(req.params.userTaskKey, actor(principalOf(req)));
    return reply.code(204).send(null);
  });

  app.post('/api/tasks/:userTaskKey/complete', {
    config: { access: operators },
    schema: {
      tags: ['tasks'], summary: 'Complete a task I claimed, with the body its step asks for', params: Params, body: CompleteBody,
      response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    await services.steps.complete(req.params.userTaskKey, actor(principalOf(req)), req.body, await services.now());
    return reply.code(204).send(null);
  });

  app.post('/api/tasks/:userTaskKey/handover', {
    config: { access: { roles: [Role.DepartmentLeader] } },
    schema: {
      tags: ['tasks'], summary: 'Hand a task to the backup of its post (AB 岗) or to another holder of the post, with a reason',
      params: Params, body: Strict({ to: Type.Optional(Username), reason: Type.String({ minLength: 2, maxLength: 500 }) }),
      response: { 200: TaskView, ...problems(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => {
    const leader = principalOf(req);
    const task = await services.tasks.get(req.params.userTaskKey);
    const to = req.body.to ?? (task.assignee ? await services.accounts.backupOf(task.unitCode, task.post, task.assignee) : null);
    if (!to) throw new DomainError('BACKUP_MISSING', ErrorKind.Validation, `name who takes the task: ${task.assignee ?? 'nobody'} has no backup for ${task.post}`);
    const target = await services.accounts.principal(to);
    return view(await services.tasks.handOver(task.userTaskKey, actor(target), req.body.reason, leader, await services.now()), await services.now());
  });
};
