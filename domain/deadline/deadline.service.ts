import type { DayInfo, WorkingCalendar } from './working-calendar.js';

export const LimitUnit = { WorkingDays: 'working-days', WorkingHours: 'working-hours' } as const;
export type LimitUnit = (typeof LimitUnit)[keyof typeof LimitUnit];

/** seed 000 §29: warn 30 minutes before the limit; yellow card when overdue up to 30 minutes; red card beyond. */
export const ESCALATION = { warningBeforeMinutes: 30, redAfterMinutes: 30 } as const;

export interface StepLimit { value: number; unit: LimitUnit }
/** Time the clock stands still, e.g. waiting for the applicant's supplement (补正). `to` missing = still paused. */
export interface Pause { from: Date; to?: Date; reason: string }

export interface DeadlineDerivation {
  start: string;
  limit: StepLimit;
  officeHours: string;
  calendar: string;
  countedDays: string[];
  skippedDays: { date: string; reason: string }[];
  pauses: { from: string; to: string | null; reason: string; workingMinutes: number | null }[];
  /** null while a pause is open: the clock is stopped */
  warningAt: string | null;
  dueAt: string | null;
  redAt: string | null;
  notes: string[];
  /** the derivation in plain words, one line a step */
  explanation: string[];
  /** the same lines in Chinese, for the people who read it (absent in derivations stored before) */
  explanationZh?: string[];
}

const fmt = (calendar: WorkingCalendar, at: Date) => {
  const local = new Date(at.getTime() + calendar.settings.utcOffsetMinutes * 60_000).toISOString();
  const sign = calendar.settings.utcOffsetMinutes >= 0 ? '+' : '-';
  const off = Math.abs(calendar.settings.utcOffsetMinutes);
  return `${local.slice(0, 10)} ${local.slice(11, 16)} (UTC${sign}${String(Math.floor(off / 60)).padStart(2, '0')}:${String(off % 60).padStart(2, '0')})`;
};

/** A pause reason in Chinese: the platform writes "… (退回补正)", so the Chinese in the brackets is it. */
const pauseZh = (reason: string) => /[（(]([^()（）]*[\u4e00-\u9fff][^()（）]*)[)）]\s*$/.exec(reason)?.[1] ?? reason;

/** Computes a step's (or a whole application's) warning, due and red-card times in working time. */
export function computeDeadline(calendar: WorkingCalendar, input: { start: Date; limit: StepLimit; pauses?: readonly Pause[] }): DeadlineDerivation {
  const { start, limit } = input;
  if (!Number.isFinite(limit.value) || limit.value <= 0) throw new RangeError(`a time limit must be positive, got ${limit.value}`);
  const pauses = [...(input.pauses ?? [])].sort((a, b) => a.from.getTime() - b.from.getTime());
  const explanation: string[] = [];
  const explanationZh: string[] = [];
  /** one line of the derivation in both languages */
  const say = (en: string, zh: string) => { explanation.push(en); explanationZh.push(zh); };
  const skipped: DayInfo[] = [];
  const counted: string[] = [];
  say(`Start: ${fmt(calendar, start)}.`, `起算：${fmt(calendar, start)}。`);

  let due: Date;
  if (limit.unit === LimitUnit.WorkingDays) {
    if (!Number.isInteger(limit.value)) throw new RangeError('a limit in working days must be a whole number');
    const r = calendar.closeOfNthWorkday(start, limit.value);
    skipped.push(...r.skipped);
    counted.push(...r.counted.map((d) => d.date));
    due = r.at;
    say(`Limit ${limit.value} working day(s); the start day is not counted. Counted: ${counted.join(', ')}.`, `时限 ${limit.value} 个工作日，起算当日不计；计入：${counted.join('、')}。`);
  } else {
    const r = calendar.addWorkingMinutes(start, Math.round(limit.value * 60));
    skipped.push(...r.skipped);
    due = r.at;
    say(`Limit ${limit.value} working hour(s) inside office hours.`, `时限 ${limit.value} 个工作小时，只计办公时间。`);
  }
  for (const d of skipped) say(`Skipped ${d.date}: ${d.reason}.`, `跳过 ${d.date}：${d.reasonZh}。`);

  const pauseRows: DeadlineDerivation['pauses'] = [];
  let open: Pause | undefined;
  for (const p of pauses) {
    if (!p.to) {
      open = p;
      pauseRows.push({ from: p.from.toISOString(), to: null, reason: p.reason, workingMinutes: null });
      say(`Paused since ${fmt(calendar, p.from)} (${p.reason}): the clock stands still until it resumes.`, `自 ${fmt(calendar, p.from)} 起暂停计时（${pauseZh(p.reason)}），恢复前时限不走。`);
      break;
    }
    const minutes = p.from < due ? calendar.workingMinutesBetween(p.from, p.to) : 0;
    pauseRows.push({ from: p.from.toISOString(), to: p.to.toISOString(), reason: p.reason, workingMinutes: minutes });
    if (minutes > 0) {
      const r = calendar.addWorkingMinutes(due, minutes);
      for (const d of r.skipped) if (!skipped.some((s) => s.date === d.date)) skipped.push(d);
      due = r.at;
      say(`Paused ${fmt(calendar, p.from)} – ${fmt(calendar, p.to)} (${p.reason}): ${minutes} working minutes not counted; due moves to ${fmt(calendar, due)}.`,
        `${fmt(calendar, p.from)} 至 ${fmt(calendar, p.to)} 暂停计时（${pauseZh(p.reason)}）：${minutes} 个工作分钟不计，到期顺延至 ${fmt(calendar, due)}。`);
    }
  }

  const noNotice = (y: string) => `No State Council holiday notice for ${y} in the calendar yet: in ${y} the statutory holidays and weekends are skipped; make-up working days (调休) are not known.`;
  const noNoticeZh = (y: string) => `日历中尚无国务院 ${y} 年放假安排：${y} 年按法定节假日和周末跳过，调休上班日尚不可知。`;
  const years = [...new Set(skipped.filter((d) => !d.official).map((d) => d.date.slice(0, 4)))];
  if (counted.some((d) => !calendar.day(d).official)) {
    for (const y of new Set(counted.filter((d) => !calendar.day(d).official).map((d) => d.slice(0, 4)))) if (!years.includes(y)) years.push(y);
  }
  const notes = years.map(noNotice);

  if (open) {
    return base(null, null, null);
  }
  const warningAt = calendar.subtractWorkingMinutes(due, ESCALATION.warningBeforeMinutes);
  const redAt = calendar.addWorkingMinutes(due, ESCALATION.redAfterMinutes).at;
  say(`Due (yellow card when passed): ${fmt(calendar, due)}.`, `到期（超过即黄牌）：${fmt(calendar, due)}。`);
  say(`Warning ${ESCALATION.warningBeforeMinutes} working minutes before: ${fmt(calendar, warningAt)}.`, `到期前 ${ESCALATION.warningBeforeMinutes} 个工作分钟预警：${fmt(calendar, warningAt)}。`);
  say(`Red card ${ESCALATION.redAfterMinutes} working minutes after: ${fmt(calendar, redAt)}.`, `到期后 ${ESCALATION.redAfterMinutes} 个工作分钟红牌：${fmt(calendar, redAt)}。`);
  for (const y of years) say(noNotice(y), noNoticeZh(y));
  return base(warningAt, due, redAt);

  function base(warningAt: Date | null, dueAt: Date | null, redAt: Date | null): DeadlineDerivation {
    return {
      start: start.toISOString(),
      limit,
      officeHours: calendar.settings.officeHours.map((p) => `${p.start}-${p.end}`).join(', '),
      calendar: 'official PRC holidays and make-up working days (chinese-days)',
      countedDays: counted,
      skippedDays: skipped.map((d) => ({ date: d.date, reason: d.reason })),
      pauses: pauseRows,
      warningAt: warningAt?.toISOString() ?? null,
      dueAt: dueAt?.toISOString() ?? null,
      redAt: redAt?.toISOString() ?? null,
      notes,
      explanation,
      explanationZh,
    };
  }
}
