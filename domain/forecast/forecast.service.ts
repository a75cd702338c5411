import type { Task } from '../task/task.model.js';
import type { TaskFilter } from '../task/task.repository.js';
import type { WorkingCalendar } from '../deadline/working-calendar.js';
import { backlogAt, clockOf, fitForecast, forecastCase, forecastStep, type CaseForecast, type ForecastModel, type StepForecast, type StepRecord } from './breach-forecast.js';

/** the model is fitted again at most this often: history changes slowly */
const REFIT_MS = 60_000;
const HISTORY_LIMIT = 5_000;
const OPEN = ['created', 'assigned'];

const recordOf = (t: Task): StepRecord | null =>
  t.caseNumber && t.itemCode
    ? { id: t.userTaskKey, caseNumber: t.caseNumber, itemCode: t.itemCode, step: t.step, unitCode: t.unitCode, post: t.post, assignee: t.assignee ?? null,
        createdAt: t.createdAt, completedAt: t.completedAt ?? null, dueAt: t.dueAt ?? null }
    : null;

/** Reads the step history from the task mirror and forecasts open steps and cases (see breach-forecast.ts). */
export function createForecastService(deps: { tasks: { list(filter: TaskFilter): Promise<Task[]> }; calendar: WorkingCalendar }) {
  const clock = clockOf(deps.calendar);
  let cached: { at: number; history: string; model: ForecastModel } | null = null;

  async function openSteps(): Promise<StepRecord[]> {
    // practice cases of operators in activation never count (seed 000 §19)
    const open = await deps.tasks.list({ state: OPEN, practice: false, limit: HISTORY_LIMIT });
    return open.map(recordOf).filter((r): r is StepRecord => r !== null);
  }
  async function model(now: Date): Promise<ForecastModel> {
    const done = await deps.tasks.list({ state: ['completed'], practice: false, limit: HISTORY_LIMIT });
    // fitted again when a step was completed since, or after a while (the queues move)
    const stamp = `${done.length}:${Math.max(0, ...done.map((t) => t.completedAt?.getTime() ?? 0))}`;
    if (cached && cached.history === stamp && Math.abs(now.getTime() - cached.at) < REFIT_MS) return cached.model;
    const history = [...done.map(recordOf), ...(await openSteps())].filter((r): r is StepRecord => r !== null);
    cached = { at: now.getTime(), history: stamp, model: fitForecast(history, clock, now) };
    return cached.model;
  }
  async function forecastOpen(now: Date, which: (r: StepRecord) => boolean): Promise<{ open: StepRecord[]; forecasts: StepForecast[]; m: ForecastModel }> {
    const m = await model(now);
    const open = await openSteps();
    return { open, m, forecasts: open.filter(which).map((r) => forecastStep(m, r, backlogAt(open, r, now), now, clock)) };
  }
  function byCase(m: ForecastModel, open: StepRecord[], forecasts: StepForecast[]): CaseForecast[] {
    const cases = new Map<string, StepForecast[]>();
    for (const f of forecasts) cases.set(f.caseNumber, [...(cases.get(f.caseNumber) ?? []), f]);
    const item = new Map(open.map((r) => [r.caseNumber, r.itemCode]));
    return [...cases.values()].map((steps) => forecastCase(m, item.get(steps[0]!.caseNumber)!, steps, clock));
  }

  return {
    /** forecasts of the given open tasks (an operator's own and their posts' queue) */
    async ofTasks(userTaskKeys: readonly string[], now: Date): Promise<StepForecast[]> {
      const keys = new Set(userTaskKeys);
      return (await forecastOpen(now, (r) => keys.has(r.id))).forecasts;
    },
    /** open cases whose forecast says breach, with a due time before the end of this week (local Sunday 24:00) */
    async breachingThisWeek(now: Date): Promise<{ until: Date; cases: CaseForecast[] }> {
      const offset = deps.calendar.settings.utcOffsetMinutes * 60_000;
      const local = new Date(now.getTime() + offset);
      const daysToMonday = (8 - local.getUTCDay()) % 7 || 7;
      const until = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + daysToMonday) - offset);
      const { open, forecasts, m } = await forecastOpen(now, () => true);
      const cases = byCase(m, open, forecasts).filter((c) => c.willBreach && c.dueAt && c.dueAt < until);
      return { until, cases: cases.sort((a, b) => b.probability - a.probability || a.dueAt!.getTime() - b.dueAt!.getTime()) };
    },
    /** the forecast of one case, null when no step of it is open */
    async ofCase(caseNumber: string, now: Date): Promise<CaseForecast | null> {
      const { open, forecasts, m } = await forecastOpen(now, (r) => r.caseNumber === caseNumber);
      return forecasts.length ? byCase(m, open, forecasts)[0]! : null;
    },
  };
}
export type ForecastService = ReturnType<typeof createForecastService>;
