import type { Static, TObject } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Logger } from 'pino';
import type { DomainServices } from '../domain/services.js';
import type { JobLike } from '../domain/engine/engine.port.js';

export type { JobLike } from '../domain/engine/engine.port.js';

export interface WorkerDefinition<S extends TObject = TObject> {
  /** the job type, verb-noun in kebab case; the worker file carries the same name */
  type: string;
  /** the job variables the handler reads, validated before it runs */
  variables: S;
  handle(variables: Static<S>, context: { services: DomainServices; log: Logger; job: JobLike; header(name: string): string }): Promise<Record<string, unknown>>;
}

export function defineWorker<S extends TObject>(definition: WorkerDefinition<S>): WorkerDefinition<S> {
  return definition;
}

const RETRY_BACKOFF_MS = 5_000;

/** Runs one job through its worker; every path acknowledges the job exactly once. */
export async function runJob(worker: WorkerDefinition, job: JobLike, services: DomainServices, log: Logger): Promise<void> {
  const jobLog = log.child({ jobKey: job.key, jobType: job.type, processInstanceKey: job.processInstanceKey });
  const variables = Value.Clean(worker.variables, structuredClone(job.variables));
  if (!Value.Check(worker.variables, variables)) {
    const problems = [...Value.Errors(worker.variables, variables)].map((e) => `${e.path || '/'} ${e.message}`).join('; ');
    jobLog.error({ problems }, 'job variables invalid');
    // Retrying cannot fix the input: raise an incident at once.
    await job.fail({ errorMessage: `invalid job variables: ${problems}`, retries: 0 });
    return;
  }
  let output: Record<string, unknown>;
  try {
    const header = (name: string) => {
      const value = job.customHeaders[name];
      if (value === undefined || value === '') throw new Error(`the task ${job.elementId} has no header ${name}`);
      return String(value);
    };
    output = await worker.handle(variables, { services, log: jobLog, job, header });
  } catch (err) {
    // no process models an error boundary event on a service task: every failure goes back to the engine for a retry
    jobLog.warn({ err, retriesLeft: job.retries - 1 }, 'job failed; the engine will retry');
    await job.fail({ errorMessage: (err as Error).message, retries: Math.max(job.retries - 1, 0), retryBackOff: RETRY_BACKOFF_MS });
    return;
  }
  try {
    await job.complete(output);
  } catch (err) {
    // the job went away meanwhile (its instance ended, or it timed out and comes again): the work is stored once either way
    jobLog.warn({ err: (err as Error).message }, 'the engine did not take the completion');
  }
}
