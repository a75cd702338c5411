import { Writable } from 'node:stream';
import { expect } from 'chai';
import { pino } from 'pino';
import { StepDeadlineModel } from '../../domain/deadline/step-deadline.model.js';
import { CardModel } from '../../domain/escalation/card.model.js';
import { OperatorRecordModel } from '../../domain/escalation/operator-record.model.js';
import { migrateStore } from '../../domain/migrations.js';
import { RequisitionModel } from '../../domain/requisition/requisition.model.js';
import { platform, uniqueKey } from '../support/platform.js';

type Doc = Record<string, unknown>;
const without = (d: Doc, ...keys: string[]): Doc => Object.fromEntries(Object.entries(d).filter(([k]) => !keys.includes(k)));

function capturedLog() {
  const lines: { msg: string; migration?: string; moved?: number }[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { log: pino({ level: 'info' }, sink), lines };
}

describe('start-up migration: step deadlines, cards and operator records move from applicationNumber to caseNumber + caseKind', () => {
  const key = uniqueKey('mig-rec');
  const storedRequisition = `MIG-${key}`; // a requisition whose number does not say so: the store does
  const at = new Date('2026-03-02T01:00:00Z');
  const derivation = { limit: { days: 3, unit: 'working-days' }, explanation: ['3 working days'], warningAt: at.toISOString(), dueAt: at.toISOString(), redAt: at.toISOString() };

  // what an earlier version left in the store: its case, an application's or a requisition's, in `applicationNumber`
  const deadlines = [
    { id: `${key}-d-sq`, applicationNumber: 'SQ2099000011', step: 'review', warningAt: at, dueAt: at, redAt: at, derivation, computedAt: at },
    { id: `${key}-d-rq`, applicationNumber: 'RQ2099000011', step: 'answer', warningAt: at, dueAt: at, redAt: at, derivation, computedAt: at },
    { id: `${key}-d-stored`, applicationNumber: storedRequisition, step: 'allocate', warningAt: at, dueAt: at, redAt: at, derivation, computedAt: at },
  ];
  const cards = [
    { deadlineId: `${key}-d-sq`, level: 'warning', applicationNumber: 'SQ2099000011', step: 'review', holder: 'health.reviewer', heldByQueue: false, userTaskKey: `${key}-t1`, dueAt: at, at },
    { deadlineId: `${key}-d-rq`, level: 'red', applicationNumber: 'RQ2099000011', step: 'answer', holder: 'issuer:DEPT-HEALTH', heldByQueue: true, userTaskKey: null, dueAt: at, at },
  ];
  const records = [
    { operator: `${key}-op`, kind: 'completion', applicationNumber: 'SQ2099000011', step: 'review', at, ref: `${key}-t1` },
    { operator: `${key}-op`, kind: 'completion', applicationNumber: storedRequisition, step: 'allocate', at, ref: `${key}-t2` },
    { operator: `${key}-op`, kind: 'void', applicationNumber: null, step: null, at, ref: `${key}-serial` },
    { operator: `${key}-op`, kind: 'red', applicationNumber: 'RQ2099000011', step: 'answer', at, ref: `${key}-d-rq:red` },
  ];
  const ours = async () => ({
    deadlines: (await StepDeadlineModel.collection.find({ id: { $regex: `^${key}` } }).sort({ id: 1 }).toArray()) as Doc[],
    cards: (await CardModel.collection.find({ deadlineId: { $regex: `^${key}` } }).sort({ deadlineId: 1 }).toArray()) as Doc[],
    records: (await OperatorRecordModel.collection.find({ operator: `${key}-op` }).sort({ ref: 1 }).toArray()) as Doc[],
  });

  after(async () => {
    await StepDeadlineModel.collection.deleteMany({ id: { $regex: `^${key}` } });
    await CardModel.collection.deleteMany({ deadlineId: { $regex: `^${key}` } });
    await OperatorRecordModel.collection.deleteMany({ operator: `${key}-op` });
    await RequisitionModel.collection.deleteOne({ requisitionNumber: storedRequisition });
  });

  it('moves every old record without losing a field, logs it, and moves nothing the second time', async () => {
    await RequisitionModel.collection.insertOne({ requisitionNumber: storedRequisition, communityCode: 'COM-MIGRATION', departmentCode: 'DEPT-MIGRATION', certificateType: 'X', quantity: 1, status: 'booked', requestedBy: 'x', requestedAt: new Date(), processInstanceKey: null });
    await StepDeadlineModel.collection.insertMany(deadlines.map((d) => ({ ...d })));
    await CardModel.collection.insertMany(cards.map((c) => ({ ...c })));
    await OperatorRecordModel.collection.insertMany(records.map((r) => ({ ...r })));
    // and a record already in the new shape, which stays as it is
    await OperatorRecordModel.collection.insertOne({ operator: `${key}-op`, kind: 'completion', caseNumber: 'SQ2099000012', caseKind: 'application', step: 'accept', at, ref: `${key}-t0` });
    await StepDeadlineModel.collection.createIndex({ applicationNumber: 1 });
    await CardModel.collection.createIndex({ applicationNumber: 1 });
    const before = await ours();

    const first = capturedLog();
    await migrateStore(first.log);
    const migrated = await ours();
    const cases = (docs: Doc[], id: string) => docs.map((d) => [d[id], d.caseNumber, d.caseKind]);
    expect(cases(migrated.deadlines, 'id')).to.deep.equal([
      [`${key}-d-rq`, 'RQ2099000011', 'requisition'], [`${key}-d-sq`, 'SQ2099000011', 'application'], [`${key}-d-stored`, storedRequisition, 'requisition'],
    ]);
    expect(cases(migrated.cards, 'deadlineId')).to.deep.equal([
      [`${key}-d-rq`, 'RQ2099000011', 'requisition'], [`${key}-d-sq`, 'SQ2099000011', 'application'],
    ]);
    expect(cases(migrated.records, 'ref')).to.deep.equal([
      [`${key}-d-rq:red`, 'RQ2099000011', 'requisition'], [`${key}-serial`, null, null],
      [`${key}-t0`, 'SQ2099000012', 'application'], [`${key}-t1`, 'SQ2099000011', 'application'], [`${key}-t2`, storedRequisition, 'requisition'],
    ]);
    for (const name of ['deadlines', 'cards', 'records'] as const) {
      expect(migrated[name].filter((d) => 'applicationNumber' in d), `${name}: the old field is gone`).to.deep.equal([]);
      // nothing else changed: every other field, the document's identity included, is as it was
      for (const [i, old] of before[name].entries()) {
        if (!('applicationNumber' in old)) expect(migrated[name][i], `${name}: a record in the new shape is left alone`).to.deep.equal(old);
        else expect(without(migrated[name][i]!, 'caseNumber', 'caseKind'), name).to.deep.equal(without(old, 'applicationNumber'));
      }
    }
    const said = (lines: typeof first.lines, migration: string) => lines.find((l) => l.migration === migration);
    expect(said(first.lines, 'stepDeadlines.caseNumber')).to.include({ moved: 3, msg: 'store migration: 3 step deadline(s) moved from applicationNumber to caseNumber + caseKind' });
    expect(said(first.lines, 'cards.caseNumber')).to.include({ moved: 2, msg: 'store migration: 2 card(s) moved from applicationNumber to caseNumber + caseKind' });
    expect(said(first.lines, 'operatorRecords.caseNumber')).to.include({ moved: 4, msg: 'store migration: 4 operator record(s) moved from applicationNumber to caseNumber + caseKind' });
    expect((await StepDeadlineModel.collection.indexes()).map((i) => i.name), 'the old field’s index is dropped').to.not.include('applicationNumber_1');
    expect((await CardModel.collection.indexes()).map((i) => i.name), 'the old field’s index is dropped').to.not.include('applicationNumber_1');

    const second = capturedLog();
    await migrateStore(second.log);
    expect(await ours(), 'a second run changes nothing').to.deep.equal(migrated);
    expect(said(second.lines, 'stepDeadlines.caseNumber')).to.include({ moved: 0, msg: 'store migration: no step deadline left with applicationNumber' });
    expect(said(second.lines, 'cards.caseNumber')).to.include({ moved: 0, msg: 'store migration: no card left with applicationNumber' });
    expect(said(second.lines, 'operatorRecords.caseNumber')).to.include({ moved: 0, msg: 'store migration: no operator record left with applicationNumber' });

    // the moved records are found by their case, as the case page, the timeline and the supervision counts look for them
    const { services } = platform();
    expect((await services.stepDeadlines.forCase('RQ2099000011')).map((d) => [d.id, d.caseKind])).to.deep.equal([[`${key}-d-rq`, 'requisition']]);
    expect((await services.escalation.cardsOf('SQ2099000011')).map((c) => [c.deadlineId, c.level, c.caseKind])).to.deep.equal([[`${key}-d-sq`, 'warning', 'application']]);
    expect((await services.records.of(`${key}-op`)).filter((r) => r.kind === 'completion').map((r) => [r.ref, r.caseNumber, r.caseKind]).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).to.deep.equal([
      [`${key}-t0`, 'SQ2099000012', 'application'], [`${key}-t1`, 'SQ2099000011', 'application'], [`${key}-t2`, storedRequisition, 'requisition'],
    ]);
  });
});
