import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import AjvCompiler from '@fastify/ajv-compiler';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { errorHandler } from './plugins/error-handler.js';
import { addStandardProblems } from './plugins/standard-problems.js';
import type { DomainServices } from '../domain/services.js';
import { authPlugin } from './plugins/auth.js';
import { accountRoutes } from './routes/accounts/index.js';
import { applicationRoutes } from './routes/applications/index.js';
import { appointmentRoutes } from './routes/appointments/index.js';
import { authRoutes } from './routes/auth/index.js';
import { engineEventRoutes } from './routes/engine-events/index.js';
import { processRoutes } from './routes/processes/index.js';
import { auditRoutes } from './routes/audit/index.js';
import { stockRoutes } from './routes/stock/index.js';
import { calendarRoutes } from './routes/calendar/index.js';
import { guideRoutes } from './routes/guides/index.js';
import { certificateRoutes } from './routes/certificates/index.js';
import { itemRoutes } from './routes/items/index.js';
import { incidentRoutes } from './routes/incidents/index.js';
import { noticeRoutes } from './routes/notices/index.js';
import { evaluationRoutes } from './routes/evaluations/index.js';
import { auditKeeper } from './plugins/audit-keeper.js';
import { taskRoutes } from './routes/tasks/index.js';
import { consultationRoutes } from './routes/consultations/index.js';
import { rectificationRoutes } from './routes/rectifications/index.js';
import { complaintRoutes } from './routes/complaints/index.js';
import { forecastRoutes } from './routes/forecast/index.js';
import { assessmentRoutes } from './routes/assessment/index.js';
import { accountabilityRoutes } from './routes/accountability/index.js';
import { supervisionRoutes } from './routes/supervision/index.js';
import { reportRoutes } from './routes/reports/index.js';
import { packageRoutes } from './routes/packages/index.js';
import { healthRoutes, type ReadinessChecks } from './routes/health/index.js';

const MAX_PARAM_LENGTH = 500;
const AJV_OPTIONS = { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } as const;

/** Why a text is not JSON, in the parser's words; undefined when it is JSON (refused for another reason). */
function jsonBreak(text: string): Error | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    return err as Error;
  }
}

export interface AppDeps {
  config: Config;
  log: Logger;
  checks: ReadinessChecks;
  /** the domain; without it only the probes and the UI are served */
  services?: DomainServices;
}

/**
 * A query parameter whose schema says `deprecated: true` is marked deprecated on the parameter itself, where
 * OpenAPI readers look for it (@fastify/swagger leaves the keyword inside the parameter's schema).
 */
function markDeprecatedParameters<T>(doc: T): T {
  const paths = (doc as { paths?: Record<string, Record<string, { parameters?: { deprecated?: boolean; schema?: { deprecated?: boolean } }[] }>> }).paths ?? {};
  for (const ops of Object.values(paths)) {
    for (const op of Object.values(ops)) {
      for (const p of op.parameters ?? []) if (p.schema?.deprecated) p.deprecated = true;
    }
  }
  return doc;
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
    // longer than any key a route takes (an incident key may run to 161 characters), so a long one meets the schema
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // a URL Fastify cannot read answers as a problem document too
    frameworkErrors: (err, req, reply) => errorHandler(err, req, reply),
    ajv: { customOptions: AJV_OPTIONS },
    // parameters arrive as text and are read as the numbers and booleans they declare; a JSON body says its
    // types itself, so `true` or 12345 sent where text belongs is refused rather than taken as "true" or "12345"
    schemaController: {
      compilersFactory: {
        buildValidator: (external, options) => {
          const lenient = AjvCompiler()(external, options);
          const exact = AjvCompiler()(external, { ...options, customOptions: { ...AJV_OPTIONS, coerceTypes: false } } as typeof options);
          const compile = (route: { schema: object; httpPart?: string }) => (route.httpPart === 'body' ? exact : lenient)(route as never);
          return compile as never;
        },
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // every route, kept in a router of our own, so that a known path asked with another method gets 405 and Allow;
  // catch-alls (the modeler's files, /api/*) know no path, so they are left out
  const known = FindMyWay({ maxParamLength: MAX_PARAM_LENGTH });
  app.addHook('onRoute', (route) => {
    if (route.url.endsWith('*')) return;
    for (const method of [route.method].flat()) if (method !== 'HEAD') known.on(method as HTTPMethod, route.url, () => undefined);
  });
  app.addHook('onRoute', addStandardProblems);
  app.setErrorHandler(errorHandler);
  // Bodies are JSON (and multipart for uploads, below); text is refused with 415 rather than handed to a route as a string.
  app.removeContentTypeParser('text/plain');
  // An empty body sent as JSON means no body (curl -H 'content-type: application/json' -X POST …); anything else
  // goes through Fastify's own parser, with its prototype-poisoning protection.
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (body === '') return done(null, undefined);
    // Fastify's refusal drops where the text breaks; the plain parser finds it again for the problem document
    return jsonParser(req, body as string, (err, value) => done(err ? Object.assign(err, { cause: jsonBreak(body as string) }) : null, value));
  });

  // external plugins
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'], 'script-src': ["'self'"] } },
  });
  await app.register(fastifyRateLimit, { global: false, errorResponseBuilder: (_req, ctx) => ({
    statusCode: 429, message: `too many requests: at most ${ctx.max} per ${ctx.after}`, zh: `请求过于频繁：此处最多 ${ctx.max} 次，请 ${Math.ceil(ctx.ttl / 1000)} 秒后再试`,
  }) });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: '政务服务平台 API · Government services platform API', version: '0.1.0', description: 'Staff, applicants and auditors. Errors are application/problem+json with a stable code; every operation lists each status it can answer, and x-roles names the roles that may call it.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transformObject: (documentObject) => markDeprecatedParameters('openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject),
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(fastifyMultipart, { limits: { fileSize: config.uploads.maxBytes, files: 1, fields: 0, parts: 1 } });
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  const uiDir = resolve(config.uiDistDir);
  const uiBuilt = existsSync(resolve(uiDir, 'index.html'));
  // the web app's own pages (/todo, /cases/…): a browser asking for one gets the app, which routes it
  const isAppPage = (req: FastifyRequest, path: string) =>
    uiBuilt && req.method === 'GET' && !/^\/(api|internal|health|ready|openapi|docs)(\/|$|\.)/.test(path) && !/\.[a-z0-9]{1,8}$/i.test(path)
    && (req.headers.accept ?? '').includes('text/html');
  const noRoute = (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0]!;
    if (isAppPage(req, path)) return void reply.type('text/html; charset=utf-8').sendFile('index.html');
    const allowed = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => m !== req.method && known.find(m as HTTPMethod, path));
    if (allowed.length) {
      void reply.code(405).header('allow', allowed.join(', ')).type('application/problem+json').send({
        type: 'about:blank', title: 'Method Not Allowed', status: 405, code: 'METHOD_NOT_ALLOWED', requestId: req.id,
        detail: `${path} does not take ${req.method}; it takes ${allowed.join(', ')}`,
        message: { zh: `该地址不支持 ${req.method} 请求（支持 ${allowed.join('、')}）`, en: `${path} does not take ${req.method}; it takes ${allowed.join(', ')}` },
      });
      return;
    }
    void reply.code(404).type('application/problem+json').send({
      type: 'about:blank', title: 'Not Found', status: 404, code: 'ROUTE_NOT_FOUND', requestId: req.id,
      detail: `No route ${req.method} ${path}`, message: { zh: `没有这个地址：${req.method} ${path}`, en: `No route ${req.method} ${path}` },
    });
  };
  app.setNotFoundHandler(noRoute);
  // Under /api nothing falls through to the modeler's files: a path no route takes (a key longer than the router
  // reads, say) is refused here as a problem document.
  app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/api/*', config: { access: 'public' }, schema: { hide: true }, handler: noRoute });

  await app.register(healthRoutes, { checks });
  if (services) {
    // app plugins, then routes
    await app.register(authPlugin, { security: config.security, accounts: services.accounts, sessions: services.sessions });
    await app.register(authRoutes, { services, session: { accessTokenMinutes: config.security.accessTokenMinutes, idleMinutes: config.security.idleMinutes } });
    await app.register(accountRoutes, { services });
    await app.register(applicationRoutes, { services });
    await app.register(taskRoutes, { services });
    await app.register(processRoutes, { services });
    await app.register(auditRoutes, { services });
    await app.register(stockRoutes, { services });
    await app.register(itemRoutes, { services });
    await app.register(guideRoutes, { services });
    await app.register(appointmentRoutes, { services });
    await app.register(consultationRoutes, { services });
    await app.register(complaintRoutes, { services });
    await app.register(reportRoutes, { services });
    await app.register(certificateRoutes, { services });
    await app.register(incidentRoutes, { services });
    await app.register(noticeRoutes, { services });
    await app.register(evaluationRoutes, { services });
    await app.register(rectificationRoutes, { services });
    await app.register(forecastRoutes, { services });
    await app.register(calendarRoutes, { services });
    await app.register(assessmentRoutes, { services });
    await app.register(accountabilityRoutes, { services });
    await app.register(supervisionRoutes, { services });
    await app.register(packageRoutes, { services });
    await app.register(auditKeeper, { audit: services.audit, headLogMinutes: config.audit.headLogMinutes, mendAfterSeconds: config.audit.mendAfterSeconds, now: services.now });
    if (config.engine.kind === 'camunda8' && config.engineEventsToken) {
      // Self-Managed Camunda 8 only: the engine-records exporter posts the cluster's records here
      await app.register(engineEventRoutes, { apply: (e) => services.engineEvents.apply(e), token: config.engineEventsToken });
    }
  }

  if (uiBuilt) {
    await app.register(fastifyStatic, { root: uiDir, prefix: '/', index: 'index.html' });
  } else {
    log.warn({ uiDir }, 'the modeler UI is not built (npm run build:ui); / serves nothing');
  }
  return app;
}
export type App = Awaited<ReturnType<typeof buildApp>>;
