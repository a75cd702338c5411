import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import type { DomainServices } from '../../../domain/services.js';
import type { BoardCard } from '../../../domain/supervision/board.service.js';
import type { CorrectionNoticeRecord } from '../../../domain/supervision/correction-notice.repository.js';
import { Post } from '../../../domain/shared/constants.js';
import { principalOf } from '../../plugins/auth.js';
import { CaseNumber, ItemCode, Strict, TaskKey, UnitCode, problems } from '../../schemas/common.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const When = Type.String({ format: 'date-time' });
const Mark = Type.Union([Type.Literal('none'), Type.Literal('warning'), Type.Literal('yellow'), Type.Literal('red')], { description: 'the highest mark passed: none, warning (预警), yellow (黄牌), red (红牌)' });
const Level = Type.Union([Type.Literal('city'), Type.Literal('district'), Type.Literal('township'), Type.Literal('community')], { description: 'the unit level (seed 003 §3)' });
const Filter = Strict({
  level: Type.Optional(Level), unit: Type.Optional(UnitCode), item: Type.Optional(ItemCode),
  post: Type.Optional(Type.Union(Object.values(Post).map((p) => Type.Literal(p)))), mark: Type.Optional(Mark),
});
const TimeLeft = Nullable(Type.Object({
  workingMinutes: Type.Integer({ description: 'signed: below zero once overdue' }), overdue: Type.Boolean(),
  days: Type.Integer(), hours: Type.Integer(), minutes: Type.Integer(), minutesPerDay: Type.Integer(),
}, { description: 'working time left until the due time (office hours on working days)' }));
const Step = Type.Object({
  userTaskKey: Type.String(), caseNumber: Nullable(Type.String()), caseKind: Nullable(Type.String()), itemCode: Nullable(Type.String()), step: Type.String(), post: Type.String(),
  unitCode: Type.String(), unitName: Type.String(), unitLevel: Type.String(), assignee: Nullable(Type.String()), state: Type.String(), createdAt: When,
  dueAt: Nullable(When), mark: Mark, timeLeft: TimeLeft,
});
const Card = Type.Object({
  id: Type.String({ description: 'the card\'s store id; the stream sends cards after the last id it sent' }), level: Type.String(), caseNumber: Type.String(), caseKind: Type.String(),
  step: Type.String(), holder: Type.String(), heldByQueue: Type.Boolean(), unitCode: Nullable(Type.String()), itemCode: Nullable(Type.String()),
  post: Nullable(Type.String()), at: When, dueAt: Nullable(When),
});
const Tally = { open: Type.Integer(), cases: Type.Integer(), warning: Type.Integer(), yellow: Type.Integer(), red: Type.Integer(), overdue: Type.Integer() };
const Board = Type.Object({
  now: When, nearlyDueMinutes: Type.Integer(),
  filter: Type.Object({ level: Type.Optional(Type.String()), unit: Type.Optional(Type.String()), item: Type.Optional(Type.String()), post: Type.Optional(Type.String()), mark: Type.Optional(Type.String()) }),
  totals: Type.Object(Tally),
  byUnit: Type.Array(Type.Object({ unitCode: Type.String(), unitName: Type.String(), unitLevel: Type.String(), ...Tally })),
  byOperator: Type.Array(Type.Object({ unitCode: Type.String(), post: Type.String(), assignee: Nullable(Type.String()), ...Tally })),
  watch: Type.Array(Step, { description: 'overdue and nearly due steps, most overdue first' }),
  steps: Type.Array(Step), cards: Type.Array(Card, { description: 'the newest cards, newest first' }), lastCardId: Nullable(Type.String()),
});
const NoticeNumber = Type.String({ pattern: '^DB\\d{10}$', description: '督办单编号 correction notice number' });
const Notice = Type.Object({
  noticeNumber: Type.String(), sentBy: Type.String(), recipient: Type.Object({ kind: Type.String(), id: Type.String() }), unitCode: Nullable(Type.String()),
  text: Type.String(), replyBy: When, caseNumber: Nullable(Type.String()), userTaskKey: Nullable(Type.String()), sentAt: When,
  readAt: Nullable(When), readBy: Nullable(Type.String()), answer: Nullable(Type.Object({ text: Type.String(), by: Type.String(), at: When })),
  state: Type.Union([Type.Literal('unread'), Type.Literal('read'), Type.Literal('answered')]), late: Type.Boolean({ description: 'past its reply-by time without an answer, or answered after it' }),
}, { description: '督办 correction notice (seed 000 §30, 001 §30)' });

const watchers = { roles: [Role.Supervisor, Role.DepartmentLeader] };
const supervisors = { roles: [Role.Supervisor] };
const recipients = { roles: [Role.WindowStaff, Role.DepartmentStaff, Role.DepartmentLeader] };
const readers = { roles: [Role.Supervisor, Role.WindowStaff, Role.DepartmentStaff, Role.DepartmentLeader] };
const POLL_MS = 1000;
const HEARTBEAT_MS = 15_000;

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const cardView = (c: BoardCard) => ({ ...c, at: iso(c.at)!, dueAt: iso(c.dueAt) });
function noticeView(n: CorrectionNoticeRecord, now: Date) {
  const replyBy = new Date(n.replyBy);
  const answeredAt = n.answer?.at ? new Date(n.answer.at) : null;
  return {
    noticeNumber: n.noticeNumber, sentBy: n.sentBy, recipient: { kind: n.recipient?.kind ?? '', id: n.recipient?.id ?? '' }, unitCode: n.unitCode ?? null,
    text: n.text, replyBy: replyBy.toISOString(), caseNumber: n.caseNumber ?? null, userTaskKey: n.userTaskKey ?? null, sentAt: iso(n.sentAt)!,
    readAt: iso(n.readAt), readBy: n.readBy ?? null, answer: n.answer ? { text: n.answer.text ?? '', by: n.answer.by ?? '', at: iso(n.answer.at)! } : null,
    state: n.answer ? 'answered' as const : n.readAt ? 'read' as const : 'unread' as const,
    late: (answeredAt ?? now).getTime() > replyBy.getTime(),
  };
}

/** The supervisor's live board (实时监控) and correction notices (督办), seed 000 §15, §30; 001 §13, §28–30; 003 §4(4). */
export const supervisionRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  app.get('/api/supervision/board', {
    // a supervisor watches every unit; a department leader their own (the filter is narrowed to it)
    config: { access: watchers },
    schema: {
      tags: ['supervision'], summary: 'The live board: open steps by unit and operator with marks and working time left, overdue and nearly due steps, the newest cards; practice cases never count',
      querystring: Filter, response: { 200: Board, ...problems(400, 401, 403) },
    },
  }, async (req) => {
    const b = await services.board.board(req.query, principalOf(req), await services.now());
    const step = (s: (typeof b.steps)[number]) => ({ ...s, createdAt: iso(s.createdAt)!, dueAt: iso(s.dueAt) });
    return { ...b, now: b.now.toISOString(), watch: b.watch.map(step), steps: b.steps.map(step), cards: b.cards.map(cardView) };
  });

  app.get('/api/supervision/stream', {
    config: { access: watchers },
    schema: {
      tags: ['supervision'],
      summary: 'Server-Sent Events: each new warning, yellow or red card as it is stored (by any process), under the board\'s filter; ends after `seconds` so the page reconnects with a fresh token',
      querystring: Strict({
        ...Filter.properties,
        after: Type.Optional(Type.String({ pattern: '^[0-9a-f]{24}$', description: 'send the cards stored after this card id (default: from now)' })),
        seconds: Type.Integer({ minimum: 1, maximum: 600, description: 'how long the stream stays open, in seconds; the page reconnects after it' }),
      }),
      produces: ['text/event-stream'],
      response: {
        200: Type.Unsafe<string>({ description: '`event: card` with a card as JSON data; `event: end` before it closes; comments as heartbeats', content: { 'text/event-stream': { schema: { type: 'string' } } } }),
        ...problems(400, 401, 403),
      },
    },
  }, async (req, reply) => {
    const viewer = principalOf(req);
    const { after, seconds, ...filter } = req.query;
    // without `after`, from now: the newest card stored so far is the starting point
    let lastId: string | null = after ?? (await services.board.newestCardId());
    reply.hijack();
    const headers = { ...reply.getHeaders(), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' };
    reply.raw.writeHead(200, headers as Record<string, string>);
    reply.raw.write(`retry: 2000\n: open\n\n`);
    let open = true;
    let sinceBeat = 0;
    const stop = () => { open = false; };
    req.raw.on('close', stop);
    const until = Date.now() + seconds * 1000;
    try {
      while (open && Date.now() < until) {
        const fresh = await services.board.cardsAfter(lastId, filter, viewer);
        lastId = fresh.lastId;
        for (const c of fresh.cards) reply.raw.write(`id: ${c.id}\nevent: card\ndata: ${JSON.stringify(cardView(c))}\n\n`);
        sinceBeat += POLL_MS;
        if (sinceBeat >= HEARTBEAT_MS) {
          reply.raw.write(': beat\n\n');
          sinceBeat = 0;
        }
        await new Promise((r) => setTimeout(r, Math.min(POLL_MS, Math.max(0, until - Date.now()))));
      }
      if (open) reply.raw.write(`event: end\ndata: ${JSON.stringify({ lastId })}\n\n`);
    } catch (err) {
      req.log.warn({ err }, 'board stream stopped');
    } finally {
      req.raw.off('close', stop);
      reply.raw.end();
    }
  });

  app.post('/api/correction-notices', {
    config: { access: supervisors },
    schema: {
      tags: ['supervision'], summary: 'Send a correction notice (督办) to an operator or a unit with a text and a reply-by time',
      body: Strict({
        recipient: Strict({ kind: Type.Union([Type.Literal('operator'), Type.Literal('unit')]), id: Type.String({ minLength: 2, maxLength: 32, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$' }) }),
        text: Type.String({ minLength: 1, maxLength: 1000 }), replyBy: When,
        caseNumber: Type.Optional(CaseNumber), userTaskKey: Type.Optional(TaskKey),
      }),
      response: { 201: Notice, ...problems(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    const now = await services.now();
    const n = await services.correctionNotices.send({ ...req.body, replyBy: new Date(req.body.replyBy) }, principalOf(req), now);
    return reply.code(201).send(noticeView(n, now));
  });

  app.get('/api/correction-notices', {
    config: { access: supervisors },
    schema: {
      tags: ['supervision'], summary: 'The correction notices sent, newest first, with their read and answered state',
      querystring: Strict({ unit: Type.Optional(UnitCode) }), response: { 200: Type.Object({ notices: Type.Array(Notice) }), ...problems(400, 401, 403) },
    },
  }, async (req) => {
    const now = await services.now();
    return { notices: (await services.correctionNotices.sent({ unitCode: req.query.unit })).map((n) => noticeView(n, now)) };
  });

  app.get('/api/correction-notices/mine', {
    config: { access: recipients },
    schema: {
      tags: ['supervision'], summary: 'The correction notices to me or my unit, newest first',
      response: { 200: Type.Object({ notices: Type.Array(Notice) }), ...problems(401, 403) },
    },
  }, async (req) => {
    const now = await services.now();
    return { notices: (await services.correctionNotices.mine(principalOf(req))).map((n) => noticeView(n, now)) };
  });

  app.get('/api/correction-notices/:noticeNumber', {
    config: { access: readers },
    schema: {
      tags: ['supervision'], summary: 'Open a correction notice: a recipient\'s first opening is recorded as read; others\' notices are refused (403)',
      params: Strict({ noticeNumber: NoticeNumber }), response: { 200: Notice, ...problems(400, 401, 403, 404) },
    },
  }, async (req) => {
    const now = await services.now();
    return noticeView(await services.correctionNotices.open(req.params.noticeNumber, principalOf(req), now), now);
  });

  app.post('/api/correction-notices/:noticeNumber/answer', {
    config: { access: recipients },
    schema: {
      tags: ['supervision'], summary: 'Answer a correction notice in writing, once',
      params: Strict({ noticeNumber: NoticeNumber }), body: Strict({ text: Type.String({ minLength: 1, maxLength: 1000 }) }),
      response: { 200: Notice, ...problems(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => {
    const now = await services.now();
    return noticeView(await services.correctionNotices.answer(req.params.noticeNumber, req.body.text, principalOf(req), now), now);
  });
};
