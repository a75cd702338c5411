import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pino } from 'pino';
import { buildApp, type App } from '../../api/app.js';
import { loadConfig } from '../../config/index.js';
import { seedDemo } from '../../domain/demo/seed.service.js';
import { migrateStore } from '../../domain/migrations.js';
import { createDomainServices } from '../../domain/services.js';
import { createEngine, deployProcesses, type PlatformEngine } from '../../infra/engine/index.js';
import { createLocalFileStorage } from '../../infra/file-storage.js';
import { connectStore, disconnectStore, pingStore } from '../../infra/store.js';
import { isStale } from '../../local/child.js';
import { startLocalServices } from '../../local/services.js';
import { startWorkers } from '../../workers/start.js';
import { setPlatform } from '../support/platform.js';

// Tests get their own data folder and ports, so they run beside a platform started with `npm start`.
const testDefaults: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'error',
  DATA_DIR: 'data/test',
  PORT: '3117',
  UPLOAD_MAX_BYTES: '65536',
  ENGINE_CLOCK_CONTROLLED: 'true',
  LOCAL_STORE_PORT: '27117',
};
for (const [key, value] of Object.entries(testDefaults)) process.env[key] ??= value;
const UI_SOURCES = ['modeler-ui/src', 'modeler-ui/index.html', 'modeler-ui/vite.config.ts', 'package-lock.json'];

let stopLocal: (() => Promise<void>) | undefined;
let engine: PlatformEngine | undefined;
let app: App | undefined;
let stopWorkers: (() => Promise<void>) | undefined;

export async function mochaGlobalSetup() {
  const config = loadConfig();
  const log = pino({ name: 'test', level: config.logLevel });
  // A fresh store (and with it a fresh embedded engine) each run: nothing from an earlier run can make a test pass or fail.
  if (config.store.local) rmSync(config.dataDir, { recursive: true, force: true });
  // The API serves the modeler only if it is built when the API starts, and the browser tests must run today's sources.
  if (isStale(resolve(config.uiDistDir, 'index.html'), UI_SOURCES)) {
    const { build } = await import('vite');
    await build({ root: resolve('modeler-ui'), logLevel: 'warn', build: { outDir: resolve(config.uiDistDir) } });
  }
  const local = await startLocalServices(config, log);
  stopLocal = local.stop;
  await connectStore(config.store.uri, log, migrateStore);
  engine = await createEngine(config, log);
  const services = createDomainServices({ engine: engine.port, config, log, storage: createLocalFileStorage(config.uploads.dir) });
  engine.port.onEvent(async (event) => { await services.engineEvents.apply(event); });
  await engine.port.start();
  await seedDemo(services);
  for (const d of await deployProcesses(engine.port, resolve('processes'), log)) {
    await services.processModels.registerDeployed(d.xml, { version: d.version, key: d.definitionKey }, new Date());
  }
  // The real workers run for the whole suite, as they do on `npm start`.
  stopWorkers = startWorkers(engine.port, services, log);
  app = await buildApp({ config, log, checks: { store: pingStore, engine: () => engine!.port.health() }, services });
  await app.listen({ host: '127.0.0.1', port: config.http.port });
  // a Camunda 8 cluster's clock is its own: tests that move time run on the embedded engine only
  const clock = engine.port.kind === 'embedded' ? engine.testClock() : {
    now: () => engine!.port.now(),
    advance: () => Promise.reject(new Error('the clock of a Camunda 8 cluster is not moved by the platform')),
    moveTo: () => Promise.reject(new Error('the clock of a Camunda 8 cluster is not moved by the platform')),
  };
  setPlatform({ config, log, engine: engine.port, clock: { ...clock, add: clock.advance }, services, app });
}

export async function mochaGlobalTeardown() {
  setPlatform(undefined);
  await stopWorkers?.();
  await app?.close();
  await engine?.port.close();
  await disconnectStore();
  await stopLocal?.();
}
