import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS } from '../../support/browser.js';
import { auditEntries, call, login } from '../../support/api.js';
import { NoticeModel } from '../../../domain/notification/notice.model.js';
import { platform } from '../../support/platform.js';
import { eventually } from '../../support/staff.js';

type Json = Record<string, unknown>;
/** Beijing local time → instant */
const bj = (s: string) => new Date(`${s}:00+08:00`);
const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);

/** An answered consultation rated 非常不满意 by its asker: the bad review opens its rectification. */
async function badReview(asker: string, itemCode: string, answerer: string) {
  const asked = await call('POST', '/api/consultations', { token: await login(asker), body: { itemCode, question: '办理这个事项需要带哪些材料？' } });
  expect(asked.statusCode, asked.body).to.equal(201);
  const n = asked.json().consultationNumber as string;
  await eventually('the answer task', async () => (await platform().services.tasks.list({ caseNumber: n })).find((t) => t.step === 'reply'));
  const answered = await call('POST', `/api/consultations/${n}/answer`, { token: await login(answerer), body: { answer: '请看办事指南。' } });
  expect(answered.statusCode, answered.body).to.equal(200);
  const rated = await call('POST', '/api/evaluations', { token: await login(asker), body: { subject: { kind: 'consultation', id: n }, grade: 'very-dissatisfied', comment: '答复太简单，没有解决问题', channel: 'portal' } });
  expect(rated.statusCode, rated.body).to.equal(201);
  const id = rated.json().rectification.rectificationId as string;
  expect(id).to.match(/^ZG\d{10}$/);
  return id;
}
const post = async (username: string, id: string, action: string, body: Json) => call('POST', `/api/rectifications/${id}/${action}`, { token: await login(username), body });
const openTaskOf = (id: string, step: string) =>
  eventually(`the ${step} task of ${id}`, async () => (await platform().services.tasks.list({ caseNumber: id })).find((t) => t.step === step && ['created', 'assigned'].includes(t.state)));
const clockOf = (id: string, step: string, count = 1) =>
  eventually(`the ${step} clock of ${id}`, async () => {
    const all = (await platform().services.stepDeadlines.forCase(id)).filter((d) => d.step === step);
    return all.length >= count ? all.at(-1) : null;
  });

describe('bad-review rectification process (差评整改, seed 004 §37) on the engine clock', function () {
  this.timeout(180_000);

  it('a complex case: 5 working days across New Year’s Day, one extension with its reason told, cards when late, then the follow-up visit', async () => {
    const { services, clock } = platform();
    // 29 December 10:00 in Beijing, this year's or next year's if that has passed (the engine clock only moves forward)
    const now = await clock.now();
    let year = Number(new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 4));
    if (bj(`${year}-12-29T10:00`) <= now) year += 1;
    await clock.moveTo(bj(`${year}-12-29T10:00`));
    const id = await badReview('citizen.wang', 'CJRZ', 'dpf.reviewer');

    // every bad review starts the process: the handling unit contacts and verifies at once (1 working day)
    const verify = await openTaskOf(id, 'verify');
    expect(verify).to.include({ post: 'rectifier', unitCode: 'DEPT-DPF', caseKind: 'rectification', itemCode: 'CJRZ' });
    const entry = (await services.rectifications.get(id))!;
    expect(entry).to.include({ state: 'open', handlingUnit: 'DEPT-DPF', realName: true, reviewerUsername: 'citizen.wang' });
    expect(entry.processInstanceKey).to.be.a('string');
    expect((await clockOf(id, 'verify'))!.derivation).to.deep.include({ limit: { value: 1, unit: 'working-days' } });

    // another unit's staff may not verify it
    expect((await post('psb.reviewer', id, 'verify', { contact: '电话联系', finding: '核实', verdict: 'complex' })).statusCode).to.equal(403);
    const verified = await post('dpf.reviewer', id, 'verify', { contact: '当日电话联系评价人王先生', finding: '答复未列明材料，情况属实，需修订指南', verdict: 'complex' });
    expect(verified.statusCode, verified.body).to.equal(200);
    expect(verified.json()).to.include({ state: 'rectifying' });

    // complex: 5 working days, the start day not counted, New Year's Day and the weekend skipped
    const first = (await clockOf(id, 'rectify'))!;
    const derivation = first.derivation as { limit: unknown; skippedDays: { date: string; reason: string }[]; explanationZh: string[]; dueAt: string };
    expect(derivation.limit).to.deep.equal({ value: 5, unit: 'working-days' });
    expect(derivation.skippedDays.find((d) => d.date === `${year + 1}-01-01`)!.reason).to.include('元旦');
    if (year === 2026) {
      // worked by hand: Tue 29 Dec start (not counted); counted Wed 30, Thu 31 Dec; Fri 1 Jan 元旦, Sat 2, Sun 3 skipped;
      // counted Mon 4, Tue 5, Wed 6 January 2027 → due at the close of Wed 6 January
      expect(first.dueAt!.toISOString()).to.equal(bj('2027-01-06T17:30').toISOString());
    }
    // kept for the reader: the derivation as the deadline record states it
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'rectification-derivation.json'), JSON.stringify(first.derivation, null, 2));
    expect((await services.rectifications.get(id))!.dueAt!.toISOString()).to.equal(first.dueAt!.toISOString());

    await openTaskOf(id, 'rectify');
    // an extension: at most 5 working days, once, with a reason for the reviewer, counted on from the first due date
    expect((await post('dpf.reviewer', id, 'extend', { days: 6, reason: '需上级部门审定指南修订' })).json().code).to.equal('RECTIFICATION_EXTENSION_TOO_LONG');
    const extended = await post('dpf.reviewer', id, 'extend', { days: 3, reason: '办事指南修订需报市局审定' });
    expect(extended.statusCode, extended.body).to.equal(200);
    const second = (await clockOf(id, 'rectify', 2))!;
    const extDerivation = second.derivation as { start: string; limit: unknown };
    expect(extDerivation.limit).to.deep.equal({ value: 3, unit: 'working-days' });
    expect(new Date(extDerivation.start).toISOString(), 'counted on from the first due date').to.equal(first.dueAt!.toISOString());
    if (year === 2026) expect(second.dueAt!.toISOString(), 'Thu 7, Fri 8, Mon 11 January').to.equal(bj('2027-01-11T17:30').toISOString());
    const again = await post('dpf.reviewer', id, 'extend', { days: 1, reason: '还需要时间' });
    expect(again.statusCode).to.equal(409);
    expect(again.json().code).to.equal('RECTIFICATION_EXTENDED_ALREADY');
    const notice = await eventually('the reviewer’s notice of the extension', () => NoticeModel.findOne({ key: `rectification-extended:${id}` }).lean());
    expect(notice).to.include({ username: 'citizen.wang' });
    expect(notice!.text).to.include('办事指南修订需报市局审定');

    // nobody rectifies in time: warning, yellow and red cards on the rectify step, to the unit's queue
    const rectify = await openTaskOf(id, 'rectify');
    expect(rectify.deadlineId).to.equal(second.id);
    await clock.moveTo(minutes(second.redAt!, 1));
    const cards = await eventually('three cards on rectify', async () => {
      const all = (await services.escalation.cardsOf(id)).filter((c) => c.step === 'rectify');
      return all.length === 3 ? all : null;
    });
    expect(cards.map((c) => c.level).sort()).to.deep.equal(['red', 'warning', 'yellow']);
    for (const c of cards) expect(c).to.include({ caseKind: 'rectification', holder: 'rectifier:DEPT-DPF', heldByQueue: true });

    // rectified late: stored as late for supervision, and the reviewer follows it in the portal
    const done = await post('dpf.reviewer', id, 'rectify', { measures: '已修订办事指南，列明全部材料并电话告知评价人' });
    expect(done.statusCode, done.body).to.equal(200);
    expect(done.json()).to.include({ state: 'rectified', onTime: false, result: 'valid' });
    const mine = (await call('GET', '/api/rectifications/mine', { token: await login('citizen.wang') })).json().rectifications as Json[];
    const followed = mine.find((r) => r.rectificationId === id)!;
    expect(followed).to.include({ state: 'rectified' });
    expect((followed.extension as Json).reason).to.equal('办事指南修订需报市局审定');
    expect(followed.extension as Json, 'no staff name for the reviewer').to.not.have.property('by');

    // the 好差评 office visits; a real-name review must be reached
    await openTaskOf(id, 'visit');
    const office = (await call('GET', '/api/rectifications/office?which=follow-up', { token: await login('office.zhang') })).json().rectifications as Json[];
    expect(office.map((r) => r.rectificationId)).to.include(id);
    const unreached = await post('office.zhang', id, 'follow-up', { reached: false, note: '电话未接通' });
    expect(unreached.statusCode).to.equal(422);
    expect(unreached.json().code).to.equal('RECTIFICATION_FOLLOW_UP_REQUIRED');
    const visited = await post('office.zhang', id, 'follow-up', { reached: true, satisfied: true, note: '评价人对整改满意' });
    expect(visited.statusCode, visited.body).to.equal(200);
    expect(visited.json()).to.include({ state: 'followed-up' });
    await eventually('the follow-up step completed', async () => ((await services.tasks.list({ caseNumber: id })).every((t) => t.state === 'completed') ? true : null));

    const tally = (await call('GET', '/api/rectifications/tally', { token: await login('supervisor') })).json().units as Json[];
    const dpf = tally.find((u) => u.unitCode === 'DEPT-DPF')!;
    expect(dpf.late as number).to.be.at.least(1);
    const actions = (await auditEntries({ caseNumber: id })).map((e) => e.action);
    expect(actions).to.include.members(['rectification.verified', 'rectification.extended', 'rectification.done', 'rectification.followed-up']);
  });

  it('an invalid review goes to the 好差评 office: passed → 无效差评; failed → rectification within 5 working days', async () => {
    const { services } = platform();
    const passedId = await badReview('citizen.wang', 'JZZ', 'psb.reviewer');
    const failedId = await badReview('proxy.li', 'JZZ', 'psb.reviewer');
    for (const id of [passedId, failedId]) {
      await openTaskOf(id, 'verify');
      const v = await post('psb.approver', id, 'verify', { contact: '电话联系评价人', finding: '答复已列明材料，评价与事实不符', verdict: 'invalid', invalidKind: 'untrue' });
      expect(v.statusCode, v.body).to.equal(200);
      expect(v.json()).to.include({ state: 'recheck' });
      const recheck = await openTaskOf(id, 'recheck');
      expect(recheck).to.include({ post: 'review-office', unitCode: 'CITY-EZ' });
    }
    const requests = (await call('GET', '/api/rectifications/office?which=recheck', { token: await login('office.li') })).json().rectifications as Json[];
    expect(requests.map((r) => r.rectificationId)).to.include.members([passedId, failedId]);
    expect((await post('psb.approver', passedId, 'recheck', { passed: true, opinion: '本单位自行复核' })).statusCode, 'only the office checks').to.equal(403);

    const passed = await post('office.zhang', passedId, 'recheck', { passed: true, opinion: '核实材料齐全，差评不实，复核通过' });
    expect(passed.statusCode, passed.body).to.equal(200);
    expect(passed.json()).to.include({ state: 'invalid', result: 'invalid' });
    await eventually('the process ended: no open step', async () => ((await services.tasks.list({ caseNumber: passedId })).every((t) => t.state === 'completed') ? true : null));
    expect((await services.stepDeadlines.forCase(passedId)).some((d) => d.step === 'rectify'), 'no rectification').to.equal(false);

    const failed = await post('office.zhang', failedId, 'recheck', { passed: false, opinion: '答复确有遗漏，复核未通过，转入整改' });
    expect(failed.statusCode, failed.body).to.equal(200);
    expect(failed.json()).to.include({ state: 'rectifying' });
    await openTaskOf(failedId, 'rectify');
    expect(((await clockOf(failedId, 'rectify'))!.derivation as { limit: unknown }).limit).to.deep.equal({ value: 5, unit: 'working-days' });
    const unit = (await call('GET', '/api/rectifications/unit', { token: await login('psb.reviewer') })).json().rectifications as Json[];
    expect(unit.find((r) => r.rectificationId === failedId)).to.include({ state: 'rectifying' });
    expect(unit.map((r) => r.rectificationId)).to.not.include(passedId);
  });

  it('a clear matter is rectified at once (1 working day) and on time', async () => {
    const id = await badReview('proxy.li', 'CJRZ', 'dpf.reviewer');
    await openTaskOf(id, 'verify');
    expect((await post('dpf.reviewer', id, 'verify', { contact: '电话联系', finding: '答复遗漏地址', verdict: 'simple' })).statusCode).to.equal(200);
    expect(((await clockOf(id, 'rectify'))!.derivation as { limit: unknown }).limit).to.deep.equal({ value: 1, unit: 'working-days' });
    await openTaskOf(id, 'rectify');
    const done = await post('dpf.reviewer', id, 'rectify', { measures: '已补充办理地址并告知评价人' });
    expect(done.statusCode, done.body).to.equal(200);
    expect(done.json()).to.include({ state: 'rectified', onTime: true });
  });
});
