import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pino } from 'pino';
import { buildApp, type App } from '../../api/app.js';
import { loadConfig } from '../../config/index.js';
import { seedDemo } from '../../domain/demo/seed.service.js';
import { createDomainServices } from '../../domain/services.js';
import { createEngineClient, deployProcesses, engineClock } from '../../infra/engine.js';
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
  LOCAL_ENGINE_GRPC_PORT: '26600',
  LOCAL_ENGINE_REST_PORT: '8088',
  LOCAL_ENGINE_MANAGEMENT_PORT: '9688',
};
for (const [key, value] of Object.entries(testDefaults)) process.env[key] ??= value;
const UI_SOURCES = ['modeler-ui/src', 'modeler-ui/index.html', 'modeler-ui/vite.config.ts', 'package-lock.json'];

let stopLocal: (() => Promise<void>) | undefined;
let closeEngine: (() => Promise<void>) | undefined;
let app: App | undefined;
let stopWorkers: (() => Promise<void>) | undefined;

export async function mochaGlobalSetup() {
  const config = loadConfig();
  const log = pino({ name: 'test', level: config.logLevel });
  // A fresh engine and store each run: nothing from an earlier run can make a test pass or fail.
  if (config.store.local && config.engine.local) rmSync(config.dataDir, { recursive: true, force: true });
  // The API serves the modeler only if it is built when the API starts, and the browser tests must run today's sources.
  if (isStale(resolve(config.uiDistDir, 'index.html'), UI_SOURCES)) {
    const { build } = await import('vite');
    await build({ root: resolve('modeler-ui'), logLevel: 'warn', build: { outDir: resolve(config.uiDistDir) } });
  }
  const engine = createEngineClient(config.engine);
  closeEngine = engine.close;
  const services = createDomainServices({ engine, config, log, storage: createLocalFileStorage(config.uploads.dir) });
  const local = await startLocalServices(config, log, async () => {
    await connectStore(config.store.uri, log);
    await seedDemo(services);
    app = await buildApp({ config, log, checks: { store: pingStore, engine: engine.topology }, services });
    await app.listen({ host: '127.0.0.1', port: config.http.port });
  });
  stopLocal = local.stop;
  for (const d of await deployProcesses(engine, resolve('processes'), log)) {
    await services.processModels.registerDeployed(readFileSync(d.file, 'utf8'), d, new Date());
  }
  // The real workers run for the whole suite, as they do on `npm start`.
  stopWorkers = startWorkers(engine, services, log);
  setPlatform({ config, log, engine, clock: engineClock(config.engine.managementAddress), services, app: app! });
}

export async function mochaGlobalTeardown() {
  setPlatform(undefined);
  await stopWorkers?.();
  await app?.close();
  await closeEngine?.();
  await disconnectStore();
  await stopLocal?.();
}
