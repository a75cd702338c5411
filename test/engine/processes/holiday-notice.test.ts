import { expect } from 'chai';
import { auditEntries, call, login } from '../../support/api.js';
import type { Card } from '../../../domain/escalation/card.model.js';
import { platform } from '../../support/platform.js';
import { act, eventually, fileApplication, openTask } from '../../support/staff.js';

const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);
const localDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
type YearView = { source: string; days: { date: string; kind: string; name: string; source: string }[]; notice: { version: number } | null };
type Move = { deadlineId: string; caseNumber: string; step: string; oldDueAt: string; newDueAt: string; timersMoved?: number };

// The engine clock only moves forward; the notice recorded here is withdrawn at the end, so the year goes back to its data.
describe('holiday notice: a calendar change moves open step deadlines and their card timers', function () {
  this.timeout(180_000);
  let office: string;
  let year: number | null = null;
  before(async () => { office = await login('office.zhang'); });
  after(async () => {
    if (year !== null) await call('DELETE', `/api/calendar/years/${year}?confirm=true`, { token: office });
  });

  it('previews the move, asks for confirmation, then recomputes the step with the notice named and its cards fall at the new time', async () => {
    const { services, clock } = platform();
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const n = filed.applicationNumber;
    await act(n, 'accept', 'binhu.acceptor', { decision: 'accepted' });
    const accept = (await services.stepDeadlines.forCase(n)).find((d) => d.step === 'accept')!;
    const review = await openTask(n, 'review');
    const oldDue = review.dueAt!;
    const day = localDate(oldDue);
    year = Number(day.slice(0, 4));

    // the notice: the year's days as they stand, and the review's due day made a day off
    const current = JSON.parse((await call('GET', `/api/calendar/years/${year}`, { token: office })).body) as YearView;
    const notice = {
      title: `国务院办公厅关于${year}年部分节假日安排的通知`, number: `国办发明电〔${year - 1}〕99号`,
      daysOff: [...current.days.filter((d) => d.kind === 'off' && d.date !== day).map((d) => ({ date: d.date, name: d.name.split(' ')[0]! })), { date: day, name: '临时放假' }],
      makeUpDays: current.days.filter((d) => d.kind === 'make-up' && d.date !== day).map((d) => ({ date: d.date, name: d.name.split(' ')[0]! })),
    };

    const preview = await call('POST', `/api/calendar/years/${year}/preview`, { token: office, body: notice });
    expect(preview.statusCode, preview.body).to.equal(200);
    const mine = (JSON.parse(preview.body) as { moves: Move[] }).moves.find((m) => m.caseNumber === n);
    expect(mine, 'the review step is listed').to.include({ step: 'review', oldDueAt: oldDue.toISOString() });
    expect(Date.parse(mine!.newDueAt)).to.be.greaterThan(oldDue.getTime());
    // the closed accept step is never listed
    expect((JSON.parse(preview.body) as { moves: Move[] }).moves.some((m) => m.deadlineId === accept.id)).to.equal(false);

    const unconfirmed = await call('PUT', `/api/calendar/years/${year}`, { token: office, body: notice });
    expect(unconfirmed.statusCode).to.equal(409);
    const problem = JSON.parse(unconfirmed.body) as { code: string; message: { zh: string; en: string } };
    expect(problem.code).to.equal('CALENDAR_CHANGE_UNCONFIRMED');
    expect(problem.message.zh).to.include('请先预览并确认');
    expect(problem.message.en).to.include('preview and confirm');

    const saved = await call('PUT', `/api/calendar/years/${year}`, { token: office, body: { ...notice, confirm: true } });
    expect(saved.statusCode, saved.body).to.equal(200);
    const moved = (JSON.parse(saved.body) as { moved: Move[] }).moved.find((m) => m.caseNumber === n)!;
    expect(moved.newDueAt).to.equal(mine!.newDueAt);
    expect(moved.timersMoved, 'warning, yellow and red timers moved on the engine').to.be.at.least(3);

    // the year now reads from the notice, everywhere
    const after = JSON.parse((await call('GET', `/api/calendar/years/${year}`, { token: office })).body) as YearView;
    expect(after.source).to.equal('notice');
    expect(after.days.find((d) => d.date === day)).to.include({ kind: 'off', name: '临时放假', source: 'notice' });

    // the step's derivation says which notice moved it; the task shows the new times; the closed step is untouched
    const stored = (await services.stepDeadlines.get(review.deadlineId!))!;
    expect(stored.dueAt!.toISOString()).to.equal(moved.newDueAt);
    const zh = (stored.derivation as { explanationZh: string[] }).explanationZh.at(-1)!;
    expect(zh).to.include(notice.number).and.include(oldDue.toISOString()).and.include(moved.newDueAt);
    const task = await openTask(n, 'review');
    expect(task.dueAt!.toISOString()).to.equal(moved.newDueAt);
    const acceptAfter = (await services.stepDeadlines.get(accept.id))!;
    expect(acceptAfter.dueAt!.toISOString()).to.equal(accept.dueAt!.toISOString());
    expect(acceptAfter.derivation).to.deep.equal(accept.derivation);

    // audited: the notice and the moved deadline
    const recorded = await auditEntries({ action: 'calendar.notice-recorded' });
    expect(recorded.some((e) => e.actor.id === 'office.zhang' && e.target.id.startsWith(`${year}:v`))).to.equal(true);
    const movedEntries = await auditEntries({ action: 'deadline.moved', caseNumber: n });
    expect(movedEntries.map((e) => e.target.id)).to.include(review.deadlineId);

    // on the engine clock: past the old due time nothing falls; the cards come at the new times
    const cards = () => services.escalation.cardsOf(n).then((c) => c.filter((x) => x.step === 'review'));
    await clock.moveTo(minutes(oldDue, 1));
    const newWarning = task.warningAt!;
    await clock.moveTo(minutes(newWarning, 1));
    const warning = await eventually<Card>('the warning at the new time', async () => (await cards()).find((c) => c.level === 'warning'));
    expect(warning.at!.getTime(), 'the warning fell at the new time, not the old').to.be.at.least(newWarning.getTime());
    expect((await cards()).map((c) => c.level)).to.deep.equal(['warning']);
    await clock.moveTo(minutes(task.dueAt!, 1));
    const yellow = await eventually<Card>('the yellow card at the new due time', async () => (await cards()).find((c) => c.level === 'yellow'));
    expect(yellow.at!.getTime()).to.be.at.least(task.dueAt!.getTime());
  });

  it('refuses a notice with faults, naming each in both languages; only the service office may record', async () => {
    const bad = await call('PUT', '/api/calendar/years/2028', { token: office, body: {
      title: '国务院办公厅关于2028年部分节假日安排的通知', number: '国办发明电〔2027〕1号',
      daysOff: [{ date: '2027-10-01', name: '国庆节' }], makeUpDays: [{ date: '2028-10-04', name: '国庆节' }],
    } });
    expect(bad.statusCode).to.equal(422);
    const p = JSON.parse(bad.body) as { code: string; message: { zh: string; en: string } };
    expect(p.code).to.equal('HOLIDAY_NOTICE_INVALID');
    expect(p.message.zh).to.include('2027-10-01 不在 2028 年内').and.include('调休上班日 2028-10-04 须是周六或周日');
    expect(p.message.en).to.include('2027-10-01 is not in 2028').and.include('must be a Saturday or Sunday');
    const acceptor = await login('binhu.acceptor');
    expect((await call('PUT', '/api/calendar/years/2028', { token: acceptor, body: { title: 'x', number: 'y', daysOff: [], makeUpDays: [] } })).statusCode).to.equal(403);
    expect((await call('GET', '/api/calendar/years/2028', { token: acceptor })).statusCode).to.equal(200);
  });
});
