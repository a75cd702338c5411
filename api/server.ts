import { loadConfig } from '../config/index.js';
import { createLogger } from '../config/logger.js';
import { createEngine, type PlatformEngine } from '../infra/engine/index.js';
import { createLocalFileStorage } from '../infra/file-storage.js';
import { connectStore, disconnectStore, pingStore } from '../infra/store.js';
import { migrateStore } from '../domain/migrations.js';
import { createDomainServices } from '../domain/services.js';
import { buildApp, type App } from './app.js';
import { smsGatewayFor } from '../infra/sms.js';

/** The API on its own (production): the store, and a Camunda 8 cluster if one is used, run elsewhere. */
async function main() {
  const config = loadConfig();
  const log = createLogger(config, 'api');
  let engine: PlatformEngine | undefined;
  let app: App | undefined;
  try {
    await connectStore(config.store.uri, log, migrateStore);
    engine = await createEngine(config, log);
    const services = createDomainServices({ engine: engine.port, config, log, sms: smsGatewayFor(config.sms), storage: createLocalFileStorage(config.uploads.dir) });
    engine.port.onEvent(async (event) => { await services.engineEvents.apply(event); });
    await services.certificates.ready(config.certificates.keyDirConfigured);
    // the workers' process takes over the jobs a crash left; the API only commands and delivers events
    await engine.port.start({ takeOverJobs: false });
    const started = engine;
    app = await buildApp({ config, log, checks: { store: pingStore, engine: () => started.port.health() }, services });
    await app.listen({ host: config.http.host, port: config.http.port });
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
  } catch (err) {
    log.fatal({ err }, 'api failed');
    process.exitCode = 1;
  } finally {
    await app?.close();
    await engine?.port.close();
    await disconnectStore();
  }
}

void main();
