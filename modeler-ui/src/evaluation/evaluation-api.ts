import { call } from '../shared/api';

/** The five national grades (好差评), best first; the last two are bad reviews (差评). */
export const GRADES = ['very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied'] as const;
export type Grade = (typeof GRADES)[number];
export const isBad = (g: string) => g === 'dissatisfied' || g === 'very-dissatisfied';
/** Each grade's colour, from green to red; its face smiles from +1 (very satisfied) to −1 (very dissatisfied). */
export const GRADE_LOOK: Record<Grade, { color: string; smile: number }> = {
  'very-satisfied': { color: '#1f9d55', smile: 1 },
  satisfied: { color: '#67c23a', smile: 0.55 },
  'basically-satisfied': { color: '#e6a23c', smile: 0 },
  dissatisfied: { color: '#f07c2e', smile: -0.55 },
  'very-dissatisfied': { color: '#d93026', smile: -1 },
};
export const CHANNELS = ['portal', 'window', 'mobile', 'sms', 'hotline'] as const;
export const COMMENT_MAX = 500;

export interface OwnRating {
  ratingId: string; subject: { kind: string; id: string }; itemCode: string; channel: string; grade: Grade; bad: boolean;
  comment: string | null; at: string; recordedAtWindow: boolean;
}
export interface Party { kind: 'operator' | 'department'; id: string; unitCode: string }
export interface StaffRating {
  ratingId: string; subject: { kind: string; id: string }; itemCode: string; parties: Party[]; channel: string; grade: Grade; bad: boolean;
  comment: string | null; at: string; rater: { kind: string; name: string; recordedBy: string | null };
}
export interface Tally { total: number; bad: number }
export interface Counts extends Tally {
  byGrade: { grade: string; count: number }[];
  byItem: ({ itemCode: string } & Tally)[];
  byParty: ({ kind: string; id: string; unitCode: string } & Tally)[];
  byChannel: ({ channel: string } & Tally)[];
}
export interface WindowCase { applicationNumber: string; itemCode: string; itemName: string; applicantName: string; closedAt: string; rated: boolean }
export interface RatingFilter { itemCode?: string; unitCode?: string; grade?: string; channel?: string; bad?: boolean }

const query = (f: Record<string, unknown>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '' && v !== false) q.set(k, String(v));
  return q.toString();
};

export const evaluationApi = {
  rate: (applicationNumber: string, grade: Grade, channel: 'portal' | 'window', comment?: string) =>
    call<{ rating: OwnRating; rectification: { rectificationId: string; state: string } | null }>('POST', '/api/evaluations', {
      body: { subject: { kind: 'application', id: applicationNumber }, grade, channel, ...(comment?.trim() ? { comment } : {}) },
    }),
  mineFor: async (applicationNumber: string) =>
    (await call<{ ratings: OwnRating[] }>('GET', `/api/evaluations/mine?${query({ subjectKind: 'application', subjectId: applicationNumber })}`)).ratings,
  list: (f: RatingFilter) => call<{ ratings: StaffRating[]; counts: Counts }>('GET', `/api/evaluations?${query({ ...f, limit: 200 })}`),
  windowCases: async () => (await call<{ cases: WindowCase[] }>('GET', '/api/evaluations/window/cases')).cases,
  windowCase: (applicationNumber: string) =>
    call<{ applicationNumber: string; itemCode: string; itemName: string; applicantName: string; endedAt: string }>('GET', `/api/evaluations/window/cases/${encodeURIComponent(applicationNumber)}`),
};
