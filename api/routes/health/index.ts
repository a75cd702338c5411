import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

export interface ReadinessChecks {
  store(): Promise<{ ok: boolean; error?: string }>;
  engine(): Promise<{ ok: boolean; engine: string; error?: string }>;
}

const Check = Type.Object({ ok: Type.Boolean(), error: Type.Optional(Type.String()) }, { additionalProperties: true });
const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not-ready')]),
  store: Check,
  engine: Type.Object({ ok: Type.Boolean(), engine: Type.String({ description: 'embedded or camunda8' }), error: Type.Optional(Type.String()) }),
});

/** Public probes: /health says the process is alive, /ready that the engine and the store answer. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ checks: ReadinessChecks }> = async (app, { checks }) => {
  app.get('/health', {
    config: { access: 'public' },
    schema: { summary: 'Liveness', security: [], response: { 200: Type.Object({ status: Type.Literal('alive'), uptimeSeconds: Type.Number() }) } },
  }, async () => ({ status: 'alive' as const, uptimeSeconds: Math.round(process.uptime()) }));

  app.get('/ready', {
    config: { access: 'public' },
    schema: { summary: 'Readiness: the engine and the store answer', security: [], response: { 200: Readiness, 503: Readiness } },
  }, async (_req, reply) => {
    const [store, full] = await Promise.all([checks.store(), checks.engine().catch((err: Error) => ({ ok: false, engine: 'unknown', error: err.message }))]);
    // no versions or topology for strangers: only whether each part answers
    const engine = { ok: full.ok, engine: full.engine, ...(full.ok ? {} : { error: full.error ?? 'not ready' }) };
    const ready = store.ok && engine.ok;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', store, engine });
  });
};
