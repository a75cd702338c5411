import { join } from 'node:path';
import { expect } from 'chai';
import { TaskModel } from '../../domain/task/task.model.js';
import { platform, uniqueKey } from '../support/platform.js';
import { eventually } from '../support/staff.js';

const url = '/internal/engine/user-task-events';
/** a USER_TASK record as the exporter posts it, with a key above 2^53 as on a high partition */
const record = (userTaskKey: string, intent: string, position: string, extra: Record<string, unknown> = {}) =>
  `{"valueType":"USER_TASK","recordType":"EVENT","intent":"${intent}","position":${position},"timestamp":1790000000000,"key":${userTaskKey},` +
  `"value":{"userTaskKey":${userTaskKey},"processInstanceKey":9007199254740993,"elementInstanceKey":9007199254740995,"elementId":"accept",` +
  `"bpmnProcessId":"onsite-certificate","assignee":"${extra.assignee ?? ''}","candidateGroupsList":["acceptor:COM-BINHU"],"customHeaders":{"step":"accept","post":"acceptor"}}}`;

describe('api: engine events from the exporter', () => {
  const auth = () => ({ authorization: `Bearer ${platform().config.engineEventsToken}`, 'content-type': 'application/json' });

  it('refuses a caller without the shared secret, and stores nothing', async () => {
    const key = '9007199254740999';
    const res = await platform().app.inject({ method: 'POST', url, headers: { authorization: 'Bearer wrong-secret', 'content-type': 'application/json' }, payload: record(key, 'CREATED', '10') });
    expect(res.statusCode).to.equal(401);
    expect(res.json()).to.include({ code: 'ENGINE_TOKEN_INVALID' });
    expect(await TaskModel.countDocuments({ userTaskKey: key })).to.equal(0);
  });

  it('keeps 64-bit keys exact, applies each event once and ignores replays and stale ones', async () => {
    const key = String(9007199254740000n + BigInt(Math.floor(Math.random() * 900)));
    const post = (payload: string) => platform().app.inject({ method: 'POST', url, headers: auth(), payload });
    expect((await post(record(key, 'CREATED', '100'))).json()).to.deep.equal({ result: 'applied' });
    expect((await post(record(key, 'CREATED', '100'))).json()).to.deep.equal({ result: 'ignored' });
    expect((await post(record(key, 'ASSIGNED', '102', { assignee: 'binhu.acceptor' }))).json()).to.deep.equal({ result: 'applied' });
    expect((await post(record(key, 'ASSIGNED', '101', { assignee: 'someone.else' }))).json(), 'an older record').to.deep.equal({ result: 'ignored' });
    const task = await TaskModel.findOne({ userTaskKey: key }).lean();
    expect(task).to.include({ processInstanceKey: '9007199254740993', assignee: 'binhu.acceptor', state: 'assigned', unitCode: 'COM-BINHU', post: 'acceptor' });
  });

  it('answers 400 with a reason for a record that is not JSON or not a user task or incident', async () => {
    const bad = await platform().app.inject({ method: 'POST', url, headers: auth(), payload: '{"valueType":' });
    expect(bad.statusCode).to.equal(400);
    const other = await platform().app.inject({ method: 'POST', url, headers: auth(), payload: '{"valueType":"JOB","recordType":"EVENT"}' });
    expect(other.statusCode).to.equal(400);
    expect(other.json().code).to.equal('REQUEST_INVALID');
  });
});

describe('engine incidents are recorded, not lost', function () {
  this.timeout(60_000);

  it('records the incident of a job that cannot succeed, with the engine’s message', async () => {
    const { engine, services } = platform();
    await engine.zeebe.deployResources([{ processFilename: join(import.meta.dirname, '..', 'fixtures', 'document-number-check.bpmn') }]);
    // no applicationNumber: the worker raises an incident at once
    const instance = await engine.zeebe.createProcessInstance({ bpmnProcessId: 'document-number-check', variables: { itemCode: 'JZZ', probe: uniqueKey('incident') } });
    const [incident] = await eventually('the incident', async () => {
      const found = await services.incidents.ofProcessInstance(String(instance.processInstanceKey));
      return found.length ? found : null;
    });
    expect(incident).to.include({ state: 'open', elementId: 'generate', bpmnProcessId: 'document-number-check' });
    expect(incident!.errorMessage).to.include('applicationNumber');
    await engine.zeebe.cancelProcessInstance(instance.processInstanceKey);
  });
});
