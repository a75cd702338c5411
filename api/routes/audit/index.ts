import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { stringify } from 'csv-stringify/sync';
import { Role } from '../../../domain/account/account.model.js';
import { statusWords } from '../../../domain/application/application.service.js';
import { AuditAction, type AuditEntry } from '../../../domain/audit/audit-entry.model.js';
import type { AuditFilter } from '../../../domain/audit/audit.repository.js';
import type { DomainServices } from '../../../domain/services.js';
import { DomainError, ErrorKind } from '../../../domain/shared/domain-error.js';
import { principalOf } from '../../plugins/auth.js';
import { ApplicationNumber, CaseKindName, CaseNumber, ItemCode, Strict, UnitCode, problems } from '../../schemas/common.js';

// Auditors read the whole history and nothing else changes through these routes (seed 001 §28–34, 004 §42).
const auditors = { roles: [Role.Auditor] };
const ActionName = Type.Union(Object.values(AuditAction).map((a) => Type.Literal(a)));
const Filter = {
  caseNumber: Type.Optional(CaseNumber),
  applicationNumber: Type.Optional(Type.String({
    pattern: '^(SQ|RQ)\\d{10}$', deprecated: true,
    description: 'Deprecated: use caseNumber. The same filter under its old name (it took requisition numbers too), kept for old links; given with caseNumber, both must be equal.',
  })),
  actor: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9._:-]{1,63}$', description: 'a username, or a job type for worker actions' })),
  target: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._:-]{1,120}$', description: 'what was acted on: a username, task key, application number, process-id:version, …' })),
  unit: Type.Optional(UnitCode),
  itemCode: Type.Optional(ItemCode),
  action: Type.Optional(Type.String({ pattern: '^[a-z.-]+(,[a-z.-]+)*$', maxLength: 1000, description: `one or more of ${Object.values(AuditAction).join(', ')}, separated by commas` })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
};
const Search = Strict({
  ...Filter,
  afterSeq: Type.Optional(Type.Integer({ minimum: 0 })),
  beforeSeq: Type.Optional(Type.Integer({ minimum: 1, description: 'only entries before this seq (paging newest first)' })),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc', description: 'asc: oldest first (default); desc: newest first' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0, description: 'entries to skip, for numbered pages' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});
const CaseSearch = Strict({
  // an application's own number: this lists applications, never requisitions
  applicationNumber: Type.Optional(ApplicationNumber), itemCode: Filter.itemCode, unit: Filter.unit,
  actor: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9._:-]{1,63}$', description: 'who filed it (a username)' })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'filed at or after' })), to: Type.Optional(Type.String({ format: 'date-time', description: 'filed at or before' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const CaseRow = Type.Object({
  applicationNumber: Type.String(), itemCode: Nullable(Type.String()), itemName: Nullable(Type.String()), unit: Nullable(Type.String()),
  filedAt: Type.String({ format: 'date-time' }), filedBy: Type.String(), channel: Nullable(Type.String()), practice: Type.Boolean(),
  status: Nullable(Type.String()), statusText: Nullable(Type.Object({ zh: Type.String(), en: Type.String() })), currentStep: Nullable(Type.String()), outcome: Nullable(Type.String()),
});
const Person = Type.Object({ username: Type.String(), realName: Type.String(), role: Type.String(), unitCode: Nullable(Type.String()) });
const Export = Strict({ ...Filter, format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })) });
const Entry = Type.Object({
  seq: Type.Integer(), at: Type.String(), actor: Type.Object({ kind: Type.String(), id: Type.String(), role: Type.Union([Type.String(), Type.Null()]) }),
  post: Type.Union([Type.String(), Type.Null()]), unit: Type.Union([Type.String(), Type.Null()]), action: ActionName,
  target: Type.Object({ kind: Type.String(), id: Type.String() }),
  formatVersion: Type.Integer({ minimum: 1, description: 'the format the entry was written and is hashed in: 1 (stored with the case as applicationNumber), 2 (caseNumber and caseKind)' }),
  caseNumber: Type.Union([Type.String(), Type.Null()], { description: 'the application (SQ…) or certificate requisition (RQ…) the entry is about, in every format' }),
  caseKind: Type.Union([CaseKindName, Type.Null()], { description: 'what caseNumber is the number of; on format-1 entries read from the number, not covered by their hash' }),
  itemCode: Type.Union([Type.String(), Type.Null()]), outcome: Type.String(), before: Type.Unknown(), after: Type.Unknown(), detail: Type.Unknown(),
  key: Type.Optional(Type.String()), prevHash: Type.String(), hash: Type.String(),
});
const Break = Type.Union([Type.Object({ seq: Type.Integer(), problem: Type.String(), message: Type.String() }), Type.Null()]);

function toFilter(q: Static<typeof Search> | Static<typeof Export>): AuditFilter {
  const actions = q.action?.split(',');
  const unknown = actions?.filter((a) => !(Object.values(AuditAction) as string[]).includes(a)) ?? [];
  if (unknown.length) {
    const message = `has unknown action(s) ${unknown.join(', ')}; known: ${Object.values(AuditAction).join(', ')}`;
    throw Object.assign(new Error(message), { statusCode: 400, validationContext: 'querystring', validation: [{ instancePath: '/action', keyword: 'enum', message, params: { allowedValues: Object.values(AuditAction), unknownValues: unknown } }] });
  }
  if (q.caseNumber && q.applicationNumber && q.caseNumber !== q.applicationNumber) {
    const message = 'gives caseNumber and its deprecated alias applicationNumber with different values; give caseNumber only';
    throw Object.assign(new Error(message), { statusCode: 400, validationContext: 'querystring', validation: [{ instancePath: '/applicationNumber', keyword: 'const', message, params: {} }] });
  }
  return {
    caseNumber: q.caseNumber ?? q.applicationNumber, actor: q.actor, target: q.target, unit: q.unit, itemCode: q.itemCode, action: actions,
    from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, afterSeq: 'afterSeq' in q ? q.afterSeq : undefined,
    beforeSeq: 'beforeSeq' in q ? q.beforeSeq : undefined,
  };
}

const view = (e: AuditEntry) => ({
  ...e, at: new Date(e.at).toISOString(), actor: { ...e.actor, role: e.actor.role ?? null }, key: e.key ?? undefined,
  post: e.post ?? null, unit: e.unit ?? null, caseNumber: e.caseNumber ?? null, caseKind: e.caseKind ?? null, itemCode: e.itemCode ?? null,
  before: e.before ?? null, after: e.after ?? null, detail: e.detail ?? null,
});
const CSV_COLUMNS = ['seq', 'at', 'actorKind', 'actor', 'role', 'post', 'unit', 'action', 'targetKind', 'target', 'caseNumber', 'caseKind', 'itemCode', 'outcome', 'before', 'after', 'detail', 'key', 'formatVersion', 'prevHash', 'hash'];

export const auditRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  /** Staff accounts as the trail names them; applicants are left out (their names are personal data). */
  async function staffDirectory() {
    const all = await services.accounts.list({});
    return all.filter((a) => a.role !== Role.Applicant).map((a) => ({ username: a.username, realName: a.realName, role: a.role, unitCode: a.unitCode ?? null }));
  }

  app.get('/api/audit/entries', {
    config: { access: auditors },
    schema: {
      tags: ['audit'], summary: 'Search the audit trail by case (application or certificate requisition), operator, unit, item, action and time, oldest or newest first; page with afterSeq / beforeSeq or offset',
      querystring: Search,
      response: {
        200: Type.Object({
          entries: Type.Array(Entry), nextAfterSeq: Type.Union([Type.Integer(), Type.Null()]),
          nextBeforeSeq: Type.Union([Type.Integer(), Type.Null()], { description: 'newest first: the beforeSeq of the next page' }),
          total: Type.Integer({ description: 'entries matching the filters, all pages' }),
        }),
        ...problems(400, 401, 403),
      },
    },
  }, async (req) => {
    const limit = req.query.limit ?? 100;
    const desc = req.query.order === 'desc';
    const filter = toFilter(req.query);
    const [entries, total] = await Promise.all([
      services.audit.search(filter, limit, desc ? -1 : 1, req.query.offset ?? 0),
      services.audit.count({ ...filter, afterSeq: undefined, beforeSeq: undefined }),
    ]);
    const full = entries.length === limit;
    return {
      entries: entries.map(view),
      nextAfterSeq: full && !desc ? entries.at(-1)!.seq : null,
      nextBeforeSeq: full && desc ? entries.at(-1)!.seq : null,
      total,
    };
  });

  app.get('/api/audit/applications', {
    config: { access: auditors },
    schema: {
      tags: ['audit'], summary: 'The applications on record, newest first, by item, filing unit, filer and filing time, a page at a time, with where each stands now',
      querystring: CaseSearch,
      response: { 200: Type.Object({ applications: Type.Array(CaseRow), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }), ...problems(400, 401, 403) },
    },
  }, async (req) => {
    const q = req.query;
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { cases, total } = await services.auditTimeline.cases({
      applicationNumber: q.applicationNumber, itemCode: q.itemCode, unit: q.unit, actor: q.actor,
      from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined,
    }, page, pageSize);
    const applications = cases.map((c) => ({ ...c, statusText: c.status ? statusWords({ status: c.status, outcome: c.outcome as Parameters<typeof statusWords>[0]["outcome"], currentStep: c.currentStep }) : null }));
    return { applications, total, page, pageSize };
  });

  app.get('/api/audit/directory', {
    config: { access: auditors },
    schema: {
      tags: ['audit'], summary: 'Who and what the trail speaks of, for the search form and for names in the timeline: staff (no applicants) and units',
      response: { 200: Type.Object({ people: Type.Array(Person), units: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() })) }), ...problems(401, 403) },
    },
  }, async () => {
    const people = await staffDirectory();
    const codes = [...new Set(people.map((p) => p.unitCode).filter((c): c is string => Boolean(c)))].sort();
    const units = (await Promise.all(codes.map((c) => services.units.get(c)))).flatMap((u) => (u ? [{ code: u.code, name: u.name, kind: u.kind }] : []));
    return { people, units };
  });

  app.get('/api/audit/verify', {
    config: { access: auditors },
    schema: {
      tags: ['audit'], summary: 'Walk the whole chain and report the first broken link',
      response: {
        200: Type.Object({
          intact: Type.Boolean(), entries: Type.Integer(), firstSeq: Type.Union([Type.Integer(), Type.Null()]), lastSeq: Type.Union([Type.Integer(), Type.Null()]),
          headHash: Type.String(), anchor: Type.Object({ seq: Type.Integer(), hash: Type.String() }), checkpoints: Type.Integer(), broken: Break,
        }),
        ...problems(401, 403),
      },
    },
  }, async () => services.audit.verify());

  app.get('/api/audit/applications/:applicationNumber/timeline', {
    // supervision drills down from its board to the case (seed 000 §30); a leader only into cases their unit works on
    config: { access: { roles: [Role.Auditor, Role.Supervisor, Role.DepartmentLeader] } },
    schema: {
      tags: ['audit'], summary: 'One application: engine history merged with the audit entries, deadline derivations, cards, and its diagram',
      params: Strict({ applicationNumber: ApplicationNumber }),
      response: { 200: Type.Object({}, { additionalProperties: true }), ...problems(400, 401, 403, 404) },
    },
  }, async (req) => {
    const me = principalOf(req);
    if (me.role === Role.DepartmentLeader && !(await services.tasks.list({ caseNumber: req.params.applicationNumber, unitCode: me.unitCode ?? '-', limit: 1 })).length) {
      throw new DomainError('NOT_YOUR_UNIT', ErrorKind.Forbidden, {
        zh: `申请 ${req.params.applicationNumber} 没有环节在本单位（${me.unitCode ?? '无'}）办理`, en: `no step of application ${req.params.applicationNumber} is handled in your unit (${me.unitCode ?? 'none'})`,
      });
    }
    const timeline = await services.auditTimeline.timeline(req.params.applicationNumber);
    // the staff named in it, so the page can say "李慧 认领了 受理"; applicants stay unnamed (personal data)
    const named = new Set<string>();
    for (const e of timeline.events) if (e.actorKind === 'user' && e.actorId) named.add(e.actorId);
    for (const c of timeline.cards) named.add(c.holder);
    const people = Object.fromEntries((await staffDirectory()).filter((p) => named.has(p.username)).map((p) => [p.username, p.realName]));
    return { ...timeline, application: { ...timeline.application, statusText: statusWords(timeline.application) }, people };
  });

  app.get('/api/audit/export', {
    config: { access: auditors },
    schema: {
      tags: ['audit'], summary: 'Export matching entries as JSON (with the chain proof for the range) or CSV',
      querystring: Export, produces: ['application/json', 'text/csv'],
      response: { 200: Type.Unknown(), ...problems(400, 401, 403, 422) },
    },
  }, async (req, reply) => {
    const doc = await services.audit.export(toFilter(req.query));
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    reply.header('x-audit-chain-head', `${doc.head.seq}:${doc.head.hash}`);
    if (req.query.format === 'csv') {
      const rows = doc.entries.map((e) => [
        e.seq, new Date(e.at).toISOString(), e.actor.kind, e.actor.id, e.actor.role ?? '', e.post ?? '', e.unit ?? '', e.action, e.target.kind, e.target.id,
        e.caseNumber ?? '', e.caseKind ?? '', e.itemCode ?? '', e.outcome, JSON.stringify(e.before ?? null), JSON.stringify(e.after ?? null), JSON.stringify(e.detail ?? null), e.key ?? '', e.formatVersion, e.prevHash, e.hash,
      ]);
      reply.header('content-disposition', `attachment; filename="audit-${stamp}.csv"`).type('text/csv; charset=utf-8');
      return reply.send(`\uFEFF${stringify([CSV_COLUMNS, ...rows])}`); // the BOM lets spreadsheet programs read the Chinese
    }
    reply.header('content-disposition', `attachment; filename="audit-${stamp}.json"`).type('application/json; charset=utf-8');
    return reply.send(JSON.stringify({ ...doc, entries: doc.entries.map(view) }));
  });
};
