import { loadConfig } from '../config/index.js';
import { createLogger } from '../config/logger.js';
import { createEngineClient } from '../infra/engine.js';
import { createLocalFileStorage } from '../infra/file-storage.js';
import { connectStore, disconnectStore, pingStore } from '../infra/store.js';
import { createDomainServices } from '../domain/services.js';
import { buildApp } from './app.js';

/** The API on its own (production): the engine and the store are already running elsewhere. */
async function main() {
  const config = loadConfig();
  const log = createLogger(config, 'api');
  const engine = createEngineClient(config.engine);
  try {
    await connectStore(config.store.uri, log);
    const services = createDomainServices({ engine, config, log, storage: createLocalFileStorage(config.uploads.dir) });
    const app = await buildApp({ config, log, checks: { store: pingStore, engine: engine.topology }, services });
    const stop = async () => {
      await app.close();
      await engine.close();
      await disconnectStore();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await app.listen({ host: config.http.host, port: config.http.port });
  } catch (err) {
    log.fatal({ err }, 'api failed to start');
    await engine.close();
    await disconnectStore();
    process.exit(1);
  }
}

void main();
