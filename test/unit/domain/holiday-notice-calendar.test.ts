import { expect } from 'chai';
import { computeDeadline, LimitUnit } from '../../../domain/deadline/deadline.service.js';
import { noticeProblems } from '../../../domain/deadline/holiday-calendar.service.js';
import { createWorkingCalendar, toCalendarNotice, type CalendarNotice } from '../../../domain/deadline/working-calendar.js';

const settings = { officeHours: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:30' }], utcOffsetMinutes: 480 };
const bj = (s: string) => new Date(`${s}:00+08:00`);

/** A notice for 2028, a year the package has no data for: National Day 1–7 Oct off, Sat 30 Sep and Sun 8 Oct worked. */
const notice2028 = toCalendarNotice({
  year: 2028, version: 1, title: '国务院办公厅关于2028年部分节假日安排的通知', number: '国办发明电〔2027〕7号',
  daysOff: ['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2028-10-${d}`, name: '国庆节' })),
  makeUpDays: [{ date: '2028-09-30', name: '国庆节' }, { date: '2028-10-08', name: '国庆节' }],
});

describe('working calendar: a holiday notice recorded by the service office', () => {
  const plain = createWorkingCalendar(settings);
  let stored: CalendarNotice | undefined;
  const withNotice = createWorkingCalendar(settings, { notice: (y) => (y === 2028 ? stored : undefined) });
  beforeEach(() => { stored = notice2028; });

  it('changes day() for a year the package does not know: a stored notice beats the statutory fallback', () => {
    // without the notice 2028 falls back to the statute: 4 Oct is an ordinary Wednesday, 30 Sep a Saturday off
    expect(plain.day('2028-10-04')).to.include({ work: true, official: false, source: 'statutory' });
    expect(plain.day('2028-09-30')).to.include({ work: false, source: 'statutory' });
    const off = withNotice.day('2028-10-04');
    expect(off).to.include({ work: false, official: true, source: 'notice' });
    expect(off.reasonZh).to.include('国庆节').and.include('国办发明电〔2027〕7号');
    const makeUp = withNotice.day('2028-09-30');
    expect(makeUp).to.include({ work: true, official: true, source: 'notice' });
    expect(makeUp.reason).to.include('make-up working day');
    // the package's years are untouched by a notice of another year
    expect(withNotice.day('2026-10-01')).to.include({ work: false, source: 'package' });
  });

  it('changes addWorkingMinutes and the derivation: the holiday week is skipped and the make-up Saturday counted', () => {
    // Fri 29 Sep 2028 at 17:00 + 2 working hours
    const before = plain.addWorkingMinutes(bj('2028-09-29T17:00'), 120);
    // statute only: Sat 30 Sep off, Sun off, 2 Oct Mon off? (statute: 1–3 Oct) → Wed 4 Oct 10:30
    expect(before.at.toISOString()).to.equal(bj('2028-10-04T10:30').toISOString());
    const after = withNotice.addWorkingMinutes(bj('2028-09-29T17:00'), 120);
    // the notice makes Sat 30 Sep a working day
    expect(after.at.toISOString()).to.equal(bj('2028-09-30T10:30').toISOString());
    const later = withNotice.addWorkingMinutes(bj('2028-09-30T17:00'), 120);
    expect(later.at.toISOString()).to.equal(bj('2028-10-08T10:30').toISOString());
    expect(later.skipped.map((d) => d.date)).to.deep.equal(['2028-10-01', '2028-10-02', '2028-10-03', '2028-10-04', '2028-10-05', '2028-10-06', '2028-10-07']);
    const d = computeDeadline(withNotice, { start: bj('2028-09-29T10:00'), limit: { value: 2, unit: LimitUnit.WorkingDays } });
    expect(d.countedDays).to.deep.equal(['2028-09-30', '2028-10-08']);
    // with a notice the year is official: no "make-up days unknown" note
    expect(d.notes).to.deep.equal([]);
  });

  it('a notice read again after a change is used at once (the overlay is consulted on every day)', () => {
    expect(withNotice.day('2028-10-04').work).to.equal(false);
    stored = undefined;
    expect(withNotice.day('2028-10-04').work).to.equal(true);
  });

  it('lists the year\'s days off and make-up days with their source', () => {
    const y = withNotice.specialDays(2028);
    expect(y.source).to.equal('notice');
    expect(y.days.filter((d) => d.kind === 'make-up').map((d) => d.date)).to.deep.equal(['2028-09-30', '2028-10-08']);
    expect(plain.specialDays(2028).source).to.equal('statutory');
    expect(plain.specialDays(2026).source).to.equal('package');
  });
});

describe('holiday notice: what the service office may record', () => {
  const ok = { title: '国务院办公厅关于2028年部分节假日安排的通知', number: '国办发明电〔2027〕7号', daysOff: [{ date: '2028-10-02', name: '国庆节' }], makeUpDays: [{ date: '2028-09-30', name: '国庆节' }] };
  it('accepts a sound notice', () => {
    expect(noticeProblems(2028, ok)).to.deep.equal([]);
  });
  it('names each fault in both languages', () => {
    const problems = noticeProblems(2028, {
      title: ' ', number: 'x',
      daysOff: [{ date: '2027-12-31', name: '元旦' }, { date: '2028-10-02', name: '' }, { date: '2028-02-30', name: '春节' }],
      makeUpDays: [{ date: '2028-10-02', name: '国庆节' }, { date: '2028-10-04', name: '国庆节' }],
    });
    const en = problems.map((p) => p.en).join(' | ');
    const zh = problems.map((p) => p.zh).join(' | ');
    expect(en).to.include('needs its title');
    expect(en).to.include('2027-12-31 is not in 2028');
    expect(zh).to.include('2027-12-31 不在 2028 年内');
    expect(en).to.include('2028-10-02 needs the holiday\'s name');
    expect(en).to.include('2028-02-30 is not a valid date');
    expect(en).to.include('2028-10-02 cannot be both a day off and a make-up working day');
    expect(zh).to.include('2028-10-02 不能既放假又调休上班');
    expect(en).to.include('make-up working day 2028-10-04 must be a Saturday or Sunday');
    expect(zh).to.include('调休上班日 2028-10-04 须是周六或周日');
  });
});
