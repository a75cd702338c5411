import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { stringify } from 'csv-stringify/sync';
import { Role } from '../../../domain/account/account.model.js';
import { AuditAction, type AuditEntry } from '../../../domain/audit/audit-entry.model.js';
import type { AuditFilter } from '../../../domain/audit/audit.repository.js';
import type { DomainServices } from '../../../domain/services.js';
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
const Search = Strict({ ...Filter, afterSeq: Type.Optional(Type.Integer({ minimum: 0 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) });
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
    throw Object.assign(new Error(message), { statusCode: 400, validationContext: 'querystring', validation: [{ instancePath: '/action', keyword: 'enum', message, params: {} }] });
  }
  if (q.caseNumber && q.applicationNumber && q.caseNumber !== q.applicationNumber) {
    const message = 'gives caseNumber and its deprecated alias applicationNumber with different values; give caseNumber only';
    throw Object.assign(new Error(message), { statusCode: 400, validationContext: 'querystring', validation: [{ instancePath: '/applicationNumber', keyword: 'const', message, params: {} }] });
  }
  return {
    caseNumber: q.caseNumber ?? q.applicationNumber, actor: q.actor, target: q.target, unit: q.unit, itemCode: q.itemCode, action: actions,
    from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, afterSeq: 'afterSeq' in q ? q.afterSeq : undefined,
  };
}

const view = (e: AuditEntry) => ({
  ...e, at: new Date(e.at).toISOString(), actor: { ...e.actor, role: e.actor.role ?? null }, key: e.key ?? undefined,
  post: e.post ?? null, unit: e.unit ?? null, caseNumber: e.caseNumber ?? null, caseKind: e.caseKind ?? null, itemCode: e.itemCode ?? null,
  before: e.before ?? null, after: e.after ?? null, detail: e.detail ?? null,
});
const CSV_COLUMNS = ['seq', 'at', 'actorKind', 'actor', 'role', 'post', 'unit', 'action', 'targetKind', 'target', 'caseNumber', 'caseKind', 'itemCode', 'outcome', 'before', 'after', 'detail', 'key', 'formatVersion', 'prevHash', 'hash'];

export const auditRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  app.get('/api/audit/entries', {
    config: { access: auditors },
    schema: {
      tags: ['audit'], summary: 'Search the audit trail by case (application or requisition), operator, unit, item, action and time; page with afterSeq',
      querystring: Search, response: { 200: Type.Object({ entries: Type.Array(Entry), nextAfterSeq: Type.Union([Type.Integer(), Type.Null()]) }), ...problems(400, 401, 403) },
    },
  }, async (req) => {
    const entries = await services.audit.search(toFilter(req.query), req.query.limit ?? 100);
    return { entries: entries.map(view), nextAfterSeq: entries.length === (req.query.limit ?? 100) ? entries.at(-1)!.seq : null };
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
    config: { access: auditors },
    schema: {
      tags: ['audit'], summary: 'One application: engine history merged with the audit entries, deadline derivations, cards, and its diagram',
      params: Strict({ applicationNumber: ApplicationNumber }),
      response: { 200: Type.Object({}, { additionalProperties: true }), ...problems(400, 401, 403, 404) },
    },
  }, async (req) => services.auditTimeline.timeline(req.params.applicationNumber));

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
