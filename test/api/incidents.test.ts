import { expect } from 'chai';
import type { JobSubscription } from '../../domain/engine/engine.port.js';
import { auditEntries, call, login } from '../support/api.js';
import { eventually } from '../support/staff.js';
import { platform } from '../support/platform.js';

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="incident-check-definitions" targetNamespace="x">
  <bpmn:process id="incident-check" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fragile" />
    <bpmn:serviceTask id="fragile"><bpmn:extensionElements><zeebe:taskDefinition type="incident-check-fragile" retries="1" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="fragile" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

describe('api: incidents an administrator sees and resolves', function () {
  this.timeout(60_000);
  let sub: JobSubscription | undefined;
  after(async () => { await sub?.close(); });

  it('a job out of retries raises an incident; the administrator resolves it, the job runs again and the instance ends', async () => {
    const { engine } = platform();
    await engine.deploy([{ name: 'incident-check.bpmn', xml }]);
    let broken = true;
    let runs = 0;
    sub = engine.subscribeJobs('incident-check-fragile', async (job) => {
      runs += 1;
      if (broken) await job.fail({ errorMessage: 'the archive share is unreachable', retries: 0 });
      else await job.complete({ archived: true });
    });
    const instance = await engine.startInstance('incident-check', {});
    const admin = await login('admin');
    const open = await eventually('the incident in the list', async () => {
      const res = await call('GET', '/api/incidents', { token: admin });
      expect(res.statusCode, res.body).to.equal(200);
      return (res.json().incidents as { incidentKey: string; processInstanceKey: string; state: string; errorMessage: string; elementId: string }[]).find((i) => i.processInstanceKey === instance);
    });
    expect(open).to.include({ state: 'open', errorMessage: 'the archive share is unreachable', elementId: 'fragile' });
    const supervisorView = await call('GET', '/api/incidents', { token: await login('supervisor') });
    expect(supervisorView.statusCode).to.equal(200);
    expect((supervisorView.json().incidents as { incidentKey: string }[]).map((i) => i.incidentKey), 'the supervisor sees it too').to.include(open.incidentKey);
    expect((await call('POST', `/api/incidents/${open.incidentKey}/resolve`, { token: await login('supervisor'), body: {} })).statusCode).to.equal(403);

    broken = false; // the cause is fixed
    const resolved = await call('POST', `/api/incidents/${open.incidentKey}/resolve`, { token: admin, body: { retries: 2 } });
    expect(resolved.statusCode, resolved.body).to.equal(204);
    await eventually('the job run again', async () => runs === 2);
    await eventually('the instance to end', async () =>
      (await platform().services.engineHistory.ofProcessInstance(instance)).some((e) => e.kind === 'element.completed' && e.elementId === 'end'));
    const again = await call('POST', `/api/incidents/${open.incidentKey}/resolve`, { token: admin, body: {} });
    expect(again.statusCode).to.equal(409);
    expect(again.json().message.zh).to.include('已经解决');
    const list = (await call('GET', '/api/incidents?state=resolved', { token: admin })).json().incidents as { incidentKey: string }[];
    expect(list.map((i) => i.incidentKey)).to.include(open.incidentKey);
    const entries = await auditEntries({ target: open.incidentKey });
    expect(entries.map((e) => [e.action, e.actor.id])).to.deep.equal([['incident.raised', 'engine'], ['incident.resolved', 'admin']]);
    expect(entries[1]!.after).to.deep.equal({ state: 'resolved', retries: 2 });
  });

  it('answers an unknown incident with 404 in both languages', async () => {
    const res = await call('POST', '/api/incidents/no-such-incident/resolve', { token: await login('admin'), body: {} });
    expect(res.statusCode).to.equal(404);
    expect(res.json().message.zh).to.include('不存在');
  });
});
