import { expect } from 'chai';
import { AuditAction } from '../../domain/audit/audit-entry.model.js';
import { MovementKind, PrintSerialModel, SerialUseModel, StockMovementModel } from '../../domain/print-serial/print-serial.model.js';
import { JobModel } from '../../infra/engine/embedded/records.js';
import { auditEntries, call, login } from '../support/api.js';
import { platform } from '../support/platform.js';
import { eventually, fileApplication } from '../support/staff.js';

// A real worker of the platform hangs in the middle of a job: the store holds back one of its writes. The
// engine hands the job out again when its timeout runs out, and the step must finish once, whatever the hung
// run does when it wakes.
const COMMUNITY = 'COM-BINHU';
const TYPE = 'LNYD-CERT';

describe('reliability: a worker hangs in the middle of a real case', function () {
  this.timeout(120_000);

  it('the job is handed out again after its timeout; the serial is used once, and the hung run changes nothing when it wakes', async () => {
    const { services } = platform();
    const filed = await fileApplication('LNYD', COMMUNITY);
    const n = filed.applicationNumber;

    // the store holds back the use record of this case's serial: use-print-serial hangs after it took a serial
    const collection = SerialUseModel.collection;
    const insertOne = collection.insertOne;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    let hung = false;
    let woke = false;
    collection.insertOne = async function (this: typeof collection, ...args: Parameters<typeof insertOne>) {
      if ((args[0] as { applicationNumber?: string }).applicationNumber !== n || hung) return insertOne.apply(this, args);
      hung = true;
      await gate;
      try {
        return await insertOne.apply(this, args);
      } finally {
        woke = true;
      }
    } as typeof insertOne;
    try {
      const window = await login('binhu.acceptor');
      const accept = await eventually('the accept task', async () =>
        ((await call('GET', `/api/tasks?scope=queue&caseNumber=${n}`, { token: window })).json().tasks as { step: string; userTaskKey: string }[]).find((t) => t.step === 'accept'));
      expect((await call('POST', `/api/tasks/${accept.userTaskKey}/claim`, { token: window })).statusCode).to.equal(200);
      expect((await call('POST', `/api/tasks/${accept.userTaskKey}/complete`, { token: window, body: { decision: 'accepted' } })).statusCode).to.equal(204);

      await eventually('the worker hangs', async () => hung);
      const job = (await JobModel.findOne({ instanceKey: filed.processInstanceKey, type: 'use-print-serial' }).lean())!;
      expect(job.state, 'the hung run holds the job').to.equal('activated');
      const taken = await PrintSerialModel.find({ applicationNumber: n }).lean();
      expect(taken.map((s) => s.state), 'the hung run took a serial').to.deep.equal(['used']);
      // the job's timeout runs out: its deadline comes now rather than in a minute
      await JobModel.updateOne({ _id: job._id, state: 'activated' }, { $set: { deadline: new Date(Date.now() - 1) } });

      const review = await eventually('the review task, after the job came again', async () =>
        (await services.tasks.list({ caseNumber: n, state: ['created'] })).find((t) => t.step === 'review'), 30_000);
      expect(review).to.not.equal(undefined);
      const serial = (await services.applications.get(n)).printSerial;
      expect(serial, 'the second run used the serial the first had taken').to.equal(taken[0]!.serial);

      // the hung run wakes: its use record is refused, and it must not put back the serial the case now has
      release();
      await eventually('the hung run wakes', async () => woke);
      await new Promise((r) => setTimeout(r, 1_000));
      const serials = await PrintSerialModel.find({ applicationNumber: n }).lean();
      expect(serials.map((s) => [s.serial, s.state])).to.deep.equal([[serial, 'used']]);
      expect(await SerialUseModel.find({ applicationNumber: n }, { _id: 0, serial: 1 }).lean()).to.deep.equal([{ serial }]);
      expect((await StockMovementModel.find({ applicationNumber: n, kind: MovementKind.Used }).lean()).map((l) => l.serial)).to.deep.equal([serial]);
      expect((await auditEntries({ applicationNumber: n, action: AuditAction.SerialUsed })).map((e) => e.after)).to.deep.equal([{ printSerial: serial }]);
      expect((await services.tasks.list({ caseNumber: n })).filter((t) => t.step === 'review'), 'the step finished once').to.have.length(1);
      const { breaks } = await services.serials.oneToOne({ communityCode: COMMUNITY, certificateType: TYPE });
      // the case is open: its certificate number comes later; nothing else may be out of line
      expect(breaks.filter((b) => (b.applicationNumber === n || b.serial === serial) && b.kind !== 'no-certificate-number')).to.deep.equal([]);
    } finally {
      collection.insertOne = insertOne;
      release();
    }
  });
});
