import { expect } from 'chai';
import { workingTimeLeft } from '../../../domain/deadline/time-left.js';
import { createWorkingCalendar } from '../../../domain/deadline/working-calendar.js';

const calendar = createWorkingCalendar({ officeHours: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:30' }], utcOffsetMinutes: 480 });
const bj = (s: string) => new Date(`${s}:00+08:00`);

describe('time left until a step is due, in working time', () => {
  it('counts office hours on working days only: a weekend and the lunch break do not count', () => {
    // Fri 13 Nov 2026 16:00 → Tue 17 Nov 10:00: 1.5 h Friday, 7 h Monday, 1 h Tuesday
    const left = workingTimeLeft(calendar, bj('2026-11-13T16:00'), bj('2026-11-17T10:00'));
    expect(left).to.deep.equal({ workingMinutes: 570, overdue: false, days: 1, hours: 2, minutes: 30, minutesPerDay: 420 });
  });

  it('is negative once the due time has passed, counting the overdue time in working time too', () => {
    const late = workingTimeLeft(calendar, bj('2026-11-16T14:30'), bj('2026-11-16T11:30'));
    expect(late).to.deep.equal({ workingMinutes: -90, overdue: true, days: 0, hours: 1, minutes: 30, minutesPerDay: 420 });
    // overdue after close of office, with no working minute since: overdue, but no time to count
    const evening = workingTimeLeft(calendar, bj('2026-11-16T19:00'), bj('2026-11-16T17:30'));
    expect(evening).to.include({ overdue: true, workingMinutes: 0 });
  });

  it('skips public holidays (National Day 2026)', () => {
    const left = workingTimeLeft(calendar, bj('2026-09-30T17:00'), bj('2026-10-08T09:30'));
    expect(left.workingMinutes).to.equal(60);
  });
});
