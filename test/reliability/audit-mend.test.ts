import { expect } from 'chai';
import mongoose from 'mongoose';
import { AuditAction, ActorKind } from '../../domain/audit/audit-entry.model.js';
import { ApplicationModel } from '../../domain/application/application.model.js';
import { TaskModel } from '../../domain/task/task.model.js';
import { call, login, auditEntries } from '../support/api.js';
import { platform, uniqueKey } from '../support/platform.js';
import { eventually, fileApplication, operator } from '../support/staff.js';

/** An application number far beyond what this run's filings reach. */
const unusedNumber = (base: number) => `SQ2026${String(base + Math.floor(Math.random() * 99_999)).padStart(6, '0')}`;
/** What `file` leaves behind when the platform stops between storing an application and starting its process. */
async function storedNotStarted(template: Record<string, unknown>, applicationNumber: string, now: Date) {
  const rest: Record<string, unknown> = { ...template };
  for (const field of ['_id', 'processInstanceKey', 'currentStep', 'queryCode']) delete rest[field];
  const doc = await ApplicationModel.create({ ...rest, applicationNumber, status: 'submitted', filedAt: now, closedAt: null, outcome: null, printSerial: null, documentNumber: null });
  return doc.toObject({ flattenMaps: true });
}
const intents = () => mongoose.connection.collection('audit_intents');
const instancesOf = (applicationNumber: string) => mongoose.connection.collection('engine_instances').countDocuments({ businessKey: `application:${applicationNumber}` });

// A stop between an action and its audit entry leaves the action written down: the platform finds it, finishes
// or drops it, appends the entry marked recovered, and records the mending itself.
describe('reliability: audit entries never trail their actions', function () {
  this.timeout(120_000);

  it('writes an action down before it is done and clears the note with its entry', async () => {
    const before = await intents().countDocuments();
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    expect(await intents().countDocuments()).to.equal(before);
    const [entry] = await auditEntries({ caseNumber: filed.applicationNumber, action: AuditAction.ApplicationFiled });
    expect(entry!.detail).to.not.have.property('recovered');
    expect(await instancesOf(filed.applicationNumber)).to.equal(1);
  });

  it('finishes a filing stopped after the application was stored but before its process started, and records the mending', async () => {
    const { services } = platform();
    // what `file` leaves behind when the platform stops between storing the application and starting its process
    const template = await fileApplication('DSZN', 'COM-BINHU');
    const applicationNumber = unusedNumber(900_000);
    const now = await services.now();
    const note = await services.audit.intend({
      at: now, actor: { kind: ActorKind.User, id: 'binhu.acceptor', role: 'window-staff' }, action: AuditAction.ApplicationFiled,
      target: { kind: 'application', id: applicationNumber }, caseNumber: applicationNumber, caseKind: 'application', itemCode: 'DSZN', unit: 'COM-BINHU', detail: { channel: 'window', practice: false, missingMaterials: [] },
    });
    await storedNotStarted(template, applicationNumber, now);
    const seqBefore = (await services.audit.head()).seq;

    const mended = await services.audit.mendInterrupted(now, 0);
    expect(mended.recovered).to.include(note.key);

    const app = (await ApplicationModel.findOne({ applicationNumber }).lean())!;
    expect(app.processInstanceKey).to.be.a('string').and.not.equal('');
    expect(await instancesOf(applicationNumber)).to.equal(1);
    // the case goes on: its accept task is in the community's queue
    const acceptor = await operator('binhu.acceptor');
    const task = await eventually('the accept task of the mended filing', async () => (await services.tasks.list({ caseNumber: applicationNumber })).find((t) => t.step === 'accept'));
    expect(task.unitCode).to.equal('COM-BINHU');
    expect(acceptor.unitCode).to.equal('COM-BINHU');

    const filedEntries = await auditEntries({ caseNumber: applicationNumber, action: AuditAction.ApplicationFiled });
    expect(filedEntries).to.have.length(1);
    expect(filedEntries[0]!.seq).to.be.greaterThan(seqBefore);
    expect(filedEntries[0]!.detail!.recovered).to.include({ reason: 'the platform stopped before this entry was written' });
    expect((filedEntries[0]!.after as { processInstanceKey: string }).processInstanceKey).to.equal(app.processInstanceKey);
    const mendings = (await auditEntries({ action: AuditAction.Mended })).filter((e) => e.seq > seqBefore);
    expect(mendings).to.have.length(1);
    expect(mendings[0]!.actor).to.deep.include({ kind: 'system', id: 'platform' });
    expect((mendings[0]!.detail as { recovered: { key: string; action: string; target: string }[] }).recovered)
      .to.deep.include({ key: note.key, action: AuditAction.ApplicationFiled, target: `application:${applicationNumber}` });
    expect(await intents().countDocuments({ _id: note.key as never })).to.equal(0);

    // mending again finds nothing left: no second entry, no second instance
    const again = await services.audit.mendInterrupted(await services.now(), 0);
    expect(again).to.deep.equal({ recovered: [], notCarriedOut: [] });
    expect(await auditEntries({ caseNumber: applicationNumber, action: AuditAction.ApplicationFiled })).to.have.length(1);
    expect(await instancesOf(applicationNumber)).to.equal(1);
    const verify = await call('GET', '/api/audit/verify', { token: await login('auditor') });
    expect(verify.json()).to.include({ intact: true });
  });

  it('mends an action written down by the earlier version, its case named applicationNumber, with the case as caseNumber', async () => {
    const { services } = platform();
    const template = await fileApplication('DSZN', 'COM-BINHU');
    const applicationNumber = unusedNumber(700_000);
    const now = await services.now();
    // the note as the version before caseNumber wrote it, left behind by a stop across the upgrade
    const key = `intent:${uniqueKey('legacy')}`;
    await intents().insertOne({
      _id: key as never, since: new Date(Date.now() - 1000), // wall-clock time, as every note's
      input: {
        at: now, actor: { kind: 'user', id: 'binhu.acceptor', role: 'window-staff' }, action: AuditAction.ApplicationFiled, target: { kind: 'application', id: applicationNumber },
        applicationNumber, itemCode: 'DSZN', unit: 'COM-BINHU', detail: { channel: 'window', practice: false, missingMaterials: [] }, key,
      },
    });
    await storedNotStarted(template, applicationNumber, now);
    expect((await services.audit.mendInterrupted(now, 0)).recovered).to.include(key);
    const [entry] = await auditEntries({ caseNumber: applicationNumber, action: AuditAction.ApplicationFiled }) as (Awaited<ReturnType<typeof auditEntries>>[number] & Record<string, unknown>)[];
    expect(entry).to.include({ formatVersion: 2, caseNumber: applicationNumber, caseKind: 'application', key });
    expect(entry).to.not.have.property('applicationNumber');
  });

  it('gives its case the tasks of an instance started just before a stop, before the application knew its instance', async () => {
    const { services, engine } = platform();
    const template = await fileApplication('DSZN', 'COM-BINHU');
    const applicationNumber = unusedNumber(600_000);
    const now = await services.now();
    await services.audit.intend({
      at: now, actor: { kind: ActorKind.User, id: 'binhu.acceptor', role: 'window-staff' }, action: AuditAction.ApplicationFiled,
      target: { kind: 'application', id: applicationNumber }, caseNumber: applicationNumber, caseKind: 'application', itemCode: 'DSZN', unit: 'COM-BINHU',
    });
    const app = await storedNotStarted(template, applicationNumber, now);
    // the process started, its accept task was created, then the stop: the application never learned its instance
    const instance = await engine.startInstance('onsite-certificate', {
      applicationNumber, itemCode: 'DSZN', category: app.category, communityCode: 'COM-BINHU', departmentCode: app.departmentCode, units: app.units, deemedApproval: false, certificateType: 'DSZN-CERT',
    }, { businessKey: `application:${applicationNumber}` });
    const orphan = await eventually('the accept task without its case', async () => (await TaskModel.findOne({ processInstanceKey: instance, step: 'accept' }).lean()));
    expect(orphan.caseNumber).to.equal(null);

    await services.audit.mendInterrupted(await services.now(), 0);
    expect((await ApplicationModel.findOne({ applicationNumber }).lean())!.processInstanceKey).to.equal(instance);
    expect(await instancesOf(applicationNumber)).to.equal(1);
    const task = (await TaskModel.findOne({ userTaskKey: orphan.userTaskKey }).lean())!;
    expect(task).to.deep.include({ caseNumber: applicationNumber, caseKind: 'application', itemCode: 'DSZN', communityCode: 'COM-BINHU' });
    expect(task.dueAt, 'the step deadline reached the task').to.be.instanceOf(Date);
    const acceptor = await login('binhu.acceptor');
    const queue = (await call('GET', `/api/tasks?scope=queue&caseNumber=${applicationNumber}`, { token: acceptor })).json().tasks as { step: string }[];
    expect(queue.map((t) => t.step)).to.deep.equal(['accept']);
  });

  it('drops an action that never took effect, and records that it was not carried out', async () => {
    const { services } = platform();
    const applicationNumber = unusedNumber(800_000);
    const now = await services.now();
    const note = await services.audit.intend({
      at: now, actor: { kind: ActorKind.User, id: 'binhu.acceptor', role: 'window-staff' }, action: AuditAction.ApplicationFiled,
      target: { kind: 'application', id: applicationNumber }, caseNumber: applicationNumber, caseKind: 'application', itemCode: 'DSZN', unit: 'COM-BINHU',
    });
    const seqBefore = (await services.audit.head()).seq;
    const mended = await services.audit.mendInterrupted(now, 0);
    expect(mended).to.deep.equal({ recovered: [], notCarriedOut: [note.key] });
    expect(await auditEntries({ caseNumber: applicationNumber })).to.have.length(0);
    const [mending] = (await auditEntries({ action: AuditAction.Mended })).filter((e) => e.seq > seqBefore);
    expect((mending!.detail as { notCarriedOut: { key: string; why: string }[] }).notCarriedOut)
      .to.deep.equal([{ key: note.key, action: AuditAction.ApplicationFiled, target: `application:${applicationNumber}`, why: 'the application was never stored' }]);
  });

  it('leaves a note younger than the wait alone: the action may still be under way', async () => {
    const { services } = platform();
    const note = await services.audit.intend({
      at: await services.now(), actor: { kind: ActorKind.User, id: 'binhu.acceptor', role: 'window-staff' }, action: AuditAction.ApplicationFiled,
      target: { kind: 'application', id: uniqueKey('SQ-young') },
    });
    expect(await services.audit.mendInterrupted(await services.now(), 60_000)).to.deep.equal({ recovered: [], notCarriedOut: [] });
    expect(await intents().countDocuments({ _id: note.key as never })).to.equal(1);
    await services.audit.forget(note);
    expect(await intents().countDocuments({ _id: note.key as never })).to.equal(0);
  });

  it('gives the engine a completion a stop interrupted, with what the operator submitted, and writes its entries once', async () => {
    const { services } = platform();
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const token = await login('binhu.acceptor');
    const task = await eventually('the accept task', async () =>
      ((await call('GET', `/api/tasks?scope=queue&caseNumber=${filed.applicationNumber}`, { token })).json().tasks as { step: string; userTaskKey: string }[]).find((t) => t.step === 'accept'));
    expect((await call('POST', `/api/tasks/${task.userTaskKey}/claim`, { token })).statusCode).to.equal(200);
    // what `complete` leaves behind when the platform stops after taking the task but before the engine heard of it
    const now = await services.now();
    const note = await services.audit.intend({
      at: now, actor: { kind: ActorKind.User, id: 'binhu.acceptor', role: 'window-staff' }, action: AuditAction.TaskCompleted,
      target: { kind: 'user-task', id: task.userTaskKey }, post: 'acceptor', unit: 'COM-BINHU', caseNumber: filed.applicationNumber, caseKind: 'application', itemCode: 'DSZN',
      detail: { step: 'accept', decision: 'accepted', bodySha256: 'x' },
    });
    await TaskModel.updateOne({ userTaskKey: task.userTaskKey }, { $set: { state: 'completing', completedBy: 'binhu.acceptor', result: { acceptDecision: 'accepted' } } });

    const mended = await services.audit.mendInterrupted(now, 0);
    expect(mended.recovered).to.deep.equal([note.key]);
    // the engine took it: the review step follows, once
    const reviewer = await login('health.reviewer');
    await eventually('the review task', async () =>
      ((await call('GET', `/api/tasks?scope=queue&caseNumber=${filed.applicationNumber}`, { token: reviewer })).json().tasks as { step: string }[]).find((t) => t.step === 'review'));
    const completedEntries = await auditEntries({ target: task.userTaskKey, action: AuditAction.TaskCompleted });
    expect(completedEntries).to.have.length(1);
    expect(completedEntries[0]!.detail).to.have.property('recovered');
    expect(await auditEntries({ caseNumber: filed.applicationNumber, action: AuditAction.ApplicationAccepted })).to.have.length(1);
    // mending again (a second API replica, say) writes nothing twice
    await services.audit.mendInterrupted(await services.now(), 0);
    expect(await auditEntries({ target: task.userTaskKey, action: AuditAction.TaskCompleted })).to.have.length(1);
  });

  it('drops a completion the operator never got past: the task stays theirs to complete', async () => {
    const { services } = platform();
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const token = await login('binhu.acceptor');
    const task = await eventually('the accept task', async () =>
      ((await call('GET', `/api/tasks?scope=queue&caseNumber=${filed.applicationNumber}`, { token })).json().tasks as { step: string; userTaskKey: string }[]).find((t) => t.step === 'accept'));
    expect((await call('POST', `/api/tasks/${task.userTaskKey}/claim`, { token })).statusCode).to.equal(200);
    const now = await services.now();
    const note = await services.audit.intend({
      at: now, actor: { kind: ActorKind.User, id: 'binhu.acceptor', role: 'window-staff' }, action: AuditAction.TaskCompleted,
      target: { kind: 'user-task', id: task.userTaskKey }, detail: { step: 'accept', decision: 'accepted', bodySha256: 'x' },
    });
    const mended = await services.audit.mendInterrupted(now, 0);
    expect(mended).to.deep.equal({ recovered: [], notCarriedOut: [note.key] });
    expect((await call('POST', `/api/tasks/${task.userTaskKey}/complete`, { token, body: { decision: 'accepted' } })).statusCode).to.equal(204);
  });
});
