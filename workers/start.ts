import type { Logger } from 'pino';
import type { EnginePort } from '../domain/engine/engine.port.js';
import type { DomainServices } from '../domain/services.js';
import { workers } from './index.js';
import { runJob } from './worker.js';

/** Subscribes every registered worker to the engine; returns a function that stops them. */
export function startWorkers(engine: EnginePort, services: DomainServices, log: Logger, registry = workers) {
  const running = registry.map((worker) =>
    engine.subscribeJobs(worker.type, (job) => runJob(worker, job, services, log), { maxJobs: 16, timeoutMs: 60_000 }));
  log.info({ types: registry.map((w) => w.type) }, 'workers started');
  return async () => {
    await Promise.all(running.map((w) => w.close()));
  };
}
