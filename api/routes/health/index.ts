import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

export interface ReadinessChecks {
  store(): Promise<{ ok: boolean; error?: string }>;
  engine(): Promise<{ ok: boolean; version?: string; brokers?: number; partitions?: { partitionId: number; role: string; health: string }[]; error?: string }>;
}

const Check = Type.Object({ ok: Type.Boolean(), error: Type.Optional(Type.String()) }, { additionalProperties: true });
const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not-ready')]),
  store: Check,
  engine: Type.Intersect([Check, Type.Object({
    version: Type.Optional(Type.String()),
    brokers: Type.Optional(Type.Integer()),
    partitions: Type.Optional(Type.Array(Type.Object({ partitionId: Type.Integer(), role: Type.String(), health: Type.String() }))),
  })]),
});

/** Public probes: /health says the process is alive, /ready that the engine and the store answer. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ checks: ReadinessChecks }> = async (app, { checks }) => {
  app.get('/health', {
    config: { access: 'public' },
    schema: { summary: 'Liveness', security: [], response: { 200: Type.Object({ status: Type.Literal('alive'), uptimeSeconds: Type.Number() }) } },
  }, async () => ({ status: 'alive' as const, uptimeSeconds: Math.round(process.uptime()) }));

  app.get('/ready', {
    config: { access: 'public' },
    schema: { summary: 'Readiness: engine topology and store ping', security: [], response: { 200: Readiness, 503: Readiness } },
  }, async (_req, reply) => {
    const [store, engine] = await Promise.all([checks.store(), checks.engine()]);
    const ready = store.ok && engine.ok;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', store, engine });
  });
};
