import { expect } from 'chai';
import { AuditAction } from '../../domain/audit/audit-entry.model.js';
import { applicationSubject, createSubjectRegistry } from '../../domain/evaluation/evaluation-subjects.js';
import { RectificationModel } from '../../domain/evaluation/evaluation.model.js';
import { auditEntries, call, login } from '../support/api.js';
import { platform } from '../support/platform.js';
import { act, applicationWhere, fileApplication } from '../support/staff.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const MATERIALS = [{ name: '居民身份证', provided: true }, { name: '近期免冠一寸照片', provided: true }, { name: '居住证明（房屋租赁合同或房产证明）', provided: true }];

/** An online residence-permit application of citizen.wang, at Dushan. */
async function fileOnline(): Promise<string> {
  const res = await call('POST', '/api/applications', { token: await login('citizen.wang'), body: { itemCode: 'JZZ', communityCode: 'COM-DUSHAN', materials: MATERIALS } });
  expect(res.statusCode, res.body).to.equal(201);
  return res.json().applicationNumber as string;
}
async function finishOnline(n: string) {
  await act(n, 'accept', 'dushan.acceptor', { decision: 'accepted' });
  await act(n, 'approve', 'psb.approver', { decision: 'approved' });
  await act(n, 'verify', 'psb.verifier', { result: 'match' });
  await act(n, 'issue', 'dushan.closer', { method: 'courier', courierTrackingNumber: 'SF2026112601' });
  await applicationWhere(n, 'the case closed', (a) => a.status === 'closed');
}
const rate = async (username: string, body: Json) => call('POST', '/api/evaluations', { token: await login(username), body });
const subject = (id: string) => ({ kind: 'application', id });

describe('api: 好差评: the applicant rates an ended case; a bad review opens one rectification', function () {
  this.timeout(180_000);
  let n = '';

  it('refuses to rate a case that has not ended, in both languages, naming it', async () => {
    n = await fileOnline();
    const res = await rate('citizen.wang', { subject: subject(n), grade: 'satisfied', channel: 'portal' });
    expect(res.statusCode, res.body).to.equal(409);
    expect(res.json().code).to.equal('EVALUATION_CASE_NOT_ENDED');
    expect(res.json().message.zh).to.include(n).and.include('尚未办结');
    expect(res.json().message.en).to.include(n).and.include('not ended');
  });

  it('refuses a grade outside the five, a comment too long, another person, the window channel from the portal, and a kind not open', async () => {
    await finishOnline(n);
    const wrongGrade = await rate('citizen.wang', { subject: subject(n), grade: 'excellent', channel: 'portal' });
    expect(wrongGrade.statusCode).to.equal(400);
    expect(wrongGrade.json().message.en).to.include('grade');
    const long = await rate('citizen.wang', { subject: subject(n), grade: 'satisfied', comment: '慢'.repeat(501), channel: 'portal' });
    expect(long.statusCode).to.equal(400);
    const other = await rate('company.ezhou', { subject: subject(n), grade: 'very-dissatisfied', channel: 'portal' });
    expect(other.statusCode, other.body).to.equal(403);
    expect(other.json().code).to.equal('EVALUATION_NOT_YOURS');
    expect(other.json().message.zh).to.include(n);
    const proxy = await rate('proxy.li', { subject: subject(n), grade: 'satisfied', channel: 'portal' });
    expect(proxy.statusCode, 'a proxy agent rates only what they filed').to.equal(403);
    const channel = await rate('citizen.wang', { subject: subject(n), grade: 'satisfied', channel: 'window' });
    expect(channel.statusCode).to.equal(422);
    expect(channel.json().code).to.equal('EVALUATION_CHANNEL_NOT_YOURS');
    const kind = await rate('citizen.wang', { subject: { kind: 'appointment', id: 'YY2026000001' }, grade: 'satisfied', channel: 'portal' });
    expect(kind.statusCode).to.equal(422);
    expect(kind.json().code).to.equal('SUBJECT_KIND_NOT_OPEN');
    expect(kind.json().message.zh).to.include('预约');
    const missing = await rate('citizen.wang', { subject: subject('SQ2026999999'), grade: 'satisfied', channel: 'portal' });
    expect(missing.statusCode).to.equal(404);
  });

  it('非常不满意 with a comment: stored with the parties, a rectification opened once, audited once, even when the request is retried', async () => {
    const body = { subject: subject(n), grade: 'very-dissatisfied', comment: '  等了很久，窗口态度不好  ', channel: 'portal' };
    const first = await rate('citizen.wang', body);
    expect(first.statusCode, first.body).to.equal(201);
    const rating = first.json().rating;
    expect(rating).to.include({ grade: 'very-dissatisfied', bad: true, comment: '等了很久，窗口态度不好', channel: 'portal', itemCode: 'JZZ' });
    expect(first.json().rectification.state).to.equal('open');

    const retry = await rate('citizen.wang', body);
    expect(retry.statusCode, 'the same rating again is a retry').to.equal(200);
    expect(retry.json().rating.ratingId).to.equal(rating.ratingId);
    expect(retry.json().rectification.rectificationId).to.equal(first.json().rectification.rectificationId);
    expect(await RectificationModel.countDocuments({ ratingId: rating.ratingId })).to.equal(1);
    const rect = await platform().services.evaluations.rectificationOf(rating.ratingId);
    expect(rect).to.include({ state: 'open', itemCode: 'JZZ', grade: 'very-dissatisfied', realName: true, dueAt: null });
    expect(rect!.responsibleUnits).to.include('COM-DUSHAN');

    const again = await rate('citizen.wang', { ...body, grade: 'satisfied' });
    expect(again.statusCode).to.equal(409);
    expect(again.json().code).to.equal('EVALUATION_ALREADY_GIVEN');
    expect(again.json().message.zh).to.include(n).and.include('非常不满意');

    const entries = await auditEntries({ caseNumber: n });
    expect(entries.filter((e) => e.action === AuditAction.EvaluationGiven)).to.have.length(1);
    const opened = entries.filter((e) => e.action === AuditAction.RectificationOpened);
    expect(opened).to.have.length(1);
    expect(opened[0]!.target.id).to.equal(rect!.rectificationId);

    const mine = (await call('GET', `/api/evaluations/mine?subjectKind=application&subjectId=${n}`, { token: await login('citizen.wang') })).json();
    expect(mine.ratings.map((r: Json) => r.ratingId)).to.deep.equal([rating.ratingId]);
  });

  it('supervision lists it with filters and counts, the rater masked; a department leader sees only their unit', async () => {
    const res = await call('GET', '/api/evaluations?itemCode=JZZ&bad=true', { token: await login('supervisor') });
    expect(res.statusCode, res.body).to.equal(200);
    const found = res.json().ratings.find((r: Json) => r.subject.id === n);
    expect(found.rater.name).to.equal('王**');
    expect(JSON.stringify(found)).not.to.include('citizen.wang');
    expect(found.parties).to.deep.include({ kind: 'operator', id: 'dushan.acceptor', unitCode: 'COM-DUSHAN' });
    expect(found.parties).to.deep.include({ kind: 'operator', id: 'dushan.closer', unitCode: 'COM-DUSHAN' });
    expect(found.parties.some((p: Json) => p.kind === 'department')).to.equal(true);
    const counts = res.json().counts;
    expect(counts.bad).to.equal(counts.total);
    expect(counts.byItem.map((i: Json) => i.itemCode)).to.deep.equal(['JZZ']);
    expect(counts.byParty.find((p: Json) => p.id === 'dushan.acceptor').bad).to.be.at.least(1);
    expect(counts.byChannel.find((c: Json) => c.channel === 'portal').total).to.be.at.least(1);
    const good = (await call('GET', '/api/evaluations?grade=satisfied&itemCode=JZZ', { token: await login('supervisor') })).json();
    expect(good.ratings.some((r: Json) => r.subject.id === n)).to.equal(false);

    const health = (await call('GET', '/api/evaluations', { token: await login('health.leader') })).json();
    expect(health.ratings.some((r: Json) => r.subject.id === n), 'not a health case').to.equal(false);
    const elsewhere = await call('GET', '/api/evaluations?unitCode=COM-DUSHAN', { token: await login('health.leader') });
    expect(elsewhere.statusCode).to.equal(403);
    expect(elsewhere.json().message.zh).to.include('COM-DUSHAN');
  });

  it('the window evaluator: the hall’s case of the day, rated by its applicant on the window channel, no rectification for 满意', async () => {
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const w = filed.applicationNumber;
    const staff = await login('binhu.acceptor');
    expect((await call('GET', `/api/evaluations/window/cases/${w}`, { token: staff })).statusCode, 'not ended yet').to.equal(409);
    await act(w, 'accept', 'binhu.acceptor', { decision: 'accepted' });
    await act(w, 'review', 'health.reviewer', { decision: 'approved', opinion: '材料齐全' });
    await act(w, 'decide', 'health.decider', { decision: 'approved' });
    await act(w, 'close', 'binhu.closer', { handover: 'in-person' });
    await applicationWhere(w, 'the case closed', (a) => a.status === 'closed');

    const today = (await call('GET', '/api/evaluations/window/cases', { token: staff })).json().cases;
    expect(today.find((c: Json) => c.applicationNumber === w)).to.include({ rated: false, itemCode: 'DSZN' });
    const one = await call('GET', `/api/evaluations/window/cases/${w}`, { token: staff });
    expect(one.statusCode, one.body).to.equal(200);
    expect(one.json().applicantName).to.match(/^.\*+$/);
    const elsewhere = await rate('dushan.acceptor', { subject: subject(w), grade: 'satisfied', channel: 'window' });
    expect(elsewhere.statusCode).to.equal(403);
    expect(elsewhere.json().code).to.equal('EVALUATION_NOT_THIS_WINDOW');
    const portal = await rate('binhu.acceptor', { subject: subject(w), grade: 'satisfied', channel: 'portal' });
    expect(portal.statusCode).to.equal(422);

    const res = await rate('binhu.acceptor', { subject: subject(w), grade: 'satisfied', channel: 'window' });
    expect(res.statusCode, res.body).to.equal(201);
    expect(res.json().rectification).to.equal(null);
    const list = (await call('GET', `/api/evaluations?channel=window&itemCode=DSZN`, { token: await login('health.leader') })).json();
    const mine = list.ratings.find((r: Json) => r.subject.id === w);
    expect(mine.rater).to.include({ kind: 'applicant', recordedBy: 'binhu.acceptor' });
    expect(mine.parties).to.deep.include({ kind: 'department', id: 'DEPT-HEALTH', unitCode: 'DEPT-HEALTH' });
    expect((await call('GET', '/api/evaluations/window/cases', { token: staff })).json().cases.find((c: Json) => c.applicationNumber === w).rated).to.equal(true);
    const twice = await rate('binhu.acceptor', { subject: subject(w), grade: 'very-satisfied', channel: 'window' });
    expect(twice.statusCode).to.equal(409);
  });

  it('a proxy agent rates the case they filed for a client; the client’s rating at the window is a rating of its own', async () => {
    const client = { type: 'individual', name: '孙代办', idNumber: '420700198502023456', phone: '13912345678' };
    const filed = await call('POST', '/api/applications', { token: await login('proxy.li'), body: { itemCode: 'JZZ', communityCode: 'COM-DUSHAN', applicant: client, materials: MATERIALS } });
    expect(filed.statusCode, filed.body).to.equal(201);
    const p = filed.json().applicationNumber as string;
    await finishOnline(p);
    const res = await rate('proxy.li', { subject: subject(p), grade: 'basically-satisfied', channel: 'portal' });
    expect(res.statusCode, res.body).to.equal(201);
    expect(res.json().rating).to.include({ grade: 'basically-satisfied', bad: false });
    const atWindow = await rate('dushan.acceptor', { subject: subject(p), grade: 'dissatisfied', channel: 'window' });
    expect(atWindow.statusCode, atWindow.body).to.equal(201);
    expect(atWindow.json().rectification.state).to.equal('open');
    const listed = (await call('GET', `/api/evaluations?itemCode=JZZ&unitCode=COM-DUSHAN`, { token: await login('office.zhang') })).json();
    const both = listed.ratings.filter((r: Json) => r.subject.id === p).map((r: Json) => [r.rater.kind, r.rater.name, r.channel]);
    expect(both).to.have.deep.members([['proxy-agent', '李**', 'portal'], ['applicant', '孙**', 'window']]);
    const rect = await platform().services.evaluations.rectificationOf(atWindow.json().rating.ratingId);
    expect(rect!.realName, 'the client has no account: not a real-name review').to.equal(false);
  });

  it('the subject registry resolves an application through its resolver and takes new kinds', async () => {
    const { services } = platform();
    const registry = createSubjectRegistry();
    expect(await registry.resolve('application', n), 'nothing before it is registered').to.equal(null);
    registry.register('application', applicationSubject({ applications: { get: (id) => services.applications.get(id).catch(() => null) }, tasksOf: (c) => services.tasks.list({ caseNumber: c }) }));
    const s = await registry.resolve('application', n);
    expect(s).to.include({ itemCode: 'JZZ', askerUsername: 'citizen.wang', windowUnit: 'COM-DUSHAN' });
    expect(s!.endedAt).to.be.instanceOf(Date);
    expect(await registry.resolve('application', 'SQ2026999999')).to.equal(null);
    registry.register('consultation', async (id) => (id === 'ZX1' ? { itemCode: 'JZZ', askerUsername: 'citizen.wang', parties: [], endedAt: null } : null));
    expect(registry.kinds()).to.deep.equal(['application', 'consultation']);
    expect(await registry.resolve('consultation', 'ZX1')).to.include({ askerUsername: 'citizen.wang', endedAt: null });
  });
});
