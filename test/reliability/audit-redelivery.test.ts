import { expect } from 'chai';
import mongoose from 'mongoose';
import { createApplicationRepository, type ApplicationRepository } from '../../domain/application/application.repository.js';
import { ApplicationModel } from '../../domain/application/application.model.js';
import { createApplicationService } from '../../domain/application/application.service.js';
import { createArchiveRepository } from '../../domain/archive/archive.repository.js';
import { ActorKind, AuditAction } from '../../domain/audit/audit-entry.model.js';
import { createAuditRepository } from '../../domain/audit/audit.repository.js';
import { RECOVERED_REASON, createAuditService, type AuditService } from '../../domain/audit/audit.service.js';
import { createStepDeadlineRepository } from '../../domain/deadline/step-deadline.repository.js';
import { createStepDeadlineService } from '../../domain/deadline/step-deadline.service.js';
import { LimitUnit, computeDeadline, type DeadlineDerivation } from '../../domain/deadline/deadline.service.js';
import type { EngineEvent } from '../../domain/engine/engine.port.js';
import { createCardRepository } from '../../domain/escalation/card.repository.js';
import { createEscalationService } from '../../domain/escalation/escalation.service.js';
import { createIncidentRepository } from '../../domain/incident/incident.repository.js';
import { createIncidentService } from '../../domain/incident/incident.service.js';
import { NoticeKind } from '../../domain/notification/notice.model.js';
import { createNoticeRepository } from '../../domain/notification/notice.repository.js';
import { createNotificationService } from '../../domain/notification/notification.service.js';
import { createUnitRepository } from '../../domain/organisation/unit.repository.js';
import { RequisitionStatus } from '../../domain/requisition/requisition.model.js';
import { MovementKind, StockMovementModel } from '../../domain/print-serial/print-serial.model.js';
import { createPrintSerialRepository } from '../../domain/print-serial/print-serial.repository.js';
import { createRequisitionRepository, type RequisitionRepository } from '../../domain/requisition/requisition.repository.js';
import { createRequisitionService } from '../../domain/requisition/requisition.service.js';
import { op } from '../../domain/shared/trusted.js';
import { createSequenceRepository } from '../../domain/sequence/sequence.repository.js';
import { createTaskRepository } from '../../domain/task/task.repository.js';
import { createTaskService } from '../../domain/task/task.service.js';
import { platform, uniqueKey } from '../support/platform.js';
import { eventually, fileApplication } from '../support/staff.js';

/**
 * The platform stops after a job or engine record stored its change but before its audit entry: an audit that
 * fails once for that action stands for the stop. The engine then delivers the same job or record again.
 */
function stopsBeforeEntryOf(audit: AuditService, action: AuditAction): AuditService {
  let stopped = false;
  return {
    ...audit,
    settleWith: () => undefined,
    async record(input) {
      if (!stopped && input.action === action) {
        stopped = true;
        throw new Error('the platform stopped before the audit entry');
      }
      return audit.record(input);
    },
  };
}

async function entriesOf(action: AuditAction, targetId: string) {
  return platform().services.audit.search({ action: [action], target: targetId });
}

/** The entry is there once, marked as written late, and the chain still verifies. */
async function writtenOnceRecovered(action: AuditAction, targetId: string) {
  const entries = await entriesOf(action, targetId);
  expect(entries, `${action} entries of ${targetId}`).to.have.length(1);
  expect((entries[0]!.detail as { recovered?: { reason: string } }).recovered, `${action} marked recovered`).to.include({ reason: RECOVERED_REASON });
  expect((await platform().services.audit.verify()).intact).to.equal(true);
  return entries[0]!;
}

const limit = { value: 2, unit: LimitUnit.WorkingDays };

/** The case store as a job's first run sees it: the platform stops at the first update of a case. */
function stopsAtCaseUpdate(): ApplicationRepository {
  const applications = createApplicationRepository();
  let stopped = false;
  return {
    ...applications,
    async update(...args) {
      if (!stopped) {
        stopped = true;
        throw new Error('the platform stopped before the case was updated');
      }
      return applications.update(...args);
    },
  };
}

/** A case filed at the window whose accept step is under way: nothing of the filing still moves it. */
async function caseInAccept(): Promise<string> {
  const { services } = platform();
  const { applicationNumber } = await fileApplication('DSZN', 'COM-BINHU');
  await eventually('the accept step under way', async () => (await services.applications.get(applicationNumber))?.status === 'in-accept'
    && (await services.tasks.list({ caseNumber: applicationNumber })).find((t) => t.step === 'accept' && t.dueAt));
  return applicationNumber;
}

let requisitions = 0;
/** A requisition of a certificate type no other test uses, stored as the community's request stores it. */
async function requisitionOf(status: RequisitionStatus) {
  requisitions += 1;
  const requisitionNumber = `RQ9${String(Date.now() % 1e7).padStart(7, '0')}${requisitions % 10}`;
  const certificateType = `REDO-${uniqueKey('t').replace(/[^a-z0-9]/gi, '').slice(-8).toUpperCase()}`;
  await createRequisitionRepository().insert({
    requisitionNumber, communityCode: 'COM-BINHU', departmentCode: 'DEPT-HEALTH', certificateType, quantity: 2, status, requestedBy: 'binhu.stock', requestedAt: new Date(),
  });
  return { requisitionNumber, certificateType };
}
const requisitionService = (audit: AuditService, requisitions = createRequisitionRepository()) => createRequisitionService({
  requisitions, serials: platform().services.serials, items: platform().services.items, sequences: createSequenceRepository(),
  engine: { startInstance: () => expect.fail('no start here'), publishMessage: async () => undefined }, audit,
});

/** The requisitions as a job's first run sees them: the platform stops at the first update of a requisition. */
function stopsAtRequisitionUpdate(): RequisitionRepository {
  const requisitions = createRequisitionRepository();
  let stopped = false;
  return {
    ...requisitions,
    async update(...args) {
      if (!stopped) {
        stopped = true;
        throw new Error('the platform stopped before the requisition was updated');
      }
      return requisitions.update(...args);
    },
  };
}

/** The ledger lines of one kind for these serials, by serial: each must be there once. */
async function ledgerOf(kind: MovementKind, serials: readonly string[]) {
  const lines = await StockMovementModel.find({ kind, serial: op({ $in: [...serials] }) }).lean();
  return new Map(serials.map((serial) => [serial, lines.filter((l) => l.serial === serial)]));
}

describe('reliability: a job or engine record delivered again writes the entry its first run missed', function () {
  this.timeout(120_000);

  it('task.created: the engine record of a new task, delivered again', async () => {
    const { services } = platform();
    const userTaskKey = uniqueKey('ut');
    const event: EngineEvent = {
      key: uniqueKey('ev'), kind: 'user-task.created', seq: 1, at: await services.now(), processInstanceKey: uniqueKey('pi'), processId: 'onsite-certificate',
      processVersion: 1, elementId: 'accept', elementType: 'USER_TASK', elementInstanceKey: userTaskKey,
      userTask: { key: userTaskKey, assignee: null, candidateGroups: ['acceptor:COM-BINHU'], headers: { step: 'accept' } },
    };
    const noEngine = { assign: async () => undefined, unassign: async () => undefined, complete: async () => undefined };
    const firstRun = createTaskService({
      tasks: createTaskRepository(), applications: createApplicationRepository(), deadlines: services.stepDeadlines, records: services.records, engine: noEngine,
      audit: stopsBeforeEntryOf(services.audit, AuditAction.TaskCreated),
    });
    await firstRun.applyEngineEvent(event).then(() => expect.fail('the first delivery should have stopped'), () => undefined);
    expect(await services.tasks.get(userTaskKey)).to.include({ state: 'created', post: 'acceptor' });
    expect(await entriesOf(AuditAction.TaskCreated, userTaskKey)).to.have.length(0);

    expect(await services.engineEvents.apply(event)).to.equal('ignored');
    const entry = await writtenOnceRecovered(AuditAction.TaskCreated, userTaskKey);
    expect(entry).to.deep.include({ post: 'acceptor', unit: 'COM-BINHU' });
    expect(entry.actor).to.deep.include({ kind: 'engine' });
    // a third delivery, after a complete one, writes nothing new
    await services.engineEvents.apply(event);
    expect(await entriesOf(AuditAction.TaskCreated, userTaskKey)).to.have.length(1);
  });

  it('incident.raised: the engine record of an incident, delivered again', async () => {
    const { services } = platform();
    const incidentKey = uniqueKey('inc');
    const event: EngineEvent = {
      key: uniqueKey('ev'), kind: 'incident.raised', seq: 1, at: await services.now(), processInstanceKey: uniqueKey('pi'), processId: 'onsite-certificate',
      processVersion: 1, elementId: 'closeCase', elementType: 'SERVICE_TASK', elementInstanceKey: null,
      incident: { key: incidentKey, errorType: 'JOB_NO_RETRIES', message: 'the store did not answer' },
    };
    const firstRun = createIncidentService({ incidents: createIncidentRepository(), applications: createApplicationRepository(), audit: stopsBeforeEntryOf(services.audit, AuditAction.IncidentRaised) });
    await firstRun.applyEngineEvent(event).then(() => expect.fail('the first delivery should have stopped'), () => undefined);
    expect(await entriesOf(AuditAction.IncidentRaised, incidentKey)).to.have.length(0);

    await services.engineEvents.apply(event);
    const entry = await writtenOnceRecovered(AuditAction.IncidentRaised, incidentKey);
    expect(entry.outcome).to.equal('failure');
    await services.engineEvents.apply(event);
    expect(await entriesOf(AuditAction.IncidentRaised, incidentKey)).to.have.length(1);
  });

  it('deadline.computed and card.issued: the step clock and its card, each job delivered again', async () => {
    const { services } = platform();
    const deadlineId = uniqueKey('job');
    const requisition = uniqueKey('RQ');
    const firstClock = createStepDeadlineService({
      deadlines: createStepDeadlineRepository(), calendar: services.calendar, applications: createApplicationRepository(), items: services.items,
      audit: stopsBeforeEntryOf(services.audit, AuditAction.DeadlineComputed),
    });
    const now = await services.now();
    await firstClock.startFixedStep(deadlineId, requisition, 'allocate', limit, { caseKind: 'requisition', unit: 'DEPT-CIVIL' }, now).then(() => expect.fail('the first run should have stopped'), () => undefined);
    expect(await services.stepDeadlines.get(deadlineId)).to.include({ caseNumber: requisition, caseKind: 'requisition' });
    expect(await entriesOf(AuditAction.DeadlineComputed, deadlineId)).to.have.length(0);

    const started = await services.stepDeadlines.startFixedStep(deadlineId, requisition, 'allocate', limit, { caseKind: 'requisition', unit: 'DEPT-CIVIL' }, now);
    const computed = await writtenOnceRecovered(AuditAction.DeadlineComputed, deadlineId);
    expect(computed.unit).to.equal('DEPT-CIVIL');
    expect(new Date((computed.detail as { dueAt: string }).dueAt).toISOString()).to.equal(started.dueAt);
    await services.stepDeadlines.startFixedStep(deadlineId, requisition, 'allocate', limit, { caseKind: 'requisition', unit: 'DEPT-CIVIL' }, now);
    expect(await entriesOf(AuditAction.DeadlineComputed, deadlineId)).to.have.length(1);

    const card = { deadlineId, level: 'warning' as const, processInstanceKey: uniqueKey('pi'), step: 'allocate', now };
    const firstCard = createEscalationService({
      cards: createCardRepository(), tasks: services.tasks, deadlines: services.stepDeadlines, records: services.records, applications: createApplicationRepository(),
      audit: stopsBeforeEntryOf(services.audit, AuditAction.CardIssued),
    });
    await firstCard.recordCard(card).then(() => expect.fail('the first run should have stopped'), () => undefined);
    expect(await entriesOf(AuditAction.CardIssued, deadlineId)).to.have.length(0);

    await services.escalation.recordCard(card);
    const issued = await writtenOnceRecovered(AuditAction.CardIssued, deadlineId);
    expect(issued.detail).to.include({ level: 'warning', holder: 'allocate:unassigned' });
    await services.escalation.recordCard(card);
    expect(await entriesOf(AuditAction.CardIssued, deadlineId)).to.have.length(1);
  });

  it('application.closed and case.archived: the close and archive jobs of a case, delivered again', async () => {
    const { services } = platform();
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const n = filed.applicationNumber;
    // the accept step's clock is running, so nothing of the filing still moves the case
    await eventually('the accept step under way', async () => 
      (await services.applications.get(n))?.status === 'in-accept' && (await services.tasks.list({ caseNumber: n })).find((t) => t.step === 'accept' && t.dueAt));
    const service = (action: AuditAction) => createApplicationService({
      sequences: createSequenceRepository(), units: createUnitRepository(), engine: { startInstance: () => expect.fail('no start here'), publishMessage: async () => undefined }, applications: createApplicationRepository(), archives: createArchiveRepository(), items: services.items,
      audit: stopsBeforeEntryOf(services.audit, action),
    });
    const now = await services.now();
    await service(AuditAction.ApplicationClosed).close(n, 'refused', now).then(() => expect.fail('the first run should have stopped'), () => undefined);
    expect(await services.applications.get(n)).to.include({ status: 'closed', outcome: 'refused' });
    expect(await entriesOf(AuditAction.ApplicationClosed, n)).to.have.length(0);

    expect(await services.applications.close(n, 'refused', now)).to.include({ status: 'closed' });
    const closed = await writtenOnceRecovered(AuditAction.ApplicationClosed, n);
    expect(closed.after).to.deep.equal({ status: 'closed', outcome: 'refused' });
    await services.applications.close(n, 'refused', now);
    expect(await entriesOf(AuditAction.ApplicationClosed, n)).to.have.length(1);

    await service(AuditAction.CaseArchived).archive(n, now).then(() => expect.fail('the first run should have stopped'), () => undefined);
    expect(await entriesOf(AuditAction.CaseArchived, n)).to.have.length(0);
    const location = await services.applications.archive(n, now);
    const archived = await writtenOnceRecovered(AuditAction.CaseArchived, n);
    expect(archived.after).to.deep.equal({ paperLocation: location });
    await services.applications.archive(n, now);
    expect(await entriesOf(AuditAction.CaseArchived, n)).to.have.length(1);
  });

  it('notice.sent and application.supplement-requested: a supplement notice that went out, its job delivered again', async () => {
    const { services } = platform();
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const n = filed.applicationNumber;
    const key = uniqueKey('notice');
    const sent: string[] = [];
    const firstRun = createNotificationService({
      notices: createNoticeRepository(), applications: createApplicationRepository(), notifier: { channel: 'sms', send: async (notice) => { sent.push(notice.key); } },
      audit: stopsBeforeEntryOf(services.audit, AuditAction.NoticeSent),
    });
    const now = await services.now();
    const details = { missingMaterials: ['户口簿'] };
    await firstRun.notify(key, NoticeKind.SupplementNotice, n, details, now).then(() => expect.fail('the first run should have stopped'), () => undefined);
    expect(sent).to.deep.equal([key]);
    expect(await entriesOf(AuditAction.NoticeSent, key)).to.have.length(0);

    await services.notifications.notify(key, NoticeKind.SupplementNotice, n, details, now);
    const notice = await writtenOnceRecovered(AuditAction.NoticeSent, key);
    expect(notice.detail).to.include({ kind: NoticeKind.SupplementNotice, channel: 'sms' });
    const requested = (await entriesOf(AuditAction.SupplementRequested, n));
    expect(requested).to.have.length(1);
    expect((requested[0]!.detail as { recovered?: unknown; missing: string[] })).to.deep.include({ missing: ['户口簿'] }).and.to.have.property('recovered');
    await services.notifications.notify(key, NoticeKind.SupplementNotice, n, details, now);
    expect(await entriesOf(AuditAction.NoticeSent, key)).to.have.length(1);
    expect(await entriesOf(AuditAction.SupplementRequested, n)).to.have.length(1);
  });

  it('compute-step-deadline: a run stopped right after storing the clock is finished by the next delivery; the case moves to the step once', async () => {
    const { services } = platform();
    const n = await caseInAccept();
    const id = uniqueKey('job');
    const now = await services.now();
    const firstRun = createStepDeadlineService({ deadlines: createStepDeadlineRepository(), calendar: services.calendar, applications: stopsAtCaseUpdate(), items: services.items, audit: services.audit });
    await firstRun.startStep(id, n, 'review', now).then(() => expect.fail('the first run should have stopped'), () => undefined);
    expect(await services.stepDeadlines.get(id)).to.include({ caseNumber: n, caseKind: 'application', step: 'review' });
    expect(await services.applications.get(n)).to.include({ status: 'in-accept', currentStep: 'accept' });

    const started = await services.stepDeadlines.startStep(id, n, 'review', now);
    const app = (await createApplicationRepository().get(n))!;
    expect(app).to.deep.include({ status: 'in-review', currentStep: 'review', stepClock: { id, at: now } });
    const total = (await services.items.version(app.itemCode, app.itemVersion))!.totalLimit;
    const legal = app.legalDeadline as DeadlineDerivation;
    expect(legal.dueAt).to.equal(computeDeadline(services.calendar, { start: app.filedAt, limit: total }).dueAt);
    expect(new Date(legal.start).getTime()).to.equal(app.filedAt.getTime());
    expect(started.step).to.equal('review');
    expect(await entriesOf(AuditAction.DeadlineComputed, id)).to.have.length(1);

    // the case goes on to a later step; the same job delivered once more does not move it back
    await services.stepDeadlines.startStep(uniqueKey('job'), n, 'decide', new Date(now.getTime() + 60_000));
    await services.stepDeadlines.startStep(id, n, 'review', now);
    expect(await services.applications.get(n)).to.include({ status: 'in-decide', currentStep: 'decide' });
  });

  it('notify-party: a supplement notice stopped right after it was stored is finished by the next delivery; the case waits and its clock stops once', async () => {
    const { services } = platform();
    const n = await caseInAccept();
    const key = uniqueKey('notice');
    const details = { missingMaterials: ['户口簿', '结婚证'] };
    const sent: string[] = [];
    const firstRun = createNotificationService({
      notices: createNoticeRepository(), applications: stopsAtCaseUpdate(), notifier: { channel: 'sms', send: async (notice) => { sent.push(notice.key); } }, audit: services.audit,
    });
    const first = await services.now();
    await firstRun.notify(key, NoticeKind.SupplementNotice, n, details, first).then(() => expect.fail('the first run should have stopped'), () => undefined);
    expect(sent).to.deep.equal([]);
    expect(await services.applications.get(n)).to.include({ status: 'in-accept' });

    const again = new Date(first.getTime() + 30_000);
    await services.notifications.notify(key, NoticeKind.SupplementNotice, n, details, again);
    const waiting = (await createApplicationRepository().get(n))!;
    expect(waiting.status).to.equal('supplement-requested');
    expect(waiting.supplementNotice).to.deep.include({ missing: ['户口簿', '结婚证'], at: first });
    expect(waiting.pauses.map((p) => ({ from: p.from, to: p.to ?? null, notice: p.notice }))).to.deep.equal([{ from: first, to: null, notice: key }]);
    expect(await entriesOf(AuditAction.NoticeSent, key)).to.have.length(1);
    expect(await entriesOf(AuditAction.SupplementRequested, n)).to.have.length(1);

    // delivered once more after a complete run: the clock is not stopped a second time
    await services.notifications.notify(key, NoticeKind.SupplementNotice, n, details, new Date(again.getTime() + 30_000));
    expect((await createApplicationRepository().get(n))!.pauses).to.have.length(1);
    expect(await entriesOf(AuditAction.SupplementRequested, n)).to.have.length(1);
  });

  it('older stored data: a case stored before pauses named their notice gets no second pause when its notice job comes again', async () => {
    const { services } = platform();
    const n = await caseInAccept();
    const key = uniqueKey('notice');
    const first = await services.now();
    await services.notifications.notify(key, NoticeKind.SupplementNotice, n, { missingMaterials: ['户口簿'] }, first);
    // the case as the platform stored it before pauses named their notice: the supplement came in and the case went on
    const later = new Date(first.getTime() + 3_600_000);
    await ApplicationModel.collection.updateOne({ applicationNumber: n }, { $unset: { 'pauses.0.notice': '' }, $set: { 'pauses.0.to': later, status: 'in-review' } });
    expect((await createApplicationRepository().get(n))!.pauses[0]).to.not.have.property('notice');

    await services.notifications.notify(key, NoticeKind.SupplementNotice, n, { missingMaterials: ['户口簿'] }, new Date(later.getTime() + 60_000));
    const app = (await createApplicationRepository().get(n))!;
    expect(app.pauses.map((p) => ({ from: p.from, to: p.to })), 'the clock stopped once').to.deep.equal([{ from: first, to: later }]);
    expect(app.status, 'the case is not sent back to waiting').to.equal('in-review');
    expect(await entriesOf(AuditAction.SupplementRequested, n)).to.have.length(1);
  });

  it('older stored data: a case stored before it kept its step clock is not moved back by an earlier step clock delivered again', async () => {
    const { services } = platform();
    const n = await caseInAccept();
    const [review, decide] = [uniqueKey('job'), uniqueKey('job')];
    const now = await services.now();
    await services.stepDeadlines.startStep(review, n, 'review', now);
    await services.stepDeadlines.startStep(decide, n, 'decide', new Date(now.getTime() + 60_000));
    // stored before the step clock was kept, and waiting for a supplement in the decide step
    await ApplicationModel.collection.updateOne({ applicationNumber: n }, { $unset: { stepClock: '' }, $set: { status: 'supplement-requested' } });
    const stored = (await createApplicationRepository().get(n))!;
    expect(stored.stepClock ?? null).to.equal(null);

    await services.stepDeadlines.startStep(review, n, 'review', now);
    expect(await services.applications.get(n), 'an earlier step does not take the case back').to.include({ currentStep: 'decide', status: 'supplement-requested' });
    await services.stepDeadlines.startStep(decide, n, 'decide', new Date(now.getTime() + 60_000));
    const app = (await createApplicationRepository().get(n))!;
    expect(app, 'the step it stands in keeps its waiting').to.include({ currentStep: 'decide', status: 'supplement-requested' });
    expect(app.legalDeadline).to.deep.equal(stored.legalDeadline);
    for (const id of [review, decide]) expect(await entriesOf(AuditAction.DeadlineComputed, id)).to.have.length(1);
  });

  it('serial.booked: the booking job of a requisition, delivered again', async () => {
    const { services } = platform();
    const { requisitionNumber, certificateType } = await requisitionOf(RequisitionStatus.Allocated);
    const [held, one, two] = ['000001', '000002', '000003'].map((s) => `${certificateType}-${s}`) as [string, string, string];
    await services.serials.addStock('COM-BINHU', certificateType, [held]);
    await services.serials.allocate({ communityCode: 'COM-BINHU', certificateType }, requisitionNumber, [one, two]);
    const first = await services.now();
    await requisitionService(stopsBeforeEntryOf(services.audit, AuditAction.SerialsBooked)).book(requisitionNumber, first)
      .then(() => expect.fail('the first run should have stopped'), () => undefined);
    expect(await services.requisitions.get(requisitionNumber)).to.include({ status: RequisitionStatus.Booked, bookedCount: 2 });
    expect(await entriesOf(AuditAction.SerialsBooked, requisitionNumber)).to.have.length(0);

    const again = new Date(first.getTime() + 5_000);
    expect(await services.requisitions.book(requisitionNumber, again), 'the repeat answers what the requisition booked').to.equal(2);
    const entry = await writtenOnceRecovered(AuditAction.SerialsBooked, requisitionNumber);
    expect(entry).to.deep.include({
      at: first, actor: { kind: ActorKind.Worker, id: 'book-print-serials', role: null }, action: AuditAction.SerialsBooked,
      target: { kind: 'requisition', id: requisitionNumber }, unit: 'COM-BINHU', post: null, caseNumber: requisitionNumber, caseKind: 'requisition', itemCode: null, outcome: 'success',
      before: null, after: { status: RequisitionStatus.Booked, booked: 2, balance: 3 }, key: `booked:${requisitionNumber}`,
    });
    expect(entry.detail).to.deep.equal({ recovered: { at: again.toISOString(), reason: RECOVERED_REASON } });
    await services.requisitions.book(requisitionNumber, new Date(again.getTime() + 5_000));
    expect(await entriesOf(AuditAction.SerialsBooked, requisitionNumber)).to.have.length(1);
    expect(await services.serials.balance('COM-BINHU', certificateType)).to.equal(3);
  });

  it('serial.returned: the archive check that hands voided forms back, delivered again', async () => {
    const { services } = platform();
    const { requisitionNumber, certificateType } = await requisitionOf(RequisitionStatus.Requested);
    const [spoiled, torn, kept] = ['000001', '000002', '000003'].map((s) => `${certificateType}-${s}`) as [string, string, string];
    await services.serials.addStock('COM-BINHU', certificateType, [spoiled, torn, kept]);
    for (const serial of [spoiled, torn]) await services.serials.voidSerial({ serial, reason: '打印错位', operator: 'binhu.closer', unitCode: 'COM-BINHU', now: new Date() });
    const first = await services.now();
    await requisitionService(stopsBeforeEntryOf(services.audit, AuditAction.SerialsReturned)).checkArchives(requisitionNumber, first)
      .then(() => expect.fail('the first run should have stopped'), () => undefined);
    expect((await services.requisitions.get(requisitionNumber)).returnedSerials).to.have.members([spoiled, torn]);
    expect(await entriesOf(AuditAction.SerialsReturned, requisitionNumber)).to.have.length(0);

    const again = new Date(first.getTime() + 5_000);
    expect((await services.requisitions.checkArchives(requisitionNumber, again)).returned, 'the repeat answers what went back').to.deep.equal([spoiled, torn]);
    const entry = await writtenOnceRecovered(AuditAction.SerialsReturned, requisitionNumber);
    expect(entry).to.deep.include({
      at: again, actor: { kind: ActorKind.Worker, id: 'check-stock-archives', role: null }, action: AuditAction.SerialsReturned,
      target: { kind: 'requisition', id: requisitionNumber }, unit: 'COM-BINHU', post: null, caseNumber: requisitionNumber, caseKind: 'requisition', itemCode: null, outcome: 'success',
      before: null, after: null, key: `returned:${requisitionNumber}`,
    });
    // the forms in any order (the store does not keep the order they were voided in)
    const { serials, ...rest } = entry.detail as { serials: string[] };
    expect(serials).to.have.members([spoiled, torn]).and.have.length(2);
    expect(rest).to.deep.equal({ certificateType, recovered: { at: again.toISOString(), reason: RECOVERED_REASON } });
    await services.requisitions.checkArchives(requisitionNumber, new Date(again.getTime() + 5_000));
    expect(await entriesOf(AuditAction.SerialsReturned, requisitionNumber)).to.have.length(1);
    expect(await services.serials.balance('COM-BINHU', certificateType)).to.equal(1);
  });

  it('serial.booked: a stop after the serials went into stock but before the requisition was updated; the repeat records what the first run booked', async () => {
    const { services } = platform();
    const { requisitionNumber, certificateType } = await requisitionOf(RequisitionStatus.Allocated);
    const [held, one, two] = ['000001', '000002', '000003'].map((s) => `${certificateType}-${s}`) as [string, string, string];
    await services.serials.addStock('COM-BINHU', certificateType, [held]);
    await services.serials.allocate({ communityCode: 'COM-BINHU', certificateType }, requisitionNumber, [one, two]);
    const first = await services.now();
    await requisitionService(services.audit, stopsAtRequisitionUpdate()).book(requisitionNumber, first)
      .then(() => expect.fail('the first run should have stopped'), () => undefined);
    expect(await services.serials.balance('COM-BINHU', certificateType)).to.equal(3);
    expect(await services.requisitions.get(requisitionNumber)).to.include({ status: RequisitionStatus.Allocated, bookedCount: 0 });

    const again = new Date(first.getTime() + 5_000);
    expect(await services.requisitions.book(requisitionNumber, again)).to.equal(2);
    expect(await services.requisitions.get(requisitionNumber)).to.include({ status: RequisitionStatus.Booked, bookedCount: 2 });
    const entries = await entriesOf(AuditAction.SerialsBooked, requisitionNumber);
    expect(entries).to.have.length(1);
    expect(entries[0]!.after).to.deep.equal({ status: RequisitionStatus.Booked, booked: 2, balance: 3 });
    for (const [serial, lines] of await ledgerOf(MovementKind.In, [one, two])) {
      expect(lines.map((l) => l.at), `the "in" line of ${serial}, from the first run`).to.deep.equal([first]);
    }
    expect(await services.requisitions.book(requisitionNumber, new Date(again.getTime() + 5_000))).to.equal(2);
    expect(await entriesOf(AuditAction.SerialsBooked, requisitionNumber)).to.have.length(1);
  });

  it('serial.booked: a stop inside the booking, after a serial went into stock but before its ledger line; the repeat writes it', async () => {
    const { services } = platform();
    const { requisitionNumber, certificateType } = await requisitionOf(RequisitionStatus.Allocated);
    const [one, two] = ['000001', '000002'].map((s) => `${certificateType}-${s}`) as [string, string];
    await services.serials.allocate({ communityCode: 'COM-BINHU', certificateType }, requisitionNumber, [one, two]);
    const first = await services.now();
    // the first run moved one serial into stock, then the stop
    expect(await createPrintSerialRepository().bookAllocated(one, requisitionNumber, first)).to.equal(true);

    const again = new Date(first.getTime() + 5_000);
    expect(await services.requisitions.book(requisitionNumber, again)).to.equal(2);
    const ledger = await ledgerOf(MovementKind.In, [one, two]);
    expect(ledger.get(one)!.map((l) => l.at), 'the line the stop left out, dated when the serial was booked').to.deep.equal([first]);
    expect(ledger.get(two)!.map((l) => l.at)).to.deep.equal([again]);
    expect((await services.serials.ledger({ communityCode: 'COM-BINHU', certificateType })).counts).to.deep.include({ in: 2 });
    const [entry] = await entriesOf(AuditAction.SerialsBooked, requisitionNumber);
    expect(entry!.after).to.deep.equal({ status: RequisitionStatus.Booked, booked: 2, balance: 2 });
  });

  it('serial.returned: a stop after the forms went back but before the requisition listed them; the repeat lists them and writes the entry', async () => {
    const { services } = platform();
    const { requisitionNumber, certificateType } = await requisitionOf(RequisitionStatus.Requested);
    const [spoiled, torn, kept] = ['000001', '000002', '000003'].map((s) => `${certificateType}-${s}`) as [string, string, string];
    await services.serials.addStock('COM-BINHU', certificateType, [spoiled, torn, kept]);
    for (const serial of [spoiled, torn]) await services.serials.voidSerial({ serial, reason: '打印错位', operator: 'binhu.closer', unitCode: 'COM-BINHU', now: new Date() });
    const first = await services.now();
    await requisitionService(services.audit, stopsAtRequisitionUpdate()).checkArchives(requisitionNumber, first)
      .then(() => expect.fail('the first run should have stopped'), () => undefined);
    expect((await services.requisitions.get(requisitionNumber)).returnedSerials).to.deep.equal([]);

    const again = new Date(first.getTime() + 5_000);
    expect((await services.requisitions.checkArchives(requisitionNumber, again)).returned).to.deep.equal([spoiled, torn]);
    expect(await services.requisitions.get(requisitionNumber)).to.deep.include({ status: RequisitionStatus.Exchanging, returnedSerials: [spoiled, torn] });
    const entry = await writtenOnceRecovered(AuditAction.SerialsReturned, requisitionNumber);
    expect(entry.detail).to.deep.include({ serials: [spoiled, torn], certificateType });
    for (const [serial, lines] of await ledgerOf(MovementKind.Returned, [spoiled, torn])) expect(lines.map((l) => l.at), `the return line of ${serial}`).to.deep.equal([first]);
    await services.requisitions.checkArchives(requisitionNumber, new Date(again.getTime() + 5_000));
    expect(await entriesOf(AuditAction.SerialsReturned, requisitionNumber)).to.have.length(1);
  });

  it('serial.returned: a stop inside the hand-back, after a form went back but before its ledger line; the repeat writes it', async () => {
    const { services } = platform();
    const { requisitionNumber, certificateType } = await requisitionOf(RequisitionStatus.Requested);
    const [spoiled, torn] = ['000001', '000002'].map((s) => `${certificateType}-${s}`) as [string, string];
    await services.serials.addStock('COM-BINHU', certificateType, [spoiled, torn]);
    for (const serial of [spoiled, torn]) await services.serials.voidSerial({ serial, reason: '打印错位', operator: 'binhu.closer', unitCode: 'COM-BINHU', now: new Date() });
    const first = await services.now();
    expect(await createPrintSerialRepository().returnVoided(spoiled, requisitionNumber, first)).to.equal(true);

    const again = new Date(first.getTime() + 5_000);
    expect((await services.requisitions.checkArchives(requisitionNumber, again)).returned).to.deep.equal([spoiled, torn]);
    const ledger = await ledgerOf(MovementKind.Returned, [spoiled, torn]);
    expect(ledger.get(spoiled)!.map((l) => l.at), 'the line the stop left out, dated when the form went back').to.deep.equal([first]);
    expect(ledger.get(torn)!.map((l) => l.at)).to.deep.equal([again]);
    expect(await services.requisitions.get(requisitionNumber)).to.deep.include({ returnedSerials: [spoiled, torn] });
    const entries = await entriesOf(AuditAction.SerialsReturned, requisitionNumber);
    expect(entries).to.have.length(1);
    expect(entries[0]!.detail).to.deep.equal({ serials: [spoiled, torn], certificateType });
  });

  it('mending: a stop after the recovered entries but before the summary leaves the summary to the next mending', async () => {
    const { services, log } = platform();
    const repo = createAuditRepository();
    // the store refuses the summary once: the platform stopped right before it
    let stopped = false;
    const stopping = createAuditService({
      repo: { ...repo, insert: async (e) => { if (!stopped && e.action === AuditAction.Mended) { stopped = true; throw new Error('the platform stopped'); } return repo.insert(e); } },
      retentionDays: 184, log,
    });
    const next = createAuditService({ repo, retentionDays: 184, log });
    for (const a of [stopping, next]) a.settleWith(AuditAction.IncidentResolved, async () => ({ done: true }));
    const incidentKey = uniqueKey('inc');
    const note = await stopping.intend({
      at: await services.now(), actor: { kind: ActorKind.User, id: 'admin', role: 'admin' }, action: AuditAction.IncidentResolved,
      target: { kind: 'incident', id: incidentKey }, after: { state: 'resolved' },
    });
    const seqBefore = (await services.audit.head()).seq;
    await stopping.mendInterrupted(await services.now(), 0).then(() => expect.fail('the mending should have stopped'), () => undefined);
    expect(await entriesOf(AuditAction.IncidentResolved, incidentKey)).to.have.length(1);

    await next.mendInterrupted(await services.now(), 0);
    expect(await entriesOf(AuditAction.IncidentResolved, incidentKey)).to.have.length(1);
    const summaries = (await services.audit.search({ action: [AuditAction.Mended], afterSeq: seqBefore }))
      .filter((e) => (e.detail as { recovered: { key: string }[] }).recovered.some((r) => r.key === note.key));
    expect(summaries).to.have.length(1);
    expect(await mongoose.connection.collection('audit_intents').countDocuments({ _id: note.key as never })).to.equal(0);
    expect(await next.mendInterrupted(await services.now(), 0)).to.deep.equal({ recovered: [], notCarriedOut: [] });
    expect((await services.audit.verify()).intact).to.equal(true);
  });
});
