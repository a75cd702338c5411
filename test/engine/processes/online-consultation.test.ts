import { expect } from 'chai';
import { OperatorRecordModel } from '../../../domain/escalation/operator-record.model.js';
import { call, login } from '../../support/api.js';
import { platform } from '../../support/platform.js';
import { eventually } from '../../support/staff.js';

type Json = Record<string, unknown>;

describe('online consultation process (在线咨询, seed 001 §4(2)): answered within 1 working day, cards when late', function () {
  this.timeout(180_000);

  it('a question left past its working day earns the warning, yellow and red cards; the late answer still completes it', async () => {
    const { services, clock } = platform();
    const asked = await call('POST', '/api/consultations', { token: await login('citizen.wang'), body: { itemCode: 'CJRZ', question: '残疾人证到期后怎么换领？' } });
    expect(asked.statusCode, asked.body).to.equal(201);
    const n = asked.json().consultationNumber as string;

    // the answer step's clock: one working day on the working-day calendar
    const deadline = await eventually('the answer step’s deadline', async () => (await services.stepDeadlines.forCase(n)).find((d) => d.step === 'reply'));
    expect(deadline).to.include({ caseKind: 'consultation' });
    expect((deadline.derivation as { limit: unknown }).limit).to.deep.equal({ value: 1, unit: 'working-days' });
    const task = await eventually('the answer task', async () => (await services.tasks.list({ caseNumber: n })).find((t) => t.step === 'reply'));
    expect(task).to.include({ elementId: 'answer', post: 'answerer', unitCode: 'DEPT-DPF', caseKind: 'consultation', itemCode: 'CJRZ', deadlineId: deadline.id });
    expect(deadline.dueAt!.getTime() - deadline.computedAt.getTime(), 'one working day at most, not a calendar week').to.be.below(8 * 86_400_000);

    // nobody answers: the engine's clock passes the red-card time, and each card goes to the department's answer queue
    await clock.moveTo(new Date(deadline.redAt!.getTime() + 60_000));
    const cards = await eventually('three cards', async () => {
      const all = await services.escalation.cardsOf(n);
      return all.length === 3 ? all : null;
    });
    expect(cards.map((c) => c.level).sort()).to.deep.equal(['red', 'warning', 'yellow']);
    for (const c of cards) expect(c).to.include({ caseNumber: n, caseKind: 'consultation', step: 'reply', holder: 'answerer:DEPT-DPF', heldByQueue: true });
    const yellow = await eventually('the yellow card in the queue’s record', () => OperatorRecordModel.findOne({ kind: 'yellow', caseNumber: n }).lean());
    expect(yellow).to.include({ operator: 'answerer:DEPT-DPF', caseKind: 'consultation' });
    expect((await call('GET', `/api/consultations/department`, { token: await login('dpf.reviewer') })).json().consultations.map((c: Json) => c.consultationNumber)).to.include(n);

    const late = await call('POST', `/api/consultations/${n}/answer`, { token: await login('dpf.reviewer'), body: { answer: '到期前三个月持旧证到社区窗口换领。' } });
    expect(late.statusCode, late.body).to.equal(200);
    expect(late.json().takenBy, 'answered: nobody holds it').to.equal(null);
    await eventually('the answer step completed in the engine', async () => ((await services.tasks.get(task.userTaskKey)).state === 'completed' ? true : null));
    expect((await services.tasks.get(task.userTaskKey)).completedBy).to.equal('dpf.reviewer');
    const done = await eventually('the completion on dpf.reviewer’s record', () => OperatorRecordModel.findOne({ kind: 'completion', caseNumber: n }).lean());
    expect(done.operator).to.equal('dpf.reviewer');
  });

  it('a staff member who took the question and answers late gets the cards in their own name', async () => {
    const { services, clock } = platform();
    const n = (await call('POST', '/api/consultations', { token: await login('proxy.li'), body: { itemCode: 'JZZ', question: '居住证签注可以网上办理吗？' } })).json().consultationNumber as string;
    const deadline = await eventually('the answer step’s deadline', async () => (await services.stepDeadlines.forCase(n)).find((d) => d.step === 'reply'));
    await eventually('the answer task', async () => (await services.tasks.list({ caseNumber: n })).find((t) => t.step === 'reply'));
    const taken = await call('POST', `/api/consultations/${n}/take`, { token: await login('psb.approver') });
    expect(taken.statusCode, taken.body).to.equal(200);
    expect(taken.json().takenBy).to.equal('psb.approver');
    const other = await call('POST', `/api/consultations/${n}/answer`, { token: await login('psb.reviewer'), body: { answer: '可以。' } });
    expect(other.statusCode, 'taken by a colleague').to.equal(409);
    expect(other.json().code).to.equal('CONSULTATION_TAKEN');
    expect(other.json().message.zh).to.include('psb.approver');

    await clock.moveTo(new Date(deadline.dueAt!.getTime() + 60_000));
    const yellow = await eventually('the yellow card', async () => (await services.escalation.cardsOf(n)).find((c) => c.level === 'yellow'));
    expect(yellow).to.include({ holder: 'psb.approver', heldByQueue: false, caseKind: 'consultation' });
    const record = await eventually('the yellow card on psb.approver’s record', () => OperatorRecordModel.findOne({ kind: 'yellow', caseNumber: n }).lean());
    expect(record.operator).to.equal('psb.approver');
    expect((await call('POST', `/api/consultations/${n}/answer`, { token: await login('psb.approver'), body: { answer: '可以，在政务服务网提交签注申请。' } })).statusCode).to.equal(200);
  });
});
