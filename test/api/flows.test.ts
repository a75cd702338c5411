import { expect } from 'chai';
import { call, login } from '../support/api.js';
import { eventually } from '../support/staff.js';
import { PiiReadModel } from '../../domain/application/application.model.js';

type Json = Record<string, unknown>;
const person = { type: 'individual', name: '张三', idNumber: '420700198502021234', phone: '13900001234' };

/** The task of a step as the operator sees it in their inbox. */
async function inboxTask(token: string, applicationNumber: string, step: string): Promise<Json> {
  return eventually(`${step} of ${applicationNumber} in the inbox`, async () => {
    const res = await call('GET', `/api/tasks?scope=queue&caseNumber=${applicationNumber}`, { token });
    expect(res.statusCode, res.body).to.equal(200);
    return (res.json().tasks as Json[]).find((t) => t.step === step);
  });
}

/** An operator claims the step's task from their inbox and completes it through the API. */
async function work(username: string, applicationNumber: string, step: string, body: Json) {
  const token = await login(username);
  const task = await inboxTask(token, applicationNumber, step);
  const claim = await call('POST', `/api/tasks/${task.userTaskKey}/claim`, { token });
  expect(claim.statusCode, claim.body).to.equal(200);
  const done = await call('POST', `/api/tasks/${task.userTaskKey}/complete`, { token, body });
  expect(done.statusCode, done.body).to.equal(204);
  return task;
}

async function closed(token: string, applicationNumber: string): Promise<Json & { applicant: { idNumber: string }; documentNumber: string }> {
  return eventually('the case to close', async () => {
    const res = await call('GET', `/api/applications/${applicationNumber}`, { token });
    return res.json().status === 'closed' ? res.json() : null;
  });
}

describe('api: both categories walked by the right operators over HTTP', function () {
  this.timeout(120_000);

  it('on-site: window staff files for a present applicant; accepted, reviewed, decided, certificate handed over', async () => {
    const window = await login('binhu.acceptor');
    const filed = await call('POST', '/api/applications', { token: window, body: {
      itemCode: 'DSZN', applicant: person,
      materials: [{ name: '居民身份证', provided: true }, { name: '户口簿', provided: true }, { name: '结婚证', provided: true }, { name: '近期免冠一寸照片', provided: true }],
    } });
    expect(filed.statusCode, filed.body).to.equal(201);
    const { applicationNumber, queryCode } = filed.json();
    expect(queryCode).to.match(/^[A-Z0-9X]{8}$/);

    const progress = await call('GET', `/api/progress/${applicationNumber}?secret=021234`);
    expect(progress.statusCode, progress.body).to.equal(200);
    // filed a moment ago: submitted, or already at the acceptance step
    expect(progress.json().statusText.zh).to.be.oneOf(['已提交', '受理中']);
    expect(progress.body, 'the progress query shows no personal data').to.not.include('张三').and.not.include('13900001234');
    expect((await call('GET', `/api/progress/${applicationNumber}?secret=999999`)).statusCode).to.equal(404);

    await work('binhu.acceptor', applicationNumber, 'accept', { decision: 'accepted' });
    await work('health.reviewer', applicationNumber, 'review', { decision: 'approved', opinion: '材料齐全，符合条件' });
    const deciderToken = await login('health.decider');
    const decideTask = await inboxTask(deciderToken, applicationNumber, 'decide');
    const numbered = (await call('GET', `/api/applications/${applicationNumber}`, { token: deciderToken })).json();
    expect(numbered.documentNumber, 'the number is generated before the decision').to.match(/^DSZN-\d{4}-\d{6}$/);
    await call('POST', `/api/tasks/${decideTask.userTaskKey}/claim`, { token: deciderToken });
    const wrong = await call('POST', `/api/tasks/${decideTask.userTaskKey}/complete`, { token: deciderToken, body: { decision: 'approved', confirmDocumentNumber: 'DSZN-2020-000000' } });
    expect(wrong.statusCode).to.equal(422);
    expect(wrong.json().code).to.equal('DOCUMENT_NUMBER_MISMATCH');
    const right = await call('POST', `/api/tasks/${decideTask.userTaskKey}/complete`, { token: deciderToken, body: { decision: 'approved', confirmDocumentNumber: numbered.documentNumber } });
    expect(right.statusCode, right.body).to.equal(204);
    await work('binhu.closer', applicationNumber, 'close', { handover: 'in-person' });
    const done = await closed(window, applicationNumber);
    expect(done).to.include({ outcome: 'issued' });
    expect(done.documentNumber).to.match(/^DSZN-\d{4}-\d{6}$/);
    expect(done.applicant.idNumber, 'the detail shows the full ID number').to.equal('420700198502021234');
    const byCode = await call('GET', `/api/progress/${applicationNumber}?secret=${queryCode}`);
    expect(byCode.json().statusText.en).to.include('handed over');
  });

  it('online: the applicant files for themself; not approved, supplemented, approved, verified, issued by courier', async () => {
    const citizen = await login('citizen.wang');
    const filed = await call('POST', '/api/applications', { token: citizen, body: {
      itemCode: 'CJRZ', communityCode: 'COM-DUSHAN',
      materials: [{ name: '居民身份证', provided: true }, { name: '户口簿', provided: true }, { name: '近期免冠一寸照片', provided: true }, { name: '残疾评定表', provided: true }],
    } });
    expect(filed.statusCode, filed.body).to.equal(201);
    const { applicationNumber } = filed.json();
    await work('dushan.acceptor', applicationNumber, 'accept', { decision: 'accepted' });
    await work('dpf.approver', applicationNumber, 'approve', { decision: 'not-approved', reasons: ['评定表缺少医疗机构盖章'] });
    const window = await login('dushan.acceptor');
    await eventually('the case back at the community', async () => (await call('GET', `/api/applications/${applicationNumber}`, { token: window })).json().status === 'returned-to-community');
    const supplement = await call('POST', `/api/applications/${applicationNumber}/supplement`, { token: window, body: { materials: [{ name: '残疾评定表', provided: true }] } });
    expect(supplement.statusCode, supplement.body).to.equal(200);
    await work('dpf.approver', applicationNumber, 'approve', { decision: 'approved' });
    await work('dpf.verifier', applicationNumber, 'verify', { result: 'match' });
    await work('dushan.closer', applicationNumber, 'issue', { method: 'courier', courierTrackingNumber: 'SF2026112201' });
    const mine = await closed(citizen, applicationNumber);
    expect(mine).to.include({ outcome: 'issued' });
    const list = await call('GET', '/api/applications', { token: citizen });
    expect((list.json().applications as Json[]).map((a) => a.applicationNumber)).to.include(applicationNumber);
    expect((list.json().applications as { applicant: { idNumber: string } }[])[0]!.applicant.idNumber, 'lists mask ID numbers').to.match(/^\d{3}\*+\d{4}$/);
  });

  it('answers 409 to a second completion and to a task claimed by someone else, 422 to a body of another step', async () => {
    const window = await login('binhu.acceptor');
    const filed = (await call('POST', '/api/applications', { token: window, body: { itemCode: 'LNYD', applicant: person, materials: [{ name: '居民身份证', provided: true }, { name: '近期免冠一寸照片', provided: true }] } })).json();
    const task = await inboxTask(window, filed.applicationNumber, 'accept');
    expect((await call('POST', `/api/tasks/${task.userTaskKey}/claim`, { token: window })).statusCode).to.equal(200);
    const other = await login('binhu.closer');
    expect((await call('POST', `/api/tasks/${task.userTaskKey}/claim`, { token: other })).statusCode, 'not the closer’s post').to.equal(403);
    const wrongStep = await call('POST', `/api/tasks/${task.userTaskKey}/complete`, { token: window, body: { result: 'match' } });
    expect(wrongStep.statusCode).to.equal(422);
    expect(wrongStep.json().code).to.equal('STEP_BODY_INVALID');
    expect((await call('POST', `/api/tasks/${task.userTaskKey}/complete`, { token: window, body: { decision: 'refused', reasons: ['不属于本社区'] } })).statusCode).to.equal(204);
    const twice = await call('POST', `/api/tasks/${task.userTaskKey}/complete`, { token: window, body: { decision: 'refused', reasons: ['不属于本社区'] } });
    expect(twice.statusCode).to.equal(409);
    expect(twice.json().code).to.equal('TASK_NOT_COMPLETABLE');
  });

  it('nobody reads another unit’s applications', async () => {
    const window = await login('binhu.acceptor');
    const filed = (await call('POST', '/api/applications', { token: window, body: { itemCode: 'LNYD', applicant: person, materials: [{ name: '居民身份证', provided: true }, { name: '近期免冠一寸照片', provided: true }] } })).json();
    const otherCommunity = await login('dushan.acceptor');
    expect((await call('GET', `/api/applications/${filed.applicationNumber}`, { token: otherCommunity })).statusCode).to.equal(404);
    const list = (await call('GET', '/api/applications', { token: otherCommunity })).json().applications as Json[];
    expect(list.map((a) => a.applicationNumber)).to.not.include(filed.applicationNumber);
    expect((await call('GET', `/api/applications/${filed.applicationNumber}`, { token: await login('citizen.wang') })).statusCode).to.equal(404);
    expect((await call('GET', `/api/applications/${filed.applicationNumber}`, { token: await login('civil.reviewer') })).statusCode, 'the item’s department may read it').to.equal(200);
    expect(await PiiReadModel.countDocuments({ applicationNumber: filed.applicationNumber, reader: 'civil.reviewer' })).to.equal(1);
  });
});
