import { Writable } from 'node:stream';
import { expect } from 'chai';
import { pino } from 'pino';
import { migrateStore } from '../../domain/migrations.js';
import { RequisitionModel } from '../../domain/requisition/requisition.model.js';
import { TaskModel } from '../../domain/task/task.model.js';
import { platform, uniqueKey } from '../support/platform.js';

type Doc = Record<string, unknown>;
const without = (d: Doc, ...keys: string[]): Doc => Object.fromEntries(Object.entries(d).filter(([k]) => !keys.includes(k)));

/** A task as an earlier version stored it: its case number, an application's or a requisition's, in `applicationNumber`. */
function oldTask(userTaskKey: string, applicationNumber: string | null, extra: Doc = {}): Doc {
  const at = new Date('2026-03-02T01:00:00Z');
  return {
    userTaskKey, processInstanceKey: `pi-${userTaskKey}`, elementId: 'accept', processDefinitionVersion: 3, applicationNumber,
    itemCode: applicationNumber?.startsWith('SQ') ? 'DSZN' : null, communityCode: 'COM-MIGRATION', practice: false,
    handovers: [{ from: 'a.acceptor', to: 'b.acceptor', reason: '休假', by: 'leader', at }], step: 'accept', post: 'acceptor',
    unitCode: 'UNIT-MIGRATION', candidateGroups: ['acceptor:UNIT-MIGRATION'], state: 'completed', assignee: 'b.acceptor', deadlineId: 'dl-1',
    warningAt: at, dueAt: at, redAt: at, createdAt: at, completedAt: at, completedBy: 'b.acceptor', result: { acceptDecision: 'accepted' }, lastPosition: 17,
    ...extra,
  };
}

/** A logger whose lines the test reads. */
function capturedLog() {
  const lines: { msg: string; moved?: number }[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { log: pino({ level: 'info' }, sink), lines };
}

describe('start-up migration: a task’s case moves from applicationNumber to caseNumber + caseKind', () => {
  const key = uniqueKey('mig');
  const keys = [`${key}-sq`, `${key}-rq`, `${key}-stored-req`, `${key}-none`, `${key}-new`];
  const storedRequisition = `MIG-${key}`; // a requisition whose number does not say so: the store does
  const tasks = () => TaskModel.collection;
  const ours = async () => (await tasks().find({ userTaskKey: { $in: keys } }).sort({ userTaskKey: 1 }).toArray()) as Doc[];

  after(async () => {
    await tasks().deleteMany({ userTaskKey: { $in: keys } });
    await RequisitionModel.collection.deleteOne({ requisitionNumber: storedRequisition });
  });

  it('moves every old task without losing a field, logs it, and moves nothing the second time', async () => {
    // what an earlier version left in the store: tasks of both kinds of case and of none, and the old field's index
    await RequisitionModel.collection.insertOne({ requisitionNumber: storedRequisition, communityCode: 'COM-MIGRATION', departmentCode: 'DEPT-MIGRATION', certificateType: 'X', quantity: 1, status: 'booked', requestedBy: 'x', requestedAt: new Date(), processInstanceKey: null });
    await tasks().insertMany([
      oldTask(keys[0]!, 'SQ2099000001'), oldTask(keys[1]!, 'RQ2099000001', { step: 'answer', post: 'issuer' }), oldTask(keys[2]!, storedRequisition),
      oldTask(keys[3]!, null, { state: 'canceled' }),
    ]);
    await tasks().insertOne({ ...without(oldTask(keys[4]!, null), 'applicationNumber'), caseNumber: 'SQ2099000002', caseKind: 'application' });
    await tasks().createIndex({ applicationNumber: 1 });
    const before = await ours();

    const first = capturedLog();
    await migrateStore(first.log);
    const migrated = await ours();
    expect(migrated.map((t) => [t.userTaskKey, t.caseNumber, t.caseKind])).to.deep.equal([
      [keys[4], 'SQ2099000002', 'application'], [keys[3], null, null], [keys[1], 'RQ2099000001', 'requisition'], [keys[0], 'SQ2099000001', 'application'],
      [keys[2], storedRequisition, 'requisition'],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    expect(migrated.filter((t) => 'applicationNumber' in t), 'the old field is gone').to.deep.equal([]);
    // nothing else changed: every other field, the document's identity included, is as it was
    for (const [i, old] of before.entries()) {
      if (!('applicationNumber' in old)) {
        expect(migrated[i], 'a task already in the new shape is left alone').to.deep.equal(old);
        continue;
      }
      expect(without(migrated[i]!, 'caseNumber', 'caseKind'), String(old.userTaskKey)).to.deep.equal(without(old, 'applicationNumber'));
    }
    expect(first.lines.find((l) => l.msg.startsWith('store migration'))).to.include({ moved: 4, msg: 'store migration: 4 task(s) moved from applicationNumber to caseNumber + caseKind' });
    expect((await tasks().indexes()).map((i) => i.name), 'the old field’s index is dropped').to.not.include('applicationNumber_1');

    const second = capturedLog();
    await migrateStore(second.log);
    expect(await ours(), 'a second run changes nothing').to.deep.equal(migrated);
    expect(second.lines.find((l) => l.msg.startsWith('store migration'))).to.include({ moved: 0, msg: 'store migration: no task left with applicationNumber' });

    // the moved tasks are found by their case, as the API and the timeline look for them
    expect((await platform().services.tasks.list({ caseNumber: 'RQ2099000001' })).map((t) => t.userTaskKey)).to.deep.equal([keys[1]]);
    expect((await platform().services.tasks.list({ caseNumber: 'SQ2099000001' })).map((t) => [t.userTaskKey, t.caseKind])).to.deep.equal([[keys[0], 'application']]);
  });
});
