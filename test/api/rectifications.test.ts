import { expect } from 'chai';
import { RectificationModel } from '../../domain/evaluation/evaluation.model.js';
import { call, login } from '../support/api.js';
import { platform } from '../support/platform.js';
import { eventually } from '../support/staff.js';

type Json = Record<string, unknown>;

async function badReview(asker: string) {
  const asked = await call('POST', '/api/consultations', { token: await login(asker), body: { itemCode: 'CJRZ', question: '残疾人证丢了怎么补办？' } });
  const n = asked.json().consultationNumber as string;
  await eventually('the answer step', async () => (await platform().services.tasks.list({ caseNumber: n })).find((t) => t.step === 'reply'));
  await call('POST', `/api/consultations/${n}/answer`, { token: await login('dpf.reviewer'), body: { answer: '请到窗口办理。' } });
  const rated = await call('POST', '/api/evaluations', { token: await login(asker), body: { subject: { kind: 'consultation', id: n }, grade: 'dissatisfied', channel: 'portal' } });
  expect(rated.statusCode, rated.body).to.equal(201);
  return rated.json().rectification.rectificationId as string;
}
const post = async (username: string, id: string, action: string, body: Json) => call('POST', `/api/rectifications/${id}/${action}`, { token: await login(username), body });

describe('api: 差评整改: refusals say why, in both languages; a process that did not start is started by the mending', function () {
  this.timeout(120_000);

  it('refuses another unit, a missing invalid kind, a text too short, the office’s step for the unit, and a step out of turn', async () => {
    const id = await badReview('citizen.wang');
    await eventually('the verify step', async () => (await platform().services.tasks.list({ caseNumber: id })).find((t) => t.step === 'verify'));

    const other = await post('psb.reviewer', id, 'verify', { contact: '电话联系', finding: '已核实', verdict: 'simple' });
    expect(other.statusCode).to.equal(403);
    expect(other.json().message.zh).to.include('DEPT-DPF').and.include('psb.reviewer');
    expect(other.json().message.en).to.include('DEPT-DPF').and.include('psb.reviewer');

    const noKind = await post('dpf.reviewer', id, 'verify', { contact: '电话联系', finding: '评价不实', verdict: 'invalid' });
    expect(noKind.statusCode).to.equal(422);
    expect(noKind.json().code).to.equal('RECTIFICATION_INVALID_KIND');
    expect(noKind.json().message.zh).to.include('不实评价').and.include('误评').and.include('恶意差评');

    const short = await post('dpf.reviewer', id, 'verify', { contact: '打', finding: '已核实', verdict: 'simple' });
    expect(short.statusCode).to.equal(422);
    expect(short.json().message.zh).to.include('联系情况').and.include('1 个字');

    const early = await post('office.zhang', id, 'recheck', { passed: true, opinion: '复核通过' });
    expect(early.statusCode, 'nothing to check before the unit asks').to.equal(409);
    expect(early.json().code).to.equal('RECTIFICATION_WRONG_STATE');
    expect((await post('dpf.reviewer', id, 'follow-up', { reached: true, note: '回访' })).statusCode, 'the visit is the office’s').to.equal(403);
    expect((await post('dpf.reviewer', id, 'rectify', { measures: '已整改' })).json().code, 'verify comes first').to.equal('RECTIFICATION_WRONG_STATE');

    const unknown = await call('POST', '/api/rectifications/ZG2026999999/verify', { token: await login('dpf.reviewer'), body: { contact: '电话联系', finding: '已核实', verdict: 'simple' } });
    expect(unknown.statusCode).to.equal(404);
    expect(unknown.json().message.zh).to.include('ZG2026999999');
  });

  it('an entry whose process start failed is started by the mending, once', async () => {
    const { services } = platform();
    const id = await badReview('proxy.li');
    const entry = (await services.rectifications.get(id))!;
    // as if the start had failed: a second entry of its own, opened two minutes ago, without an instance
    const lost = `ZG${entry.rectificationId.slice(2, 6)}9${entry.rectificationId.slice(7)}`;
    const openedAt = new Date((await services.now()).getTime() - 120_000);
    await RectificationModel.create({ ...entry, rectificationId: lost, ratingId: `${entry.ratingId}-LOST`, processInstanceKey: null, openedAt });
    expect(await services.rectifications.mend(await services.now())).to.be.at.least(1);
    const mended = (await services.rectifications.get(lost))!;
    expect(mended.processInstanceKey).to.be.a('string');
    const task = await eventually('the mended case’s verify step', async () => (await services.tasks.list({ caseNumber: lost })).find((t) => t.step === 'verify'));
    expect(task).to.include({ caseKind: 'rectification', unitCode: 'DEPT-DPF' });
    await services.rectifications.mend(await services.now());
    expect((await services.rectifications.get(lost))!.processInstanceKey, 'mending again starts nothing new').to.equal(mended.processInstanceKey);
    expect((await services.tasks.list({ caseNumber: lost })).filter((t) => t.step === 'verify')).to.have.length(1);
  });
});
