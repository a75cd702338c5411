import { createRequire } from 'node:module';
import chineseDays from 'chinese-days';

/** Office hours of one working day, local time, e.g. { start: '09:00', end: '12:00' }. */
export interface OfficePeriod { start: string; end: string }

export interface CalendarSettings {
  officeHours: readonly OfficePeriod[];
  /** minutes east of UTC; China Standard Time is +480 all year (no daylight saving) */
  utcOffsetMinutes: number;
}

export interface DayInfo {
  date: string; // YYYY-MM-DD, local
  work: boolean;
  reason: string; // why it is or is not a working day, readable
  reasonZh: string; // the same in Chinese, for the people who read the derivation
  official: boolean; // false when the calendar has no official data for that year
  /** where the day's status comes from: a notice recorded by the service office, the package, or the statutory fallback */
  source: CalendarSource;
}

export const CalendarSource = { Notice: 'notice', Package: 'package', Statutory: 'statutory' } as const;
export type CalendarSource = (typeof CalendarSource)[keyof typeof CalendarSource];

/** A recorded State Council holiday notice, as the calendar reads it. */
export interface CalendarNotice {
  year: number;
  title: string;
  number: string;
  version: number;
  /** date → holiday name */
  off: ReadonlyMap<string, string>;
  /** date → the holiday the make-up working day is for */
  makeUp: ReadonlyMap<string, string>;
}
/** The recorded notices the calendar consults first (a stored notice > package data > statutory fallback). */
export interface NoticeSource { notice(year: number): CalendarNotice | undefined }

export function toCalendarNotice(n: { year: number; title: string; number: string; version: number; daysOff: { date: string; name: string }[]; makeUpDays: { date: string; name: string }[] }): CalendarNotice {
  return { year: n.year, title: n.title, number: n.number, version: n.version, off: new Map(n.daysOff.map((d) => [d.date, d.name])), makeUp: new Map(n.makeUpDays.map((d) => [d.date, d.name])) };
}

/** A day of a year that is not an ordinary weekday or weekend: a day off or a make-up working day. */
export interface SpecialDay { date: string; kind: 'off' | 'make-up'; name: string; source: CalendarSource }

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function toMinutes(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new Error(`office time ${JSON.stringify(hhmm)} must be HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Years for which the package carries the State Council's holiday notice. */
const official = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};
const officialYears = new Set(Object.keys(official.holidays).map((d) => d.slice(0, 4)));
/** "National Day,国庆节,3" → "国庆节 National Day" */
const holidayName = (raw: string) => {
  const [en, zh] = raw.split(',');
  return zh ? `${zh} ${en}` : raw;
};
/** "National Day,国庆节,3" → "国庆节"; "元旦 New Year’s Day" → "元旦" */
const holidayZh = (raw: string) => raw.split(',')[1] ?? raw.split(' ')[0]!;

/**
 * Statutory public holidays of 《全国年节及纪念日放假办法》 (2024 revision, in force from 2025): used for a year
 * whose State Council holiday notice is not in the calendar yet. Make-up working days (调休) of such a year are
 * not known until the notice is published.
 */
const statutoryCache = new Map<number, Map<string, string>>();
function statutoryHolidays(year: number): Map<string, string> {
  const cached = statutoryCache.get(year);
  if (cached) return cached;
  const days = new Map<string, string>();
  const add = (date: string, name: string) => days.set(date, name);
  const shift = (date: string, delta: number) => new Date(Date.parse(`${date}T00:00:00Z`) + delta * DAY).toISOString().slice(0, 10);
  add(`${year}-01-01`, '元旦 New Year’s Day');
  const springFestival = chineseDays.getSolarDateFromLunar(`${year}-01-01`).date;
  add(shift(springFestival, -1), '春节（除夕） Spring Festival');
  for (let i = 0; i < 3; i++) add(shift(springFestival, i), '春节 Spring Festival');
  add(chineseDays.getSolarTermDate(year, 4, 'pure_brightness'), '清明节 Tomb-sweeping Day');
  add(`${year}-05-01`, '劳动节 Labour Day');
  add(`${year}-05-02`, '劳动节 Labour Day');
  add(chineseDays.getSolarDateFromLunar(`${year}-05-05`).date, '端午节 Dragon Boat Festival');
  add(chineseDays.getSolarDateFromLunar(`${year}-08-15`).date, '中秋节 Mid-autumn Festival');
  for (const d of ['10-01', '10-02', '10-03']) add(`${year}-${d}`, '国庆节 National Day');
  statutoryCache.set(year, days);
  return days;
}

/**
 * The official Chinese working calendar (public holidays and make-up working days, 调休, from chinese-days)
 * with configurable office hours. All arithmetic is in working minutes inside office hours.
 */
export function createWorkingCalendar(settings: CalendarSettings, notices?: NoticeSource) {
  const periods = settings.officeHours.map((p) => ({ start: toMinutes(p.start), end: toMinutes(p.end) })).sort((a, b) => a.start - b.start);
  if (periods.length === 0 || periods.some((p, i) => p.end <= p.start || (i > 0 && p.start < periods[i - 1]!.end))) {
    throw new Error('office hours must be one or more ordered, non-overlapping periods');
  }
  const minutesPerDay = periods.reduce((sum, p) => sum + p.end - p.start, 0);
  const offset = settings.utcOffsetMinutes * MINUTE;

  const localDate = (at: Date) => new Date(at.getTime() + offset).toISOString().slice(0, 10);
  /** UTC instant of a local date at a minute of the day */
  const instant = (date: string, minuteOfDay: number) => new Date(Date.parse(`${date}T00:00:00Z`) - offset + minuteOfDay * MINUTE);
  const minuteOfDay = (at: Date) => Math.floor(((at.getTime() + offset) % DAY) / MINUTE);
  const nextDate = (date: string, delta = 1) => new Date(Date.parse(`${date}T00:00:00Z`) + delta * DAY).toISOString().slice(0, 10);

  function day(date: string): DayInfo {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const notice = notices?.notice(Number(date.slice(0, 4)));
    if (notice) {
      const by = `${notice.title} (${notice.number})`;
      const makeUpFor = notice.makeUp.get(date);
      if (makeUpFor) return { date, work: true, reason: `make-up working day (调休) for ${makeUpFor}, ${by}`, reasonZh: `${makeUpFor}调休上班日（${by}）`, official: true, source: CalendarSource.Notice };
      const off = notice.off.get(date);
      if (off) return { date, work: false, reason: `public holiday ${off}, ${by}`, reasonZh: `${off}假期（${by}）`, official: true, source: CalendarSource.Notice };
      return { date, work: !weekend, reason: weekend ? 'weekend' : 'working day', reasonZh: weekend ? '周末' : '工作日', official: true, source: CalendarSource.Notice };
    }
    if (!officialYears.has(date.slice(0, 4))) {
      const statutory = statutoryHolidays(Number(date.slice(0, 4))).get(date);
      if (statutory) return { date, work: false, reason: `statutory public holiday ${statutory} (《全国年节及纪念日放假办法》)`, reasonZh: `法定节假日 ${holidayZh(statutory)}（《全国年节及纪念日放假办法》）`, official: false, source: CalendarSource.Statutory };
      return { date, work: !weekend, reason: weekend ? 'weekend' : 'working day', reasonZh: weekend ? '周末' : '工作日', official: false, source: CalendarSource.Statutory };
    }
    const holiday = official.holidays[date];
    const makeUp = official.workdays[date];
    if (makeUp) return { date, work: true, reason: `make-up working day (调休) for ${holidayName(makeUp)}`, reasonZh: `${holidayZh(makeUp)}调休上班日`, official: true, source: CalendarSource.Package };
    if (holiday) return { date, work: false, reason: `public holiday ${holidayName(holiday)}`, reasonZh: `${holidayZh(holiday)}假期`, official: true, source: CalendarSource.Package };
    // cross-check with the package's own rule so a data change cannot slip by unnoticed
    if (chineseDays.isWorkday(date) === weekend) throw new Error(`calendar data disagree on ${date}`);
    return { date, work: !weekend, reason: weekend ? 'weekend' : 'working day', reasonZh: weekend ? '周末' : '工作日', official: true, source: CalendarSource.Package };
  }

  /** The days off and make-up working days of a year, with where each comes from. */
  function specialDays(year: number): { source: CalendarSource; notice: CalendarNotice | null; days: SpecialDay[] } {
    const notice = notices?.notice(year);
    const days: SpecialDay[] = [];
    if (notice) {
      for (const [date, name] of notice.off) days.push({ date, kind: 'off', name, source: CalendarSource.Notice });
      for (const [date, name] of notice.makeUp) days.push({ date, kind: 'make-up', name, source: CalendarSource.Notice });
    } else if (officialYears.has(String(year))) {
      for (const [date, raw] of Object.entries(official.holidays)) if (date.startsWith(`${year}-`)) days.push({ date, kind: 'off', name: holidayName(raw), source: CalendarSource.Package });
      for (const [date, raw] of Object.entries(official.workdays)) if (date.startsWith(`${year}-`)) days.push({ date, kind: 'make-up', name: holidayName(raw), source: CalendarSource.Package });
    } else {
      for (const [date, name] of statutoryHolidays(year)) days.push({ date, kind: 'off', name, source: CalendarSource.Statutory });
    }
    const source = notice ? CalendarSource.Notice : officialYears.has(String(year)) ? CalendarSource.Package : CalendarSource.Statutory;
    return { source, notice: notice ?? null, days: days.sort((a, b) => a.date.localeCompare(b.date)) };
  }

  /** Adds working minutes; returns the instant and the non-working days passed over. */
  function addWorkingMinutes(from: Date, minutes: number): { at: Date; skipped: DayInfo[] } {
    let date = localDate(from);
    let minute = minuteOfDay(from);
    let left = minutes;
    const skipped: DayInfo[] = [];
    for (let guard = 0; guard < 3660; guard++) {
      const info = day(date);
      if (!info.work) {
        skipped.push(info);
      } else {
        for (const p of periods) {
          const begin = Math.max(minute, p.start);
          if (begin >= p.end) continue;
          const available = p.end - begin;
          if (left <= available) {
            return { at: instant(date, begin + left), skipped };
          }
          left -= available;
        }
      }
      date = nextDate(date);
      minute = 0;
    }
    throw new Error('no working time found within ten years');
  }

  /** Subtracts working minutes (for the warning before a limit). */
  function subtractWorkingMinutes(from: Date, minutes: number): Date {
    let date = localDate(from);
    let minute = minuteOfDay(from);
    let left = minutes;
    for (let guard = 0; guard < 3660; guard++) {
      if (day(date).work) {
        for (const p of [...periods].reverse()) {
          const end = Math.min(minute, p.end);
          if (end <= p.start) continue;
          const available = end - p.start;
          if (left <= available) return instant(date, end - left);
          left -= available;
        }
      }
      date = nextDate(date, -1);
      minute = 24 * 60;
    }
    throw new Error('no working time found within ten years');
  }

  /** Working minutes between two instants (0 if b is not after a). */
  function workingMinutesBetween(a: Date, b: Date): number {
    if (b <= a) return 0;
    let total = 0;
    let date = localDate(a);
    const lastDate = localDate(b);
    for (let guard = 0; guard < 3660 && date <= lastDate; guard++) {
      if (day(date).work) {
        for (const p of periods) {
          const from = Math.max(p.start, date === localDate(a) ? minuteOfDay(a) : 0);
          const to = Math.min(p.end, date === lastDate ? minuteOfDay(b) : 24 * 60);
          if (to > from) total += to - from;
        }
      }
      date = nextDate(date);
    }
    return total;
  }

  /**
   * The close of office on the n-th working day after the start day: the start day itself is not
   * counted, as in the usual reckoning of statutory periods.
   */
  function closeOfNthWorkday(from: Date, n: number): { at: Date; skipped: DayInfo[]; counted: DayInfo[] } {
    let date = localDate(from);
    const skipped: DayInfo[] = [];
    const counted: DayInfo[] = [];
    while (counted.length < n) {
      date = nextDate(date);
      const info = day(date);
      (info.work ? counted : skipped).push(info);
      if (skipped.length > 3660) throw new Error('no working day found within ten years');
    }
    return { at: instant(date, periods.at(-1)!.end), skipped, counted };
  }

  return { day, specialDays, addWorkingMinutes, subtractWorkingMinutes, workingMinutesBetween, closeOfNthWorkday, localDate, minutesPerDay, settings };
}
export type WorkingCalendar = ReturnType<typeof createWorkingCalendar>;
