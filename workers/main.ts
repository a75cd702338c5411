import { loadConfig } from '../config/index.js';
import { createLogger } from '../config/logger.js';
import { resolve } from 'node:path';
import { createEngineClient, deployProcesses } from '../infra/engine.js';
import { connectStore, disconnectStore } from '../infra/store.js';
import { createDomainServices } from '../domain/services.js';
import { startWorkers } from './start.js';

/** The job workers on their own (production; scale with `docker compose up --scale workers=N`). */
async function main() {
  const config = loadConfig();
  const log = createLogger(config, 'workers');
  const engine = createEngineClient(config.engine);
  try {
    await connectStore(config.store.uri, log);
    // Every replica deploys; the engine keeps one version per unchanged file.
    await deployProcesses(engine, resolve('processes'), log);
    const stopWorkers = startWorkers(engine, createDomainServices({ engine, config, log }), log);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await stopWorkers();
  } catch (err) {
    log.fatal({ err }, 'workers failed');
    process.exitCode = 1;
  } finally {
    await engine.close();
    await disconnectStore();
  }
}

void main();
