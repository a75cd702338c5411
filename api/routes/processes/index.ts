import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import type { DomainServices } from '../../../domain/services.js';
import { elementTemplates } from '../../../domain/process-model/element-templates.js';
import { principalOf } from '../../plugins/auth.js';
import { Strict, problems } from '../../schemas/common.js';

// Business owners design the processes (seed 000 §5, §12); administrators may too; others read.
const editors = { roles: [Role.BusinessOwner, Role.SystemAdmin] };
const readers = { roles: [Role.BusinessOwner, Role.SystemAdmin, Role.Auditor, Role.Supervisor, Role.DepartmentLeader, Role.ServiceOffice] };
const Issue = Type.Object({ rule: Type.String(), elementId: Type.Union([Type.String(), Type.Null()]), message: Type.String() });
const Check = Type.Object({ errors: Type.Array(Issue), warnings: Type.Array(Issue), deployable: Type.Boolean() });
const Xml = Type.String({ minLength: 50, maxLength: 2_000_000, description: 'BPMN 2.0 XML with Camunda 8 (zeebe) extensions' });
const Params = Strict({ processId: Type.String({ pattern: '^[A-Za-z][\\w.-]{0,99}$' }), version: Type.Integer({ minimum: 1 }) });
const VersionView = Type.Object({
  processId: Type.String(), version: Type.Integer(), name: Type.Union([Type.String(), Type.Null()]), author: Type.String(), comment: Type.String(),
  savedAt: Type.String({ format: 'date-time' }), checksum: Type.String(), errors: Type.Array(Issue), warnings: Type.Array(Issue),
  deployments: Type.Array(Type.Object({ engineVersion: Type.Integer(), deployedAt: Type.String({ format: 'date-time' }), deployedBy: Type.String() })),
});

type Lint = { errors?: unknown; warnings?: unknown } | null | undefined;
const issues = (l: Lint, k: 'errors' | 'warnings') => ((l?.[k] as { rule: string; elementId: string | null; message: string }[] | undefined) ?? []);

export const processRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  app.get('/api/processes', {
    config: { access: readers },
    schema: {
      tags: ['processes'], summary: 'Every process with its saved versions and the version the engine runs (the process is named after it); archived drafts only when asked for',
      querystring: Strict({ archived: Type.Optional(Type.Boolean({ default: false, description: 'also list archived drafts' })) }),
      response: {
        200: Type.Object({ processes: Type.Array(Type.Object({
          processId: Type.String(), name: Type.Union([Type.String(), Type.Null()]),
          running: Type.Union([Type.Object({ version: Type.Integer(), engineVersion: Type.Integer(), deployedAt: Type.String(), deployedBy: Type.String() }), Type.Null()]),
          versions: Type.Array(Type.Object({
            version: Type.Integer(), name: Type.Union([Type.String(), Type.Null()]), author: Type.String(), comment: Type.String(), savedAt: Type.String(), checksum: Type.String(), errors: Type.Integer(), warnings: Type.Integer(),
            deployed: Type.Boolean(), archived: Type.Union([Type.Object({ at: Type.String({ format: 'date-time' }), by: Type.String(), reason: Type.String() }), Type.Null()]),
          })),
          archivedVersions: Type.Integer({ description: 'archived drafts left out of `versions` (all of them are in it with archived=true)' }),
        })) }),
        ...problems(401, 403),
      },
    },
  }, async (req) => {
    const list = await services.processModels.list();
    const shown = (v: { archived: unknown }) => req.query.archived || !v.archived;
    return {
      processes: list.filter((p) => p.running || p.versions.some(shown)).map((p) => ({
        ...p,
        running: p.running ? { ...p.running, deployedAt: p.running.deployedAt.toISOString() } : null,
        versions: p.versions.filter(shown).map((v) => ({ ...v, savedAt: v.savedAt.toISOString(), archived: v.archived ? { ...v.archived, at: v.archived.at.toISOString() } : null })),
        archivedVersions: p.versions.filter((v) => !shown(v)).length,
      })),
    };
  });

  app.post('/api/processes/:processId/versions/:version/archive', {
    config: { access: editors },
    schema: {
      tags: ['processes'], summary: 'Archive a draft that was never deployed: it leaves the list, keeps its history, and can be restored',
      params: Params, body: Strict({ reason: Type.String({ minLength: 2, maxLength: 500 }) }), response: { 204: Type.Null(), ...problems(401, 403, 404, 409) },
    },
  }, async (req, reply) => {
    await services.processModels.archive(req.params.processId, req.params.version, principalOf(req).username, req.body.reason, new Date());
    return reply.code(204).send(null);
  });

  app.post('/api/processes/:processId/versions/:version/restore', {
    config: { access: editors },
    schema: { tags: ['processes'], summary: 'Take an archived draft back into the list', params: Params, response: { 204: Type.Null(), ...problems(401, 403, 404, 409) } },
  }, async (req, reply) => {
    await services.processModels.restore(req.params.processId, req.params.version, principalOf(req).username, new Date());
    return reply.code(204).send(null);
  });

  app.get('/api/processes/:processId/versions/:version', {
    config: { access: readers },
    schema: { tags: ['processes'], summary: 'One saved version with its XML and its check results', params: Params, response: { 200: Type.Intersect([VersionView, Type.Object({ xml: Type.String() })]), ...problems(401, 403, 404) } },
  }, async (req) => {
    const v = await services.processModels.get(req.params.processId, req.params.version);
    return {
      processId: v.processId, version: v.version, name: v.name ?? null, author: v.author, comment: v.comment, savedAt: v.savedAt.toISOString(), checksum: v.checksum, xml: v.xml,
      errors: issues(v.lint, 'errors'), warnings: issues(v.lint, 'warnings'),
      deployments: v.deployments.map((d) => ({ engineVersion: d.engineVersion ?? 0, deployedAt: d.deployedAt!.toISOString(), deployedBy: d.deployedBy ?? '' })),
    };
  });

  app.get('/api/processes/element-templates', {
    config: { access: readers },
    schema: { tags: ['processes'], summary: 'Camunda 8 element templates for every job type and for a human step', response: { 200: Type.Array(Type.Unknown()), ...problems(401, 403) } },
  }, async () => elementTemplates());

  const Element = Type.Object({ id: Type.String(), type: Type.String(), name: Type.Union([Type.String(), Type.Null()]) });
  app.get('/api/processes/:processId/compare', {
    config: { access: readers },
    schema: {
      tags: ['processes'], summary: 'Compare two saved versions: elements added, removed and changed (with the changed fields)',
      params: Strict({ processId: Type.String({ pattern: '^[A-Za-z][\\w.-]{0,99}$' }) }),
      querystring: Strict({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) }),
      response: { 200: Type.Object({ added: Type.Array(Element), removed: Type.Array(Element), changed: Type.Array(Type.Intersect([Element, Type.Object({ fields: Type.Array(Type.String()) })])) }), ...problems(400, 401, 403, 404) },
    },
  }, async (req) => services.processModels.compare(req.params.processId, req.query.from, req.query.to));

  app.post('/api/processes/check', {
    config: { access: readers },
    bodyLimit: 4_194_304, // models are larger than other bodies
    schema: {
      tags: ['processes'], summary: 'Check a model: bpmnlint with the Camunda 8.6 rules and the government rules; errors block deploy',
      body: Strict({ xml: Xml }), response: { 200: Check, ...problems(400, 401, 403, 422) },
    },
  }, async (req) => {
    const r = await services.processModels.check(req.body.xml);
    return { errors: r.errors, warnings: r.warnings, deployable: r.errors.length === 0 };
  });

  app.post('/api/processes', {
    config: { access: editors },
    bodyLimit: 4_194_304,
    schema: {
      tags: ['processes'], summary: 'Save a model as the next version of its process (author, time, comment, checksum kept)',
      body: Strict({ xml: Xml, comment: Type.String({ minLength: 2, maxLength: 500 }) }), response: { 201: VersionView, ...problems(400, 401, 403, 409, 413, 422) },
    },
  }, async (req, reply) => {
    const v = await services.processModels.save(req.body.xml, principalOf(req).username, req.body.comment, new Date());
    return reply.code(201).send({
      processId: v.processId, version: v.version, name: v.name ?? null, author: v.author, comment: v.comment, savedAt: v.savedAt.toISOString(), checksum: v.checksum,
      errors: issues(v.lint, 'errors'), warnings: issues(v.lint, 'warnings'), deployments: [],
    });
  });

  app.post('/api/processes/:processId/versions/:version/deploy', {
    config: { access: editors },
    schema: {
      tags: ['processes'], summary: 'Deploy a saved version (deploying an earlier one rolls back); new applications run on it, running ones keep theirs',
      params: Params,
      response: {
        200: Type.Object({
          processId: Type.String(), version: Type.Integer(), engineVersion: Type.Integer(), versionTag: Type.String(),
          message: Type.Object({ zh: Type.String(), en: Type.String() }), engineAnswer: Type.Unknown({ description: 'the engine’s answer, verbatim' }),
        }),
        ...problems(401, 403, 404, 409, 422),
      },
    },
  }, async (req) => {
    const r = await services.processModels.deploy(req.params.processId, req.params.version, principalOf(req).username, new Date());
    return {
      processId: req.params.processId, version: req.params.version, engineVersion: r.engineVersion, versionTag: r.versionTag, engineAnswer: r.engine,
      message: {
        zh: `已部署：流程 ${req.params.processId} 第 ${req.params.version} 版，引擎版本 ${r.engineVersion}。新办件按此版本运行，在办办件保持原版本。`,
        en: `Deployed: ${req.params.processId} version ${req.params.version} runs as engine version ${r.engineVersion}. New applications start on it; running ones keep their version.`,
      },
    };
  });
};
