/**
 * The eight dimensions of the quantified assessment (量化考核, seed 001 §13): each a score 0–100 per unit and
 * period, from counted facts. The formula is data: its text (shown on the ranking page) and its function sit
 * side by side, so what the page says is what the platform computes.
 */
export const DimensionKey = {
  Publishing: 'publishing', // 信息发布管理
  Consultation: 'consultation', // 咨询业务办理
  Appointment: 'appointment', // 预约业务受理
  Acceptance: 'acceptance', // 申办业务受理
  TimeLimit: 'time-limit', // 办件时限管理
  Evaluation: 'evaluation', // 评议结果管理（好差评）
  ComplaintHandling: 'complaint-handling', // 投诉业务办理
  ComplaintOutcome: 'complaint-outcome', // 投诉结果管理
} as const;
export type DimensionKey = (typeof DimensionKey)[keyof typeof DimensionKey];
export const DIMENSION_KEYS = Object.values(DimensionKey);

/** Counted facts of one dimension for one unit; names are the fact keys the page labels. */
export type Facts = Record<string, number>;

export interface Dimension {
  key: DimensionKey;
  name: { zh: string; en: string };
  formula: { zh: string; en: string };
  /** the facts the formula reads, in the order the page shows them */
  facts: readonly string[];
  /** null: the unit has no facts for the dimension in the period (无数据), never a made-up score */
  score: (f: Facts) => number | null;
}

/** Two decimals, rounded half away from zero on the cent, so the same facts always give the same text. */
export const round2 = (x: number) => Math.round((x + Number.EPSILON) * 100) / 100;
const ratio = (part: number, whole: number) => (whole > 0 ? round2((100 * part) / whole) : null);

export const DIMENSIONS: readonly Dimension[] = [
  {
    key: DimensionKey.Publishing,
    name: { zh: '信息公开', en: 'Information publishing' },
    formula: {
      zh: '100 ×（办事指南要素齐全的事项数 + 已发布常见问答的事项数）÷（2 × 本单位在办事项数）',
      en: '100 × (items with a complete guide + items with a published FAQ) ÷ (2 × published items of the unit)',
    },
    facts: ['items', 'completeGuides', 'withFaq'],
    score: (f) => ratio(f.completeGuides + f.withFaq, 2 * f.items),
  },
  {
    key: DimensionKey.Consultation,
    name: { zh: '咨询', en: 'Consultation' },
    formula: {
      zh: '100 × 在时限（1个工作日）内答复的咨询数 ÷ 应答复的咨询数（已答复的，及未答复且已过时限的）',
      en: '100 × consultations answered within the limit (1 working day) ÷ consultations due (answered, or unanswered past the limit)',
    },
    facts: ['due', 'inTime'],
    score: (f) => ratio(f.inTime, f.due),
  },
  {
    key: DimensionKey.Appointment,
    name: { zh: '预约', en: 'Appointment' },
    formula: {
      zh: '100 × 在时限（1个工作小时）内确认的预约数 ÷ 应确认的预约数（已确认的，及未确认且已过时限的；确认前取消的不计）',
      en: '100 × bookings confirmed within the limit (1 working hour) ÷ bookings due (confirmed, or unconfirmed past the limit; cancelled before confirmation not counted)',
    },
    facts: ['due', 'inTime'],
    score: (f) => ratio(f.inTime, f.due),
  },
  {
    key: DimensionKey.Acceptance,
    name: { zh: '申请受理', en: 'Application acceptance' },
    formula: {
      zh: '100 × 在时限内完成受理（受理或出具不予受理告知）的办件数 ÷ 应完成受理的办件数',
      en: '100 × applications whose acceptance step (accepted, or refused in writing) ended within its limit ÷ acceptance steps due',
    },
    facts: ['due', 'inTime'],
    score: (f) => ratio(f.inTime, f.due),
  },
  {
    key: DimensionKey.TimeLimit,
    name: { zh: '时限管理', en: 'Time-limit management' },
    formula: {
      zh: '100 ×（办理环节数 − 0.5 × 仅得黄牌的环节数 − 得红牌的环节数）÷ 办理环节数',
      en: '100 × (steps − 0.5 × steps with a yellow card only − steps with a red card) ÷ steps',
    },
    facts: ['steps', 'yellow', 'red'],
    score: (f) => ratio(f.steps - 0.5 * f.yellow - f.red, f.steps),
  },
  {
    key: DimensionKey.Evaluation,
    name: { zh: '评价结果', en: 'Evaluation results' },
    formula: {
      zh: '100 ×（好评数 + 经复核认定无效的差评数 + 0.5 × 已整改的差评数）÷ 评价总数',
      en: '100 × (good reviews + bad reviews found invalid on recheck + 0.5 × bad reviews rectified) ÷ all reviews',
    },
    facts: ['ratings', 'bad', 'invalid', 'rectified'],
    score: (f) => ratio(f.ratings - f.bad + f.invalid + 0.5 * f.rectified, f.ratings),
  },
  {
    key: DimensionKey.ComplaintHandling,
    name: { zh: '投诉处理', en: 'Complaint handling' },
    formula: {
      zh: '100 × 在办理时限内答复的投诉数 ÷ 应答复的投诉数（已答复的，及未答复且已过时限的；退回、合并的不计）',
      en: '100 × complaints answered within their limit ÷ complaints due (answered, or unanswered past the limit; returned and merged ones not counted)',
    },
    facts: ['due', 'inTime'],
    score: (f) => ratio(f.inTime, f.due),
  },
  {
    key: DimensionKey.ComplaintOutcome,
    name: { zh: '投诉结果', en: 'Complaint outcomes' },
    formula: {
      zh: '100 × 回访满意的投诉数 ÷ 已回访的投诉数（以最后一次回访为准）',
      en: '100 × complaints whose follow-up visit found the complainant satisfied ÷ complaints followed up (the last visit counts)',
    },
    facts: ['followedUp', 'satisfied'],
    score: (f) => ratio(f.satisfied, f.followedUp),
  },
];

export const dimensionOf = (key: DimensionKey) => DIMENSIONS.find((d) => d.key === key)!;

/** Weights in force before the service office approves any: equal, version 0. */
export const DEFAULT_WEIGHTS: Record<DimensionKey, number> = Object.fromEntries(DIMENSION_KEYS.map((k) => [k, 12.5])) as Record<DimensionKey, number>;

/**
 * The total of one unit: Σ weight × score ÷ 100 over the dimensions with facts. A dimension without facts (无数据)
 * counts for nothing either way: the weights of the others are scaled up to 100, so a community is not marked
 * down for having no complaints. No facts in any dimension: no total (the unit is listed, unranked).
 */
export function totalOf(scores: Partial<Record<DimensionKey, number | null>>, weights: Record<DimensionKey, number>): number | null {
  let sum = 0;
  let weight = 0;
  for (const k of DIMENSION_KEYS) {
    const s = scores[k];
    if (s === null || s === undefined) continue;
    sum += weights[k] * s;
    weight += weights[k];
  }
  return weight > 0 ? round2(sum / weight) : null;
}
