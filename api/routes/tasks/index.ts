import { resolve } from 'node:path';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { markPassed } from '../../../domain/escalation/card-mark.js';
import { Role } from '../../../domain/account/account.model.js';
import type { Principal } from '../../../domain/account/account.service.js';
import type { DomainServices } from '../../../domain/services.js';
import { DomainError, ErrorKind } from '../../../domain/shared/domain-error.js';
import type { Task } from '../../../domain/task/task.model.js';
import { workingTimeLeft } from '../../../domain/deadline/time-left.js';
import type { WorkingCalendar } from '../../../domain/deadline/working-calendar.js';
import { stepRecordOf } from '../../../domain/task/step-record.js';
import { createTaskFormService } from '../../../domain/task/task-form.service.js';
import { mayWork } from '../../../domain/task/task.service.js';
import { principalOf } from '../../plugins/auth.js';
import { ApplicationNumber, CaseKindName, CaseNumber, ItemCode, Strict, TaskKey, UnitCode, Username, problems } from '../../schemas/common.js';
import { CompleteBody, toVariables } from '../../../domain/task/step-contract.js';
import { loadFormDirectory } from './form-directory.js';

const operators = { roles: [Role.WindowStaff, Role.DepartmentStaff] };
const Stamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const TimeLeft = Type.Object({
  workingMinutes: Type.Integer({ description: 'working minutes until the due time; negative once overdue' }), overdue: Type.Boolean(),
  days: Type.Integer(), hours: Type.Integer(), minutes: Type.Integer(), minutesPerDay: Type.Integer({ description: 'office minutes of one working day' }),
}, { description: 'time left in working time (office hours on working days) at the engine clock' });
const TaskView = Type.Object({
  userTaskKey: Type.String(),
  caseNumber: Type.Union([Type.String(), Type.Null()], { description: 'the case the task works on: an application (SQ…) or a certificate requisition (RQ…), as caseKind says; null while it is not known yet' }),
  caseKind: Type.Union([CaseKindName, Type.Null()]),
  itemCode: Type.Union([Type.String(), Type.Null()]),
  itemName: Type.Union([Type.String(), Type.Null()]),
  communityCode: Type.Union([Type.String(), Type.Null()]), step: Type.String(), post: Type.String(), unitCode: Type.String(),
  state: Type.String(), assignee: Type.Union([Type.String(), Type.Null()]), practice: Type.Boolean(),
  warningAt: Stamp, dueAt: Stamp, redAt: Stamp, createdAt: Type.String({ format: 'date-time' }),
  escalation: Type.Union([Type.Literal('none'), Type.Literal('warning'), Type.Literal('yellow'), Type.Literal('red')], { description: 'the highest mark passed now' }),
  timeLeft: Type.Union([TimeLeft, Type.Null()]),
});
const Params = Strict({ userTaskKey: TaskKey });

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
function view(t: Task, now: Date, calendar: WorkingCalendar, itemName: string | null = null) {
  return {
    userTaskKey: t.userTaskKey, caseNumber: t.caseNumber ?? null, caseKind: t.caseKind ?? null, itemCode: t.itemCode ?? null, itemName, communityCode: t.communityCode ?? null,
    step: t.step, post: t.post, unitCode: t.unitCode, state: t.state, assignee: t.assignee ?? null, practice: t.practice ?? false,
    warningAt: iso(t.warningAt), dueAt: iso(t.dueAt), redAt: iso(t.redAt), createdAt: t.createdAt.toISOString(), escalation: markPassed(t, now),
    timeLeft: t.dueAt ? workingTimeLeft(calendar, now, t.dueAt) : null,
  };
}
/** True when the operator may work the task (its unit and post), without saying why not. */
function mayWorkOn(a: ReturnType<typeof actor>, task: Task): boolean {
  try {
    mayWork(a, task);
    return true;
  } catch {
    return false;
  }
}
const actor = (p: Principal) => ({ username: p.username, unitCode: p.unitCode ?? '', posts: p.posts, activated: p.activated, role: p.role, retraining: p.retraining });

const StepRecord = Type.Object({
  userTaskKey: Type.String(), step: Type.String(), by: Type.Union([Type.String(), Type.Null()]), at: Stamp,
  decision: Type.Union([Type.String(), Type.Null()]), opinion: Type.Union([Type.String(), Type.Null()]), reasons: Type.Array(Type.String()),
  details: Type.Record(Type.String(), Type.String()),
});
const FileParams = Strict({ userTaskKey: TaskKey, sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'the file’s SHA-256, as the case lists it' }) });
const FILE_TYPES = ['application/pdf', 'image/png', 'image/jpeg'];

export const taskRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices; formsDir?: string }> = async (app, { services, formsDir }) => {
  const calendar = services.calendar;
  const forms = createTaskFormService({
    tasks: services.tasks, applications: services.applications, items: services.items, requisitions: services.requisitions,
    modelOf: (processId, version) => services.processModels.byEngineVersion(processId, version),
    // the forms travel with the process models they belong to
    forms: loadFormDirectory(formsDir ?? resolve('processes', 'forms')),
  });
  /** item names for the list, read once per request */
  async function itemNames(codes: (string | null | undefined)[]) {
    const names = new Map<string, string>();
    for (const code of new Set(codes.filter((c): c is string => Boolean(c)))) {
      const item = await services.items.latest(code);
      if (item) names.set(code, item.name);
    }
    return names;
  }

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
    const names = await itemNames(tasks.map((t) => t.itemCode));
    return { tasks: tasks.map((t) => view(t, now, calendar, names.get(t.itemCode ?? '') ?? null)) };
  });

  app.get('/api/tasks/history', {
    config: { access: operators },
    schema: {
      tags: ['tasks'], summary: 'The steps of an application done so far: who completed each, when, with what decision, opinion and reasons',
      querystring: Strict({ applicationNumber: ApplicationNumber }),
      response: { 200: Type.Object({ steps: Type.Array(StepRecord) }), ...problems(400, 401, 403, 404) },
    },
  }, async (req) => {
    const me = principalOf(req);
    await services.applications.readableBy(me, req.query.applicationNumber);
    const done = await services.tasks.list({ caseNumber: req.query.applicationNumber, state: ['completing', 'completed'] });
    const steps = done.map(stepRecordOf).sort((a, b) => (a.at?.getTime() ?? Infinity) - (b.at?.getTime() ?? Infinity));
    return { steps: steps.map((r) => ({ ...r, at: iso(r.at) })) };
  });

  app.get('/api/tasks/:userTaskKey/form', {
    config: { access: operators },
    schema: {
      tags: ['tasks'],
      summary: 'The Camunda Form the task’s user task links to (zeebe:formDefinition formId), with the task’s prefill: the item’s materials for accept, the generated certificate number for decide; the step contract still decides what completes the task',
      params: Params,
      response: {
        200: Type.Object({
          userTaskKey: Type.String(), step: Type.String(), formId: Type.String(),
          schema: Type.Object({ id: Type.String(), components: Type.Array(Type.Unknown()) }, { additionalProperties: true, description: 'Camunda Forms JSON (form-js)' }),
          data: Type.Record(Type.String(), Type.Unknown(), { description: 'the form’s initial data' }),
        }),
        ...problems(400, 401, 403, 404),
      },
    },
  }, async (req) => forms.formOf(req.params.userTaskKey, actor(principalOf(req))));

  app.get('/api/tasks/:userTaskKey/files/:sha256', {
    config: { access: operators },
    schema: {
      tags: ['tasks'], summary: 'A material file of the task’s case, for the operator who works the task',
      params: FileParams,
      response: {
        200: { description: 'the file as uploaded', content: Object.fromEntries(FILE_TYPES.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) } as never,
        ...problems(400, 401, 403, 404),
      },
    },
  }, async (req, reply) => {
    const file = await services.caseFiles.open(req.params.userTaskKey, req.params.sha256, actor(principalOf(req)));
    const name = encodeURIComponent(file.fileName);
    reply.header('content-disposition', `inline; filename*=UTF-8''${name}`).header('content-length', file.size).type(file.contentType);
    return reply.send(file.stream);
  });

  app.post('/api/tasks/:userTaskKey/claim', {
    config: { access: operators },
    schema: { tags: ['tasks'], summary: 'Claim an open task of my post in my unit', params: Params, response: { 200: TaskView, ...problems(401, 403, 404, 409) } },
  }, async (req) => view(await services.tasks.claim(req.params.userTaskKey, actor(principalOf(req))), await services.now(), calendar));

  app.post('/api/tasks/:userTaskKey/unclaim', {
    config: { access: operators },
    schema: { tags: ['tasks'], summary: 'Put a task I claimed back in the queue', params: Params, response: { 204: Type.Null(), ...problems(401, 403, 404, 409) } },
  }, async (req, reply) => {
    await services.tasks.unclaim(req.params.userTaskKey, actor(principalOf(req)));
    return reply.code(204).send(null);
  });

  app.post('/api/tasks/:userTaskKey/complete', {
    config: { access: operators },
    // a body that fits no step is explained by the task's own step (which field, in both languages), not by the union of all steps
    attachValidation: true,
    schema: {
      tags: ['tasks'], summary: 'Complete a task I claimed, with the body its step asks for (422 STEP_BODY_INVALID names the field that does not fit)',
      params: Params, body: CompleteBody,
      response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const invalid = req.validationError as (Error & { validationContext?: string }) | undefined;
    if (invalid) {
      // the operator's own task: its step says which field does not fit (422); anything else stays a plain 400
      const task = invalid.validationContext === 'body' ? await services.tasks.get(req.params.userTaskKey).catch(() => null) : null;
      if (task && mayWorkOn(actor(principalOf(req)), task)) toVariables(task.step, req.body);
      throw invalid;
    }
    await services.steps.complete(req.params.userTaskKey, actor(principalOf(req)), req.body, await services.now());
    return reply.code(204).send(null);
  });

  const TransferTarget = Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() });
  app.get('/api/tasks/:userTaskKey/transfer-targets', {
    config: { access: operators },
    schema: {
      tags: ['tasks'], summary: 'The units a mis-routed step of mine may be transferred to (转办): above or beside mine, serving the applicant’s community',
      params: Params, response: { 200: Type.Array(TransferTarget), ...problems(400, 401, 403, 404) },
    },
  }, async (req) => services.tasks.transferTargets(req.params.userTaskKey, actor(principalOf(req))));

  app.post('/api/tasks/:userTaskKey/transfer', {
    config: { access: operators },
    schema: {
      tags: ['tasks'], summary: 'Transfer a mis-routed step upwards or sideways with a reason (转办); its limit runs on, it is not reset',
      params: Params, body: Strict({ to: UnitCode, reason: Type.String({ minLength: 2, maxLength: 500 }) }),
      response: { 200: TaskView, ...problems(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => {
    const now = await services.now();
    return view(await services.tasks.transfer(req.params.userTaskKey, actor(principalOf(req)), req.body.to, req.body.reason, now), now, calendar);
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
    if (!to) {
      throw new DomainError('BACKUP_MISSING', ErrorKind.Validation, {
        zh: `请指定接手任务 ${task.userTaskKey} 的人：${task.assignee ?? '（无人认领）'} 在 ${task.post} 岗位没有 B 岗`,
        en: `name who takes task ${task.userTaskKey}: ${task.assignee ?? 'nobody'} has no backup for ${task.post}`,
      });
    }
    const target = await services.accounts.principal(to);
    return view(await services.tasks.handOver(task.userTaskKey, actor(target), req.body.reason, leader, await services.now()), await services.now(), calendar);
  });
};
