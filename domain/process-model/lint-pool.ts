import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { DomainError, type ErrorKind } from '../shared/domain-error.js';
import type { LintIssue, LintTarget } from './process-lint.js';
import type { ProcessContract } from './platform-contract.js';

export interface ModelAnalysis {
  lint: { errors: LintIssue[]; warnings: LintIssue[]; parseWarnings: string[] };
  processes: { id: string; name: string | null; executable: boolean }[];
  calls: { elementId: string; processId: string }[];
  contract: ProcessContract;
  /** the worker thread that did the work (0 would be the main thread) */
  thread: number;
}
type Answer = { ok: true; result: ModelAnalysis } | { ok: false; error: { code: string; kind: ErrorKind; message: string; zh: string } };

// the worker file next to this one: .ts when run from source (the loader is inherited), .js when built
const here = fileURLToPath(import.meta.url);
const filename = here.replace(/lint-pool\.(ts|js)$/, (_m, ext: string) => `lint-worker.${ext}`);
let pool: Piscina | undefined;

/**
 * Checks a model in a worker thread, so that one large model never stalls the requests of everyone else.
 * At most two checks run at once; more wait their turn.
 */
export async function analyseOffThread(xml: string, target: LintTarget): Promise<ModelAnalysis> {
  pool ??= new Piscina({ filename, maxThreads: 2, minThreads: 0, idleTimeout: 5_000 });
  const answer = (await pool.run({ xml, target })) as Answer;
  if (!answer.ok) throw new DomainError(answer.error.code, answer.error.kind, { zh: answer.error.zh, en: answer.error.message });
  return answer.result;
}

/** Stops the threads (at shutdown). */
export async function closeLintPool() {
  await pool?.destroy();
  pool = undefined;
}
