import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { EngineEvent, JobSubscription } from '../../domain/engine/engine.port.js';
import { platform } from '../support/platform.js';

/**
 * What a package's parallel approval needs of the engine (seed 004 §19, 003 §5(2)): one branch per item after a
 * parallel fork, each a user task for its own department with its own limit that is deemed approved
 * on timeout, and one joint step once every branch has answered, with each branch's answer.
 */
const events: EngineEvent[] = [];
const notes: { instance: string; branch: string; variables: Record<string, unknown> }[] = [];
let subscription: JobSubscription;

async function eventually<T>(what: string, probe: () => T | undefined | false, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found) return found;
    if (Date.now() > until) throw new Error(`waited ${ms / 1000}s for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('engine: parallel approval branches of a package', function () {
  this.timeout(60_000);

  before(async () => {
    const { engine } = platform();
    engine.onEvent(async (e) => { events.push(e); });
    await engine.deploy([{ name: 'package-branches.bpmn', xml: readFileSync(join(import.meta.dirname, 'fixtures', 'package-branches.bpmn'), 'utf8') }]);
    subscription = engine.subscribeJobs('package-branch-note', async (job) => {
      notes.push({ instance: job.processInstanceKey, branch: String(job.customHeaders.branch), variables: job.variables });
      // the deemed approval's worker answers for its branch, as record-deemed-approval would
      await job.complete(job.customHeaders.answer ? { [String(job.customHeaders.answer)]: 'deemed-approved' } : {});
    });
  });
  after(() => subscription?.close());

  it('opens one task per department at once, deems a late branch approved, and joins with every answer', async () => {
    const { engine, clock } = platform();
    const now = await clock.now();
    const hours = (h: number) => new Date(now.getTime() + h * 3600_000).toISOString();
    const branches = [
      { item: 'CSYX', unit: 'DEPT-HEALTH', dueAt: hours(48) },
      { item: 'XSRH', unit: 'DEPT-PSB', dueAt: hours(72) },
      { item: 'JMYB', unit: 'DEPT-HRSS', dueAt: hours(24) },
    ];
    const instance = await engine.startInstance('package-branches', { branches });
    const tasks = await eventually('three approval tasks at once', () => {
      const created = events.filter((e) => e.processInstanceKey === instance && e.kind === 'user-task.created');
      return created.length === 3 && created;
    });
    expect(tasks.map((t) => t.userTask!.candidateGroups[0]).sort()).to.deep.equal(['approver:DEPT-HEALTH', 'approver:DEPT-HRSS', 'approver:DEPT-PSB']);
    const taskOf = (unit: string) => tasks.find((t) => t.userTask!.candidateGroups[0] === `approver:${unit}`)!.userTask!.key;

    await engine.userTasks.complete(taskOf('DEPT-HEALTH'), { decision: 'approved' });
    await engine.userTasks.complete(taskOf('DEPT-PSB'), { decision: 'not-approved' });
    expect(notes.filter((n) => n.instance === instance && n.branch === 'joint'), 'no joint answer while a branch is open').to.deep.equal([]);
    // the social-security branch passes its limit: deemed approved (超时默许), and the package answers
    await clock.moveTo(new Date(Date.parse(hours(24)) + 60_000));
    const joint = await eventually('the joint step', () => notes.find((n) => n.instance === instance && n.branch === 'joint'));
    expect(notes.filter((n) => n.instance === instance && n.branch === 'deemed')).to.have.length(1);
    expect(notes.filter((n) => n.instance === instance).map((n) => n.branch), 'the joint step waits for the deemed branch').to.deep.equal(['deemed', 'joint']);
    expect(joint.variables).to.include({ answer1: 'approved', answer2: 'not-approved', answer3: 'deemed-approved' });
  });
});
