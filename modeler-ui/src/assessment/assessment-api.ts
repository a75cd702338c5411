import { call } from '../shared/api';

export const DIMENSION_KEYS = ['publishing', 'consultation', 'appointment', 'acceptance', 'time-limit', 'evaluation', 'complaint-handling', 'complaint-outcome'] as const;
export type DimensionKey = (typeof DIMENSION_KEYS)[number];
export type Weights = Record<DimensionKey, number>;

export interface Dimension { key: DimensionKey; name: { zh: string; en: string }; formula: { zh: string; en: string }; facts: string[] }
export interface RankingRow {
  unitCode: string; unitName: string; level: string; total: number | null; rank: number | null; weightsVersion: number;
  dimensions: { key: DimensionKey; score: number | null; facts: Record<string, number> }[];
}
export interface Ranking { period: string; kind: string; from: string; to: string; weights: { version: number; weights: Weights }; ownUnit: string | null; rows: RankingRow[] }
export interface WeightSet {
  version: number; weights: Weights; reason: string; status: 'pending' | 'approved' | 'rejected';
  proposedBy: { username: string; role: string }; proposedAt: string; decidedBy: { username: string; role: string } | null; decidedAt: string | null; comment: string | null;
}

export const assessmentApi = {
  dimensions: () => call<{ dimensions: Dimension[] }>('GET', '/api/assessment/dimensions'),
  ranking: (period: string) => call<Ranking>('GET', `/api/assessment/rankings/${encodeURIComponent(period)}`),
  weights: () => call<{ inForce: { version: number; weights: Weights }; sets: WeightSet[] }>('GET', '/api/assessment/weights'),
  propose: (weights: Weights, reason: string) => call<WeightSet>('POST', '/api/assessment/weights', { body: { weights, reason } }),
  approve: (version: number, comment?: string) => call<WeightSet>('POST', `/api/assessment/weights/${version}/approve`, { body: comment ? { comment } : {} }),
  reject: (version: number, comment: string) => call<WeightSet>('POST', `/api/assessment/weights/${version}/reject`, { body: { comment } }),
};

/** The period the page opens on: the current quarter, in Beijing time (季考核, seed 001 §30). */
export function thisQuarter(now = new Date()) {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, quarter: Math.floor(local.getUTCMonth() / 3) + 1 };
}
