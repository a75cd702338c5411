import { expect } from 'chai';
import { pino } from 'pino';
import { generateDocumentNumber } from '../../workers/generate-document-number.worker.js';
import { runJob, type WorkerDefinition } from '../../workers/worker.js';
import type { DomainServices } from '../../domain/services.js';
import { fakeJob as makeJob } from '../support/fake-job.js';
import { platform, uniqueKey } from '../support/platform.js';
import { fileApplication } from '../support/staff.js';

/** An item code no other test has numbered, so its sequences start at 1. */
const freshItemCode = () => uniqueKey('N').toUpperCase();
const fakeJob = (variables: Record<string, unknown>, retries = 3) => makeJob('generate-document-number', variables, { retries });

describe('worker generate-document-number', () => {
  const log = pino({ level: 'silent' });
  const worker = generateDocumentNumber as unknown as WorkerDefinition;
  let services: DomainServices;
  before(() => {
    services = { ...platform().services, now: async () => new Date('2026-03-02T02:00:00Z') };
  });

  /** Runs the worker for a new application of the item at that moment; the job must complete. */
  async function issue(itemCode: string, at: Date): Promise<string> {
    const { job, calls } = fakeJob({ applicationNumber: uniqueKey('APP'), itemCode });
    await runJob(worker, job, { ...services, now: async () => at }, log);
    expect(calls.map((c) => c.action)).to.deep.equal(['complete']);
    return (calls[0]!.payload as { documentNumber: string }).documentNumber;
  }

  it('numbers each item and year on a sequence of its own, never twice within one', async () => {
    const item = freshItemCode();
    const other = freshItemCode();
    const spring = new Date('2026-03-02T02:00:00Z');
    const nextSpring = new Date('2027-03-01T02:00:00Z');
    const firstFive = await Promise.all(Array.from({ length: 5 }, () => issue(item, spring)));
    expect([...firstFive].sort()).to.deep.equal([1, 2, 3, 4, 5].map((n) => `${item}-2026-00000${n}`));
    expect(await issue(other, spring), 'another item starts its own count').to.equal(`${other}-2026-000001`);
    expect(await issue(item, nextSpring), 'a new year starts its own count').to.equal(`${item}-2027-000001`);
    expect(await issue(item, spring), 'the year goes on where it stopped').to.equal(`${item}-2026-000006`);
  });

  it('gives the same number when the job is delivered twice, even at once', async () => {
    const applicationNumber = uniqueKey('APP');
    const first = fakeJob({ applicationNumber, itemCode: 'JZZ' });
    const second = fakeJob({ applicationNumber, itemCode: 'JZZ' });
    await Promise.all([runJob(worker, first.job, services, log), runJob(worker, second.job, services, log)]);
    const third = fakeJob({ applicationNumber, itemCode: 'JZZ' });
    await runJob(worker, third.job, services, log);
    const numbers = [first, second, third].map((j) => (j.calls[0]!.payload as { documentNumber: string }).documentNumber);
    expect(new Set(numbers).size).to.equal(1);
  });

  it('raises an incident at once (no retries) when variables are missing', async () => {
    const { job, calls } = fakeJob({ itemCode: 'JZZ' });
    await runJob(worker, job, services, log);
    expect(calls).to.have.length(1);
    expect(calls[0]!.action).to.equal('fail');
    expect(calls[0]!.payload).to.include({ retries: 0 });
    expect((calls[0]!.payload as { errorMessage: string }).errorMessage).to.match(/applicationNumber/);
  });

  it('fails with a back-off and one retry fewer when the domain refuses the input', async () => {
    const { job, calls } = fakeJob({ applicationNumber: uniqueKey('APP'), itemCode: 'bad code!' }, 3);
    await runJob(worker, job, services, log);
    expect(calls[0]!.action).to.equal('fail');
    expect(calls[0]!.payload).to.include({ retries: 2, retryBackOff: 5000 });
  });

  it('fails the job, for a retry, when the number cannot be written to the application; the retry writes it', async () => {
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const { applicationNumber } = filed;
    const writeRefused = {
      ...services,
      applications: { ...services.applications, recordDocumentNumber: () => Promise.reject(new Error('the store refused the write')) },
    };
    try {
      const first = fakeJob({ applicationNumber, itemCode: 'DSZN' }, 3);
      await runJob(worker, first.job, writeRefused, log);
      expect(first.calls).to.have.length(1);
      expect(first.calls[0]!.action).to.equal('fail');
      expect(first.calls[0]!.payload).to.deep.equal({ errorMessage: 'the store refused the write', retries: 2, retryBackOff: 5000 });
      expect((await services.applications.get(applicationNumber)).documentNumber).to.equal(null);

      const retry = fakeJob({ applicationNumber, itemCode: 'DSZN' }, 2);
      await runJob(worker, retry.job, services, log);
      expect(retry.calls.map((c) => c.action)).to.deep.equal(['complete']);
      const { documentNumber } = retry.calls[0]!.payload as { documentNumber: string };
      expect(documentNumber).to.match(/^DSZN-2026-\d{6}$/);
      expect((await services.applications.get(applicationNumber)).documentNumber, 'the number the decider will confirm').to.equal(documentNumber);
    } finally {
      await platform().engine.cancelInstance(filed.processInstanceKey!);
    }
  });
});
