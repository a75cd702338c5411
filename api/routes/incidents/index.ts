import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import type { DomainServices } from '../../../domain/services.js';
import { principalOf } from '../../plugins/auth.js';
import { Strict, problems } from '../../schemas/common.js';

const IncidentView = Type.Object({
  incidentKey: Type.String(), processInstanceKey: Type.String(), applicationNumber: Type.Union([Type.String(), Type.Null()]),
  processId: Type.String(), elementId: Type.String(), errorType: Type.String(), errorMessage: Type.String(),
  state: Type.Union([Type.Literal('open'), Type.Literal('resolved')]), createdAt: Type.String({ format: 'date-time' }), resolvedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/**
 * Incidents (事件): a job whose retries ran out, or an error no boundary event catches. Administrators and
 * supervisors see them; only an administrator resolves one, after fixing its cause; both are in the audit trail.
 */
export const incidentRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  app.get('/api/incidents', {
    config: { access: { roles: [Role.SystemAdmin, Role.Supervisor] } },
    schema: {
      tags: ['incidents'], summary: 'Incidents, newest first (open by default)',
      querystring: Strict({ state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('all')], { default: 'open' })) }),
      response: { 200: Type.Object({ incidents: Type.Array(IncidentView) }), ...problems(400, 401, 403) },
    },
  }, async (req) => {
    const list = await services.incidents.list(req.query.state ?? 'open');
    return {
      incidents: list.map((i) => ({
        incidentKey: i.incidentKey, processInstanceKey: i.processInstanceKey, applicationNumber: i.applicationNumber ?? null, processId: i.bpmnProcessId,
        elementId: i.elementId, errorType: i.errorType, errorMessage: i.errorMessage, state: i.state as 'open' | 'resolved',
        createdAt: i.createdAt.toISOString(), resolvedAt: i.resolvedAt ? i.resolvedAt.toISOString() : null,
      })),
    };
  });

  app.post('/api/incidents/:incidentKey/resolve', {
    config: { access: { roles: [Role.SystemAdmin] } },
    schema: {
      tags: ['incidents'], summary: 'Resolve an incident once its cause is fixed: the job gets its retries back and runs again',
      params: Strict({ incidentKey: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,160}$' }) }),
      body: Strict({ retries: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, default: 1, description: 'attempts the job gets again (1–10)' })) }),
      response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => {
    const who = principalOf(req);
    await services.incidents.resolve(req.params.incidentKey, { username: who.username, role: who.role }, req.body?.retries ?? 1, new Date());
    return reply.code(204).send(null);
  });
};
