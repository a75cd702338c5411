import type { TaskRecord as Task } from './task.repository.js';

/** One step of a case as the next operator reads it: who did it, when, the decision and the words given. */
export interface StepRecord {
  userTaskKey: string;
  step: string;
  by: string | null;
  at: Date | null;
  /** the step's decision as the process reads it (accepted, approved, match, in-person, …) */
  decision: string | null;
  opinion: string | null;
  /** reasons, missing materials, mismatches or missing serials: whatever list the step gave */
  reasons: string[];
  /** further facts: the confirmed number, the proxy's name, the tracking number, the allocation */
  details: Record<string, string>;
}

const DECISIONS = ['acceptDecision', 'reviewDecision', 'approveDecision', 'decideDecision', 'verifyResult', 'handover', 'issueMethod', 'answerDecision', 'confirmResult'] as const;
const OPINIONS = ['reviewOpinion', 'approveOpinion', 'decideOpinion', 'answerNote', 'exchangeNote'] as const;
const LISTS = ['missingMaterials', 'refusalReasons', 'notApprovedReasons', 'verifyMismatches', 'missingSerials'] as const;
const DETAILS = ['documentNumberConfirmed', 'proxyName', 'courierTrackingNumber'] as const;

/** Reads a completed step back from the variables its completion handed to the engine (the step contract's output). */
export function stepRecordOf(task: Task): StepRecord {
  const v = (task.result ?? {}) as Record<string, unknown>;
  const text = (x: unknown) => (typeof x === 'string' && x ? x : null);
  const details: Record<string, string> = {};
  for (const k of DETAILS) if (text(v[k])) details[k] = v[k] as string;
  const allocation = v.allocation as { firstSerial?: string; count?: number } | undefined;
  if (allocation?.firstSerial) details.allocation = `${allocation.firstSerial} × ${allocation.count ?? 0}`;
  return {
    userTaskKey: task.userTaskKey, step: task.step, by: task.completedBy ?? task.assignee ?? null, at: task.completedAt ?? null,
    decision: DECISIONS.map((k) => text(v[k])).find(Boolean) ?? null,
    opinion: OPINIONS.map((k) => text(v[k])).find(Boolean) ?? null,
    reasons: LISTS.flatMap((k) => (Array.isArray(v[k]) ? (v[k] as unknown[]).map(String) : [])),
    details,
  };
}
