import { expect } from 'chai';
import { AuditEntryModel } from '../../../domain/audit/audit-entry.model.js';
import type { DeadlineDerivation } from '../../../domain/deadline/deadline.service.js';
import { platform } from '../../support/platform.js';
import { act, applicationWhere, eventually, fileApplication, openTask, operator, stockUp } from '../../support/staff.js';

describe('across levels: accept here, process elsewhere (seed 002 §14, 003 §3)', function () {
  this.timeout(120_000);

  it('a city-level item accepted in a village is reviewed and decided by the city department, and handed over in the village', async () => {
    // 门牌号码证明 at 杜山村 (under 杜山镇, 鄂城区, 鄂州市): the city's public security bureau decides
    const filed = await fileApplication('MPZM', 'COM-DUSHAN');
    expect(filed.units).to.deep.include({ accept: 'COM-DUSHAN', review: 'DEPT-PSB', decide: 'DEPT-PSB', close: 'COM-DUSHAN' });
    expect((await act(filed.applicationNumber, 'accept', 'dushan.acceptor', { decision: 'accepted' })).unitCode).to.equal('COM-DUSHAN');
    expect((await act(filed.applicationNumber, 'review', 'psb.reviewer', { decision: 'approved' })).unitCode).to.equal('DEPT-PSB');
    const decide = await act(filed.applicationNumber, 'decide', 'psb.decider', { decision: 'approved' });
    expect(decide.unitCode).to.equal('DEPT-PSB');
    const close = await act(filed.applicationNumber, 'close', 'dushan.closer', { handover: 'in-person' });
    expect(close.unitCode).to.equal('COM-DUSHAN');
    const closed = await applicationWhere(filed.applicationNumber, 'the case to close', (a) => a.status === 'closed');
    expect(closed.outcome).to.equal('issued');
    expect(closed.documentNumber).to.match(/^MPZM-\d{4}-\d{6}$/);
  });

  it('a mis-routed review is transferred up to the district bureau with a reason: in the audit trail, its limit kept', async () => {
    const { services, clock } = platform();
    // 就业失业登记证 at 滨湖社区: its rule sends the review to the applicant's own street, 凤凰街道
    await stockUp('COM-BINHU', 'JYSY-CERT');
    const filed = await fileApplication('JYSY', 'COM-BINHU');
    expect(filed.units).to.deep.include({ review: 'TOWN-FH', decide: 'DEPT-HRSS' });
    await act(filed.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'accepted' });
    const review = await openTask(filed.applicationNumber, 'review');
    expect(review.unitCode).to.equal('TOWN-FH');
    const before = await applicationWhere(filed.applicationNumber, 'review to start', (a) => a.currentStep === 'review');
    const legalDueBefore = (before.legalDeadline as DeadlineDerivation).dueAt;

    await clock.add(90 * 60_000); // the street looks at it an hour and a half later
    const street = await operator('fenghuang.reviewer');
    await services.tasks.claim(review.userTaskKey, street);
    const targets = (await services.tasks.transferTargets(review.userTaskKey, street)).map((u) => u.code);
    expect(targets, 'up to the district and city, beside to other district bureaus').to.include.members(['DEPT-HRSS', 'DEPT-CIVIL', 'DEPT-PSB']).and.not.include('TOWN-FH');
    expect(targets, 'another street does not serve 滨湖社区').to.not.include('TOWN-DS');
    const reason = '申请人原单位在区属企业，应由区人社局审核';
    const moved = await services.tasks.transfer(review.userTaskKey, street, 'DEPT-HRSS', reason, await services.now());
    expect(moved).to.include({ unitCode: 'DEPT-HRSS', state: 'created', assignee: null });
    expect(moved.dueAt!.getTime(), 'the step keeps its due time').to.equal(review.dueAt!.getTime());

    // the street can no longer work it; the district bureau can, and the case goes on
    await services.tasks.claim(review.userTaskKey, street).then(() => expect.fail('the street still works a transferred task'), (e) => expect(e.code).to.equal('TASK_NOT_YOUR_POST'));
    const app = await services.applications.get(filed.applicationNumber);
    expect(app.units).to.satisfy((u: Map<string, string> | Record<string, string>) => (u instanceof Map ? u.get('review') : u.review) === 'DEPT-HRSS');
    expect(app.transfers.map((t) => [t.from, t.to, t.reason])).to.deep.equal([['TOWN-FH', 'DEPT-HRSS', reason]]);
    const legal = app.legalDeadline as DeadlineDerivation;
    expect(legal.dueAt, 'the legal limit is not reset').to.equal(legalDueBefore);
    expect(legal.explanationZh!.join('\n')).to.include('由 TOWN-FH 转办至 DEPT-HRSS').and.include(reason).and.include('不重新起算');
    const clockOfStep = (await services.stepDeadlines.forCase(filed.applicationNumber)).filter((d) => d.step === 'review').at(-1)!;
    expect((clockOfStep.derivation as DeadlineDerivation).explanation.join('\n')).to.include('Transferred').and.include('not reset');
    const entry = await eventually('the transfer in the audit trail', () => AuditEntryModel.findOne({ caseNumber: filed.applicationNumber, action: 'task.transferred' }).lean());
    expect(entry).to.deep.include({ actor: { kind: 'user', id: 'fenghuang.reviewer', role: null } });
    expect(entry.before).to.deep.include({ unitCode: 'TOWN-FH' });
    expect(entry.after).to.deep.include({ unitCode: 'DEPT-HRSS' });
    expect((entry.detail as { reason: string }).reason).to.equal(reason);

    // late at the district bureau: the yellow card goes to the bureau's reviewer post, not the street's
    await clock.moveTo(new Date(review.dueAt!.getTime() + 60_000));
    const cards = await eventually('the yellow card', async () => (await services.escalation.cardsOf(filed.applicationNumber)).find((c) => c.level === 'yellow' && c.step === 'review'));
    expect(cards.holder).to.equal('reviewer:DEPT-HRSS');

    await act(filed.applicationNumber, 'review', 'hrss.reviewer', { decision: 'approved' });
    expect((await openTask(filed.applicationNumber, 'decide')).unitCode).to.equal('DEPT-HRSS');
  });

  it('refuses a transfer down a level or out of the applicant’s area, and leaves the task where it was', async () => {
    const { services } = platform();
    const filed = await fileApplication('MPZM', 'COM-BINHU');
    await act(filed.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'accepted' });
    const review = await openTask(filed.applicationNumber, 'review');
    const city = await operator('psb.reviewer');
    const refused = (to: string) => services.tasks.transfer(review.userTaskKey, city, to, '测试转办', new Date()).then(() => null, (e) => e as { code: string; zh: string });
    expect((await refused('DEPT-CIVIL'))!.code).to.equal('TRANSFER_DOWNWARDS');
    expect((await refused('TOWN-DS'))!.code).to.equal('TRANSFER_OUT_OF_AREA');
    expect((await refused('COM-BINHU'))!.code).to.equal('TRANSFER_OUT_OF_AREA');
    expect((await services.tasks.get(review.userTaskKey)).unitCode).to.equal('DEPT-PSB');
  });
});
