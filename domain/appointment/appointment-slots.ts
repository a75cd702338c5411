import { DomainError, ErrorKind } from '../shared/domain-error.js';
import type { WorkingCalendar } from '../deadline/working-calendar.js';

export interface SlotSettings {
  /** length of one slot in minutes */
  slotMinutes: number;
  /** how many calendar days ahead can be booked, today included */
  daysAhead: number;
}
export interface Slot { start: Date; end: Date }
export interface SlotDay { date: string; work: boolean; reason: string; reasonZh: string; slots: Slot[] }

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/**
 * The bookable slots of a community window (在线预约, seed 001 §4(3)): office hours of working days only, cut into
 * slots of equal length; a slot never runs past the end of its office period (the lunch break stays free).
 */
export function createSlotPlan(calendar: WorkingCalendar, settings: SlotSettings) {
  const offset = calendar.settings.utcOffsetMinutes * MINUTE;
  const periods = calendar.settings.officeHours.map((p) => ({ start: toMinutes(p.start), end: toMinutes(p.end) }));
  const startsOfDay: number[] = [];
  for (const p of periods) {
    for (let m = p.start; m + settings.slotMinutes <= p.end; m += settings.slotMinutes) startsOfDay.push(m);
  }
  const instant = (date: string, minuteOfDay: number) => new Date(Date.parse(`${date}T00:00:00Z`) - offset + minuteOfDay * MINUTE);
  const local = (at: Date) => {
    const shifted = at.getTime() + offset;
    return { date: new Date(shifted).toISOString().slice(0, 10), minute: (shifted - Math.floor(shifted / DAY) * DAY) / MINUTE };
  };
  const officeText = calendar.settings.officeHours.map((p) => `${p.start}-${p.end}`).join(', ');
  const lastDate = (now: Date) => new Date(Date.parse(`${local(now).date}T00:00:00Z`) + (settings.daysAhead - 1) * DAY).toISOString().slice(0, 10);

  /** The days from today on, `settings.daysAhead` of them, each with its slots still ahead of `now`. */
  function days(now: Date): SlotDay[] {
    const first = local(now).date;
    const out: SlotDay[] = [];
    for (let i = 0; i < settings.daysAhead; i++) {
      const date = new Date(Date.parse(`${first}T00:00:00Z`) + i * DAY).toISOString().slice(0, 10);
      const info = calendar.day(date);
      const slots = info.work
        ? startsOfDay.map((m) => ({ start: instant(date, m), end: instant(date, m + settings.slotMinutes) })).filter((s) => s.start > now)
        : [];
      out.push({ date, work: info.work, reason: info.reason, reasonZh: info.reasonZh, slots });
    }
    return out;
  }

  /** The slot that starts at `start`, or a refusal that names why it cannot be booked. */
  function check(start: Date, now: Date): Slot {
    const at = `${local(start).date} ${hhmm(Math.floor(local(start).minute))}`;
    if (start <= now) {
      throw new DomainError('SLOT_IN_PAST', ErrorKind.Validation, { zh: `时段 ${at} 已经过去，请选择以后的时段`, en: `the slot ${at} is in the past; choose a later one` });
    }
    const { date, minute } = local(start);
    if (date > lastDate(now)) {
      throw new DomainError('SLOT_TOO_FAR', ErrorKind.Validation, {
        zh: `时段 ${at} 超出可预约范围：只能预约 ${settings.daysAhead} 天内（至 ${lastDate(now)}）`,
        en: `the slot ${at} is too far ahead: bookings are taken ${settings.daysAhead} days ahead (until ${lastDate(now)})`,
      });
    }
    const info = calendar.day(date);
    if (!info.work) {
      throw new DomainError('SLOT_NOT_WORKING_DAY', ErrorKind.Validation, {
        zh: `${date} 不是工作日（${info.reasonZh}），窗口不办公`, en: `${date} is not a working day (${info.reason}); the windows are closed`,
      });
    }
    if (!startsOfDay.includes(minute)) {
      throw new DomainError('SLOT_OUTSIDE_OFFICE_HOURS', ErrorKind.Validation, {
        zh: `${at} 不是可预约的时段：办公时间 ${officeText}，每 ${settings.slotMinutes} 分钟一个时段`,
        en: `${at} is not a bookable slot: office hours ${officeText}, slots of ${settings.slotMinutes} minutes`,
      });
    }
    return { start, end: new Date(start.getTime() + settings.slotMinutes * MINUTE) };
  }

  /** "2026-12-01 09:30" in office time, for notices and refusals. */
  const label = (at: Date) => `${local(at).date} ${hhmm(Math.floor(local(at).minute))}`;

  /** The instant an office date begins, and the office date of an instant. */
  const dayStart = (date: string) => instant(date, 0);
  const dateOf = (at: Date) => local(at).date;

  return { days, check, label, dayStart, dateOf, settings };
}
export type SlotPlan = ReturnType<typeof createSlotPlan>;
