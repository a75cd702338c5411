import { kindTitle, type ReportKind, type ReportPeriod } from './report-period.js';
import type { PeriodFacts } from './report-facts.repository.js';

/** The figures of one unit, or of all, in one period. */
export interface Figures {
  filed: number; closed: number; onTime: number; late: number;
  cards: { warning: number; yellow: number; red: number };
  complaints: number; complaintsAnswered: number; complaintsInTime: number; complaintOutcomes: Record<string, number>;
  ratings: number; badReviews: number; rectifications: number; rectificationsClosed: number;
  consultations: number; appointments: number;
}
export interface UnitFigures extends Figures { unitCode: string; unitName: string }

/** The 8-dimension unit ranking (季度考核), built elsewhere; the quarterly assessment reads it through this port. */
export interface RankingRow {
  unitCode: string; unitName: string; level: string;
  /** null (无数据) for a unit without facts in any weighted dimension; such units come last, without a rank */
  total: number | null; rank: number | null;
  dimensions: { key: string; score: number | null }[]; weightsVersion: string | number;
}
export interface RankingSource { rank(period: { key: string; from: string; to: string }): Promise<RankingRow[]> }

export type RankingSection = { available: true; rows: RankingRow[] } | { available: false; reason: { zh: string; en: string } };

/** What a report says: frozen when it is generated, so every later rendering of it says the same. */
export interface ReportContent {
  kind: ReportKind; title: string; period: ReportPeriod; previous: ReportPeriod;
  /** 'all', or the unit this edition is filtered to */
  scope: string; scopeName: string;
  totals: Figures; previousTotals: Figures;
  units: UnitFigures[];
  /** the units' figures of the previous period, for a unit's edition */
  previousUnits: UnitFigures[];
  ranking: RankingSection | null;
  generatedAt: string;
}

export const emptyFigures = (): Figures => ({
  filed: 0, closed: 0, onTime: 0, late: 0, cards: { warning: 0, yellow: 0, red: 0 },
  complaints: 0, complaintsAnswered: 0, complaintsInTime: 0, complaintOutcomes: {},
  ratings: 0, badReviews: 0, rectifications: 0, rectificationsClosed: 0, consultations: 0, appointments: 0,
});

/** Adds up the facts, per unit (`unitOf` says which unit a fact counts for; null: all units). */
export function tally(facts: PeriodFacts, unit: string | null = null): Figures {
  const f = emptyFigures();
  const mine = (u: string | null) => unit === null || u === unit;
  for (const a of facts.filed) if (mine(a.unitCode)) f.filed += 1;
  for (const a of facts.closed) {
    if (!mine(a.unitCode)) continue;
    f.closed += 1;
    if (a.late) f.late += 1;
    else f.onTime += 1;
  }
  for (const c of facts.cards) if (mine(c.unitCode) && c.level in f.cards) f.cards[c.level as keyof Figures['cards']] += 1;
  for (const c of facts.complaints) {
    if (!mine(c.unitCode)) continue;
    f.complaints += 1;
    if (c.answeredInTime !== null) {
      f.complaintsAnswered += 1;
      if (c.answeredInTime) f.complaintsInTime += 1;
    }
    if (c.outcome) f.complaintOutcomes[c.outcome] = (f.complaintOutcomes[c.outcome] ?? 0) + 1;
  }
  for (const r of facts.ratings) {
    if (!mine(r.unitCode)) continue;
    f.ratings += 1;
    if (r.bad) f.badReviews += 1;
  }
  for (const r of facts.rectifications) {
    if (!mine(r.unitCode)) continue;
    f.rectifications += 1;
    if (r.closed) f.rectificationsClosed += 1;
  }
  for (const c of facts.consultations) if (mine(c.unitCode)) f.consultations += 1;
  for (const a of facts.appointments) if (mine(a.unitCode)) f.appointments += 1;
  return f;
}

const active = (f: Figures) => f.filed + f.closed + f.cards.warning + f.cards.yellow + f.cards.red + f.complaints + f.ratings + f.rectifications + f.consultations + f.appointments > 0;

/**
 * The content of a report over all units: the totals with the previous period's beside them, and one row for
 * each unit that had anything in the period (seed 001 §30).
 */
export function buildContent(input: {
  period: ReportPeriod; previous: ReportPeriod; facts: PeriodFacts; previousFacts: PeriodFacts;
  units: { code: string; name: string }[]; ranking: RankingSection | null; generatedAt: Date;
}): ReportContent {
  const names = new Map(input.units.map((u) => [u.code, u.name]));
  const perUnit = (facts: PeriodFacts) => {
    const codes = new Set<string>();
    for (const list of Object.values(facts)) for (const fact of list as { unitCode: string | null }[]) if (fact.unitCode) codes.add(fact.unitCode);
    return [...codes].map((code) => ({ unitCode: code, unitName: names.get(code) ?? code, ...tally(facts, code) }))
      .filter(active).sort((a, b) => b.filed - a.filed || a.unitCode.localeCompare(b.unitCode));
  };
  const units = perUnit(input.facts);
  return {
    kind: input.period.kind, title: kindTitle[input.period.kind].zh, period: input.period, previous: input.previous,
    scope: 'all', scopeName: '全部单位', totals: tally(input.facts), previousTotals: tally(input.previousFacts), units, previousUnits: perUnit(input.previousFacts),
    ranking: input.ranking, generatedAt: input.generatedAt.toISOString(),
  };
}

const figuresOf = (rows: UnitFigures[], code: string): Figures => {
  const row = rows.find((u) => u.unitCode === code);
  if (!row) return emptyFigures();
  const figures: Partial<UnitFigures> = { ...row };
  delete figures.unitCode;
  delete figures.unitName;
  return figures as Figures;
};

/** One unit's edition (a department leader's part): only that unit's row, and its own figures as the totals. */
export function unitEdition(content: ReportContent, unit: { code: string; name: string }): ReportContent {
  const row = content.units.find((u) => u.unitCode === unit.code);
  const figures = figuresOf(content.units, unit.code);
  const previousOfUnit = figuresOf(content.previousUnits ?? [], unit.code);
  const ranking = content.ranking?.available ? { available: true as const, rows: content.ranking.rows.filter((r) => r.unitCode === unit.code) } : content.ranking;
  return { ...content, scope: unit.code, scopeName: unit.name, totals: figures, previousTotals: previousOfUnit, units: row ? [row] : [],
    previousUnits: (content.previousUnits ?? []).filter((u) => u.unitCode === unit.code), ranking };
}

/** "+3" / "-2" / "持平" against the previous period. */
export function change(now: number, before: number): string {
  if (now === before) return '持平';
  return now > before ? `+${now - before}` : `${now - before}`;
}
export const rate = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 1000) / 10}%` : '—');
