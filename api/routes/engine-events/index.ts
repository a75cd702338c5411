import { timingSafeEqual } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DomainError, ErrorKind } from '../../../domain/shared/domain-error.js';
import type { EngineEvent } from '../../../domain/engine/engine.port.js';
import { toEngineEvent, type ZeebeRecord } from '../../../infra/engine/camunda8/zeebe-records.js';
import { problems } from '../../schemas/common.js';

// Self-Managed Camunda 8 only: a SaaS cluster runs no custom exporter (its user-task events come from task listeners).

// Engine keys are 64-bit; above 2^53 a JSON number loses digits, so key fields are read as strings.
const KEY_FIELDS = /"(key|position|sourceRecordPosition|userTaskKey|processInstanceKey|elementInstanceKey|processDefinitionKey|formKey|jobKey|variableScopeKey|flowScopeKey|parentProcessInstanceKey|parentElementInstanceKey)":(-?\d+)/g;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Every record carries the partition it was written on: positions, and so the events' keys, are per partition. */
const PartitionId = Type.Integer({ minimum: 0, maximum: 65_535 });

const UserTaskEventBody = Type.Object({
  valueType: Type.Literal('USER_TASK'),
  recordType: Type.Literal('EVENT'),
  intent: Type.String({ maxLength: 32 }),
  partitionId: PartitionId,
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
  partitionId: PartitionId,
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
  partitionId: PartitionId,
  key: Type.String({ pattern: '^-?\\d+$' }),
  position: Type.String({ pattern: '^\\d+$' }),
  timestamp: Type.Integer(),
  value: Type.Object({
    // a timer start event's records have no instance: -1
    processInstanceKey: Type.String({ pattern: '^-?\\d+$' }),
    elementId: Type.Optional(Type.String({ maxLength: 255 })),
    targetElementId: Type.Optional(Type.String({ maxLength: 255 })),
    bpmnElementType: Type.Optional(Type.String({ maxLength: 64 })),
    bpmnProcessId: Type.Optional(Type.String({ maxLength: 255 })),
    elementInstanceKey: Type.Optional(Type.String({ pattern: '^-?\\d+$' })),
  }, { additionalProperties: true }),
}, { additionalProperties: true });

/** Where the engine-records exporter posts (its `url` argument). */
export const ENGINE_RECORDS_PATH = '/internal/engine/records';
/**
 * The URL before the route was named for what it takes (it took more than user-task events from the start): a
 * cluster whose exporter is still configured with it keeps working for one release, then this alias goes.
 */
export const DEPRECATED_ENGINE_RECORDS_PATH = '/internal/engine/user-task-events';

/**
 * Self-Managed Camunda 8 only: the cluster's engine-records exporter (exporter/, EngineRecordsExporter) posts each
 * Zeebe record here: USER_TASK, INCIDENT, PROCESS_INSTANCE and TIMER events.
 * Who may call: only that exporter, with the shared secret as a bearer token.
 * Each record the platform follows becomes an engine event and is handed to `apply`; the others are answered
 * "ignored". Any 2xx lets the exporter move on; repeats are harmless (the event's key is the record's partition and position).
 */
export const engineEventRoutes: FastifyPluginAsyncTypebox<{ apply: (e: EngineEvent) => Promise<'applied' | 'ignored' | 'not-ours'>; token: string }> = async (app, { apply, token }) => {
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

  const schema = {
    tags: ['engine'],
    description: 'Self-Managed Camunda 8 only, and only for the cluster\'s engine-records exporter (exporter/), which sends the shared secret ENGINE_EVENTS_TOKEN as a bearer token. '
      + 'Takes one Zeebe record as the exporter writes it (`record.toJson()`): a USER_TASK, INCIDENT, PROCESS_INSTANCE or TIMER event. '
      + 'Any 2xx lets the exporter move on; a record sent twice is applied once.',
    headers: Type.Object({ authorization: Type.String({ maxLength: 512, description: 'Bearer <ENGINE_EVENTS_TOKEN>' }) }),
    body: Type.Union([UserTaskEventBody, IncidentEventBody, ElementEventBody]),
    response: { 200: Type.Object({ result: Type.Union([Type.Literal('applied'), Type.Literal('ignored')]) }), ...problems(400, 401) },
  };
  const take = async (authorization: string, body: unknown) => {
    const given = authorization.replace(/^Bearer /, '');
    if (!sameSecret(given, token)) {
      throw new DomainError('ENGINE_TOKEN_INVALID', ErrorKind.Unauthenticated, { zh: '引擎事件凭证缺失或不正确', en: 'the engine events token is missing or wrong' });
    }
    const event = toEngineEvent(body as ZeebeRecord);
    if (!event) return { result: 'ignored' as const };
    const result = await apply(event);
    // not ours (a user task outside the platform's groups): the platform logged it; the exporter moves on
    return { result: result === 'applied' ? 'applied' as const : 'ignored' as const };
  };

  app.post(ENGINE_RECORDS_PATH, {
    config: { access: 'engine' },
    schema: { ...schema, summary: 'Take a Zeebe record (user task, incident, element, timer) from a Self-Managed cluster\'s engine-records exporter (exporter only)' },
  }, async (req) => take(req.headers.authorization, req.body));

  let warned = false;
  app.post(DEPRECATED_ENGINE_RECORDS_PATH, {
    config: { access: 'engine' },
    schema: {
      ...schema, deprecated: true,
      summary: `Deprecated alias of POST ${ENGINE_RECORDS_PATH}, for an exporter still configured with the old URL; it goes in the next release`,
    },
  }, async (req, reply) => {
    if (!warned) {
      warned = true;
      req.log.warn({ successor: ENGINE_RECORDS_PATH }, `the exporter posts to the deprecated ${DEPRECATED_ENGINE_RECORDS_PATH}: set its url argument to …${ENGINE_RECORDS_PATH}`);
    }
    void reply.header('deprecation', 'true').header('link', `<${ENGINE_RECORDS_PATH}>; rel="successor-version"`);
    return take(req.headers.authorization, req.body);
  });
};
