import { resolve } from 'node:path';
import { loadConfig } from '../config/index.js';
import { createLogger } from '../config/logger.js';
import { createEngine, deployProcesses, type PlatformEngine } from '../infra/engine/index.js';
import { connectStore, disconnectStore } from '../infra/store.js';
import { migrateStore } from '../domain/migrations.js';
import { createDomainServices } from '../domain/services.js';
import { startWorkers } from './start.js';
import { smsGatewayFor } from '../infra/sms.js';

/** The job workers on their own (production; scale with `docker compose up --scale workers=N`). */
async function main() {
  const config = loadConfig();
  const log = createLogger(config, 'workers');
  let engine: PlatformEngine | undefined;
  let stopWorkers: (() => Promise<void>) | undefined;
  try {
    await connectStore(config.store.uri, log, migrateStore);
    engine = await createEngine(config, log);
    const services = createDomainServices({ engine: engine.port, config, log, sms: smsGatewayFor(config.sms) });
    engine.port.onEvent(async (event) => { await services.engineEvents.apply(event); });
    await services.certificates.ready(config.certificates.keyDirConfigured);
    await engine.port.start();
    // A file the engine already holds keeps its version: a restart never rolls back a model deployed from the modeler.
    for (const d of await deployProcesses(engine.port, resolve('processes'), log)) {
      await services.processModels.registerDeployed(d.xml, { version: d.version, key: d.definitionKey }, new Date());
    }
    // 日统计、周通报、月总结、季考核: one schedule for the platform, started on its first start
    await services.reports.ensureSchedule();
    stopWorkers = startWorkers(engine.port, services, log);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
  } catch (err) {
    log.fatal({ err }, 'workers failed');
    process.exitCode = 1;
  } finally {
    await stopWorkers?.();
    await engine?.port.close();
    await disconnectStore();
  }
}

void main();
