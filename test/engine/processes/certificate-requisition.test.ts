import { expect } from 'chai';
import { ApplicationModel } from '../../../domain/application/application.model.js';
import { OperatorRecordModel } from '../../../domain/escalation/operator-record.model.js';
import { auditEntries, call, login } from '../../support/api.js';
import { platform, uniqueKey } from '../../support/platform.js';
import { act, applicationWhere, eventually, fileApplication } from '../../support/staff.js';

type Json = Record<string, unknown>;

/** The open task of a step of a case (application or requisition) in an operator's queue. */
async function queued(token: string, caseNumber: string, step: string): Promise<Json> {
  return eventually(`${step} of ${caseNumber}`, async () =>
    ((await call('GET', `/api/tasks?scope=all&caseNumber=${caseNumber}`, { token })).json().tasks as Json[]).find((t) => t.step === step));
}
async function complete(username: string, caseNumber: string, step: string, body: Json) {
  const token = await login(username);
  const task = await queued(token, caseNumber, step);
  if (task.assignee !== username) expect((await call('POST', `/api/tasks/${task.userTaskKey}/claim`, { token })).statusCode).to.equal(200);
  return call('POST', `/api/tasks/${task.userTaskKey}/complete`, { token, body });
}
const requisition = async (n: string) => (await call('GET', `/api/stock/requisitions/${n}`, { token: await login('auditor') })).json();
const statusOf = (n: string, status: string) => eventually(`requisition ${n} ${status}`, async () => ((await requisition(n)).status === status ? requisition(n) : null));

describe('certificate requisition (证件预领, seed 000 §23): request → answer → archive exchange → allocate → confirm → stock', function () {
  this.timeout(180_000);

  it('a community requests, the department answers and allocates, a missing serial goes back, and the rest is booked into stock', async () => {
    const { services } = platform();
    const before = await services.serials.balance('COM-BINHU', 'DSZN-CERT');
    const window = await login('binhu.acceptor');
    const filed = await call('POST', '/api/stock/requisitions', { token: window, body: { certificateType: 'DSZN-CERT', quantity: 5 } });
    expect(filed.statusCode, filed.body).to.equal(201);
    const n = filed.json().requisitionNumber as string;
    expect(n).to.match(/^RQ\d{10}$/);
    expect(filed.json()).to.include({ departmentCode: 'DEPT-HEALTH', communityCode: 'COM-BINHU', status: 'requested' });

    // the department's answer is a human step with a one-working-day limit and the card timers
    const answer = await queued(await login('health.issuer'), n, 'answer');
    expect(answer).to.include({ post: 'issuer', unitCode: 'DEPT-HEALTH' });
    // the card marks fall in order: warning before due, red after it
    const [warningAt, dueAt, redAt] = [answer.warningAt, answer.dueAt, answer.redAt].map((d) => Date.parse(d as string));
    expect(warningAt, 'warning before due').to.be.below(dueAt!);
    expect(dueAt, 'red after due').to.be.below(redAt!);
    expect(dueAt, 'due after the request').to.be.above(Date.parse(filed.json().requestedAt));
    expect((await complete('health.issuer', n, 'answer', { decision: 'ready', note: '请携带上期业务档案' })).statusCode).to.equal(204);

    // the exchange: a range of the wrong type, or one that exists already, is refused before the step completes
    await statusOf(n, 'exchanging');
    const wrongType = await complete('health.issuer', n, 'exchange', { archivesChecked: true, firstSerial: 'LNYD-CERT-BINHU-000901', count: 5 });
    expect(wrongType.statusCode).to.equal(422);
    expect(wrongType.json().code).to.equal('SERIAL_WRONG_TYPE');
    const taken = await complete('health.issuer', n, 'exchange', { archivesChecked: true, firstSerial: 'DSZN-CERT-BINHU-000001', count: 5 });
    expect(taken.statusCode).to.equal(409);
    expect(taken.json().code).to.equal('SERIALS_TAKEN');
    const tooMany = await complete('health.issuer', n, 'exchange', { archivesChecked: true, firstSerial: 'DSZN-CERT-BINHU-000901', count: 6 });
    expect(tooMany.json().code).to.equal('ALLOCATION_TOO_LARGE');
    const range = Array.from({ length: 5 }, (_, i) => `DSZN-CERT-BINHU-${String(901 + i).padStart(6, '0')}`);
    expect((await complete('health.issuer', n, 'exchange', { archivesChecked: true, firstSerial: range[0], count: 5 })).statusCode).to.equal(204);
    const allocated = await statusOf(n, 'allocated');
    expect(allocated.allocatedSerials).to.deep.equal(range);
    expect(await services.serials.balance('COM-BINHU', 'DSZN-CERT'), 'allocated is not yet in stock').to.equal(before);

    // the community did not receive the last one: it goes back and the department allocates a replacement
    const stranger = await complete('binhu.keeper', n, 'confirm', { result: 'mismatch', missing: ['DSZN-CERT-BINHU-999999'] });
    expect(stranger.json().code).to.equal('SERIAL_NOT_ALLOCATED');
    expect((await complete('binhu.keeper', n, 'confirm', { result: 'mismatch', missing: [range[4]] })).statusCode).to.equal(204);
    await statusOf(n, 'mismatch');
    const replacement = 'DSZN-CERT-BINHU-000910';
    expect((await complete('health.issuer', n, 'exchange', { archivesChecked: true, firstSerial: replacement, count: 1 })).statusCode).to.equal(204);
    await statusOf(n, 'allocated');
    expect((await complete('binhu.keeper', n, 'confirm', { result: 'match' })).statusCode).to.equal(204);
    const booked = await statusOf(n, 'booked');
    expect(booked.bookedCount).to.equal(5);
    expect(booked.mismatches[0].serials).to.deep.equal([range[4]]);
    expect(await services.serials.balance('COM-BINHU', 'DSZN-CERT')).to.equal(before + 5);

    const ledger = (await call('GET', '/api/stock/ledger?certificateType=DSZN-CERT', { token: window })).json();
    const inLines = (ledger.lines as { kind: string; requisitionNumber: string; serial: string }[]).filter((l) => l.requisitionNumber === n);
    expect(inLines.map((l) => l.serial).sort()).to.deep.equal([...range.slice(0, 4), replacement].sort());
    expect(inLines.every((l) => l.kind === 'in')).to.equal(true);
    expect(ledger.balance).to.equal(before + 5);
    const trail = (await auditEntries({ target: n })).map((e) => e.action);
    expect(trail).to.include.members(['requisition.filed', 'serial.allocated', 'serial.booked']);
    const steps = await auditEntries({ caseNumber: n, action: 'task.completed' });
    expect(steps.map((e) => [e.detail!.step, e.actor.id])).to.deep.equal([
      ['answer', 'health.issuer'], ['exchange', 'health.issuer'], ['confirm', 'binhu.keeper'], ['exchange', 'health.issuer'], ['confirm', 'binhu.keeper'],
    ]);
  });

  it('the department may refuse; the requisition closes refused', async () => {
    const n = (await call('POST', '/api/stock/requisitions', { token: await login('dushan.acceptor'), body: { certificateType: 'LNYD-CERT', quantity: 2 } })).json().requisitionNumber as string;
    expect((await complete('civil.issuer', n, 'answer', { decision: 'refused', reasons: ['上期档案未交'] })).statusCode).to.equal(204);
    expect((await statusOf(n, 'refused')).status).to.equal('refused');
    const unknown = await call('POST', '/api/stock/requisitions', { token: await login('dushan.acceptor'), body: { certificateType: 'NO-SUCH-CERT', quantity: 2 } });
    expect(unknown.statusCode).to.equal(422);
    expect(unknown.json().code).to.equal('CERTIFICATE_TYPE_UNKNOWN');
  });

  it('the answer step earns the same escalation cards as a service step', async () => {
    const { services, clock } = platform();
    const n = (await call('POST', '/api/stock/requisitions', { token: await login('binhu.acceptor'), body: { certificateType: 'DSZN-CERT', quantity: 1 } })).json().requisitionNumber as string;
    const answer = await queued(await login('health.issuer'), n, 'answer');
    await clock.moveTo(new Date(new Date(answer.warningAt as string).getTime() + 60_000));
    const card = await eventually('the warning card of the answer', async () => (await services.escalation.cardsOf(n)).find((c) => c.level === 'warning'));
    expect(card).to.include({ caseNumber: n, caseKind: 'requisition', step: 'answer', holder: 'issuer:DEPT-HEALTH', heldByQueue: true });
    expect(await services.stepDeadlines.get(card.deadlineId)).to.include({ caseNumber: n, caseKind: 'requisition', step: 'answer' });
    const record = await eventually('the warning in the issuers’ queue record', () => OperatorRecordModel.findOne({ kind: 'warning', ref: `${card.deadlineId}:warning` }).lean());
    expect(record).to.include({ operator: 'issuer:DEPT-HEALTH', caseNumber: n, caseKind: 'requisition' });
    expect((await complete('health.issuer', n, 'answer', { decision: 'refused', reasons: ['测试'] })).statusCode).to.equal(204);
  });
});

describe('certificate stock: one serial per use under concurrency, voids, returns, one-to-one check', function () {
  this.timeout(180_000);

  it('50 parallel uses of 40 serials: 40 distinct serials handed out, 10 refused, the balance never below zero', async () => {
    const { services } = platform();
    const type = `PAR-${uniqueKey('t').replace(/[^A-Z0-9]/gi, '').slice(-8).toUpperCase()}`;
    const serials = Array.from({ length: 40 }, (_, i) => `${type}-DUSHAN-${String(i + 1).padStart(6, '0')}`);
    expect(await services.serials.addStock('COM-DUSHAN', type, serials)).to.equal(40);
    const now = await services.now();
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) =>
      services.serials.use({ applicationNumber: `${type}-APP-${i}`, communityCode: 'COM-DUSHAN', certificateType: type, now })));
    const used = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<{ serial: string }>).value.serial);
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code);
    expect(used).to.have.length(40);
    expect(new Set(used).size, 'no serial twice').to.equal(40);
    expect(refused).to.deep.equal(Array(10).fill('PRINT_SERIAL_OUT_OF_STOCK'));
    expect(await services.serials.balance('COM-DUSHAN', type)).to.equal(0);
    const ledger = await services.serials.ledger({ communityCode: 'COM-DUSHAN', certificateType: type });
    expect(ledger.counts).to.include({ in: 40, used: 40 });

    // and the same application asking 50 times at once gets one serial
    await services.serials.addStock('COM-DUSHAN', type, Array.from({ length: 60 }, (_, i) => `${type}-DUSHAN-${String(41 + i).padStart(6, '0')}`));
    const same = await Promise.all(Array.from({ length: 50 }, () => services.serials.use({ applicationNumber: `${type}-ONE`, communityCode: 'COM-DUSHAN', certificateType: type, now })));
    expect(new Set(same.map((s) => s.serial)).size).to.equal(1);
    expect(await services.serials.balance('COM-DUSHAN', type), 'the other 49 takes went back').to.equal(59);
    expect((await services.serials.ledger({ communityCode: 'COM-DUSHAN', certificateType: type })).counts).to.include({ used: 41 });
  });

  it('voids a spoiled form with a reason into the operator’s record, and returns it with the next requisition', async () => {
    const { services } = platform();
    const window = await login('dushan.acceptor');
    const ledger = (await call('GET', '/api/stock/ledger?certificateType=JYSY-CERT', { token: window })).json();
    const serial = (await services.serials.ledger({ communityCode: 'COM-DUSHAN', certificateType: 'JYSY-CERT' })).lines.filter((l) => l.kind === 'in').map((l) => l.serial).at(-1)!;
    const res = await call('POST', `/api/stock/serials/${serial}/void`, { token: window, body: { reason: '打印错位，证件污损' } });
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.json()).to.deep.equal({ voided: serial, replacement: null });
    expect((await call('GET', '/api/stock/ledger?certificateType=JYSY-CERT', { token: window })).json().balance).to.equal(ledger.balance - 1);
    expect((await call('POST', `/api/stock/serials/${serial}/void`, { token: window, body: { reason: '再次' } })).statusCode, 'voided once').to.equal(409);
    expect((await call('POST', `/api/stock/serials/${serial}/void`, { token: await login('binhu.acceptor'), body: { reason: '别的社区' } })).statusCode, 'another community').to.equal(404);
    expect((await call('POST', `/api/stock/serials/${serial}/void`, { token: window, body: {} })).statusCode, 'a reason is required').to.equal(400);
    const records = await OperatorRecordModel.find({ kind: 'void', ref: serial }).lean();
    // an unused form belongs to no case
    expect(records.map((r) => [r.operator, r.caseNumber, r.caseKind]), 'one void, in the voiding operator’s record').to.deep.equal([['dushan.acceptor', null, null]]);
    expect((await auditEntries({ target: serial })).map((e) => e.action)).to.deep.equal(['serial.voided']);

    // the next requisition of that type hands the spoiled form back
    const n = (await call('POST', '/api/stock/requisitions', { token: window, body: { certificateType: 'JYSY-CERT', quantity: 1 } })).json().requisitionNumber as string;
    expect((await complete('hrss.issuer', n, 'answer', { decision: 'ready' })).statusCode).to.equal(204);
    const exchanging = await statusOf(n, 'exchanging');
    expect(exchanging.returnedSerials).to.include(serial);
    const after = await services.serials.ledger({ communityCode: 'COM-DUSHAN', certificateType: 'JYSY-CERT' });
    expect(after.lines.filter((l) => l.serial === serial).map((l) => l.kind)).to.deep.equal(['in', 'voided', 'returned']);
  });

  it('a spoiled form on an open case is replaced by the next serial; on a closed case it cannot be voided', async () => {
    const { services } = platform();
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    await act(filed.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'accepted' });
    await act(filed.applicationNumber, 'review', 'health.reviewer', { decision: 'approved' });
    const numbered = await applicationWhere(filed.applicationNumber, 'a serial and a number', (a) => Boolean(a.printSerial && a.documentNumber));
    const window = await login('binhu.acceptor');
    const voided = await call('POST', `/api/stock/serials/${numbered.printSerial}/void`, { token: window, body: { reason: '填写错误' } });
    expect(voided.statusCode, voided.body).to.equal(200);
    const replacement = voided.json().replacement as string;
    expect(replacement).to.match(/^DSZN-CERT-BINHU-\d{6}$/).and.not.equal(numbered.printSerial);
    expect((await services.applications.get(filed.applicationNumber)).printSerial).to.equal(replacement);

    await act(filed.applicationNumber, 'decide', 'health.decider', { decision: 'approved' });
    await act(filed.applicationNumber, 'close', 'binhu.closer', { handover: 'in-person' });
    await applicationWhere(filed.applicationNumber, 'the case to close', (a) => a.status === 'closed');
    const late = await call('POST', `/api/stock/serials/${replacement}/void`, { token: window, body: { reason: '已发放' } });
    expect(late.statusCode).to.equal(409);
    expect(late.json().code).to.equal('SERIAL_ISSUED');
    // the closer who handed it over has the use in their personal record
    expect(await OperatorRecordModel.findOne({ operator: 'binhu.closer', kind: 'serial-use', ref: replacement }).lean())
      .to.include({ caseNumber: filed.applicationNumber, caseKind: 'application' });
    // and the voiding operator the void of the spoiled form, with the case it was printed for
    expect(await OperatorRecordModel.findOne({ kind: 'void', ref: numbered.printSerial }).lean())
      .to.include({ operator: 'binhu.acceptor', caseNumber: filed.applicationNumber, caseKind: 'application' });

    // one-to-one: this case holds together; a record changed behind the platform's back shows as a break
    const auditor = await login('auditor');
    const check = async () => (await call('GET', '/api/stock/one-to-one?communityCode=COM-BINHU&certificateType=DSZN-CERT', { token: auditor })).json();
    const clean = await check();
    expect(clean.rows.find((r: Json) => r.applicationNumber === filed.applicationNumber)).to.include({ printSerial: replacement, documentNumber: numbered.documentNumber });
    expect(clean.breaks.filter((b: Json) => b.applicationNumber === filed.applicationNumber)).to.deep.equal([]);
    expect(JSON.stringify(clean)).to.not.include('420700199001011234');
    await ApplicationModel.updateOne({ applicationNumber: filed.applicationNumber }, { $set: { printSerial: 'DSZN-CERT-BINHU-000000' } });
    const broken = await check();
    expect(broken.breaks.filter((b: Json) => b.applicationNumber === filed.applicationNumber).map((b: Json) => b.kind)).to.include.members(['serial-mismatch', 'serial-not-used-for-application']);
    await ApplicationModel.updateOne({ applicationNumber: filed.applicationNumber }, { $set: { printSerial: replacement } });
    expect((await call('GET', '/api/stock/one-to-one', { token: await login('binhu.acceptor') })).statusCode).to.equal(403);
  });
});
