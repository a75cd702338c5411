import { call } from '../shared/api';

/** 差评整改 (seed 004 §37): a bad review's rectification as the API shows it. */
export type RectificationState = 'open' | 'recheck' | 'invalid' | 'rectifying' | 'rectified' | 'followed-up';
export type Verdict = 'invalid' | 'simple' | 'complex';
export type InvalidKind = 'untrue' | 'mistaken' | 'malicious';
export interface Rectification {
  rectificationId: string; ratingId: string; subject: { kind: string; id: string }; itemCode: string; grade: string; comment: string | null;
  realName: boolean; handlingUnit: string | null; state: RectificationState; openedAt: string; contactedAt: string | null; dueAt: string | null;
  closedAt: string | null; stepDueAt: string | null; result: string | null; onTime: boolean | null;
  verification: { contact: string; finding: string; verdict: Verdict; invalidKind: InvalidKind | null; by?: string; at: string } | null;
  recheck: { passed: boolean; opinion: string; by?: string; at: string } | null;
  extension: { days: number; reason: string; originalDueAt: string; by?: string; at: string } | null;
  outcome: { measures: string; by?: string; at: string } | null;
  followUp: { reached: boolean; satisfied: boolean | null; note: string; by?: string; at: string } | null;
}
type List = { rectifications: Rectification[] };
const path = (id: string, action: string) => `/api/rectifications/${encodeURIComponent(id)}/${action}`;

export const rectificationApi = {
  mine: async () => (await call<List>('GET', '/api/rectifications/mine')).rectifications,
  unit: async (which: 'open' | 'done') => (await call<List>('GET', `/api/rectifications/unit?which=${which}`)).rectifications,
  office: async (which: 'recheck' | 'follow-up') => (await call<List>('GET', `/api/rectifications/office?which=${which}`)).rectifications,
  verify: (id: string, body: { contact: string; finding: string; verdict: Verdict; invalidKind?: InvalidKind | null }) => call<Rectification>('POST', path(id, 'verify'), { body }),
  recheck: (id: string, body: { passed: boolean; opinion: string }) => call<Rectification>('POST', path(id, 'recheck'), { body }),
  extend: (id: string, body: { days: number; reason: string }) => call<Rectification>('POST', path(id, 'extend'), { body }),
  rectify: (id: string, body: { measures: string }) => call<Rectification>('POST', path(id, 'rectify'), { body }),
  followUp: (id: string, body: { reached: boolean; satisfied: boolean | null; note: string }) => call<Rectification>('POST', path(id, 'follow-up'), { body }),
};
