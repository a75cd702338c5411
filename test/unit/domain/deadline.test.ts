import { expect } from 'chai';
import { computeDeadline, LimitUnit } from '../../../domain/deadline/deadline.service.js';
import { createWorkingCalendar } from '../../../domain/deadline/working-calendar.js';

const calendar = createWorkingCalendar({
  officeHours: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:30' }],
  utcOffsetMinutes: 480,
});
/** local Beijing time → instant */
const bj = (s: string) => new Date(`${s}:00+08:00`);
const iso = (s: string) => bj(s).toISOString();

describe('deadline clock: working time on the official Chinese calendar', () => {
  it('skips the National Day holidays and counts the make-up Saturday (调休)', () => {
    // Accepted on Wed 30 Sep 2026; 1–7 Oct are public holidays; Sat 10 Oct is a make-up working day.
    const d = computeDeadline(calendar, { start: bj('2026-09-30T10:00'), limit: { value: 3, unit: LimitUnit.WorkingDays } });
    expect(d.countedDays).to.deep.equal(['2026-10-08', '2026-10-09', '2026-10-10']);
    expect(d.skippedDays.map((s) => s.date)).to.deep.equal(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']);
    expect(d.skippedDays[0]!.reason).to.include('国庆节');
    expect(d.dueAt).to.equal(iso('2026-10-10T17:30'));
    expect(d.warningAt).to.equal(iso('2026-10-10T17:00'));
    // 30 working minutes after close of office on Saturday: Sunday is off, so Monday 09:30.
    expect(d.redAt).to.equal(iso('2026-10-12T09:30'));
    expect(d.explanation).to.include('Limit 3 working day(s); the start day is not counted. Counted: 2026-10-08, 2026-10-09, 2026-10-10.');
    expect(d.explanation).to.include('Due (yellow card when passed): 2026-10-10 17:30 (UTC+08:00).');
  });

  it('explains the same derivation in Chinese, line for line, for the people who read it', () => {
    const d = computeDeadline(calendar, {
      start: bj('2026-09-30T10:00'), limit: { value: 3, unit: LimitUnit.WorkingDays },
      pauses: [{ from: bj('2026-10-08T09:00'), to: bj('2026-10-08T13:30'), reason: 'waiting for the applicant’s supplement (补正)' }],
    });
    expect(d.explanationZh).to.have.length(d.explanation.length);
    expect(d.explanationZh![0]).to.equal('起算：2026-09-30 10:00 (UTC+08:00)。');
    expect(d.explanationZh).to.include('时限 3 个工作日，起算当日不计；计入：2026-10-08、2026-10-09、2026-10-10。');
    expect(d.explanationZh).to.include('跳过 2026-10-01：国庆节假期。');
    expect(d.explanationZh).to.include('跳过 2026-10-04：国庆节假期。');
    expect(d.explanationZh!.join('\n')).to.include('暂停计时（补正）：180 个工作分钟不计').and.include('到期（超过即黄牌）：').and.include('红牌');
    expect(d.explanationZh!.join('').replaceAll('UTC', ''), 'no English left').not.to.match(/[A-Za-z]{3,}/);
  });

  it('skips a weekend for a limit in working hours and never counts the lunch break', () => {
    // Fri 13 Nov 2026 16:00 + 4 working hours: 1.5 h on Friday, then Monday 09:00–11:30.
    const d = computeDeadline(calendar, { start: bj('2026-11-13T16:00'), limit: { value: 4, unit: LimitUnit.WorkingHours } });
    expect(d.dueAt).to.equal(iso('2026-11-16T11:30'));
    expect(d.skippedDays.map((s) => s.reason)).to.deep.equal(['weekend', 'weekend']);
    expect(d.warningAt).to.equal(iso('2026-11-16T11:00'));
    // 11:30 + 30 working minutes: 30 min to noon.
    expect(d.redAt).to.equal(iso('2026-11-16T12:00'));
    const after = computeDeadline(calendar, { start: bj('2026-11-16T11:30'), limit: { value: 1, unit: LimitUnit.WorkingHours } });
    expect(after.dueAt).to.equal(iso('2026-11-16T14:00'));
  });

  it('a start outside office hours counts from the next opening', () => {
    const d = computeDeadline(calendar, { start: bj('2026-11-17T20:00'), limit: { value: 2, unit: LimitUnit.WorkingHours } });
    expect(d.dueAt).to.equal(iso('2026-11-18T11:00'));
  });

  it('does not count time waiting for the applicant’s supplement', () => {
    // 2 working days from Mon 16 Nov: due Wed 18 Nov 17:30; paused Tue 09:00 → Thu 09:00 (2 working days).
    const plain = computeDeadline(calendar, { start: bj('2026-11-16T10:00'), limit: { value: 2, unit: LimitUnit.WorkingDays } });
    expect(plain.dueAt).to.equal(iso('2026-11-18T17:30'));
    const paused = computeDeadline(calendar, {
      start: bj('2026-11-16T10:00'),
      limit: { value: 2, unit: LimitUnit.WorkingDays },
      pauses: [{ from: bj('2026-11-17T09:00'), to: bj('2026-11-19T09:00'), reason: 'waiting for supplement' }],
    });
    expect(paused.pauses[0]!.workingMinutes).to.equal(14 * 60);
    expect(paused.dueAt).to.equal(iso('2026-11-20T17:30'));
  });

  it('stops the clock while a pause is open', () => {
    const d = computeDeadline(calendar, {
      start: bj('2026-11-16T10:00'), limit: { value: 2, unit: LimitUnit.WorkingDays },
      pauses: [{ from: bj('2026-11-17T09:00'), reason: 'waiting for supplement' }],
    });
    expect(d.dueAt).to.equal(null);
    expect(d.explanation.join(' ')).to.include('clock stands still');
  });

  it('skips the statutory holidays of a year whose holiday notice is not out yet, and says so', () => {
    // New Year's Day 2027 is a Friday: Thu 31 Dec is counted, then Fri (元旦), Sat and Sun are skipped.
    const d = computeDeadline(calendar, { start: bj('2026-12-30T10:00'), limit: { value: 5, unit: LimitUnit.WorkingDays } });
    expect(d.countedDays).to.deep.equal(['2026-12-31', '2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07']);
    expect(d.skippedDays[0]).to.deep.equal({ date: '2027-01-01', reason: 'statutory public holiday 元旦 New Year’s Day (《全国年节及纪念日放假办法》)' });
    expect(d.dueAt).to.equal(iso('2027-01-07T17:30'));
    expect(d.notes.join(' ')).to.include('No State Council holiday notice for 2027').and.include('调休');
  });

  it('finds the lunar Spring Festival of such a year: 除夕 and the first three days', () => {
    // Spring Festival 2027 falls on Saturday 6 February: 除夕 Fri 5, and Mon 8 (初三) are off too.
    const d = computeDeadline(calendar, { start: bj('2027-02-04T10:00'), limit: { value: 1, unit: LimitUnit.WorkingDays } });
    expect(d.skippedDays.map((s) => s.date)).to.deep.equal(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']);
    expect(d.dueAt).to.equal(iso('2027-02-09T17:30'));
  });

  it('refuses a limit that is not positive', () => {
    expect(() => computeDeadline(calendar, { start: bj('2026-11-16T10:00'), limit: { value: 0, unit: LimitUnit.WorkingDays } })).to.throw(RangeError);
  });
});
