import { rmSync } from 'node:fs';
import { pino } from 'pino';
import { loadConfig } from '../../config/index.js';
import { createEngineClient, engineClock } from '../../infra/engine.js';
import { connectStore, disconnectStore } from '../../infra/store.js';
import { startLocalServices } from '../../local/services.js';
import { setPlatform } from '../support/platform.js';

// Tests get their own data folder and ports, so they run beside a platform started with `npm start`.
const testDefaults: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'warn',
  DATA_DIR: 'data/test',
  ENGINE_CLOCK_CONTROLLED: 'true',
  LOCAL_STORE_PORT: '27117',
  LOCAL_ENGINE_GRPC_PORT: '26600',
  LOCAL_ENGINE_REST_PORT: '8088',
  LOCAL_ENGINE_MANAGEMENT_PORT: '9688',
};
for (const [key, value] of Object.entries(testDefaults)) process.env[key] ??= value;

let stopLocal: (() => Promise<void>) | undefined;
let closeEngine: (() => Promise<void>) | undefined;

export async function mochaGlobalSetup() {
  const config = loadConfig();
  const log = pino({ name: 'test', level: config.logLevel });
  // A fresh engine and store each run: nothing from an earlier run can make a test pass or fail.
  if (config.store.local && config.engine.local) rmSync(config.dataDir, { recursive: true, force: true });
  stopLocal = (await startLocalServices(config, log)).stop;
  await connectStore(config.store.uri, log);
  const engine = createEngineClient(config.engine);
  closeEngine = engine.close;
  setPlatform({ config, log, engine, clock: engineClock(config.engine.managementAddress) });
}

export async function mochaGlobalTeardown() {
  setPlatform(undefined);
  await closeEngine?.();
  await disconnectStore();
  await stopLocal?.();
}
