import { expect } from 'chai';
import { auditEntries, call, login } from '../../support/api.js';
import { OperatorRecordModel } from '../../../domain/escalation/operator-record.model.js';
import type { Card } from '../../../domain/escalation/card.model.js';
import { platform } from '../../support/platform.js';
import { act, applicationWhere, eventually, fileApplication, openTask, operator } from '../../support/staff.js';

/** Beijing local time → instant */
const bj = (s: string) => new Date(`${s}:00+08:00`);
/**
 * The test moves the clock to one minute before a mark, then one minute past it, and the clock keeps ticking.
 * A card stamped before the mark fired too early; one stamped at the mark's move is right.
 */
function within(actual: Date | null | undefined, mark: Date, label: string) {
  expect(actual, `expected ${label}`).to.be.instanceOf(Date);
  expect(actual!.getTime() - mark.getTime(), `${label}: ${actual!.toISOString()} vs ${mark.toISOString()}`).to.be.within(0, 120_000);
}
const cardsOf = (applicationNumber: string, step: string) =>
  platform().services.escalation.cardsOf(applicationNumber).then((cards) => cards.filter((c) => c.step === step));
const card = (applicationNumber: string, step: string, level: string) =>
  eventually<Card>(`the ${level} card of ${step}`, async () => (await cardsOf(applicationNumber, step)).find((c) => c.level === level));
const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);

// The engine clock only ever moves forward (a backward jump stops the broker's timer checks).
describe('escalation cards on the engine clock (seed 000 §29)', function () {
  this.timeout(120_000);

  it('warns, then yellow, then red at the working-time marks, across New Year’s Day and a weekend', async () => {
    const { services, clock } = platform();
    // New Year's Eve 10:00 in Beijing: the next one still ahead of the engine clock that is a working day, so the
    // review starts before New Year's Day (other tests move the clock on, so the year is not known in advance)
    const now = await clock.now();
    let year = Number(new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 4));
    while (bj(`${year}-12-31T10:00`) <= now || !services.calendar.day(`${year}-12-31`).work) year += 1;
    await clock.moveTo(bj(`${year}-12-31T10:00`));
    const filed = await fileApplication('DSZN', 'COM-BINHU');

    // accept: 2 working hours. Nobody has claimed it when the warning falls due: the card goes to the queue.
    const acceptTask = await openTask(filed.applicationNumber, 'accept');
    await clock.moveTo(minutes(acceptTask.warningAt!, 1));
    const queued = await card(filed.applicationNumber, 'accept', 'warning');
    expect(queued).to.include({ holder: 'acceptor:COM-BINHU', heldByQueue: true });
    await act(filed.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'accepted' });

    // review: 3 working days, the start day not counted; New Year's Day and the weekend are skipped.
    const reviewTask = await openTask(filed.applicationNumber, 'review');
    const derivation = (await services.stepDeadlines.get(reviewTask.deadlineId!))!.derivation as { skippedDays: { date: string; reason: string }[]; explanation: string[] };
    expect(derivation.skippedDays.map((d) => d.date)).to.include(`${year + 1}-01-01`);
    expect(derivation.skippedDays.find((d) => d.date === `${year + 1}-01-01`)!.reason).to.include('元旦');
    if (year === 2026) {
      // worked by hand: counted Mon 4, Tue 5, Wed 6 January 2027
      expect(reviewTask.dueAt!.toISOString()).to.equal(bj('2027-01-06T17:30').toISOString());
      expect(reviewTask.warningAt!.toISOString()).to.equal(bj('2027-01-06T17:00').toISOString());
      expect(reviewTask.redAt!.toISOString()).to.equal(bj('2027-01-07T09:30').toISOString());
    }
    await services.tasks.claim(reviewTask.userTaskKey, await operator('health.reviewer'));

    // the whole holiday and weekend pass with no card
    await clock.moveTo(bj(`${year + 1}-01-01T12:00`));
    await clock.moveTo(minutes(reviewTask.warningAt!, -1));
    await clock.moveTo(minutes(reviewTask.warningAt!, 1));
    const warning = await card(filed.applicationNumber, 'review', 'warning');
    within(warning.at, reviewTask.warningAt!, 'the warning');
    expect(warning).to.include({ holder: 'health.reviewer', heldByQueue: false });
    expect((await cardsOf(filed.applicationNumber, 'review')).map((c) => c.level)).to.deep.equal(['warning']);

    await clock.moveTo(minutes(reviewTask.dueAt!, 1));
    within((await card(filed.applicationNumber, 'review', 'yellow')).at, reviewTask.dueAt!, 'the yellow card');
    expect((await cardsOf(filed.applicationNumber, 'review')).map((c) => c.level)).to.deep.equal(['warning', 'yellow']);

    await clock.moveTo(minutes(reviewTask.redAt!, 1));
    within((await card(filed.applicationNumber, 'review', 'red')).at, reviewTask.redAt!, 'the red card');

    // the accept step was finished before its limit: its warning stays, no yellow or red followed
    expect((await cardsOf(filed.applicationNumber, 'accept')).map((c) => c.level)).to.deep.equal(['warning']);
    // the worker stores the card first and the holder's record right after it
    const personal = await eventually('the red card in the reviewer’s record', async () => {
      const records = await OperatorRecordModel.find({ operator: 'health.reviewer', caseNumber: filed.applicationNumber, caseKind: 'application' }).sort({ at: 1 }).lean();
      return records.length >= 3 && records;
    });
    expect(personal.map((r) => r.kind)).to.deep.equal(['warning', 'yellow', 'red']);

    await services.tasks.complete(reviewTask.userTaskKey, await operator('health.reviewer'), { reviewDecision: 'not-approved', notApprovedReasons: ['子女年龄不符合条件'] }, await services.now());
    await applicationWhere(filed.applicationNumber, 'the case to close', (a) => a.status === 'closed');

    // the audit trail has each card with its holder and marks, and the auditor's timeline places them on the review step
    const cardEntries = await auditEntries({ caseNumber: filed.applicationNumber, action: 'card.issued' });
    expect(cardEntries.map((e) => [e.detail!.step, e.detail!.level, e.detail!.holder])).to.deep.equal([
      ['accept', 'warning', 'acceptor:COM-BINHU'], ['review', 'warning', 'health.reviewer'], ['review', 'yellow', 'health.reviewer'], ['review', 'red', 'health.reviewer'],
    ]);
    expect(cardEntries.every((e) => e.actor.kind === 'worker' && e.actor.id === 'record-card')).to.equal(true);
    const timeline = (await call('GET', `/api/audit/applications/${filed.applicationNumber}/timeline`, { token: await login('auditor') })).json();
    expect(timeline.cards.map((c: { elementId: string; level: string }) => `${c.elementId}:${c.level}`)).to.deep.equal(['accept:warning', 'review:warning', 'review:yellow', 'review:red']);
    const reviewDeadline = timeline.deadlines.find((d: { step: string }) => d.step === 'review');
    expect(reviewDeadline.explanation.join('\n')).to.include('元旦');
    expect(timeline.events.filter((e: { action: string }) => e.action === 'timer.fired').map((e: { elementId: string }) => e.elementId))
      .to.include.members(['accept-warning', 'review-warning', 'review-yellow', 'review-red']);
  });

  it('takes the approval as given when the limit passes for a deemed-approval item (超时默许), and records it', async () => {
    const { services, clock } = platform();
    const filed = await fileApplication('LNYD', 'COM-DUSHAN');
    await act(filed.applicationNumber, 'accept', 'dushan.acceptor', { decision: 'accepted' });
    const review = await openTask(filed.applicationNumber, 'review');
    expect(review.elementId).to.equal('review-deemed');
    await clock.moveTo(minutes(review.dueAt!, 1));

    const decided = await applicationWhere(filed.applicationNumber, 'the deemed approval', (a) => a.deemedApprovals.length > 0);
    expect(decided.deemedApprovals[0]).to.include({ step: 'review', deadlineId: review.deadlineId });
    const decide = await openTask(filed.applicationNumber, 'decide');
    expect(decide.unitCode).to.equal('DEPT-CIVIL');
    expect((await services.tasks.get(review.userTaskKey)).state).to.equal('canceled');
    await act(filed.applicationNumber, 'decide', 'civil.decider', { decision: 'approved' });
    await act(filed.applicationNumber, 'close', 'dushan.closer', { handover: 'in-person' });
    const closed = await applicationWhere(filed.applicationNumber, 'the case to close', (a) => a.status === 'closed');
    expect(closed.outcome).to.equal('issued');
    const deemed = await auditEntries({ caseNumber: filed.applicationNumber, action: 'deadline.deemed-approval' });
    expect(deemed).to.have.length(1);
    expect(deemed[0]!.detail).to.include({ step: 'review' });
    expect(deemed[0]!.actor).to.deep.include({ kind: 'worker', id: 'record-deemed-approval' });
  });
});
