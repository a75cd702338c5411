import type { Logger } from 'pino';
import type { EngineClient } from '../infra/engine.js';
import { workers } from './index.js';
import { runJob, type JobLike } from './worker.js';
import type { DomainServices } from '../domain/services.js';

/** Subscribes every registered worker to the engine; returns a function that stops them. */
export function startWorkers(engine: EngineClient, services: DomainServices, log: Logger, registry = workers) {
  const running = registry.map((worker) =>
    engine.zeebe.createWorker({
      taskType: worker.type,
      timeout: 60_000,
      maxJobsToActivate: 16,
      stdout: silentLogger,
      taskHandler: async (job) => {
        let ack: Awaited<ReturnType<typeof job.complete>> | undefined;
        const keep = <T extends typeof ack>(p: Promise<T>) => p.then((a) => (ack = a));
        const like: JobLike = {
          key: job.key,
          type: job.type,
          processInstanceKey: job.processInstanceKey,
          elementId: job.elementId,
          retries: job.retries,
          variables: job.variables as Record<string, unknown>,
          customHeaders: job.customHeaders as Record<string, string | number>,
          complete: (variables) => keep(job.complete(variables as Parameters<typeof job.complete>[0])),
          fail: (config) => keep(job.fail(config)),
          error: (code, message) => keep(job.error(code, message)),
        };
        await runJob(worker, like, services, log);
        if (ack === undefined) throw new Error(`worker ${worker.type} returned without acknowledging job ${job.key}`);
        return ack;
      },
    }),
  );
  log.info({ types: registry.map((w) => w.type) }, 'workers started');
  return async () => {
    await Promise.all(running.map((w) => w.close()));
  };
}

const silentLogger = { info: () => undefined, error: () => undefined, debug: () => undefined };
