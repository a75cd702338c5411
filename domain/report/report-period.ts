import type { WorkingCalendar } from '../deadline/working-calendar.js';

/** The four reports of seed 001 §30: 日统计、周通报、月总结、季考核. */
export const ReportKind = { Daily: 'daily', Weekly: 'weekly', Monthly: 'monthly', Quarterly: 'quarterly' } as const;
export type ReportKind = (typeof ReportKind)[keyof typeof ReportKind];
export const REPORT_KINDS = Object.values(ReportKind);

export const kindTitle: Record<ReportKind, { zh: string; en: string }> = {
  daily: { zh: '每日统计', en: 'Daily statistics' },
  weekly: { zh: '每周通报', en: 'Weekly bulletin' },
  monthly: { zh: '月度汇总', en: 'Monthly summary' },
  quarterly: { zh: '季度考核', en: 'Quarterly assessment' },
};

/** A period of a report: local dates, `to` exclusive. */
export interface ReportPeriod { kind: ReportKind; key: string; from: string; to: string; label: string }

const DAY = 86_400_000;
export const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const weekday = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
const zhDate = (date: string) => `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** ISO week number of the week starting on a Monday. */
function isoWeek(monday: string): string {
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const firstThursday = addDays(`${year}-01-01`, (3 - weekday(`${year}-01-01`) + 7) % 7);
  return `${year}-W${String(Math.floor((Date.parse(thursday) - Date.parse(firstThursday)) / (7 * DAY)) + 1).padStart(2, '0')}`;
}

export function weekOf(monday: string): ReportPeriod {
  const to = addDays(monday, 7);
  return { kind: ReportKind.Weekly, key: isoWeek(monday), from: monday, to, label: `${zhDate(monday)}至${zhDate(addDays(to, -1))}` };
}
export function monthOf(first: string): ReportPeriod {
  const y = Number(first.slice(0, 4));
  const m = Number(first.slice(5, 7));
  const to = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { kind: ReportKind.Monthly, key: first.slice(0, 7), from: first, to, label: `${y}年${m}月` };
}
export function quarterOf(first: string): ReportPeriod {
  const y = Number(first.slice(0, 4));
  const q = Math.floor((Number(first.slice(5, 7)) - 1) / 3) + 1;
  const to = q === 4 ? `${y + 1}-01-01` : `${y}-${String(q * 3 + 1).padStart(2, '0')}-01`;
  return { kind: ReportKind.Quarterly, key: `${y}-Q${q}`, from: first, to, label: `${y}年第${'一二三四'[q - 1]}季度` };
}

/** Report periods on the working-day calendar. */
export function createReportCalendar(calendar: Pick<WorkingCalendar, 'day'>) {
  const work = (date: string) => calendar.day(date).work;
  function previousWorkingDay(date: string): string {
    let d = addDays(date, -1);
    for (let i = 0; i < 400 && !work(d); i++) d = addDays(d, -1);
    return d;
  }
  /**
   * The daily statistics of a working day: that day and the non-working days after it, up to the next working
   * day, so that nothing filed on a weekend or holiday is left out.
   */
  function dayOf(workingDay: string): ReportPeriod {
    let to = addDays(workingDay, 1);
    for (let i = 0; i < 400 && !work(to); i++) to = addDays(to, 1);
    const last = addDays(to, -1);
    return { kind: ReportKind.Daily, key: workingDay, from: workingDay, to, label: last === workingDay ? zhDate(workingDay) : `${zhDate(workingDay)}（含至${zhDate(last)}的非工作日）` };
  }

  /**
   * The reports due on a working day: each period ending since the previous working day (seed 001 §30). So the
   * weekly bulletin comes on the first working day of the week, the monthly summary on the first working day of
   * the month, the quarterly assessment on the first of the quarter; after a long holiday the first working day
   * gets every report whose period ended during it.
   */
  function dueOn(date: string): ReportPeriod[] {
    if (!work(date)) return [];
    const previous = previousWorkingDay(date);
    const due: ReportPeriod[] = [dayOf(previous)];
    for (let d = addDays(previous, 1); d <= date; d = addDays(d, 1)) {
      if (weekday(d) === 0) due.push(weekOf(addDays(d, -7)));
    }
    for (let d = addDays(previous, 1); d <= date; d = addDays(d, 1)) {
      if (d.endsWith('-01')) {
        const month = Number(d.slice(5, 7));
        const prevFirst = month === 1 ? `${Number(d.slice(0, 4)) - 1}-12-01` : `${d.slice(0, 4)}-${String(month - 1).padStart(2, '0')}-01`;
        due.push(monthOf(prevFirst));
        if ((month - 1) % 3 === 0) {
          const qFirst = month === 1 ? `${Number(d.slice(0, 4)) - 1}-10-01` : `${d.slice(0, 4)}-${String(month - 3).padStart(2, '0')}-01`;
          due.push(quarterOf(qFirst));
        }
      }
    }
    return due;
  }

  /** The period before, for comparisons. */
  function previousOf(p: ReportPeriod): ReportPeriod {
    switch (p.kind) {
      case ReportKind.Daily: return dayOf(previousWorkingDay(p.from));
      case ReportKind.Weekly: return weekOf(addDays(p.from, -7));
      case ReportKind.Monthly: return monthOf(`${addDays(p.from, -1).slice(0, 7)}-01`);
      default: {
        const last = addDays(p.from, -1);
        return quarterOf(`${last.slice(0, 4)}-${String(Math.floor((Number(last.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`);
      }
    }
  }

  return { dueOn, dayOf, previousOf, previousWorkingDay, work };
}
export type ReportCalendar = ReturnType<typeof createReportCalendar>;
