import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { EngineEvent, JobLike, JobSubscription } from '../../domain/engine/engine.port.js';
import { platform, uniqueKey } from '../support/platform.js';

/**
 * The engine port's conformance suite: what the platform's processes rely on, driven through the port alone.
 * It runs on the embedded engine in CI, and on a Camunda 8 cluster with `npm run test:camunda8`.
 */
const fixtures = join(import.meta.dirname, 'fixtures');
const events: EngineEvent[] = [];
const notes: { instance: string; branch: string; variables: Record<string, unknown>; elementId: string }[] = [];
const subscriptions: JobSubscription[] = [];
let computeBehaviour: (job: JobLike) => Promise<unknown> = (job) => job.complete({ result: job.variables.doubled });
const computeJobs: JobLike[] = [];
let computeSubscription: JobSubscription;

async function eventually<T>(what: string, probe: () => T | undefined | false, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found) return found;
    if (Date.now() > until) throw new Error(`waited ${ms / 1000}s for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const of = (instance: string) => events.filter((e) => e.processInstanceKey === instance);
const ended = (instance: string) => eventually(`instance ${instance} to complete`, () => of(instance).find((e) => e.kind === 'element.completed' && e.elementType === 'PROCESS'));
const noteOf = (instance: string, branch: string) => eventually(`the ${branch} job of ${instance}`, () => notes.find((n) => n.instance === instance && n.branch === branch));
const taskOf = (instance: string) => eventually(`a user task of ${instance}`, () => of(instance).find((e) => e.kind === 'user-task.created'));

describe('engine port conformance', function () {
  this.timeout(60_000);

  before(async () => {
    const { engine } = platform();
    engine.onEvent(async (e) => { events.push(e); });
    const deployed = await engine.deploy(['conformance-flow', 'conformance-wait', 'conformance-call'].map((name) => ({ name: `${name}.bpmn`, xml: readFileSync(join(fixtures, `${name}.bpmn`), 'utf8') })));
    expect(deployed.processes.map((p) => p.processId)).to.include.members(['conformance-flow', 'conformance-wait', 'conformance-call', 'conformance-child']);
    subscriptions.push(engine.subscribeJobs('conformance-note', async (job) => {
      notes.push({ instance: job.processInstanceKey, branch: String(job.customHeaders.branch), variables: job.variables, elementId: job.elementId });
      await job.complete({ [`noted_${String(job.customHeaders.branch)}`]: true });
    }));
    computeSubscription = engine.subscribeJobs('conformance-compute', async (job) => {
      computeJobs.push(job);
      await computeBehaviour(job);
    });
    subscriptions.push(computeSubscription);
    subscriptions.push(engine.subscribeJobs('conformance-child', async (job) => { await job.complete({ childSaid: `hello from ${job.elementId}` }); }));
  });

  after(async () => {
    await Promise.all(subscriptions.map((s) => s.close()));
  });

  it('answers health with its kind', async () => {
    const health = await platform().engine.health();
    expect(health.ok, health.error).to.equal(true);
    expect(health.engine).to.equal(platform().engine.kind);
  });

  it('deploys an unchanged model again without a new version', async () => {
    const xml = readFileSync(join(fixtures, 'conformance-flow.bpmn'), 'utf8');
    const [a, b] = [await platform().engine.deploy([{ name: 'conformance-flow.bpmn', xml }]), await platform().engine.deploy([{ name: 'conformance-flow.bpmn', xml }])];
    expect(b.processes[0]!.version).to.equal(a.processes[0]!.version);
  });

  it('never puts an older model back over a newer one when the older is deployed again (a restart deploying processes/)', async function () {
    if (platform().engine.kind !== 'embedded') this.skip(); // Camunda 8 compares with the latest version only
    const { engine } = platform();
    const xml = readFileSync(join(fixtures, 'conformance-wait.bpmn'), 'utf8').replace('id="conformance-wait"', 'id="conformance-versions"');
    const first = await engine.deploy([{ name: 'v.bpmn', xml }]);
    const newer = await engine.deploy([{ name: 'v.bpmn', xml: xml.replace('<bpmn:process id="conformance-versions"', '<bpmn:process id="conformance-versions" name="newer"') }]);
    expect(newer.processes[0]!.version).to.equal(first.processes[0]!.version + 1);
    const again = await engine.deploy([{ name: 'v.bpmn', xml }]);
    expect(again.processes[0]!.version).to.equal(first.processes[0]!.version);
    const instance = await engine.startInstance('conformance-versions', { unit: 'COM-X', caseId: uniqueKey('CASE') });
    const created = await taskOf(instance);
    expect(created.processVersion).to.equal(newer.processes[0]!.version);
    await engine.cancelInstance(instance);
  });

  it('maps job inputs and outputs, takes the FEEL branch, and joins a parallel fork', async () => {
    // `fields`, `content` and `properties` are bpmn-engine's own words: as process variables they must pass untouched
    const big = await platform().engine.startInstance('conformance-flow', { amount: 6, fields: 'f', content: 'c', properties: 'p' });
    const small = await platform().engine.startInstance('conformance-flow', { amount: 2 });
    const compute = await eventually('the compute job', () => computeJobs.find((j) => j.processInstanceKey === big));
    expect(compute.variables).to.include({ amount: 6, doubled: 12, fields: 'f', content: 'c', properties: 'p' });
    expect(compute.customHeaders).to.include({ purpose: 'double' });
    expect((await noteOf(big, 'a')).variables).to.include({ total: 13 });
    await noteOf(big, 'b');
    await ended(big);
    // the join waited for both branches before the end event
    const order = of(big).filter((e) => e.kind === 'element.completed').map((e) => e.elementId);
    expect(order.indexOf('join')).to.be.greaterThan(Math.max(order.indexOf('note-a'), order.indexOf('note-b')));
    expect(order).to.include('end-big');
    expect((await noteOf(small, 'small')).variables).to.include({ total: 5 });
    await ended(small);
    expect(notes.filter((n) => n.instance === small).map((n) => n.branch)).to.deep.equal(['small']);
    // each instance's events come in order, without gaps
    const seqs = of(big).map((e) => e.seq);
    expect(seqs).to.deep.equal([...seqs].sort((x, y) => x - y));
    expect(new Set(of(big).map((e) => e.key)).size).to.equal(of(big).length);
  });

  it('hands a job out again when the worker that took it never answers (at least once)', async () => {
    const { engine } = platform();
    const seen: string[] = [];
    let first = true;
    // this subscription takes the compute jobs first and drops the first one without answering
    const sub = engine.subscribeJobs('conformance-compute', async (job) => {
      seen.push(job.key);
      if (first) { first = false; return; }
      await job.complete({ result: job.variables.doubled });
    }, { timeoutMs: 1000 });
    const before = subscriptions.splice(subscriptions.findIndex((s) => s === computeSubscription), 1)[0]!;
    await before.close();
    try {
      const instance = await engine.startInstance('conformance-flow', { amount: 7 });
      await ended(instance);
      expect(seen).to.have.length(2);
      expect(seen[0]).to.equal(seen[1]); // the same job, delivered twice
    } finally {
      await sub.close();
      computeSubscription = engine.subscribeJobs('conformance-compute', async (job) => { computeJobs.push(job); await computeBehaviour(job); });
      subscriptions.push(computeSubscription);
    }
  });

  it('catches a BPMN error by its code at the boundary event', async () => {
    computeBehaviour = (job) => job.error('REJECTED', 'not this one');
    try {
      const instance = await platform().engine.startInstance('conformance-flow', { amount: 1 });
      await noteOf(instance, 'rejected');
      await ended(instance);
      expect(of(instance).some((e) => e.kind === 'element.terminated' && e.elementId === 'compute')).to.equal(true);
    } finally {
      computeBehaviour = (job) => job.complete({ result: job.variables.doubled });
    }
  });

  it('retries a failed job after its back-off, raises an incident when retries run out, and goes on once it is resolved', async function () {
    if (platform().engine.kind !== 'embedded') this.skip(); // the back-off is measured on the engine clock
    let attempts = 0;
    let failed = 0;
    computeBehaviour = async (job) => {
      attempts += 1;
      if (attempts > 2) return job.complete({ result: 100 });
      await job.fail({ errorMessage: `attempt ${attempts} failed`, retries: job.retries - 1, retryBackOff: 60_000 });
      failed += 1;
    };
    try {
      const instance = await platform().engine.startInstance('conformance-flow', { amount: 3 });
      // the back-off counts from the failure the engine took, so the clock moves only once it has
      await eventually('the first attempt to fail', () => failed === 1);
      // within its back-off the job is not handed out again
      await platform().clock.advance(30_000);
      await new Promise((r) => setTimeout(r, 600));
      expect(attempts).to.equal(1);
      await platform().clock.advance(31_000);
      await eventually('the second attempt', () => attempts === 2);
      const incident = await eventually('the incident', () => of(instance).find((e) => e.kind === 'incident.raised'));
      expect(incident.incident).to.include({ errorType: 'JOB_NO_RETRIES', message: 'attempt 2 failed' });
      expect(incident.elementId).to.equal('compute');
      await platform().engine.resolveIncident(incident.incident!.key, 1);
      await eventually('the incident resolved', () => of(instance).find((e) => e.kind === 'incident.resolved'));
      await ended(instance);
      expect(attempts).to.equal(3);
      expect((await noteOf(instance, 'a')).variables).to.include({ total: 101 });
    } finally {
      computeBehaviour = (job) => job.complete({ result: job.variables.doubled });
    }
  });

  it('raises an incident for a BPMN error no boundary event catches', async () => {
    computeBehaviour = (job) => job.error('NOBODY_CATCHES', 'unmodelled');
    try {
      const instance = await platform().engine.startInstance('conformance-flow', { amount: 1 });
      const incident = await eventually('the incident', () => of(instance).find((e) => e.kind === 'incident.raised'));
      expect(incident.incident!.message).to.include('NOBODY_CATCHES');
      await platform().engine.cancelInstance(instance);
    } finally {
      computeBehaviour = (job) => job.complete({ result: job.variables.doubled });
    }
  });

  it('creates a user task for its FEEL candidate groups; assign, unassign and complete; a duration timer fires only when due', async function () {
    const { engine } = platform();
    const caseId = uniqueKey('CASE');
    const instance = await engine.startInstance('conformance-wait', { unit: 'COM-X', caseId });
    const created = await taskOf(instance);
    expect(created.userTask).to.deep.include({ candidateGroups: ['reviewer:COM-X'], assignee: null, headers: { step: 'review' } });
    expect(created.elementId).to.equal('review');
    if (engine.kind === 'embedded') {
      const { clock } = platform();
      // the two-hour timer started with the task; five seconds before it is due (the clock also runs in real time)
      // nothing may fire, even once everything the move set off has had time to arrive
      const due = created.at.getTime() + 2 * 3600_000;
      await clock.moveTo(new Date(due - 5_000));
      await new Promise((r) => setTimeout(r, 500));
      expect(of(instance).filter((e) => e.kind === 'timer.fired'), 'fired before its time').to.deep.equal([]);
      expect(notes.filter((n) => n.instance === instance && n.branch === 'late')).to.deep.equal([]);
      await clock.moveTo(new Date(due + 1_000));
      // `moveTo` returns only after every timer it made due has fired
      const fired = of(instance).filter((e) => e.kind === 'timer.fired');
      expect(fired.map((e) => e.elementId), 'fired once its time came').to.deep.equal(['review-late']);
      await noteOf(instance, 'late');
    }
    const key = created.userTask!.key;
    await engine.userTasks.assign(key, 'reviewer.li');
    await eventually('assigned', () => of(instance).find((e) => e.kind === 'user-task.assigned' && e.userTask?.assignee === 'reviewer.li'));
    await engine.userTasks.unassign(key);
    await eventually('unassigned', () => of(instance).find((e) => e.kind === 'user-task.assigned' && e.userTask?.assignee === null));
    await engine.userTasks.complete(key, { approved: true });
    await eventually('completed', () => of(instance).find((e) => e.kind === 'user-task.completed'));
    // completing twice is refused
    let again: unknown;
    try { await engine.userTasks.complete(key, {}); } catch (err) { again = err; }
    expect(again, 'a second completion fails').to.be.instanceOf(Error);
    await engine.publishMessage({ name: 'conformance-go', correlationKey: caseId, variables: { goBy: 'window' }, timeToLiveMs: 60_000 });
    expect((await noteOf(instance, 'done')).variables).to.include({ approved: true, goBy: 'window' });
    await ended(instance);
  });

  it('keeps a message published before its subscription for its time to live, and gives each message to one subscription', async () => {
    const { engine } = platform();
    const early = uniqueKey('CASE');
    const first = await engine.startInstance('conformance-wait', { unit: 'COM-X', caseId: early });
    await engine.publishMessage({ name: 'conformance-go', correlationKey: early, variables: { early: true }, timeToLiveMs: 600_000 });
    await engine.userTasks.complete((await taskOf(first)).userTask!.key, {});
    expect((await noteOf(first, 'done')).variables).to.include({ early: true });

    const shared = uniqueKey('CASE');
    const [a, b] = [await engine.startInstance('conformance-wait', { unit: 'COM-X', caseId: shared }), await engine.startInstance('conformance-wait', { unit: 'COM-X', caseId: shared })];
    for (const i of [a, b]) await engine.userTasks.complete((await taskOf(i)).userTask!.key, {});
    await eventually('both waiting for the message', () => [a, b].every((i) => of(i).some((e) => e.kind === 'element.activated' && e.elementId === 'go')));
    await engine.publishMessage({ name: 'conformance-go', correlationKey: shared, variables: {}, timeToLiveMs: 0 });
    await eventually('one instance took it', () => notes.filter((n) => (n.instance === a || n.instance === b) && n.branch === 'done').length === 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(notes.filter((n) => (n.instance === a || n.instance === b) && n.branch === 'done')).to.have.length(1);
    await engine.publishMessage({ name: 'conformance-go', correlationKey: shared, variables: {}, timeToLiveMs: 0 });
    await eventually('the other took the second', () => notes.filter((n) => (n.instance === a || n.instance === b) && n.branch === 'done').length === 2);
  });

  it('starts one instance per business key: a start repeated after an interruption answers the first', async () => {
    const { engine } = platform();
    const businessKey = uniqueKey('case');
    const first = await engine.startInstance('conformance-wait', { unit: 'COM-X', caseId: businessKey }, { businessKey });
    await taskOf(first);
    // on a cluster the lookup reads secondary storage, which trails: give it a moment there
    if (engine.kind !== 'embedded') await new Promise((r) => setTimeout(r, 5000));
    const again = await Promise.all([1, 2, 3].map(() => engine.startInstance('conformance-wait', { unit: 'COM-X', caseId: businessKey }, { businessKey })));
    expect(again).to.deep.equal([first, first, first]);
    const other = await engine.startInstance('conformance-wait', { unit: 'COM-X', caseId: businessKey }, { businessKey: `${businessKey}-2` });
    expect(other).to.not.equal(first);
    await taskOf(other);
    expect(events.filter((e) => e.kind === 'user-task.created' && [first, ...again].includes(e.processInstanceKey))).to.have.length(1);
    await Promise.all([engine.cancelInstance(first), engine.cancelInstance(other)]);
  });

  it('cancels an instance: its user task is canceled and the instance terminated', async () => {
    const { engine } = platform();
    const instance = await engine.startInstance('conformance-wait', { unit: 'COM-X', caseId: uniqueKey('CASE') });
    const created = await taskOf(instance);
    await engine.cancelInstance(instance);
    const canceled = await eventually('the task canceled', () => of(instance).find((e) => e.kind === 'user-task.canceled'));
    expect(canceled.userTask!.key).to.equal(created.userTask!.key);
    await eventually('the instance terminated', () => of(instance).find((e) => e.kind === 'element.terminated' && e.elementType === 'PROCESS'));
    let refused: unknown;
    try { await engine.userTasks.complete(created.userTask!.key, {}); } catch (err) { refused = err; }
    expect(refused).to.be.instanceOf(Error);
  });

  it('runs a called process, gives its variables back, then a job per list item, collecting their outputs in order', async () => {
    const instance = await platform().engine.startInstance('conformance-call', { items: ['x', 'y', 'z'] });
    await eventually('three iterations', () => notes.filter((n) => n.instance === instance && n.branch === 'each').length === 3);
    const each = notes.filter((n) => n.instance === instance && n.branch === 'each');
    expect(each.map((n) => n.variables.item).sort()).to.deep.equal(['x', 'y', 'z']);
    expect(each.map((n) => n.variables.loopCounter).sort()).to.deep.equal([1, 2, 3]);
    expect(each[0]!.variables.childSaid).to.equal('hello from child-work');
    const after = await noteOf(instance, 'after');
    expect(after.variables.results).to.deep.equal(['X!', 'Y!', 'Z!']);
    expect(Object.keys(after.variables).some((k) => k.startsWith('$'))).to.equal(false);
    await ended(instance);
  });

  it('refuses at deploy a model outside what the embedded engine runs, saying what and where in both languages', async function () {
    if (platform().engine.kind !== 'embedded') this.skip();
    const xml = readFileSync(join(fixtures, 'conformance-call.bpmn'), 'utf8')
      .replace('<bpmn:serviceTask id="after">', '<bpmn:serviceTask id="after"><bpmn:multiInstanceLoopCharacteristics />')
      .replace('<bpmn:endEvent id="end" />', '<bpmn:endEvent id="end"><bpmn:signalEventDefinition /></bpmn:endEvent>');
    let refused: (Error & { zh?: string; code?: string }) | undefined;
    try { await platform().engine.deploy([{ name: 'outside.bpmn', xml }]); } catch (err) { refused = err as Error; }
    expect(refused?.code).to.equal('ENGINE_REFUSED');
    expect(refused!.message).to.include('after: the multi-instance has no input collection').and.include('end: the embedded engine does not support signal end events');
    expect(refused!.zh).to.include('多实例缺少输入集合');
  });
});
