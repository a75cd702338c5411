import { expect } from 'chai';
import { call, login } from '../support/api.js';
import { eventually, fileApplication } from '../support/staff.js';

// One task, a thousand completions at the same moment (double clicks, retries, two windows): the step is done once.
describe('reliability: 1,000 concurrent completions of one task', function () {
  this.timeout(120_000);

  it('lets exactly one succeed; every other answers 409 with the reason, and the case moves on once', async () => {
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const token = await login('binhu.acceptor');
    const task = await eventually('the accept task', async () =>
      ((await call('GET', `/api/tasks?scope=queue&caseNumber=${filed.applicationNumber}`, { token })).json().tasks as { step: string; userTaskKey: string }[]).find((t) => t.step === 'accept'));
    expect((await call('POST', `/api/tasks/${task.userTaskKey}/claim`, { token })).statusCode).to.equal(200);
    const answers = await Promise.all(Array.from({ length: 1000 }, () => call('POST', `/api/tasks/${task.userTaskKey}/complete`, { token, body: { decision: 'accepted' } })));
    const byStatus = answers.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.statusCode]: (acc[r.statusCode] ?? 0) + 1 }), {});
    expect(byStatus).to.deep.equal({ 204: 1, 409: 999 });
    const refused = answers.find((r) => r.statusCode === 409)!;
    expect(refused.json().code).to.equal('TASK_NOT_COMPLETABLE');
    expect(refused.json().message.zh).to.be.a('string').and.not.equal('');
    // the process took one completion: one review task follows, not two
    const reviewer = await login('health.reviewer');
    await eventually('the review task', async () =>
      ((await call('GET', `/api/tasks?scope=queue&caseNumber=${filed.applicationNumber}`, { token: reviewer })).json().tasks as { step: string }[]).find((t) => t.step === 'review'));
    const reviews = ((await call('GET', `/api/tasks?scope=queue&caseNumber=${filed.applicationNumber}`, { token: reviewer })).json().tasks as { step: string }[]).filter((t) => t.step === 'review');
    expect(reviews).to.have.length(1);
  });
});
