import type { WorkingCalendar } from './working-calendar.js';

/**
 * The working time between now and a step's due time, as the operator reads it: whole working days of the
 * calendar's office hours, then hours and minutes. Negative (overdue) when the due time has passed.
 */
export interface TimeLeft {
  /** signed working minutes: below zero once the step is overdue */
  workingMinutes: number;
  overdue: boolean;
  /** the absolute amount split into working days (of `minutesPerDay`), hours and minutes */
  days: number;
  hours: number;
  minutes: number;
  minutesPerDay: number;
}

/** Time left until `dueAt` at `now`, counted in office hours on working days only (seed 000 §29 limits run in working time). */
export function workingTimeLeft(calendar: Pick<WorkingCalendar, 'workingMinutesBetween' | 'minutesPerDay'>, now: Date, dueAt: Date): TimeLeft {
  const overdue = now.getTime() > dueAt.getTime();
  const amount = overdue ? calendar.workingMinutesBetween(dueAt, now) : calendar.workingMinutesBetween(now, dueAt);
  const perDay = calendar.minutesPerDay;
  const rest = amount % perDay;
  return {
    workingMinutes: overdue && amount > 0 ? -amount : amount,
    overdue,
    days: Math.floor(amount / perDay),
    hours: Math.floor(rest / 60),
    minutes: rest % 60,
    minutesPerDay: perDay,
  };
}
