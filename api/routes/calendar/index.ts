import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import type { DomainServices } from '../../../domain/services.js';
import { principalOf } from '../../plugins/auth.js';
import { Day, Strict, problems } from '../../schemas/common.js';

// 国务院办公厅关于…部分节假日安排的通知: the service office records it; every member of staff may read the calendar
const writers = { roles: [Role.ServiceOffice] };
const readers = {
  roles: [Role.WindowStaff, Role.DepartmentStaff, Role.DepartmentLeader, Role.NetworkAdmin, Role.Supervisor, Role.BusinessOwner, Role.ServiceOffice, Role.Auditor, Role.SystemAdmin],
};
const Year = Type.Integer({ minimum: 2000, maximum: 2100, description: 'the calendar year' });
const Params = Strict({ year: Year });
const NoticeDayIn = Strict({ date: Day, name: Type.String({ maxLength: 40, description: 'the holiday, e.g. 春节' }) });
const NoticeBody = {
  title: Type.String({ minLength: 1, maxLength: 120, description: '通知标题, e.g. 国务院办公厅关于2028年部分节假日安排的通知' }),
  number: Type.String({ minLength: 1, maxLength: 60, description: '文号, e.g. 国办发明电〔2027〕7号' }),
  daysOff: Type.Array(NoticeDayIn, { maxItems: 80, description: '放假日, each with its holiday' }),
  makeUpDays: Type.Array(NoticeDayIn, { maxItems: 30, description: '调休上班日 (Saturdays or Sundays), each with the holiday it makes up for' }),
};
const When = Type.String({ format: 'date-time' });
const NoticeDayOut = Type.Object({ date: Type.String(), name: Type.String() });
const NoticeView = Type.Object({
  year: Type.Integer(), version: Type.Integer(), title: Type.String(), number: Type.String(), withdrawn: Type.Boolean(),
  daysOff: Type.Array(NoticeDayOut), makeUpDays: Type.Array(NoticeDayOut), recordedBy: Type.String(), recordedAt: When,
});
const Source = Type.Union([Type.Literal('notice'), Type.Literal('package'), Type.Literal('statutory')], {
  description: 'notice: recorded by the service office; package: the built-in official data; statutory: the statutory holidays only (make-up days unknown)',
});
const YearView = Type.Object({
  year: Type.Integer(), source: Source, notice: Type.Union([NoticeView, Type.Null()]),
  days: Type.Array(Type.Object({ date: Type.String(), kind: Type.Union([Type.Literal('off'), Type.Literal('make-up')]), name: Type.String(), source: Source })),
  versions: Type.Array(NoticeView),
});
const Move = Type.Object({ deadlineId: Type.String(), caseNumber: Type.String(), caseKind: Type.String(), step: Type.String(), oldDueAt: When, newDueAt: When });
const Preview = Type.Object({ year: Type.Integer(), version: Type.Integer(), moves: Type.Array(Move) });
const Recorded = Type.Object({ notice: NoticeView, moved: Type.Array(Type.Object({ ...Move.properties, timersMoved: Type.Integer() })) });

type Notice = { recordedAt: Date } & Record<string, unknown>;
const noticeView = <T extends Notice>(n: T) => ({ ...n, recordedAt: n.recordedAt.toISOString() });
const moveView = <T extends { oldDueAt: Date; newDueAt: Date }>(m: T) => ({ ...m, oldDueAt: m.oldDueAt.toISOString(), newDueAt: m.newDueAt.toISOString() });

export const calendarRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  const cal = services.holidayCalendar;

  app.get('/api/calendar/years/:year', {
    config: { access: readers },
    schema: {
      tags: ['calendar'], summary: 'A year\'s days off and make-up working days, where they come from, and the recorded notice\'s versions',
      params: Params, response: { 200: YearView, ...problems(400, 401, 403) },
    },
  }, async (req) => {
    const y = await cal.year(req.params.year);
    return { ...y, notice: y.notice && noticeView(y.notice), versions: y.versions.map(noticeView) };
  });

  app.post('/api/calendar/years/:year/preview', {
    config: { access: writers },
    schema: {
      tags: ['calendar'], summary: 'Which open step deadlines the notice would move (case, step, old and new due time); nothing is stored',
      params: Params, body: Strict(NoticeBody), response: { 200: Preview, ...problems(400, 401, 403, 422) },
    },
  }, async (req) => {
    const p = await cal.preview(req.params.year, req.body);
    return { ...p, moves: p.moves.map(moveView) };
  });

  app.put('/api/calendar/years/:year', {
    config: { access: writers },
    schema: {
      tags: ['calendar'],
      summary: 'Records the year\'s State Council holiday notice as a new version; the open deadlines it moves are recomputed and their card timers moved (409 CALENDAR_CHANGE_UNCONFIRMED until `confirm` is true)',
      params: Params, body: Strict({ ...NoticeBody, confirm: Type.Optional(Type.Boolean({ description: 'the office saw the preview and moves the deadlines' })) }),
      response: { 200: Recorded, ...problems(400, 401, 403, 409, 422) },
    },
  }, async (req) => {
    const me = principalOf(req);
    const { confirm, ...notice } = req.body;
    const r = await cal.record(req.params.year, notice, me, await services.now(), confirm === true);
    return { notice: noticeView(r.notice), moved: r.moved.map(moveView) };
  });

  app.delete('/api/calendar/years/:year', {
    config: { access: writers },
    schema: {
      tags: ['calendar'], summary: 'Withdraws the year\'s recorded notice: the year goes back to the built-in data (a new version; open deadlines move as on recording)',
      params: Params, querystring: Strict({ confirm: Type.Optional(Type.Boolean()) }),
      response: { 200: Recorded, ...problems(400, 401, 403, 404, 409) },
    },
  }, async (req) => {
    const me = principalOf(req);
    const r = await cal.withdraw(req.params.year, me, await services.now(), req.query.confirm === true);
    return { notice: noticeView(r.notice), moved: r.moved.map(moveView) };
  });
};
