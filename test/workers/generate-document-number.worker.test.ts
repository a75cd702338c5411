import { expect } from 'chai';
import { pino } from 'pino';
import { generateDocumentNumber } from '../../workers/generate-document-number.worker.js';
import { runJob, type WorkerDefinition } from '../../workers/worker.js';
import type { DomainServices } from '../../domain/services.js';
import { fakeJob as makeJob } from '../support/fake-job.js';
import { platform, uniqueKey } from '../support/platform.js';

const fakeJob = (variables: Record<string, unknown>, retries = 3) => makeJob('generate-document-number', variables, { retries });

describe('worker generate-document-number', () => {
  const log = pino({ level: 'silent' });
  const worker = generateDocumentNumber as unknown as WorkerDefinition;
  let services: DomainServices;
  before(() => {
    services = { ...platform().services, now: async () => new Date('2026-03-02T02:00:00Z') };
  });

  it('completes the job with a number unique per item and year', async () => {
    const { job, calls } = fakeJob({ applicationNumber: uniqueKey('APP'), itemCode: 'LNYD' });
    await runJob(worker, job, services, log);
    expect(calls).to.have.length(1);
    expect(calls[0]!.action).to.equal('complete');
    expect((calls[0]!.payload as { documentNumber: string }).documentNumber).to.match(/^LNYD-2026-\d{6}$/);
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
});
