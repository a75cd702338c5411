import { median } from 'simple-statistics';

/**
 * Breach forecast (超时预测) per open step and per case, from the recorded history of steps.
 *
 * The model, in four parts:
 * 1. Duration of a step = working minutes (office hours on working days) from its opening to its completion.
 *    The history of a group of steps is the empirical distribution of those durations.
 * 2. Work waiting slows a step down. Two counts are taken at the moment a step opens: the queue (other open
 *    steps of the same unit and post) and the operator's load (other open steps held by the same assignee).
 *    A log-linear effect ln(duration) = group level + bQueue·queue + bLoad·load is fitted by least squares
 *    on durations centred within their item+step group (so slow items do not pass for busy ones), with both
 *    slopes held between 0 and 1. Each recorded duration is brought back to an empty desk
 *    (× e^−(bQueue·q + bLoad·l)) and, when forecasting, scaled to today's counts (× e^(bQueue·q + bLoad·l)).
 * 3. Groups, with a fallback when history is thin (fewer than MIN_SAMPLES durations): the same item, step and
 *    unit → the same item and step → the same step anywhere → the limit itself (completion at the due time,
 *    no breach predicted: the naive forecast).
 * 4. For an open step that has run `e` working minutes, only recorded durations longer than `e` still apply
 *    (it has not finished yet): the predicted completion is their median, the probability of missing the due
 *    time is the share of them longer than the limit. A step that has outlasted all its history is given
 *    OVERRUN_MINUTES more. Per case, the expected completion adds the typical (median) durations of the steps
 *    that usually follow, in the item's most common order of steps, after the latest predicted open step.
 *
 * Pure functions over plain records; the repository reads are in forecast.service.ts.
 */

/** One step of one case as the task mirror records it. */
export interface StepRecord {
  id: string;
  caseNumber: string;
  itemCode: string;
  step: string;
  unitCode: string;
  post: string;
  assignee: string | null;
  createdAt: Date;
  completedAt: Date | null;
  dueAt: Date | null;
}

/** Working-time arithmetic (see domain/deadline/working-calendar.ts). */
export interface WorkingClock {
  minutesBetween(a: Date, b: Date): number;
  addMinutes(from: Date, minutes: number): Date;
}

export const MIN_SAMPLES = 5;
/** extra working minutes given to a step that has run longer than any recorded one of its group */
export const OVERRUN_MINUTES = 60;
/** a step is said to "go red" when its probability of missing the due time is at least this, until history sets one */
export const BREACH_THRESHOLD = 0.5;
/** the thresholds tried when the model sets its own from history */
const THRESHOLDS = Array.from({ length: 19 }, (_, i) => (i + 1) / 20);

export const ForecastLevel = { ItemStepUnit: 'item-step-unit', ItemStep: 'item-step', Step: 'step', Limit: 'limit' } as const;
export type ForecastLevel = (typeof ForecastLevel)[keyof typeof ForecastLevel];

export interface ForecastModel {
  /** durations brought back to an empty desk, per group key */
  groups: Map<string, number[]>;
  bQueue: number;
  bLoad: number;
  /** per item, its most common order of steps in finished cases */
  sequences: Map<string, string[]>;
  samples: number;
  /**
   * The probability from which a step is said to go red. Breaches are rare (a few in a hundred), so a fixed
   * one half would flag almost none: the threshold is the one that best told, on the fitted history itself,
   * the steps that breached from those that did not (highest F1 at the steps' opening; the higher on a tie).
   */
  threshold: number;
}

export interface Backlog { queue: number; load: number }

export interface StepForecast {
  id: string;
  caseNumber: string;
  step: string;
  level: ForecastLevel;
  samples: number;
  elapsedMinutes: number;
  remainingMinutes: number;
  predictedAt: Date;
  dueAt: Date | null;
  probability: number;
  willBreach: boolean;
}

export interface CaseForecast {
  caseNumber: string;
  itemCode: string;
  openSteps: StepForecast[];
  remainingSteps: string[];
  expectedCompletion: Date;
  probability: number;
  willBreach: boolean;
  /** the earliest due time among the open steps predicted to breach, else the earliest due time */
  dueAt: Date | null;
  /** false when the item has no finished case yet: the steps still to come are not known, nor their durations */
  fromHistory: boolean;
}

const keys = (r: Pick<StepRecord, 'itemCode' | 'step' | 'unitCode'>) => [
  [ForecastLevel.ItemStepUnit, `${r.itemCode}|${r.step}|${r.unitCode}`],
  [ForecastLevel.ItemStep, `${r.itemCode}|${r.step}`],
  [ForecastLevel.Step, r.step],
] as const;

const isOpenAt = (r: StepRecord, at: Date) => r.createdAt <= at && (!r.completedAt || r.completedAt > at);

/** Queue of the unit and post, and load of the assignee, at an instant, leaving out the step itself. */
export function backlogAt(records: readonly StepRecord[], of: Pick<StepRecord, 'id' | 'unitCode' | 'post' | 'assignee'>, at: Date): Backlog {
  let queue = 0;
  let load = 0;
  for (const r of records) {
    if (r.id === of.id || !isOpenAt(r, at)) continue;
    if (r.unitCode === of.unitCode && r.post === of.post) queue++;
    if (of.assignee && r.assignee === of.assignee) load++;
  }
  return { queue, load };
}

/** Least squares of y on two regressors (all centred already), slopes held to [0, 1]. */
function twoSlopes(y: number[], x1: number[], x2: number[]): [number, number] {
  let s11 = 0, s22 = 0, s12 = 0, s1y = 0, s2y = 0;
  for (let i = 0; i < y.length; i++) {
    s11 += x1[i]! * x1[i]!; s22 += x2[i]! * x2[i]!; s12 += x1[i]! * x2[i]!;
    s1y += x1[i]! * y[i]!; s2y += x2[i]! * y[i]!;
  }
  const clip = (b: number) => (Number.isFinite(b) ? Math.min(1, Math.max(0, b)) : 0);
  const det = s11 * s22 - s12 * s12;
  if (det > 1e-9 * Math.max(1, s11 * s22)) return [clip((s22 * s1y - s12 * s2y) / det), clip((s11 * s2y - s12 * s1y) / det)];
  // one regressor has no spread (or both move together): fit the other alone
  if (s11 > 0) return [clip(s1y / s11), 0];
  if (s22 > 0) return [0, clip(s2y / s22)];
  return [0, 0];
}

/**
 * Fits the model on the steps completed by `asOf` (all of `records` when not given): nothing later is read,
 * so a backtest can fit at any past moment.
 */
export function fitForecast(records: readonly StepRecord[], clock: WorkingClock, asOf?: Date): ForecastModel {
  const known = asOf ? records.filter((r) => r.createdAt <= asOf) : [...records];
  const seen = known.map((r) => (asOf && r.completedAt && r.completedAt > asOf ? { ...r, completedAt: null } : r));
  const done = seen.filter((r): r is StepRecord & { completedAt: Date } => r.completedAt !== null);
  const obs = done.map((r) => ({
    r, duration: Math.max(1, clock.minutesBetween(r.createdAt, r.completedAt)), ...backlogAt(seen, r, r.createdAt),
  }));

  // slopes from durations centred within item+step
  const byGroup = new Map<string, typeof obs>();
  for (const o of obs) {
    const k = `${o.r.itemCode}|${o.r.step}`;
    const g = byGroup.get(k);
    if (g) g.push(o);
    else byGroup.set(k, [o]);
  }
  const y: number[] = [], x1: number[] = [], x2: number[] = [];
  for (const g of byGroup.values()) {
    const mean = (f: (o: (typeof obs)[number]) => number) => g.reduce((s, o) => s + f(o), 0) / g.length;
    const my = mean((o) => Math.log(o.duration)), mq = mean((o) => o.queue), ml = mean((o) => o.load);
    for (const o of g) {
      y.push(Math.log(o.duration) - my); x1.push(o.queue - mq); x2.push(o.load - ml);
    }
  }
  const [bQueue, bLoad] = twoSlopes(y, x1, x2);

  const groups = new Map<string, number[]>();
  for (const o of obs) {
    const base = o.duration * Math.exp(-(bQueue * o.queue + bLoad * o.load));
    for (const [, k] of keys(o.r)) {
      const g = groups.get(k);
      if (g) g.push(base);
      else groups.set(k, [base]);
    }
  }
  const model = { groups, bQueue, bLoad, sequences: typicalSequences(seen), samples: obs.length, threshold: BREACH_THRESHOLD };
  model.threshold = fittedThreshold(model, obs.filter((o) => o.r.dueAt).map((o) => ({ ...o, limit: clock.minutesBetween(o.r.createdAt, o.r.dueAt!) })));
  return model;
}

/** The threshold with the best F1 over the fitted steps, each judged as at its opening (see ForecastModel.threshold). */
function fittedThreshold(model: ForecastModel, obs: { r: StepRecord; duration: number; queue: number; load: number; limit: number }[]): number {
  const judged = obs.flatMap((o) => {
    const { level, durations } = groupOf(model, o.r);
    if (level === ForecastLevel.Limit) return [];
    const factor = Math.exp(model.bQueue * o.queue + model.bLoad * o.load);
    return [{ probability: durations.filter((d) => d * factor > o.limit).length / durations.length, breached: o.duration > o.limit }];
  });
  if (!judged.some((j) => j.breached)) return BREACH_THRESHOLD;
  let best = { t: BREACH_THRESHOLD, f1: -1 };
  for (const t of THRESHOLDS) {
    let tp = 0, fp = 0, fn = 0;
    for (const j of judged) {
      const flagged = j.probability >= t;
      if (flagged && j.breached) tp++;
      else if (flagged) fp++;
      else if (j.breached) fn++;
    }
    const f1 = (2 * tp) / (2 * tp + fp + fn);
    if (f1 >= best.f1) best = { t, f1 };
  }
  return best.t;
}

/** Per item, the most common order of steps among cases with no open step. */
function typicalSequences(records: readonly StepRecord[]): Map<string, string[]> {
  const cases = new Map<string, StepRecord[]>();
  for (const r of records) {
    const c = cases.get(r.caseNumber);
    if (c) c.push(r);
    else cases.set(r.caseNumber, [r]);
  }
  const counts = new Map<string, Map<string, number>>();
  for (const steps of cases.values()) {
    if (steps.some((s) => !s.completedAt)) continue;
    const order = [...steps].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map((s) => s.step).join('>');
    const item = steps[0]!.itemCode;
    const c = counts.get(item) ?? new Map<string, number>();
    c.set(order, (c.get(order) ?? 0) + 1);
    counts.set(item, c);
  }
  const out = new Map<string, string[]>();
  for (const [item, c] of counts) {
    const [best] = [...c.entries()].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length);
    out.set(item, best![0].split('>'));
  }
  return out;
}

/** The group a step's forecast comes from: the first level of the hierarchy with enough history. */
export function groupOf(model: ForecastModel, r: Pick<StepRecord, 'itemCode' | 'step' | 'unitCode'>): { level: ForecastLevel; durations: number[] } {
  for (const [level, k] of keys(r)) {
    const durations = model.groups.get(k);
    if (durations && durations.length >= MIN_SAMPLES) return { level, durations };
  }
  return { level: ForecastLevel.Limit, durations: [] };
}

/** Forecast for one open step at `now`, given the queue and load it faces now. */
export function forecastStep(model: ForecastModel, step: StepRecord, backlog: Backlog, now: Date, clock: WorkingClock): StepForecast {
  const elapsed = clock.minutesBetween(step.createdAt, now);
  const { level, durations } = groupOf(model, step);
  const base = { id: step.id, caseNumber: step.caseNumber, step: step.step, level, samples: durations.length, elapsedMinutes: elapsed, dueAt: step.dueAt };
  const overdue = step.dueAt !== null && now >= step.dueAt;
  if (level === ForecastLevel.Limit) {
    // nothing to learn from: the naive forecast, completion at the due time
    const predictedAt = step.dueAt && !overdue ? step.dueAt : clock.addMinutes(now, OVERRUN_MINUTES);
    const remaining = clock.minutesBetween(now, predictedAt);
    return { ...base, remainingMinutes: remaining, predictedAt, probability: overdue ? 1 : 0, willBreach: overdue };
  }
  const factor = Math.exp(model.bQueue * backlog.queue + model.bLoad * backlog.load);
  const still = durations.map((d) => d * factor).filter((d) => d > elapsed);
  const total = still.length > 0 ? median(still) : elapsed + OVERRUN_MINUTES;
  const remaining = Math.max(0, Math.round(total - elapsed));
  const predictedAt = clock.addMinutes(now, remaining);
  let probability: number;
  if (!step.dueAt) probability = 0;
  else if (overdue) probability = 1;
  else if (still.length === 0) probability = predictedAt > step.dueAt ? 1 : 0;
  else {
    const limit = clock.minutesBetween(step.createdAt, step.dueAt);
    probability = still.filter((d) => d > limit).length / still.length;
  }
  return { ...base, remainingMinutes: remaining, predictedAt, probability, willBreach: probability >= model.threshold };
}

/** Typical (median) working minutes of a step not opened yet: its unit is not known, so item+step, then step. */
function typicalMinutes(model: ForecastModel, itemCode: string, step: string): number {
  for (const k of [`${itemCode}|${step}`, step]) {
    const d = model.groups.get(k);
    if (d && d.length >= MIN_SAMPLES) return median(d);
  }
  return 0;
}

/** Forecast for a case from its open steps' forecasts: the steps that usually follow are added in working time. */
export function forecastCase(model: ForecastModel, itemCode: string, open: readonly StepForecast[], clock: WorkingClock): CaseForecast {
  if (open.length === 0) throw new Error('a case forecast needs at least one open step');
  const latest = open.reduce((a, b) => (b.predictedAt > a.predictedAt ? b : a));
  const order = model.sequences.get(itemCode) ?? [];
  const at = Math.max(...open.map((s) => order.lastIndexOf(s.step)));
  const remainingSteps = at >= 0 ? order.slice(at + 1) : [];
  const more = remainingSteps.reduce((sum, s) => sum + typicalMinutes(model, itemCode, s), 0);
  const probability = Math.max(...open.map((s) => s.probability));
  const breaching = open.filter((s) => s.willBreach && s.dueAt).map((s) => s.dueAt!);
  const dues = (breaching.length ? breaching : open.flatMap((s) => (s.dueAt ? [s.dueAt] : []))).sort((a, b) => a.getTime() - b.getTime());
  return {
    caseNumber: open[0]!.caseNumber, itemCode, openSteps: [...open], remainingSteps,
    expectedCompletion: more > 0 ? clock.addMinutes(latest.predictedAt, Math.round(more)) : latest.predictedAt,
    probability, willBreach: probability >= model.threshold, dueAt: dues[0] ?? null, fromHistory: order.length > 0,
  };
}

/** The working clock of a working calendar. */
export function clockOf(calendar: { workingMinutesBetween(a: Date, b: Date): number; addWorkingMinutes(from: Date, m: number): { at: Date } }): WorkingClock {
  return { minutesBetween: (a, b) => calendar.workingMinutesBetween(a, b), addMinutes: (from, m) => calendar.addWorkingMinutes(from, m).at };
}
