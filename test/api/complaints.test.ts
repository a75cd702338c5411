import { expect } from 'chai';
import { call, login } from '../support/api.js';
import { eventually } from '../support/staff.js';
import { platform } from '../support/platform.js';

type Json = Record<string, unknown>;
const file = async (username: string, body: Json) => call('POST', '/api/complaints', {
  token: await login(username), body: { kind: 'complain', unitCode: 'DEPT-CIVIL', title: '办事指南与实际不符', content: `网上指南写的材料与窗口要求不一致（${Date.now()}）`, ...body },
});
const act = async (username: string, n: string, path: string, body: Json = {}) => call('POST', `/api/complaints/${n}/${path}`, { token: await login(username), body });
const intakeReady = (n: string) => eventually(`${n}: intake step`, async () =>
  (await platform().services.tasks.list({ caseNumber: n })).find((t) => t.step === 'intake' && t.state === 'created'));
const handleReady = (n: string) => eventually(`${n}: handling step`, async () =>
  (await platform().services.tasks.list({ caseNumber: n })).find((t) => t.step === 'handle' && ['created', 'assigned'].includes(t.state)));

describe('api: complaints (投诉建议, seed 004 §28–34)', function () {
  this.timeout(120_000);

  it('is filed from the portal by the complainant, at a window or forwarded only with the complainant named; the limit follows the column or the urgency', async () => {
    const portal = await file('citizen.wang', { kind: 'suggest' });
    expect(portal.statusCode, portal.body).to.equal(201);
    expect(portal.json()).to.include({ channel: 'portal', state: 'filed', limitDays: 7, kind: 'suggest' });
    expect(portal.json().complaintNumber).to.match(/^TS\d{10}$/);
    expect(JSON.stringify(portal.json()), 'the case itself does not name the complainant').to.not.include('citizen.wang');
    const nameless = await file('binhu.acceptor', {});
    expect(nameless.statusCode).to.equal(422);
    expect(nameless.json().code).to.equal('COMPLAINANT_MISSING');
    expect(nameless.json().message.zh).to.include('window');
    const window = await file('binhu.acceptor', { complainant: 'company.ezhou', kind: 'consult' });
    expect(window.json()).to.include({ channel: 'window', limitDays: 3 });
    const forwarded = await file('office.li', { complainant: 'citizen.wang', urgency: 'generally-urgent' });
    expect(forwarded.json()).to.include({ channel: 'forwarded', limitDays: 5, urgency: 'generally-urgent' });
    const unknown = await file('citizen.wang', { unitCode: 'NO-SUCH-UNIT' });
    expect(unknown.statusCode).to.equal(404);
    expect(unknown.json().message.zh).to.include('NO-SUCH-UNIT');
  });

  it('is not accepted only for one of the eight reasons of §31, with a written answer the complainant receives; or returned with reasons', async () => {
    const n = (await file('citizen.wang', {})).json().complaintNumber as string;
    await intakeReady(n);
    const bare = await act('civil.reviewer', n, 'intake', { decision: 'not-accept', answer: '本事项属于行政复议范围。' });
    expect(bare.statusCode).to.equal(422);
    expect(bare.json().code).to.equal('NON_ACCEPTANCE_REASON');
    expect((await act('health.reviewer', n, 'intake', { decision: 'not-accept', reasonCode: 'other-procedure', answer: '请依法申请行政复议。' })).statusCode, 'another unit').to.equal(403);
    const refused = await act('civil.reviewer', n, 'intake', { decision: 'not-accept', reasonCode: 'other-procedure', answer: '该事项涉及行政复议，请依法向区政府申请行政复议。' });
    expect(refused.statusCode, refused.body).to.equal(200);
    expect(refused.json()).to.include({ state: 'not-accepted' });
    expect(refused.json().nonAcceptance).to.deep.include({ reason: 'other-procedure', answer: '该事项涉及行政复议，请依法向区政府申请行政复议。' });
    const notices = (await call('GET', '/api/notices/mine', { token: await login('citizen.wang') })).json().notices as Json[];
    const told = notices.find((x) => (x.subject as Json | null)?.id === n);
    expect(told?.text, 'the written answer reaches the complainant').to.include('不予受理').and.include('行政复议');

    const r = (await file('citizen.wang', {})).json().complaintNumber as string;
    await intakeReady(r);
    expect((await act('civil.reviewer', r, 'intake', { decision: 'return' })).json().code, 'a return needs reasons').to.equal('REASON_LENGTH');
    const returned = await act('civil.reviewer', r, 'intake', { decision: 'return', reason: '该事项由区人社局负责' });
    expect(returned.json()).to.include({ state: 'returned', returnReason: '该事项由区人社局负责' });
  });

  it('found invalid only with the evidence of the investigation (§32(6)); supervision counts it per unit', async () => {
    const n = (await file('proxy.li', {})).json().complaintNumber as string;
    await intakeReady(n);
    expect((await act('civil.reviewer', n, 'intake', { decision: 'accept' })).statusCode).to.equal(200);
    await handleReady(n);
    const noEvidence = await act('civil.reviewer', n, 'answer', { outcome: 'invalid-untrue', answer: '经调查，窗口要求与指南一致。' });
    expect(noEvidence.statusCode).to.equal(422);
    expect(noEvidence.json().code).to.equal('EVIDENCE_LENGTH');
    expect((await act('civil.decider', n, 'answer', { outcome: 'handled', answer: '已处理。' })).json().code, 'not the handler').to.equal('COMPLAINT_TAKEN');
    const invalid = await act('civil.reviewer', n, 'answer', { outcome: 'invalid-untrue', answer: '经调查，窗口要求与指南一致。', evidence: '调取 11 月 20 日窗口录像及指南第 3 版对照' });
    expect(invalid.statusCode, invalid.body).to.equal(200);
    expect(invalid.json()).to.include({ state: 'answered', outcome: 'invalid-untrue', answeredInTime: true });

    const today = (await platform().services.now()).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.parse(today) + 2 * 86_400_000).toISOString().slice(0, 10);
    const stats = await call('GET', `/api/complaints/statistics?from=2020-01-01&to=${tomorrow}`, { token: await login('supervisor') });
    expect(stats.statusCode, stats.body).to.equal(200);
    const civil = (stats.json().units as Json[]).find((u) => u.unitCode === 'DEPT-CIVIL')!;
    expect(civil.total as number).to.be.at.least(4);
    expect((civil.byOutcome as Json)['invalid-untrue'] as number).to.be.at.least(1);
    expect((civil.byState as Json)['not-accepted'] as number).to.be.at.least(1);
    expect(civil.inTime as number).to.be.at.least(1);
    expect((await call('GET', '/api/complaints/statistics?from=2020-01-01&to=2020-01-02', { token: await login('health.leader') })).statusCode).to.equal(403);
  });
});
