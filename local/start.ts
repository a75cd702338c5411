import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pino } from 'pino';
import { buildApp } from '../api/app.js';
import { loadConfig, ConfigError } from '../config/index.js';
import { createEngine, deployProcesses } from '../infra/engine/index.js';
import { createLocalFileStorage } from '../infra/file-storage.js';
import { connectStore, disconnectStore, pingStore } from '../infra/store.js';
import { DEMO_PASSWORD } from '../domain/demo/demo-data.js';
import { seedDemo } from '../domain/demo/seed.service.js';
import { migrateStore } from '../domain/migrations.js';
import { createDomainServices } from '../domain/services.js';
import { startWorkers } from '../workers/start.js';
import { startLocalServices } from './services.js';
import { smsGatewayFor } from '../infra/sms.js';

/** `npm start`: the whole platform on one machine — store, engine, processes, workers, API and UI. */
async function main() {
  const began = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = pino({ name: 'platform', level: config.logLevel, transport: process.stdout.isTTY ? { target: 'pino-pretty', options: { ignore: 'pid,hostname' } } : undefined });

  const cleanups: (() => Promise<unknown>)[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping');
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err: unknown) => log.error({ err }, 'cleanup failed'));
    }
    log.info('stopped');
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  try {
    if (!existsSync(resolve(config.uiDistDir, 'index.html'))) {
      log.info('building the modeler UI (first run only)');
      const { build } = await import('vite');
      await build({ root: resolve('modeler-ui'), logLevel: 'warn' });
    }
    const local = await startLocalServices(config, log);
    cleanups.push(local.stop); // cleanups run last-first: the store stops after everything that uses it
    await connectStore(config.store.uri, log, migrateStore);
    cleanups.push(disconnectStore);
    const engine = await createEngine(config, log);
    const services = createDomainServices({ engine: engine.port, config, log, sms: smsGatewayFor(config.sms), storage: createLocalFileStorage(config.uploads.dir) });
    engine.port.onEvent(async (event) => { await services.engineEvents.apply(event); });
    await services.certificates.ready(config.certificates.keyDirConfigured);
    await engine.port.start();
    cleanups.push(() => engine.port.close());
    const seeded = await seedDemo(services);
    log.info(seeded, 'demo catalogue and accounts loaded (only what was missing)');
    for (const d of await deployProcesses(engine.port, resolve('processes'), log)) {
      await services.processModels.registerDeployed(d.xml, { version: d.version, key: d.definitionKey }, new Date());
    }
    // 日统计、周通报、月总结、季考核: one schedule for the platform, started on its first start
    await services.reports.ensureSchedule();
    const stopWorkers = startWorkers(engine.port, services, log);
    cleanups.push(stopWorkers);
    const app = await buildApp({ config, log, checks: { store: pingStore, engine: () => engine.port.health() }, services });
    cleanups.push(() => app.close());
    const address = await app.listen({ host: config.http.host, port: config.http.port });

    const seconds = ((Date.now() - began) / 1000).toFixed(1);
    process.stdout.write([
      '',
      `  Platform ready in ${seconds}s`,
      `  Modeler UI       ${address}/`,
      `  Health / ready   ${address}/health   ${address}/ready`,
      `  Engine           ${engine.describe}`,
      `  Store            ${config.store.local ? `local MongoDB-wire server ${config.store.uri}` : 'MONGODB_URI'}`,
      `  Data             ${resolve(config.dataDir)}`,
      `  API docs         ${address}/docs   (OpenAPI: ${address}/openapi.json)`,
      `  Demo logins      binhu.acceptor, health.reviewer, health.decider, binhu.closer, citizen.wang, supervisor, auditor, owner.health, office.zhang, office.li, admin, … password ${DEMO_PASSWORD} (README: walk-through)`,
      '  Stop with Ctrl-C',
      '',
    ].join('\n') + '\n');
  } catch (err) {
    log.fatal({ err }, 'the platform failed to start');
    await shutdown(1);
  }
}

void main();
