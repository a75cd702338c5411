import { threadId } from 'node:worker_threads';
import { DomainError } from '../shared/domain-error.js';
import { calledProcesses, readModel } from './model-reader.js';
import { contractOf } from './platform-contract.js';
import { lintBpmn, type LintTarget } from './process-lint.js';

/** Runs in a worker thread: one model read and checked, a refusal carried back as plain data. */
export default async function analyseInWorker({ xml, target }: { xml: string; target: LintTarget }) {
  try {
    const lint = await lintBpmn(xml, target);
    const { definitions, processes } = await readModel(xml);
    return { ok: true as const, result: { lint, processes, calls: calledProcesses(definitions), contract: contractOf(definitions), thread: threadId } };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false as const, error: { code: err.code, kind: err.kind, message: err.message, zh: err.zh } };
    throw err;
  }
}
