import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { threadId } from 'node:worker_threads';
import { call, login } from '../support/api.js';
import { analyseOffThread } from '../../domain/process-model/lint-pool.js';
import { act, applicationWhere, fileApplication, openTask } from '../support/staff.js';

const onsite = readFileSync('processes/onsite-certificate.bpmn', 'utf8');

describe('api: process models — check, save versions, deploy, roll back', function () {
  this.timeout(120_000);

  it('shows the government rules’ errors: a step without a post and a job type no worker handles', async () => {
    const owner = await login('owner.health');
    const broken = onsite.replace('candidateGroups="=[&#34;reviewer:&#34; + units.review]"', 'candidateGroups=""').replace('type="archive-case"', 'type="archive-it"');
    const res = await call('POST', '/api/processes/check', { token: owner, body: { xml: broken } });
    expect(res.statusCode, res.body).to.equal(200);
    const { errors, deployable } = res.json();
    expect(deployable).to.equal(false);
    expect(errors.map((e: { rule: string; elementId: string }) => `${e.rule}@${e.elementId}`)).to.include.members(['gov/user-task-post@review', 'gov/job-type-has-worker@archive-case']);
    const clean = await call('POST', '/api/processes/check', { token: owner, body: { xml: onsite } });
    expect(clean.json()).to.include({ deployable: true });
  });

  it('flags at check and save what the embedded engine does not run, in Chinese and English, before any deploy', async () => {
    const owner = await login('owner.health');
    // a signal end event and a DMN decision: real Camunda 8 BPMN, outside the embedded engine's subset
    const outside = onsite
      .replace(/<bpmn:endEvent id="([^"]+)"([^>]*)>/, '<bpmn:endEvent id="$1"$2><bpmn:signalEventDefinition id="signal-end" />')
      .replace('<zeebe:taskDefinition type="archive-case"', '<zeebe:calledDecision decisionId="d" resultVariable="r" /><zeebe:taskDefinition type="archive-case"');
    const res = await call('POST', '/api/processes/check', { token: owner, body: { xml: outside } });
    expect(res.statusCode, res.body).to.equal(200);
    const subset = (res.json().errors as { rule: string; elementId: string; message: string }[]).filter((e) => e.rule === 'gov/engine-subset');
    expect(subset.map((e) => e.elementId)).to.include('archive-case');
    expect(subset.find((e) => e.elementId === 'archive-case')!.message).to.include('内置引擎不支持扩展 zeebe:CalledDecision').and.include('the embedded engine does not support zeebe:CalledDecision');
    expect(subset.some((e) => e.message.includes('signal end events'))).to.equal(true);
    expect(res.json().deployable).to.equal(false);
  });

  it('saves versions with author and comment, refuses to deploy one with errors, deploys a fixed one, and new applications run on it', async () => {
    const owner = await login('owner.health');
    const renamed = onsite.replace('name="受理 Accept"', 'name="受理（新） Accept (new)"');
    const broken = renamed.replace('candidateGroups="=[&#34;reviewer:&#34; + units.review]"', 'candidateGroups=""');

    const v1 = await call('POST', '/api/processes', { token: owner, body: { xml: broken, comment: '改名受理环节（缺岗位）' } });
    expect(v1.statusCode, v1.body).to.equal(201);
    expect(v1.json()).to.include({ processId: 'onsite-certificate', author: 'owner.health' });
    expect(v1.json().errors.map((e: { rule: string; elementId: string }) => `${e.rule}@${e.elementId}`)).to.deep.equal(['gov/user-task-post@review']);
    const refused = await call('POST', `/api/processes/onsite-certificate/versions/${v1.json().version}/deploy`, { token: owner });
    expect(refused.statusCode).to.equal(422);
    expect(refused.json().code).to.equal('MODEL_HAS_ERRORS');

    const again = await call('POST', '/api/processes', { token: owner, body: { xml: broken, comment: 'same again' } });
    expect(again.statusCode).to.equal(409);
    expect(again.json().code).to.equal('MODEL_UNCHANGED');

    const v2 = await call('POST', '/api/processes', { token: owner, body: { xml: renamed, comment: '改名受理环节' } });
    expect(v2.json().errors).to.deep.equal([]);
    const diff = (await call('GET', `/api/processes/onsite-certificate/compare?from=1&to=${v2.json().version}`, { token: owner })).json();
    expect(diff.added).to.deep.equal([]);
    expect(diff.removed).to.deep.equal([]);
    expect(diff.changed).to.deep.equal([{ id: 'accept', type: 'UserTask', name: '受理（新） Accept (new)', fields: ['name'] }]);
    const vsBroken = (await call('GET', `/api/processes/onsite-certificate/compare?from=${v2.json().version}&to=${v1.json().version}`, { token: owner })).json();
    expect(vsBroken.changed.map((c: { id: string; fields: string[] }) => `${c.id}:${c.fields.join('+')}`)).to.deep.equal(['review:zeebe.AssignmentDefinition']);
    const deployed = await call('POST', `/api/processes/onsite-certificate/versions/${v2.json().version}/deploy`, { token: owner });
    expect(deployed.statusCode, deployed.body).to.equal(200);
    expect(deployed.json().message.zh).to.include('已部署');
    expect(deployed.json().engineAnswer).to.have.property('deploymentKey');
    const engineVersion = deployed.json().engineVersion as number;

    const list = (await call('GET', '/api/processes', { token: await login('auditor') })).json().processes as { processId: string; running: { version: number; engineVersion: number } }[];
    expect(list.find((p) => p.processId === 'onsite-certificate')!.running).to.include({ version: v2.json().version, engineVersion });

    // a new application runs on the deployed version
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const accept = await openTask(filed.applicationNumber, 'accept');
    expect(accept.processDefinitionVersion).to.equal(engineVersion);
    await act(filed.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'refused', reasons: ['测试'] });
    await applicationWhere(filed.applicationNumber, 'the case to close', (a) => a.status === 'closed');

    // roll back: deploy the first good model again; the engine makes a newer version of it
    // version 1 is processes/onsite-certificate.bpmn, registered when the platform started
    const first = await call('POST', '/api/processes/onsite-certificate/versions/1/deploy', { token: owner });
    expect(first.statusCode, first.body).to.equal(200);
    const back = await call('POST', `/api/processes/onsite-certificate/versions/${v2.json().version}/deploy`, { token: owner });
    expect(back.statusCode).to.equal(200);
    expect(back.json().engineVersion, 'a redeploy is a new engine version, so it becomes the one that runs').to.be.greaterThan(first.json().engineVersion);
  });

  it('answers a file that is not a Camunda 8 BPMN model with 422 and a plain reason, at check and at save alike', async () => {
    const owner = await login('owner.health');
    const cut = onsite.slice(0, Math.floor(onsite.length / 2));
    const cases: [string, string, RegExp][] = [
      ['truncated', cut, /不是可读的 BPMN 模型/],
      ['mismatched tag', onsite.replace('</bpmn:process>', '</bpmn:proces>'), /不是可读的 BPMN 模型/],
      ['plain text', '这不是模型，只是一段文字。This is not a model, only some words of text.', /不是可读的 BPMN 模型/],
      ['html', '<!doctype html><html><body><p>not a model at all, only a web page</p></body></html>', /DOCTYPE/],
      ['unrelated xml', '<?xml version="1.0"?><catalog><book id="b1"><title>Not BPMN</title></book></catalog>', /不是可读的 BPMN 模型|不是 BPMN 模型/],
      ['dmn', '<?xml version="1.0"?><definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="decision"><decision id="x" /></definitions>', /不是可读的 BPMN 模型|不是 BPMN 模型/],
      ['bare definitions', '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="empty" targetNamespace="x"/>', /没有流程/],
      ['bare doctype', `<!DOCTYPE bpmn>${onsite.replace(/^<\?xml[^>]*>/, '')}`, /DOCTYPE/],
      ['entity', onsite.replace(/^<\?xml[^>]*>/, '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'), /DOCTYPE/],
      ['camunda 7', onsite.replace('xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"', 'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"'), /Camunda 7/],
    ];
    for (const [what, xml, zh] of cases) {
      const body = { xml: xml.padEnd(60, ' ') };
      const checked = await call('POST', '/api/processes/check', { token: owner, body });
      expect(checked.statusCode, `${what}: ${checked.body}`).to.equal(422);
      expect(checked.json().message.zh, what).to.match(zh);
      expect(checked.json().message.en, what).to.be.a('string').and.not.include('Cannot read properties');
      const saved = await call('POST', '/api/processes', { token: owner, body: { ...body, comment: what } });
      expect(saved.statusCode, `${what} (save): ${saved.body}`).to.equal(422);
      expect(saved.json().code, what).to.equal(checked.json().code);
    }
    // nothing of an entity was ever read into an answer
    expect(JSON.stringify(cases)).to.not.include('root:x:0:0');
  });

  it('reads process ids through the model, whatever the BPMN namespace prefix', async () => {
    const owner = await login('owner.health');
    const bpmn2 = onsite.replaceAll('bpmn:', 'bpmn2:').replace('xmlns:bpmn2=', 'xmlns:bpmn2=').replace('xmlns:bpmn="', 'xmlns:bpmn2="').replace('id="onsite-certificate"', 'id="prefix-check"');
    const checked = await call('POST', '/api/processes/check', { token: owner, body: { xml: bpmn2 } });
    expect(checked.statusCode, checked.body).to.equal(200);
    // the id was renamed by hand, so the drawing still points at the old one: a warning that says so, no rule failing
    expect(checked.json().errors, checked.body).to.deep.equal([]);
    expect(checked.json().deployable).to.equal(true);
    const drawing = (checked.json().warnings as { rule: string; message: string }[]).filter((w) => w.rule === 'gov/diagram-reference');
    expect(drawing).to.have.length(1);
    expect(drawing[0]!.message).to.include('引用了模型中不存在的元素').and.include('refers to an element the model does not have');
    expect(checked.body).to.not.include('Cannot read');
    const saved = await call('POST', '/api/processes', { token: owner, body: { xml: bpmn2, comment: 'bpmn2 prefix' } });
    expect(saved.statusCode, saved.body).to.equal(201);
    expect(saved.json().processId).to.equal('prefix-check');
  });

  it('keeps a platform process to its contract: a model under its id that drops a step or a job type is refused, with the list', async () => {
    const owner = await login('owner.health');
    const taken = onsite.replaceAll('<zeebe:header key="step" value="decide" />', '<zeebe:header key="step" value="decide-later" />').replace('type="archive-case"', 'type="notify-party"');
    const res = await call('POST', '/api/processes/check', { token: owner, body: { xml: taken } });
    expect(res.statusCode, res.body).to.equal(200);
    const contract = (res.json().errors as { rule: string; message: string }[]).filter((e) => e.rule === 'gov/platform-contract').map((e) => e.message);
    expect(contract.some((m) => m.includes('"decide" for the post decider'))).to.equal(true);
    expect(contract.some((m) => m.includes('job type archive-case'))).to.equal(true);
    expect(res.json().deployable).to.equal(false);
    // the same model under an id of its own is no platform process: no contract applies
    const own = await call('POST', '/api/processes/check', { token: owner, body: { xml: taken.replace('id="onsite-certificate"', 'id="my-own-process"') } });
    expect((own.json().errors as { rule: string }[]).filter((e) => e.rule === 'gov/platform-contract')).to.deep.equal([]);
  });

  it('flags a call to a process nobody deployed, a decision never deployed, and a listener job type without a worker', async () => {
    const owner = await login('owner.health');
    const xml = onsite.replace('id="onsite-certificate"', 'id="calls-elsewhere"')
      .replace(/(<bpmn:serviceTask id="archive-case"[^>]*>\s*<bpmn:extensionElements>)/, '$1<zeebe:executionListeners><zeebe:executionListener eventType="start" type="audit-everything" /></zeebe:executionListeners>')
      .replace('</bpmn:process>', '<bpmn:callActivity id="call-missing"><bpmn:extensionElements><zeebe:calledElement processId="no-such-process" /></bpmn:extensionElements></bpmn:callActivity>'
        + '<bpmn:businessRuleTask id="decide-by-table"><bpmn:extensionElements><zeebe:calledDecision decisionId="fee-table" resultVariable="fee" /></bpmn:extensionElements></bpmn:businessRuleTask></bpmn:process>');
    const res = await call('POST', '/api/processes/check', { token: owner, body: { xml } });
    expect(res.statusCode, res.body).to.equal(200);
    const found = (res.json().errors as { rule: string; elementId: string }[]).map((e) => `${e.rule}@${e.elementId}`);
    expect(found).to.include.members(['gov/called-process-exists@call-missing', 'gov/decision-deployed@decide-by-table', 'gov/listener-has-worker@archive-case']);
  });

  it('answers "already running" to deploying the version that runs', async () => {
    const owner = await login('owner.health');
    const list = (await call('GET', '/api/processes', { token: owner })).json().processes as { processId: string; running: { version: number } | null }[];
    const running = list.find((p) => p.processId === 'certificate-requisition')!.running!;
    const again = await call('POST', `/api/processes/certificate-requisition/versions/${running.version}/deploy`, { token: owner });
    expect(again.statusCode, again.body).to.equal(409);
    expect(again.json().code).to.equal('MODEL_ALREADY_RUNNING');
    expect(again.json().message.zh).to.include('已在运行');
  });

  it('names a process after the version the engine runs, not after a newer draft', async () => {
    const owner = await login('owner.health');
    const requisition = readFileSync('processes/certificate-requisition.bpmn', 'utf8');
    const draft = requisition.replace('name="证件预领 Certificate requisition"', 'name="证件预领（草稿） Requisition draft"');
    const saved = await call('POST', '/api/processes', { token: owner, body: { xml: draft, comment: '草稿改名' } });
    expect(saved.statusCode, saved.body).to.equal(201);
    type Listed = { processId: string; name: string; running: { version: number } | null; versions: { version: number; name: string | null }[] };
    const listed = ((await call('GET', '/api/processes', { token: await login('supervisor') })).json().processes as Listed[]).find((p) => p.processId === 'certificate-requisition')!;
    expect(listed.running!.version).to.be.lessThan(saved.json().version);
    expect(listed.name, 'the running version’s name').to.equal('证件预领 Certificate requisition');
    expect(listed.versions.find((v) => v.version === saved.json().version)!.name, 'the draft keeps its own').to.equal('证件预领（草稿） Requisition draft');
  });

  it('checks a very large model in a worker thread, not on the thread that answers requests', async () => {
    const owner = await login('owner.health');
    const n = 2000;
    const tasks = Array.from({ length: n }, (_, i) => `<bpmn:serviceTask id="t${i}" name="通知 Notify ${i}"><bpmn:extensionElements><zeebe:taskDefinition type="notify-party" retries="3" /><zeebe:taskHeaders><zeebe:header key="notice" value="refusal" /></zeebe:taskHeaders></bpmn:extensionElements><bpmn:incoming>f${i}</bpmn:incoming><bpmn:outgoing>f${i + 1}</bpmn:outgoing></bpmn:serviceTask><bpmn:sequenceFlow id="f${i + 1}" sourceRef="t${i}" targetRef="${i + 1 < n ? `t${i + 1}` : 'end'}" />`).join('\n');
    const xml = `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="big" targetNamespace="x"><bpmn:process id="big-model" name="大模型 Big model" isExecutable="true"><bpmn:startEvent id="start" name="开始"><bpmn:outgoing>f0</bpmn:outgoing></bpmn:startEvent><bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="t0" />${tasks}<bpmn:endEvent id="end" name="结束"><bpmn:incoming>f${n}</bpmn:incoming></bpmn:endEvent></bpmn:process></bpmn:definitions>`;
    expect(xml.length).to.be.within(700_000, 2_000_000);
    // the reading and linting happen in a worker thread, never on the thread that answers requests
    const analysis = await analyseOffThread(xml, 'embedded');
    expect(analysis.thread).to.be.a('number').and.not.equal(threadId);
    expect(analysis.processes).to.deep.equal([{ id: 'big-model', name: '大模型 Big model', executable: true }]);
    const checked = await call('POST', '/api/processes/check', { token: owner, body: { xml } });
    expect(checked.statusCode, checked.body.slice(0, 300)).to.equal(200);
    expect(checked.json().errors.filter((e: { rule: string }) => e.rule.startsWith('gov/'))).to.deep.equal([]);
  });

  it('lets only business owners and administrators save and deploy', async () => {
    const reviewer = await login('auditor');
    expect((await call('POST', '/api/processes', { token: reviewer, body: { xml: onsite, comment: 'x1' } })).statusCode).to.equal(403);
    expect((await call('POST', '/api/processes/onsite-certificate/versions/1/deploy', { token: reviewer })).statusCode).to.equal(403);
    expect((await call('GET', '/api/processes', { token: await login('binhu.acceptor') })).statusCode).to.equal(403);
  });
});
