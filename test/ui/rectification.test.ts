import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { call, login } from '../support/api.js';
import { ARTIFACTS, useBrowser } from '../support/browser.js';
import { platform } from '../support/platform.js';
import { eventually } from '../support/staff.js';
import { appUrl, enter, overflow, settled } from '../support/ui.js';

async function shot(page: Page, name: string) {
  await settled(page);
  await page.screenshot({ path: `${ARTIFACTS}/16-rectification-${name}.png`, fullPage: true });
}
const phone = { viewport: { width: 390, height: 844 } };
const stepOpen = (id: string, step: string) =>
  eventually(`the ${step} step of ${id}`, async () => (await platform().services.tasks.list({ caseNumber: id })).find((t) => t.step === step && ['created', 'assigned'].includes(t.state)));

describe('bad-review rectification in headless Chromium (差评整改, seed 004 §37)', function () {
  this.timeout(240_000);
  const browser = useBrowser();

  it('at 390 px a citizen gives a bad review and follows it; the unit verifies, extends with a reason and rectifies; the office visits', async () => {
    // an answered consultation of the disabled persons' federation
    const question = `残疾人证换领要带什么？（${Date.now().toString(36)}）`;
    const asked = await call('POST', '/api/consultations', { token: await login('citizen.wang'), body: { itemCode: 'CJRZ', question } });
    const n = asked.json().consultationNumber as string;
    await eventually('the answer step', async () => (await platform().services.tasks.list({ caseNumber: n })).find((t) => t.step === 'reply'));
    expect((await call('POST', `/api/consultations/${n}/answer`, { token: await login('dpf.reviewer'), body: { answer: '请到窗口办理。' } })).statusCode).to.equal(200);

    // the citizen rates the answer 非常不满意 in 我的咨询 and sees the rectification start
    const citizen = await (await browser().newContext(phone)).newPage();
    await enter(citizen, 'citizen.wang');
    await citizen.goto(appUrl('/consult'));
    const row = citizen.locator('[data-testid=consult-row]', { hasText: question });
    await row.waitFor();
    await row.getByRole('radio', { name: '非常不满意' }).click();
    await row.getByLabel('评价意见').fill('答复只有一句话，没说要带什么材料');
    await row.locator('[data-testid=rating-submit]').click();
    const progress = row.locator('[data-testid=rectification-progress]');
    await progress.waitFor();
    expect(await progress.getAttribute('data-state')).to.equal('open');
    expect(await progress.innerText()).to.include('差评整改进度').and.include('差评已转办理单位');
    expect(await overflow(citizen), 'nothing wider than the phone').to.be.at.most(0);
    await progress.scrollIntoViewIfNeeded();
    await shot(citizen, 'reviewer-opened-390');
    const id = (await platform().services.rectifications.mine('citizen.wang')).find((r) => r.subject.id === n)!.rectificationId;

    // the unit's staff member: the to-do list leads to the rectification page, where the case has its verify form
    const staff = await (await browser().newContext(phone)).newPage();
    await enter(staff, 'dpf.reviewer');
    await stepOpen(id, 'verify');
    await staff.goto(appUrl('/todo'));
    const link = staff.locator('[data-testid=rectification-todo-link]');
    await link.waitFor();
    expect(await link.innerText()).to.include('差评待整改');
    await shot(staff, 'todo-link-390');
    await link.getByRole('link', { name: '去办理' }).click();
    await staff.waitForURL(/\/rectifications$/);
    const card = staff.locator(`[data-testid=rectification-row][data-id="${id}"]`);
    await card.waitFor();
    expect(await card.innerText()).to.include('待联系核实').and.include('答复只有一句话').and.include('实名');
    await card.getByLabel('联系评价人情况').fill('当日电话联系王先生，说明将补充答复');
    await card.getByLabel('核实情况').fill('答复未列明材料，诉求合理；需修订答复模板');
    await card.getByText('情况复杂，5个工作日内办结').click();
    expect(await overflow(staff)).to.be.at.most(0);
    await shot(staff, 'verify-390');
    await card.locator('[data-testid=verify-submit]').click();
    await staff.getByText(`已提交核实结论 ${id}`).waitFor();

    // rectifying: one extension with a reason for the reviewer, then the measures
    await stepOpen(id, 'rectify');
    await staff.reload();
    await card.locator('[data-testid=rectify-form]').waitFor();
    expect(await card.innerText()).to.include('整改中').and.include('整改时限');
    await card.locator('[data-testid=extend-open]').click();
    await card.getByLabel('延期理由（将告知评价人）').fill('答复模板修订需报市残联审定');
    await shot(staff, 'extend-390');
    await card.locator('[data-testid=extend-submit]').click();
    await staff.getByText(`已延期 ${id}`).waitFor();
    await stepOpen(id, 'rectify');
    await eventually('the extended limit', async () => ((await platform().services.stepDeadlines.forCase(id)).filter((d) => d.step === 'rectify').length === 2 ? true : null));
    await staff.reload();
    await card.locator('[data-testid=rectify-form]').waitFor();
    expect(await card.locator('[data-testid=extend-open]').count(), 'one extension only').to.equal(0);
    expect(await card.innerText()).to.include('已延期 3 个工作日：答复模板修订需报市残联审定');

    // the reviewer reads the reason in the portal
    await citizen.reload();
    await progress.waitFor();
    expect(await progress.getAttribute('data-state')).to.equal('rectifying');
    expect(await progress.innerText()).to.include('延期 3 个工作日，理由：答复模板修订需报市残联审定').and.include('整改时限');
    await progress.scrollIntoViewIfNeeded();
    await shot(citizen, 'reviewer-extended-390');

    await card.getByLabel('整改措施').fill('已补充答复全部材料清单，并修订咨询答复模板');
    await card.locator('[data-testid=rectify-submit]').click();
    await staff.getByText(`已整改 ${id}`).waitFor();
    await card.waitFor({ state: 'detached' });

    // the 好差评 office records the follow-up visit
    await stepOpen(id, 'visit');
    const office = await (await browser().newContext(phone)).newPage();
    await enter(office, 'office.zhang');
    await office.goto(appUrl('/rectifications/office'));
    await office.getByText('回访', { exact: true }).click();
    const visit = office.locator(`[data-testid=office-row][data-id="${id}"]`);
    await visit.waitFor();
    expect(await visit.innerText()).to.include('实名差评须回访到评价人本人').and.include('已补充答复全部材料清单');
    await visit.getByLabel('回访记录').fill('电话回访王先生，对整改满意');
    expect(await overflow(office)).to.be.at.most(0);
    await shot(office, 'visit-390');
    await visit.locator('[data-testid=visit-submit]').click();
    await office.getByText(`已记录回访 ${id}`).waitFor();

    await citizen.reload();
    await progress.waitFor();
    expect(await progress.getAttribute('data-state')).to.equal('followed-up');
    expect(await progress.innerText()).to.include('已整改').and.include('已回访');
    await progress.scrollIntoViewIfNeeded();
    await shot(citizen, 'reviewer-closed-390');
  });

  it('at 1366 px the 好差评 office decides an invalid-review request', async () => {
    const asked = await call('POST', '/api/consultations', { token: await login('proxy.li'), body: { itemCode: 'CJRZ', question: `残疾人证可以邮寄吗？（${Date.now().toString(36)}）` } });
    const n = asked.json().consultationNumber as string;
    await eventually('the answer step', async () => (await platform().services.tasks.list({ caseNumber: n })).find((t) => t.step === 'reply'));
    await call('POST', `/api/consultations/${n}/answer`, { token: await login('dpf.reviewer'), body: { answer: '可以，申请时选择邮寄。' } });
    const rated = await call('POST', '/api/evaluations', { token: await login('proxy.li'), body: { subject: { kind: 'consultation', id: n }, grade: 'dissatisfied', comment: '点错了', channel: 'portal' } });
    const id = rated.json().rectification.rectificationId as string;
    await stepOpen(id, 'verify');
    expect((await call('POST', `/api/rectifications/${id}/verify`, { token: await login('dpf.reviewer'), body: { contact: '电话联系代办员李先生', finding: '评价人称误点了不满意', verdict: 'invalid', invalidKind: 'mistaken' } })).statusCode).to.equal(200);
    await stepOpen(id, 'recheck');

    const office = await browser().newPage({ viewport: { width: 1366, height: 900 } });
    await enter(office, 'office.li');
    await office.goto(appUrl('/rectifications/office'));
    const row = office.locator(`[data-testid=office-row][data-id="${id}"]`);
    await row.waitFor();
    expect(await row.innerText()).to.include('无效差评待复核').and.include('误评').and.include('评价人称误点了不满意');
    await row.getByText('复核通过（标记为无效差评）').click();
    await row.getByRole('textbox', { name: '复核意见' }).fill('经电话核实确为误评，复核通过');
    await shot(office, 'recheck-1366');
    await row.locator('[data-testid=recheck-submit]').click();
    await office.getByText(`已复核 ${id}`).waitFor();
    await row.waitFor({ state: 'detached' });
    expect((await platform().services.rectifications.get(id))).to.include({ state: 'invalid', result: 'invalid' });
  });
});
