import { call } from '../shared/api';

/** 投诉建议 (seed 004 §28–34): the case as the API shows it; the complainant is not in it. */
export interface Complaint {
  complaintNumber: string; kind: 'consult' | 'complain' | 'suggest'; urgency: string | null; channel: string; unitCode: string; complainedOperator: string | null;
  title: string; content: string; state: 'filed' | 'accepted' | 'returned' | 'not-accepted' | 'merged' | 'answered' | 'closed'; limitDays: number;
  filedAt: string; acceptedAt: string | null; deemedAccepted: boolean; handler: string | null; returnReason: string | null;
  nonAcceptance: { reason: string; reasonZh: string; answer: string } | null; mergedInto: string | null; complainants: number;
  extension: { state: string; days: number; reason: string; requestedBy: string; decidedBy: string | null; originalDueAt: string | null; extendedDueAt: string | null } | null;
  dueAt: string | null; outcome: string | null; answer: string | null; evidence: string | null; answeredAt: string | null; answeredInTime: boolean | null;
  followUps: { at: string; satisfied: boolean; note: string | null }[]; reopened: number;
}
export interface Complainant { username: string; role: string; channel: string; merged: { username: string; complaintNumber: string; channel: string }[] }

const at = (n: string, path: string) => `/api/complaints/${n}/${path}`;
export const complaintApi = {
  units: async () => (await call<{ units: { code: string; name: string }[] }>('GET', '/api/complaints/units')).units,
  file: (body: { kind: string; unitCode: string; title: string; content: string; complainant?: string; urgency?: string }) => call<Complaint>('POST', '/api/complaints', { body }),
  mine: async () => (await call<{ complaints: Complaint[] }>('GET', '/api/complaints/mine')).complaints,
  unit: async (open: boolean) => (await call<{ complaints: Complaint[] }>('GET', `/api/complaints/unit?open=${open}`)).complaints,
  complainant: (n: string) => call<Complainant>('GET', at(n, 'complainant')),
  intake: (n: string, body: { decision: string; reason?: string; reasonCode?: string; answer?: string; into?: string }) => call<Complaint>('POST', at(n, 'intake'), { body }),
  take: (n: string) => call<Complaint>('POST', at(n, 'take')),
  extend: (n: string, days: number, reason: string) => call<Complaint>('POST', at(n, 'extension'), { body: { days, reason } }),
  decide: (n: string, approve: boolean) => call<Complaint>('POST', at(n, 'extension/decision'), { body: { approve } }),
  answer: (n: string, body: { outcome: string; answer: string; evidence?: string }) => call<Complaint>('POST', at(n, 'answer'), { body }),
  followUp: (n: string, satisfied: boolean, note?: string) => call<Complaint>('POST', at(n, 'follow-up'), { body: { satisfied, ...(note ? { note } : {}) } }),
};

export const NON_ACCEPTANCE = ['not-online-service', 'unlawful-content', 'no-substance', 'already-in-hand', 'repeat-without-evidence', 'abusive', 'other-procedure', 'otherwise-unlawful'] as const;
