import type { JobLike } from '../../workers/worker.js';
import { uniqueKey } from './platform.js';

/** A job as the engine hands it to a worker, recording what the worker answered. */
export function fakeJob(type: string, variables: Record<string, unknown>, options: { key?: string; headers?: Record<string, string>; retries?: number; processInstanceKey?: string } = {}) {
  const calls: { action: 'complete' | 'fail' | 'error'; payload: unknown }[] = [];
  const job: JobLike = {
    key: options.key ?? uniqueKey('job'), type, processInstanceKey: options.processInstanceKey ?? '1', elementId: type, retries: options.retries ?? 3,
    variables, customHeaders: options.headers ?? {},
    complete: async (v) => calls.push({ action: 'complete', payload: v }),
    fail: async (c) => calls.push({ action: 'fail', payload: c }),
    error: async (code, message) => calls.push({ action: 'error', payload: { code, message } }),
  };
  return { job, calls };
}
