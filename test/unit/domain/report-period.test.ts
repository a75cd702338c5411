import { expect } from 'chai';
import { createWorkingCalendar } from '../../../domain/deadline/working-calendar.js';
import { emptyFigures, tally, unitEdition, buildContent } from '../../../domain/report/report-content.js';
import { createReportCalendar, monthOf, quarterOf, weekOf } from '../../../domain/report/report-period.js';

const calendar = createWorkingCalendar({ officeHours: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:30' }], utcOffsetMinutes: 480 });
const periods = createReportCalendar(calendar);
const due = (date: string) => periods.dueOn(date).map((p) => `${p.kind}:${p.key}`);

describe('supervision reports on the working-day calendar (seed 001 §30)', () => {
  it('makes the daily statistics on a working day for the working day before', () => {
    expect(due('2026-11-26')).to.deep.equal(['daily:2026-11-25']);
    expect(periods.dayOf('2026-11-25')).to.include({ from: '2026-11-25', to: '2026-11-26' });
  });

  it('makes the weekly bulletin on Monday, covering the week before with the Friday’s statistics over the weekend', () => {
    expect(due('2026-11-23')).to.deep.equal(['daily:2026-11-20', 'weekly:2026-W47']);
    expect(weekOf('2026-11-16')).to.include({ from: '2026-11-16', to: '2026-11-23' });
    // Friday's daily statistics run up to Monday, so the weekend's filings are in them
    expect(periods.dayOf('2026-11-20')).to.include({ from: '2026-11-20', to: '2026-11-23' });
  });

  it('makes nothing on a weekend or a public holiday', () => {
    expect(due('2026-11-28')).to.deep.equal([]);
    expect(due('2026-10-05')).to.deep.equal([]);
  });

  it('after National Day 2026 (1–7 October) the first working day, 8 October, gets every report due then', () => {
    expect(calendar.day('2026-10-07').work).to.equal(false);
    expect(calendar.day('2026-10-08').work).to.equal(true);
    expect(due('2026-10-08')).to.deep.equal(['daily:2026-09-30', 'weekly:2026-W40', 'monthly:2026-09', 'quarterly:2026-Q3']);
    // the daily statistics of 30 September run through the holiday
    expect(periods.dayOf('2026-09-30')).to.include({ from: '2026-09-30', to: '2026-10-08' });
    // the make-up Saturday, 10 October, is a working day with its own statistics
    expect(due('2026-10-10')).to.deep.equal(['daily:2026-10-09']);
    expect(due('2026-10-12')).to.deep.equal(['daily:2026-10-10', 'weekly:2026-W41']);
  });

  it('when a whole week is holiday (Spring Festival 2026) both weeks’ bulletins come on the first working day after', () => {
    expect(due('2026-02-24')).to.deep.equal(['daily:2026-02-14', 'weekly:2026-W07', 'weekly:2026-W08']);
  });

  it('the monthly summary on the first working day of the month, the quarterly assessment on the first of the quarter', () => {
    expect(due('2026-12-01')).to.deep.equal(['daily:2026-11-30', 'monthly:2026-11']);
    expect(due('2027-01-04')).to.deep.equal(['daily:2026-12-31', 'weekly:2026-W53', 'monthly:2026-12', 'quarterly:2026-Q4']);
    expect(monthOf('2026-12-01')).to.include({ from: '2026-12-01', to: '2027-01-01', label: '2026年12月' });
    expect(quarterOf('2026-07-01')).to.include({ from: '2026-07-01', to: '2026-10-01', label: '2026年第三季度' });
    expect(periods.previousOf(quarterOf('2026-01-01')).key).to.equal('2025-Q4');
    expect(periods.previousOf(monthOf('2026-01-01')).key).to.equal('2025-12');
    expect(periods.previousOf(periods.dayOf('2026-10-08')).key).to.equal('2026-09-30');
  });
});

describe('report content', () => {
  const facts = {
    filed: [{ unitCode: 'DEPT-A' }, { unitCode: 'DEPT-A' }, { unitCode: 'DEPT-B' }],
    closed: [{ unitCode: 'DEPT-A', late: true, outcome: 'issued' }, { unitCode: 'DEPT-B', late: false, outcome: 'refused' }],
    cards: [{ unitCode: 'DEPT-A', level: 'red' }, { unitCode: 'DEPT-A', level: 'warning' }],
    complaints: [{ unitCode: 'DEPT-B', outcome: 'handled', answeredInTime: true }],
    ratings: [{ unitCode: 'DEPT-A', bad: true }, { unitCode: 'DEPT-B', bad: false }],
    rectifications: [{ unitCode: 'DEPT-A', closed: false }], consultations: [], appointments: [{ unitCode: 'COM-X' }],
  };
  const period = weekOf('2026-11-16');
  const content = buildContent({
    period, previous: weekOf('2026-11-09'), facts, previousFacts: { ...facts, filed: [{ unitCode: 'DEPT-A' }] },
    units: [{ code: 'DEPT-A', name: '甲局' }, { code: 'DEPT-B', name: '乙局' }], ranking: null, generatedAt: new Date('2026-11-23T01:00:00Z'),
  });

  it('adds up cases, cards, complaints and ratings over all units and per unit, with the previous period beside them', () => {
    expect(content.totals).to.include({ filed: 3, closed: 2, onTime: 1, late: 1, complaints: 1, complaintsInTime: 1, ratings: 2, badReviews: 1, appointments: 1 });
    expect(content.totals.cards).to.deep.equal({ warning: 1, yellow: 0, red: 1 });
    expect(content.previousTotals.filed).to.equal(1);
    expect(content.units.map((u) => [u.unitCode, u.unitName, u.filed])).to.deep.equal([['DEPT-A', '甲局', 2], ['DEPT-B', '乙局', 1], ['COM-X', 'COM-X', 0]]);
  });

  it('a unit’s edition carries that unit’s figures only', () => {
    const a = unitEdition(content, { code: 'DEPT-A', name: '甲局' });
    expect(a.scope).to.equal('DEPT-A');
    expect(a.units.map((u) => u.unitCode)).to.deep.equal(['DEPT-A']);
    expect(a.totals).to.include({ filed: 2, late: 1, badReviews: 1 });
    expect(a.previousTotals.filed).to.equal(1);
    const none = unitEdition(content, { code: 'DEPT-Z', name: '丙局' });
    expect(none.totals).to.deep.equal(emptyFigures());
    expect(tally(facts, 'DEPT-B').complaintOutcomes).to.deep.equal({ handled: 1 });
  });
});
