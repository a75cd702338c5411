import { join } from 'node:path';
import { expect } from 'chai';
import type { ZBWorker } from '@camunda8/sdk/dist/zeebe/index.js';
import { platform, uniqueKey } from '../support/platform.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

describe('engine: the real Zeebe broker', () => {
  before(async () => {
    const { engine } = platform();
    await engine.zeebe.deployResources([
      { processFilename: join(fixtures, 'document-number-check.bpmn') },
      { processFilename: join(fixtures, 'timer-check.bpmn') },
    ]);
  });

  it('reports a healthy leader and its version through the topology', async () => {
    const topology = await platform().engine.topology();
    expect(topology.ok, topology.error).to.equal(true);
    expect(topology.version).to.match(/^8\.\d+\.\d+/);
  });

  it('runs a TypeScript worker job end to end and returns its output to the process', async () => {
    const applicationNumber = uniqueKey('APP');
    const result = await platform().engine.zeebe.createProcessInstanceWithResult<{ applicationNumber: string; itemCode: string }, { documentNumber: string }>({
      bpmnProcessId: 'document-number-check',
      variables: { applicationNumber, itemCode: 'JZZ' },
      requestTimeout: 30_000,
    });
    expect(result.variables.documentNumber).to.match(/^JZZ-\d{4}-\d{6}$/);
  });

  it('fires a timer boundary event only when the engine clock is moved past it', async () => {
    const { engine, clock } = platform();
    const fired: string[] = [];
    let worker: ZBWorker<Record<string, unknown>, Record<string, unknown>, Record<string, unknown>> | undefined;
    const seen = new Promise<string>((resolve) => {
      worker = engine.zeebe.createWorker({
        taskType: 'test-timer-fired',
        stdout: { info: () => undefined, error: () => undefined, debug: () => undefined },
        taskHandler: async (job) => {
          fired.push(job.processInstanceKey);
          resolve(job.processInstanceKey);
          return job.complete();
        },
      });
    });
    try {
      const now = await clock.now();
      const dueAt = new Date(now.getTime() + 2 * 3600_000).toISOString();
      const instance = await engine.zeebe.createProcessInstance({ bpmnProcessId: 'timer-check', variables: { dueAt } });
      // An hour on, the timer is still an hour away.
      await clock.add(3600_000);
      await engine.zeebe.publishMessage({ name: 'nothing', correlationKey: 'x', variables: {}, timeToLive: 0 });
      expect(fired).to.not.include(instance.processInstanceKey);
      await clock.add(3600_000 + 60_000);
      expect(await seen).to.equal(instance.processInstanceKey);
      await engine.zeebe.cancelProcessInstance(instance.processInstanceKey);
    } finally {
      await worker?.close();
    }
  });
});
