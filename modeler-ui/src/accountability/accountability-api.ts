import { call } from '../shared/api';

/** 问责 (seed 001 §31): a window violation and an operator's ladder as the API shows them. */
export type Source = 'red-card' | 'complaint' | 'bad-review' | 'refusal';
export type Step = 'warning' | 'retraining' | 'referral';
export interface Violation {
  violationId: string; source: Source; operator: string; unitCode: string | null; caseNumber: string | null; caseKind: string | null;
  summary: string; at: string; state: 'pending' | 'confirmed' | 'dismissed'; step: Step | null; position: number | null;
  decision: { by: string; at: string; reason: string } | null; statement: { text: string; at: string } | null;
}
export interface Ladder {
  operator: string; realName: string; unitCode: string | null; activation: string | null; count: number; step: Step | null; nextStep: Step;
  resetsAt: string | null; retraining: { since: string; posts: string[] } | null;
}
export interface OperatorRecord { ladder: Ladder; violations: Violation[]; resetMonths: number }
const path = (id: string, action: string) => `/api/accountability/violations/${encodeURIComponent(id)}/${action}`;

export const accountabilityApi = {
  violations: async (state?: Violation['state']) => (await call<{ violations: Violation[] }>('GET', `/api/accountability/violations${state ? `?state=${state}` : ''}`)).violations,
  operators: () => call<{ operators: Ladder[]; resetMonths: number }>('GET', '/api/accountability/operators'),
  mine: () => call<OperatorRecord>('GET', '/api/accountability/mine'),
  pendingCount: async () => (await call<{ pending: number }>('GET', '/api/accountability/pending-count')).pending,
  confirm: (id: string, reason: string) => call<Violation>('POST', path(id, 'confirm'), { body: { reason } }),
  dismiss: (id: string, reason: string) => call<Violation>('POST', path(id, 'dismiss'), { body: { reason } }),
  state: (id: string, text: string) => call<Violation>('POST', path(id, 'statement'), { body: { text } }),
  refusal: (caseNumber: string, reason: string) => call<Violation>('POST', '/api/accountability/refusals', { body: { caseNumber, reason } }),
};
