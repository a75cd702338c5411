import { timingSafeEqual } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DomainError, ErrorKind } from '../../../domain/shared/domain-error.js';
import type { IncidentEvent, IncidentService } from '../../../domain/incident/incident.service.js';
import type { ElementRecord, EngineHistoryService } from '../../../domain/engine-history/engine-history.service.js';
import type { TaskService, UserTaskEvent } from '../../../domain/task/task.service.js';

// Engine keys are 64-bit; above 2^53 a JSON number loses digits, so key fields are read as strings.
const KEY_FIELDS = /"(key|position|sourceRecordPosition|userTaskKey|processInstanceKey|elementInstanceKey|processDefinitionKey|formKey|jobKey|variableScopeKey|flowScopeKey|parentProcessInstanceKey|parentElementInstanceKey)":(-?\d+)/g;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const UserTaskEventBody = Type.Object({
  valueType: Type.Literal('USER_TASK'),
  recordType: Type.Literal('EVENT'),
  intent: Type.String({ maxLength: 32 }),
  position: Type.String({ pattern: '^\\d+$' }),
  timestamp: Type.Integer(),
  value: Type.Object({
    userTaskKey: Type.String({ pattern: '^\\d+$' }),
    processInstanceKey: Type.String({ pattern: '^\\d+$' }),
    elementInstanceKey: Type.String({ pattern: '^\\d+$' }),
    elementId: Type.String({ maxLength: 255 }),
    bpmnProcessId: Type.String({ maxLength: 255 }),
    assignee: Type.String({ maxLength: 255 }),
    candidateGroupsList: Type.Array(Type.String({ maxLength: 255 }), { maxItems: 20 }),
    customHeaders: Type.Record(Type.String(), Type.String()),
  }, { additionalProperties: true }),
}, { additionalProperties: true });

const IncidentEventBody = Type.Object({
  valueType: Type.Literal('INCIDENT'),
  recordType: Type.Literal('EVENT'),
  intent: Type.String({ maxLength: 32 }),
  key: Type.String({ pattern: '^\\d+$' }),
  position: Type.String({ pattern: '^\\d+$' }),
  timestamp: Type.Integer(),
  value: Type.Object({
    processInstanceKey: Type.String({ pattern: '^\\d+$' }),
    bpmnProcessId: Type.String({ maxLength: 255 }),
    elementId: Type.String({ maxLength: 255 }),
    errorType: Type.String({ maxLength: 64 }),
    errorMessage: Type.String({ maxLength: 10_000 }),
  }, { additionalProperties: true }),
}, { additionalProperties: true });

const ElementEventBody = Type.Object({
  valueType: Type.Union([Type.Literal('PROCESS_INSTANCE'), Type.Literal('TIMER')]),
  recordType: Type.Literal('EVENT'),
  intent: Type.String({ maxLength: 32 }),
  key: Type.String({ pattern: '^-?\\d+$' }),
  position: Type.String({ pattern: '^\\d+$' }),
  timestamp: Type.Integer(),
  value: Type.Object({
    processInstanceKey: Type.String({ pattern: '^-?\\d+$' }),
    elementId: Type.Optional(Type.String({ maxLength: 255 })),
    targetElementId: Type.Optional(Type.String({ maxLength: 255 })),
    bpmnElementType: Type.Optional(Type.String({ maxLength: 64 })),
    bpmnProcessId: Type.Optional(Type.String({ maxLength: 255 })),
    elementInstanceKey: Type.Optional(Type.String({ pattern: '^-?\\d+$' })),
  }, { additionalProperties: true }),
}, { additionalProperties: true });

/**
 * Who may call: only the engine's task-events exporter, with the shared secret as a bearer token.
 * Each user-task event is mirrored into the store; repeats are harmless.
 */
export const engineEventRoutes: FastifyPluginAsyncTypebox<{ tasks: TaskService; incidents: IncidentService; history: EngineHistoryService; token: string }> = async (app, { tasks, incidents, history, token }) => {
  // only in this plugin's context: records keep their 64-bit keys as strings
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 262_144 }, (_req, body, done) => {
    try {
      done(null, JSON.parse((body as string).replace(KEY_FIELDS, '"$1":"$2"')));
    } catch (err) {
      (err as { statusCode?: number }).statusCode = 400;
      done(err as Error, undefined);
    }
  });

  app.post('/internal/engine/user-task-events', {
    config: { access: 'engine' },
    schema: {
      summary: 'Mirror a user-task or incident event from the engine (exporter only)',
      hide: true,
      headers: Type.Object({ authorization: Type.String({ maxLength: 512 }) }),
      body: Type.Union([UserTaskEventBody, IncidentEventBody, ElementEventBody]),
      response: { 200: Type.Object({ result: Type.Union([Type.Literal('applied'), Type.Literal('ignored')]) }) },
    },
  }, async (req) => {
    const given = req.headers.authorization.replace(/^Bearer /, '');
    if (!sameSecret(given, token)) {
      throw new DomainError('ENGINE_TOKEN_INVALID', ErrorKind.Unauthenticated, 'the engine events token is missing or wrong');
    }
    const body = req.body;
    if (body.valueType === 'PROCESS_INSTANCE' || body.valueType === 'TIMER') {
      return { result: await history.applyEngineEvent(body as unknown as ElementRecord) };
    }
    if (body.valueType === 'INCIDENT') {
      if (body.intent === 'CREATED') {
        req.log.error({ processInstanceKey: body.value.processInstanceKey, elementId: body.value.elementId, errorType: body.value.errorType, errorMessage: body.value.errorMessage }, 'engine incident');
      }
      return { result: await incidents.applyEngineEvent(body as unknown as IncidentEvent) };
    }
    const taskEvent = body as unknown as UserTaskEvent;
    const result = await tasks.applyEngineEvent(taskEvent);
    if (result === 'not-ours') {
      req.log.warn({ userTaskKey: taskEvent.value.userTaskKey, candidateGroups: taskEvent.value.candidateGroupsList }, 'user task without a post:unit candidate group is not mirrored');
      return { result: 'ignored' as const };
    }
    return { result };
  });
};
