import { expect } from 'chai';
import { pino } from 'pino';
import { ReportModel } from '../../../domain/report/report.model.js';
import { addDays } from '../../../domain/report/report-period.js';
import { op } from '../../../domain/shared/trusted.js';
import type { JobLike } from '../../../domain/engine/engine.port.js';
import { generateDueReports } from '../../../workers/generate-due-reports.worker.js';
import { platform } from '../../support/platform.js';
import { eventually } from '../../support/staff.js';

/** Beijing local time → instant */
const bj = (s: string) => new Date(`${s}:00+08:00`);
const stored = async () => (await ReportModel.find({ scope: 'all' }, { _id: 0, reportId: 1, generatedAt: 1 }).lean()).map((r) => r.reportId);

/**
 * The next long holiday on the official calendar after `from`: three or more days off in a row, one of them a
 * weekday (so not a plain weekend). Answers its first day and the first working day after it.
 */
function nextLongHoliday(from: string) {
  const { day } = platform().services.calendar;
  for (let d = addDays(from, 1); d < addDays(from, 800); d = addDays(d, 1)) {
    if (day(d).work || !day(addDays(d, -1)).work) continue;
    let end = d;
    while (!day(end).work) end = addDays(end, 1);
    const days = (Date.parse(end) - Date.parse(d)) / 86_400_000;
    const weekdayOff = Array.from({ length: days }, (_, i) => addDays(d, i)).some((x) => [1, 2, 3, 4, 5].includes(new Date(`${x}T00:00:00Z`).getUTCDay()));
    if (days >= 3 && weekdayOff) return { first: d, back: end, reason: day(d).reasonZh };
  }
  throw new Error('no long holiday in the calendar');
}

// The engine clock only ever moves forward: the test takes the next long holiday after the clock's day.
describe('supervision reports on the engine clock (seed 001 §30)', function () {
  this.timeout(240_000);
  let instanceKey: string | null = null;
  after(async () => {
    if (instanceKey) await platform().engine.cancelInstance(instanceKey).catch(() => undefined);
  });

  it('makes the reports due on the working-day calendar, nothing during a long holiday, and all that fell due on the first working day after it', async () => {
    const { services, clock } = platform();
    const holiday = nextLongHoliday(services.calendar.localDate(await clock.now()));
    const lastWorking = services.reports.calendar.previousWorkingDay(holiday.first);
    // the last working day before the holiday: the schedule starts and makes that day's statistics
    await clock.moveTo(bj(`${lastWorking}T10:00`));
    instanceKey = await services.reports.ensureSchedule();
    expect(instanceKey).to.be.a('string');
    const dueBefore = services.reports.calendar.dueOn(lastWorking).map((p) => `${p.kind}:${p.key}:all`);
    await eventually('the reports due on the last working day before the holiday', async () => {
      const all = await stored();
      return dueBefore.every((id) => all.includes(id)) || undefined;
    });
    // a restart starts no second schedule
    expect(await services.reports.ensureSchedule()).to.equal(instanceKey);
    const beforeHoliday = new Set(await stored());

    // the nightly run falls on the holiday's days: nothing is due on a day off
    await clock.moveTo(bj(`${addDays(holiday.first, 1)}T10:00`));
    await new Promise((r) => setImmediate(r));
    await eventually('the schedule to look at the holiday', async () => ((await services.reports.runDue(await clock.now())).generated.length === 0 ? true : undefined));
    expect((await stored()).filter((id) => !beforeHoliday.has(id)), `nothing made on ${holiday.reason}`).to.deep.equal([]);

    // the first working day after it: the daily statistics of the last working day (through the holiday), and
    // each bulletin, summary or assessment whose period ended meanwhile
    await clock.moveTo(bj(`${holiday.back}T09:00`));
    const due = services.reports.calendar.dueOn(holiday.back).map((p) => `${p.kind}:${p.key}:all`);
    expect(due[0]).to.equal(`daily:${lastWorking}:all`);
    await eventually(`the reports due on ${holiday.back}`, async () => {
      const all = await stored();
      return due.every((id) => all.includes(id)) || undefined;
    });
    const made = await ReportModel.find({ reportId: op({ $in: due }) }, { _id: 0, reportId: 1, generatedAt: 1, from: 1, to: 1 }).lean();
    for (const r of made) expect(services.calendar.localDate(r.generatedAt), `${r.reportId} made on the day it fell due`).to.equal(holiday.back);
    const daily = made.find((r) => r.reportId === `daily:${lastWorking}:all`)!;
    expect(daily.to, 'the daily statistics run through the holiday').to.equal(holiday.back);
    expect((await stored()).filter((id) => !beforeHoliday.has(id)).sort()).to.deep.equal([...due].sort());

    // a job delivered again, or a run after a restart, makes none of them twice
    const count = await ReportModel.countDocuments({});
    const job = { key: 'redelivered', type: 'generate-due-reports', variables: {}, customHeaders: {}, elementId: 'generate-due' } as unknown as JobLike;
    const context = { services, log: pino({ level: 'silent' }), job, header: () => '' };
    const again = await generateDueReports.handle({}, context);
    await generateDueReports.handle({}, context);
    expect(await ReportModel.countDocuments({})).to.equal(count);
    expect(Date.parse(again.nextRunAt as string), 'the next look is the next night at 01:00').to.equal(bj(`${addDays(holiday.back, 1)}T01:00`).getTime());
  });
});
