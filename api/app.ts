import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Fastify from 'fastify';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { errorHandler } from './plugins/error-handler.js';
import type { DomainServices } from '../domain/services.js';
import { engineEventRoutes } from './routes/engine-events/index.js';
import { healthRoutes, type ReadinessChecks } from './routes/health/index.js';

export interface AppDeps {
  config: Config;
  log: Logger;
  checks: ReadinessChecks;
  /** the domain; without it only the probes and the UI are served */
  services?: DomainServices;
}

/** Builds the HTTP app: external plugins, then app plugins, then routes. */
export async function buildApp({ config, log, checks, services }: AppDeps) {
  const app = Fastify({
    loggerInstance: log,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1_048_576,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).type('application/problem+json').send({
      type: 'about:blank', title: 'Not Found', status: 404, code: 'ROUTE_NOT_FOUND',
      detail: `No route ${req.method} ${req.url.split('?')[0]}`, message: { zh: '没有这个地址', en: 'No such route' },
    });
  });

  await app.register(healthRoutes, { checks });
  if (services && config.engineEventsToken) {
    await app.register(engineEventRoutes, { tasks: services.tasks, incidents: services.incidents, token: config.engineEventsToken });
  }

  const uiDir = resolve(config.uiDistDir);
  if (existsSync(resolve(uiDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: uiDir, prefix: '/', index: 'index.html' });
  } else {
    log.warn({ uiDir }, 'the modeler UI is not built (npm run build:ui); / serves nothing');
  }
  return app;
}
export type App = Awaited<ReturnType<typeof buildApp>>;
