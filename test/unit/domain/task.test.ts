import { expect } from 'chai';
import type { EngineEvent } from '../../../domain/engine/engine.port.js';
import { DomainError } from '../../../domain/shared/domain-error.js';
import { createTaskService, type Actor } from '../../../domain/task/task.service.js';
import { fakeApplications, fakeAudit, fakeDeadlines, fakeOperatorRecords, fakeTaskRepository } from '../support/fakes.js';

const created = (key: string, seq: number, group = 'acceptor:COMM-1'): EngineEvent => ({
  key: `ev-${key}-${seq}`, kind: 'user-task.created', seq, at: new Date('2026-03-02T01:00:00Z'), processInstanceKey: 'pi-1', processId: 'onsite-certificate',
  processVersion: 1, elementId: 'accept', elementType: 'USER_TASK', elementInstanceKey: null,
  userTask: { key, assignee: null, candidateGroups: [group], headers: { step: 'accept' } },
});
const acceptor = (username: string, over: Partial<Actor> = {}): Actor => ({ username, unitCode: 'COMM-1', posts: ['acceptor'], activated: true, ...over });
const refusal = async (p: Promise<unknown>) => p.then(() => null, (err: unknown) => err as DomainError);

function setup(engineFails = false) {
  const tasks = fakeTaskRepository();
  const audit = fakeAudit();
  const calls: string[] = [];
  const engine = {
    assign: async (key: string, who: string) => void calls.push(`assign ${key} ${who}`),
    unassign: async (key: string) => void calls.push(`unassign ${key}`),
    complete: async (key: string) => {
      if (engineFails) throw new Error('the engine is away');
      calls.push(`complete ${key}`);
    },
  };
  const applications = fakeApplications([{ applicationNumber: 'A1', processInstanceKey: 'pi-1', itemCode: 'IT-1', communityCode: 'COMM-1', practice: true }]);
  const service = createTaskService({ tasks, applications, deadlines: fakeDeadlines(), records: fakeOperatorRecords(), engine, audit });
  return { service, tasks, audit, calls };
}

describe('tasks, with the store and the engine faked', () => {
  it('mirrors a task the engine created once, however often the record comes, and leaves other groups alone', async () => {
    const { service, tasks, audit } = setup();
    expect(await service.applyEngineEvent(created('t1', 1))).to.equal('applied');
    expect(await service.applyEngineEvent(created('t1', 1))).to.equal('ignored');
    expect(await service.applyEngineEvent(created('t2', 2, 'somebody'))).to.equal('not-ours');
    expect([...tasks.rows.keys()]).to.deep.equal(['t1']);
    expect(tasks.rows.get('t1')).to.include({ caseNumber: 'A1', caseKind: 'application', post: 'acceptor', unitCode: 'COMM-1', state: 'created', practice: true });
    expect(audit.entries.map((e) => e.action)).to.deep.equal(['task.created']);
  });

  it('ignores an engine record older than the last one applied', async () => {
    const { service, tasks } = setup();
    await service.applyEngineEvent(created('t1', 5));
    const canceled = { ...created('t1', 4), kind: 'user-task.canceled' } as EngineEvent;
    expect(await service.applyEngineEvent(canceled)).to.equal('ignored');
    expect(tasks.rows.get('t1')!.state).to.equal('created');
    expect(await service.applyEngineEvent({ ...canceled, seq: 6 })).to.equal('applied');
    expect(tasks.rows.get('t1')!.state).to.equal('canceled');
  });

  it('lets one operator claim a task; the second is refused and leaves no intent behind', async () => {
    const { service, audit, calls } = setup();
    await service.applyEngineEvent(created('t1', 1));
    expect((await service.claim('t1', acceptor('wang'))).assignee).to.equal('wang');
    const err = await refusal(service.claim('t1', acceptor('li')));
    expect(err).to.include({ code: 'TASK_NOT_OPEN' });
    expect(calls).to.deep.equal(['assign t1 wang']);
    expect(audit.intents.size).to.equal(0);
    expect(audit.entries.map((e) => [e.action, (e.actor as { id: string }).id])).to.deep.equal([['task.created', 'engine'], ['task.claimed', 'wang']]);
  });

  it('gives the task back to the operator when the engine refuses the completion', async () => {
    const { service, tasks, audit } = setup(true);
    await service.applyEngineEvent(created('t1', 1));
    await service.claim('t1', acceptor('wang'));
    const err = await refusal(service.complete('t1', acceptor('wang'), { acceptDecision: 'accepted' }, new Date()));
    expect(err).to.be.instanceOf(Error).with.property('message', 'the engine is away');
    expect(tasks.rows.get('t1')).to.include({ state: 'assigned', assignee: 'wang', completedBy: null, result: null });
    expect(audit.entries.map((e) => e.action)).to.deep.equal(['task.created', 'task.claimed']);
    expect(audit.intents.size).to.equal(0);
  });

  it('lets an operator in activation work practice cases of their own unit only (seed 000 §19)', async () => {
    const { service } = setup();
    await service.applyEngineEvent(created('t1', 1));
    const newcomer = acceptor('new', { activated: false, posts: [] });
    expect((await service.claim('t1', newcomer)).assignee).to.equal('new');
    const stranger = acceptor('far', { activated: false, unitCode: 'COMM-2' });
    expect(await refusal(service.unclaim('t1', stranger))).to.include({ code: 'OPERATOR_NOT_ACTIVATED' });
  });
});
