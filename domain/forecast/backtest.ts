import { backlogAt, fitForecast, forecastStep, type StepRecord, type WorkingClock } from './breach-forecast.js';

export interface BacktestScore {
  steps: number;
  /** mean absolute error of the predicted completion, in working hours */
  mae: number;
  accuracy: number;
  precision: number | null;
  recall: number | null;
  /** harmonic mean of precision and recall on "will breach" (0 when nothing is flagged or nothing breached) */
  f1: number;
  predictedBreaches: number;
}
export interface BacktestResult {
  trainedOn: number;
  breaches: number;
  forecast: BacktestScore;
  naive: BacktestScore;
  levels: Record<string, number>;
}

function score(pairs: { predictedAt: Date; willBreach: boolean; actualAt: Date; breached: boolean }[], clock: WorkingClock): BacktestScore {
  let err = 0, tp = 0, fp = 0, fn = 0, right = 0;
  for (const p of pairs) {
    const [a, b] = p.predictedAt < p.actualAt ? [p.predictedAt, p.actualAt] : [p.actualAt, p.predictedAt];
    err += clock.minutesBetween(a, b) / 60;
    if (p.willBreach && p.breached) tp++;
    if (p.willBreach && !p.breached) fp++;
    if (!p.willBreach && p.breached) fn++;
    if (p.willBreach === p.breached) right++;
  }
  const n = pairs.length;
  return {
    steps: n, mae: n ? err / n : 0, accuracy: n ? right / n : 0,
    precision: tp + fp ? tp / (tp + fp) : null, recall: tp + fn ? tp / (tp + fn) : null, f1: tp ? (2 * tp) / (2 * tp + fp + fn) : 0, predictedBreaches: tp + fp,
  };
}

/**
 * Time-ordered backtest: the steps that opened after the first `warmUp` share of the period are each forecast
 * at the moment they opened, by a model fitted on what was completed by the latest refit before that moment
 * (refits every `refitEveryMs`). The forecast is compared with the naive one, "completion = due time", which
 * never predicts a breach. `threshold` replaces the one the model sets from history (to compare the two).
 */
export function backtest(records: readonly StepRecord[], clock: WorkingClock, opts: { warmUp?: number; refitEveryMs?: number; threshold?: number } = {}): BacktestResult {
  const done = records.filter((r): r is StepRecord & { completedAt: Date; dueAt: Date } => r.completedAt !== null && r.dueAt !== null)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  if (done.length === 0) throw new Error('the backtest needs completed steps with due times');
  const start = done[0]!.createdAt.getTime();
  const end = done.at(-1)!.createdAt.getTime();
  const cut = start + (end - start) * (opts.warmUp ?? 0.5);
  const every = opts.refitEveryMs ?? 7 * 86_400_000;
  let model = fitForecast(records, clock, new Date(cut));
  let fittedAt = cut;
  const trainedOn = model.samples;
  const levels: Record<string, number> = {};
  const ours = [];
  const naive = [];
  for (const r of done) {
    if (r.createdAt.getTime() < cut) continue;
    if (r.createdAt.getTime() - fittedAt >= every) {
      fittedAt = r.createdAt.getTime();
      model = fitForecast(records, clock, r.createdAt);
    }
    // what could be seen at that moment: the steps open then, not when they would close
    const visible = records.filter((x) => x.createdAt <= r.createdAt);
    const f = forecastStep(opts.threshold === undefined ? model : { ...model, threshold: opts.threshold }, { ...r, completedAt: null }, backlogAt(visible, r, r.createdAt), r.createdAt, clock);
    levels[f.level] = (levels[f.level] ?? 0) + 1;
    const breached = r.completedAt > r.dueAt;
    ours.push({ predictedAt: f.predictedAt, willBreach: f.willBreach, actualAt: r.completedAt, breached });
    naive.push({ predictedAt: r.dueAt, willBreach: false, actualAt: r.completedAt, breached });
  }
  return { trainedOn, breaches: ours.filter((p) => p.breached).length, forecast: score(ours, clock), naive: score(naive, clock), levels };
}
