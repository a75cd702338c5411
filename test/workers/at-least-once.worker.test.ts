import { expect } from 'chai';
import { pino } from 'pino';
import { NoticeModel } from '../../domain/notification/notice.model.js';
import { CardModel } from '../../domain/escalation/card.model.js';
import { OperatorRecordModel } from '../../domain/escalation/operator-record.model.js';
import { SerialUseModel } from '../../domain/print-serial/print-serial.model.js';
import { StepDeadlineModel } from '../../domain/deadline/step-deadline.model.js';
import { workers } from '../../workers/index.js';
import { runJob } from '../../workers/worker.js';
import { fakeJob } from '../support/fake-job.js';
import { platform } from '../support/platform.js';
import { fileApplication } from '../support/staff.js';

const log = pino({ level: 'silent' });
const worker = (type: string) => workers.find((w) => w.type === type)!;
/** Delivers the same job twice at once, then once more, as Zeebe may. */
async function deliverThrice(type: string, variables: Record<string, unknown>, options: Parameters<typeof fakeJob>[2] = {}) {
  const key = `job-${type}-${Date.now()}-${Math.random()}`;
  const jobs = [fakeJob(type, variables, { ...options, key }), fakeJob(type, variables, { ...options, key }), fakeJob(type, variables, { ...options, key })];
  await Promise.all([runJob(worker(type), jobs[0]!.job, platform().services, log), runJob(worker(type), jobs[1]!.job, platform().services, log)]);
  await runJob(worker(type), jobs[2]!.job, platform().services, log);
  return jobs.map((j) => j.calls);
}

describe('workers under at-least-once delivery: a job delivered twice does its work once', function () {
  this.timeout(60_000);

  it('use-print-serial: one serial used, the same one answered each time', async () => {
    const { services } = platform();
    const filed = await fileApplication('JYSY', 'COM-DUSHAN');
    const before = await services.serials.balance('COM-DUSHAN', 'JYSY-CERT');
    const answers = await deliverThrice('use-print-serial', { applicationNumber: filed.applicationNumber, communityCode: 'COM-DUSHAN', certificateType: 'JYSY-CERT' });
    const serials = answers.map((calls) => (calls[0]!.payload as { printSerial: string }).printSerial);
    expect(new Set(serials).size).to.equal(1);
    expect(await SerialUseModel.countDocuments({ applicationNumber: filed.applicationNumber })).to.equal(1);
    expect(await services.serials.balance('COM-DUSHAN', 'JYSY-CERT')).to.equal(before - 1);
  });

  it('notify-party: one notice stored and sent', async () => {
    const filed = await fileApplication('JYSY', 'COM-DUSHAN');
    const answers = await deliverThrice('notify-party', { applicationNumber: filed.applicationNumber, refusalReasons: ['不符合条件'] }, { headers: { notice: 'refusal' } });
    expect(answers.map((calls) => calls.map((c) => c.action)), 'each delivery completed once').to.deep.equal([['complete'], ['complete'], ['complete']]);
    const notices = await NoticeModel.find({ applicationNumber: filed.applicationNumber }).lean();
    expect(notices).to.have.length(1);
    expect(notices[0]!.sentAt).to.be.instanceOf(Date);
  });

  it('compute-step-deadline and record-card: one derivation, one card, one personal record entry', async () => {
    const filed = await fileApplication('JYSY', 'COM-DUSHAN');
    const key = `job-deadline-${Date.now()}`;
    const first = fakeJob('compute-step-deadline', { applicationNumber: filed.applicationNumber }, { key, headers: { step: 'accept' } });
    const second = fakeJob('compute-step-deadline', { applicationNumber: filed.applicationNumber }, { key, headers: { step: 'accept' } });
    await Promise.all([runJob(worker('compute-step-deadline'), first.job, platform().services, log), runJob(worker('compute-step-deadline'), second.job, platform().services, log)]);
    expect(first.calls[0]!.payload).to.deep.equal(second.calls[0]!.payload);
    expect(await StepDeadlineModel.countDocuments({ id: key })).to.equal(1);

    const answers = await deliverThrice('record-card', { deadlineId: key }, { headers: { level: 'yellow', step: 'accept' }, processInstanceKey: filed.processInstanceKey! });
    expect(answers.map((calls) => calls.map((c) => c.action)), 'each delivery completed once').to.deep.equal([['complete'], ['complete'], ['complete']]);
    expect(await CardModel.countDocuments({ deadlineId: key })).to.equal(1);
    expect(await OperatorRecordModel.countDocuments({ ref: `${key}:yellow` })).to.equal(1);
  });

  it('a header a model forgot fails the job with a message naming it', async () => {
    const { job, calls } = fakeJob('record-card', { deadlineId: 'x' }, { headers: { step: 'accept' } });
    await runJob(worker('record-card'), job, platform().services, log);
    expect(calls[0]!.action).to.equal('fail');
    expect((calls[0]!.payload as { errorMessage: string }).errorMessage).to.include('has no header level');
  });
});
