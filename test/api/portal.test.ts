import { expect } from 'chai';
import { call, login } from '../support/api.js';
import { act, applicationWhere, eventually } from '../support/staff.js';

const HOUSING = '居住证明（房屋租赁合同或房产证明）';
const person = { type: 'individual', name: '孙代办', idNumber: '420700198502023456', phone: '13912345678' };

describe('api: the applicant portal: guides say where and how to apply; the journey of an application', function () {
  this.timeout(120_000);

  it('a guide says whether it is applied for online and names the community windows that take it', async () => {
    const online = (await call('GET', '/api/guides/JZZ')).json();
    expect(online.online).to.equal(true);
    expect(online.places.map((p: { code: string }) => p.code)).to.include.members(['COM-BINHU', 'COM-DUSHAN']);
    expect(online.places.find((p: { code: string }) => p.code === 'COM-BINHU').township).to.equal('凤凰街道');
    const onsite = (await call('GET', '/api/guides?q=光荣证')).json().guides;
    expect(onsite.map((g: { code: string; online: boolean }) => [g.code, g.online])).to.deep.equal([['DSZN', false]]);
  });

  it('the applicant follows their online application: steps with times, the expected completion, the notices to them only', async () => {
    const citizen = await login('citizen.wang');
    const filed = await call('POST', '/api/applications', {
      token: citizen, body: { itemCode: 'JZZ', communityCode: 'COM-DUSHAN', materials: [{ name: '居民身份证', provided: true }, { name: '近期免冠一寸照片', provided: true }] },
    });
    expect(filed.statusCode, filed.body).to.equal(201);
    const number = filed.json().applicationNumber as string;
    await act(number, 'accept', 'dushan.acceptor', { decision: 'not-accepted', missingMaterials: [HOUSING] });
    await applicationWhere(number, 'the supplement notice', (a) => a.status === 'supplement-requested');

    let journey = (await call('GET', `/api/applications/${number}/journey`, { token: citizen })).json();
    expect(journey.statusText.zh).to.include('待补正');
    expect(journey.expected.limit).to.deep.equal({ value: 15, unit: 'working-days' });
    expect(journey.expected.dueAt, 'no date promised while the clock stands still').to.equal(null);
    expect(journey.steps.map((s: { step: string; decision: string }) => [s.step, s.decision])).to.deep.equal([['accept', 'not-accepted']]);
    expect(journey.notices.map((n: { kind: string }) => n.kind)).to.deep.equal(['supplement-notice']);
    expect(journey.notices[0].text).to.include(HOUSING);

    const supplemented = await call('POST', `/api/applications/${number}/supplement`, { token: citizen, body: { materials: [{ name: HOUSING, provided: true }] } });
    expect(supplemented.statusCode, supplemented.body).to.equal(200);
    await act(number, 'accept', 'dushan.acceptor', { decision: 'accepted' });
    await act(number, 'approve', 'psb.approver', { decision: 'approved' });
    await applicationWhere(number, 'the verify step', (a) => a.currentStep === 'verify');

    // the step's task is stored as the engine hands it out, a moment after the case moves on
    journey = await eventually('the verify step in the journey', async () => {
      const j = (await call('GET', `/api/applications/${number}/journey`, { token: citizen })).json();
      return j.steps.some((s: { step: string }) => s.step === 'verify') ? j : undefined;
    });
    expect(journey.expected.dueAt, 'the legal limit on the working-day calendar').to.match(/^\d{4}-\d\d-\d\dT/);
    expect(new Date(journey.expected.dueAt).getTime()).to.be.greaterThan(new Date(journey.filedAt).getTime());
    expect(journey.steps.map((s: { step: string; state: string }) => `${s.step}:${s.state}`)).to.deep.equal(['accept:done', 'accept:done', 'approve:done', 'verify:open']);
    expect(journey.steps.at(-1).dueAt).to.be.a('string');
    const kinds = journey.notices.map((n: { kind: string }) => n.kind);
    expect(kinds).to.include('receipt').and.include('supplement-notice');
    expect(kinds, 'notices to the community are not the applicant’s').not.to.include('certificate-ready');
    expect(JSON.stringify(journey), 'no staff names').not.to.include('dushan.acceptor').and.not.include('psb.approver');

    // staff of the case read it too; another applicant's answer is as for a missing case
    expect((await call('GET', `/api/applications/${number}/journey`, { token: await login('dushan.acceptor') })).statusCode).to.equal(200);
    const other = await call('GET', `/api/applications/${number}/journey`, { token: await login('company.ezhou') });
    expect(other.statusCode).to.equal(404);
    expect(other.json().message.zh).to.include(number);
    expect(other.json().message.en).to.include(number);
  });

  it('a proxy agent files for a client and follows it; the journey needs a login', async () => {
    const proxy = await login('proxy.li');
    const filed = await call('POST', '/api/applications', {
      token: proxy, body: { itemCode: 'JZZ', communityCode: 'COM-BINHU', applicant: person, materials: [{ name: '居民身份证', provided: true }] },
    });
    expect(filed.statusCode, filed.body).to.equal(201);
    const number = filed.json().applicationNumber as string;
    const journey = await call('GET', `/api/applications/${number}/journey`, { token: proxy });
    expect(journey.statusCode, journey.body).to.equal(200);
    expect(journey.json().itemName).to.equal('居住证');
    expect((await call('GET', `/api/applications/${number}/journey`)).statusCode).to.equal(401);
  });
});
