import { expect } from 'chai';
import { createSlotPlan } from '../../../domain/appointment/appointment-slots.js';
import { computeDeadline, LimitUnit } from '../../../domain/deadline/deadline.service.js';
import { createWorkingCalendar } from '../../../domain/deadline/working-calendar.js';
import { DomainError } from '../../../domain/shared/domain-error.js';

const calendar = createWorkingCalendar({ officeHours: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:30' }], utcOffsetMinutes: 480 });
const plan = createSlotPlan(calendar, { slotMinutes: 30, daysAhead: 14 });
/** Beijing local time → instant */
const bj = (s: string) => new Date(`${s}:00+08:00`);
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(DomainError);
    return err as DomainError;
  }
  throw new Error('expected a refusal');
};

describe('appointment slots: office hours of working days, cut into slots', () => {
  it('offers 14 slots a working day, none over lunch, and none on a weekend or a public holiday', () => {
    // Wed 30 Sep 2026 08:00; 1–7 Oct are the National Day holidays, Sat 10 Oct a make-up working day
    const days = plan.days(bj('2026-09-30T08:00'));
    expect(days).to.have.length(14);
    const wed = days[0]!;
    expect(wed.slots.map((s) => s.start.toISOString())).to.have.length(14);
    expect(wed.slots[0]!.start.toISOString()).to.equal(bj('2026-09-30T09:00').toISOString());
    expect(wed.slots[5]!.end.toISOString()).to.equal(bj('2026-09-30T12:00').toISOString());
    expect(wed.slots[6]!.start.toISOString(), 'after lunch').to.equal(bj('2026-09-30T13:30').toISOString());
    expect(wed.slots.at(-1)!.end.toISOString()).to.equal(bj('2026-09-30T17:30').toISOString());
    const holiday = days.find((d) => d.date === '2026-10-01')!;
    expect(holiday.work).to.equal(false);
    expect(holiday.slots).to.deep.equal([]);
    expect(holiday.reasonZh).to.include('国庆节');
    expect(days.find((d) => d.date === '2026-10-10')!.slots, 'the make-up Saturday (调休) is a working day').to.have.length(14);
    expect(days.find((d) => d.date === '2026-10-11')!.slots, 'Sunday').to.deep.equal([]);
  });

  it('leaves out the slots of today that have begun', () => {
    const today = plan.days(bj('2026-09-30T14:10'))[0]!;
    expect(today.slots[0]!.start.toISOString()).to.equal(bj('2026-09-30T14:30').toISOString());
    expect(today.slots).to.have.length(6);
  });

  it('refuses a slot in the past, on a non-working day, outside office hours, off the grid or too far ahead, naming why in both languages', () => {
    const now = bj('2026-09-30T10:05');
    const past = refusal(() => plan.check(bj('2026-09-30T10:00'), now));
    expect(past.code).to.equal('SLOT_IN_PAST');
    expect(past.zh).to.include('2026-09-30 10:00');
    expect(past.message).to.include('2026-09-30 10:00');
    const holiday = refusal(() => plan.check(bj('2026-10-02T10:00'), now));
    expect(holiday.code).to.equal('SLOT_NOT_WORKING_DAY');
    expect(holiday.zh).to.include('国庆节');
    expect(holiday.message).to.include('National Day');
    const lunch = refusal(() => plan.check(bj('2026-09-30T12:30'), now));
    expect(lunch.code).to.equal('SLOT_OUTSIDE_OFFICE_HOURS');
    expect(lunch.zh).to.include('09:00-12:00, 13:30-17:30');
    expect(refusal(() => plan.check(bj('2026-09-30T17:30'), now)).code, 'the last slot ends at close of office').to.equal('SLOT_OUTSIDE_OFFICE_HOURS');
    expect(refusal(() => plan.check(bj('2026-09-30T10:40'), now)).code, 'not on the 30-minute grid').to.equal('SLOT_OUTSIDE_OFFICE_HOURS');
    const far = refusal(() => plan.check(bj('2026-10-14T10:00'), now));
    expect(far.code).to.equal('SLOT_TOO_FAR');
    expect(far.zh).to.include('2026-10-13');
    const ok = plan.check(bj('2026-10-13T16:30'), now);
    expect(ok.end.toISOString()).to.equal(bj('2026-10-13T17:00').toISOString());
  });

  it('follows the configured slot length', () => {
    const hourly = createSlotPlan(calendar, { slotMinutes: 60, daysAhead: 3 });
    // 09–12 gives 3, 13:30–17:30 gives 4 (13:30, 14:30, 15:30, 16:30)
    expect(hourly.days(bj('2026-09-30T08:00'))[0]!.slots.map((s) => plan.label(s.start).slice(11))).to.deep.equal(['09:00', '10:00', '11:00', '13:30', '14:30', '15:30', '16:30']);
  });
});

describe('the window’s answer to a booking: 1 working hour (seed 001 §4(3))', () => {
  const due = (start: string) => computeDeadline(calendar, { start: bj(start), limit: { value: 1, unit: LimitUnit.WorkingHours } });

  it('counts only office hours: a booking at 11:30 is due at 14:00, across the lunch break', () => {
    const d = due('2026-09-30T11:30');
    expect(d.dueAt).to.equal(bj('2026-09-30T14:00').toISOString());
    expect(d.warningAt, 'thirty working minutes before, the lunch break not counted').to.equal(bj('2026-09-30T13:30').toISOString());
    expect(d.redAt).to.equal(bj('2026-09-30T14:30').toISOString());
  });

  it('a booking made in the evening before a holiday is due an hour into the next working day', () => {
    // Wed 30 Sep 2026 20:00; the National Day holidays follow until Thu 8 Oct
    const d = due('2026-09-30T20:00');
    expect(d.dueAt).to.equal(bj('2026-10-08T10:00').toISOString());
    expect(d.skippedDays.map((s) => s.date)).to.include('2026-10-01');
    expect(d.explanationZh!.join('\n')).to.include('1 个工作小时');
  });
});
