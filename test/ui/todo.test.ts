import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { AccountModel } from '../../domain/account/account.model.js';
import { DEMO_PASSWORD } from '../../domain/demo/demo-data.js';
import { call, login } from '../support/api.js';
import { ARTIFACTS, signIn, useBrowser } from '../support/browser.js';
import { platform, uniqueKey } from '../support/platform.js';
import { act, applicationWhere, eventually, fileApplication, openTask } from '../support/staff.js';

const base = () => `http://127.0.0.1:${platform().config.http.port}`;
const desk = { width: 1366, height: 900 };
const phone = { width: 390, height: 844 };

/** Signs in and waits for the app to leave the login page. */
async function enter(page: Page, username: string) {
  await signIn(page, username);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}
/** The to-do list on one tab, with the case's row on it. */
async function rowOf(page: Page, tab: 'mine' | 'queue', applicationNumber: string) {
  await page.click(`[data-testid=tab-${tab}]`);
  await page.click('[data-testid=todo-refresh]');
  const row = page.locator(`[data-testid=todo-row][data-case="${applicationNumber}"]`);
  await row.first().waitFor();
  return row.first();
}
/** Claims the case's task from the post queue and opens the case page from "my tasks". */
async function claimAndOpen(page: Page, applicationNumber: string, step: string) {
  const task = await openTask(applicationNumber, step);
  await page.goto(`${base()}/todo`);
  await rowOf(page, 'queue', applicationNumber);
  await page.click(`[data-testid="claim-${task.userTaskKey}"]`);
  await rowOf(page, 'mine', applicationNumber);
  await page.click(`[data-testid="open-${task.userTaskKey}"]`);
  await page.waitForURL(`**/cases/${applicationNumber}?task=*`);
  await page.waitForSelector(`[data-testid=step-form][data-form-id="gov-${step}"] .fjs-form`);
  return task;
}
const problemText = (page: Page) => page.locator('[data-testid=form-problem]').textContent();
// document.documentElement.scrollWidth, as the page reads it
const noWiderThanScreen = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);

describe('to-do list and case page in headless Chromium: window and department staff do their steps through the step forms', function () {
  this.timeout(240_000);
  const browser = useBrowser();

  it('window staff sees a filed case in the post queue with its card and time left, claims it, opens it and accepts it through the form', async () => {
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    await openTask(filed.applicationNumber, 'accept');
    // the scan of the ID card taken in at the window
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
    const boundary = '----todo-test-boundary';
    const uploaded = await platform().app.inject({
      method: 'POST', url: `/api/applications/${filed.applicationNumber}/files?material=${encodeURIComponent('居民身份证')}`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${await login('binhu.acceptor')}` },
      payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="id-card.png"\r\nContent-Type: image/png\r\n\r\n`), png, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    });
    expect(uploaded.statusCode, uploaded.body).to.equal(201);
    const page = await browser().newPage({ viewport: desk });
    await enter(page, 'binhu.acceptor');
    await page.getByRole('menuitem', { name: '待办' }).click();
    await page.waitForURL('**/todo');

    const row = page.locator('tr', { has: await rowOf(page, 'queue', filed.applicationNumber) });
    expect(await row.locator('[data-testid=time-left]').textContent()).to.match(/^剩余 (\d+ 小时( \d+ 分钟)?|\d+ 分钟)$/);
    expect(await row.locator('[data-card]').getAttribute('data-card')).to.be.oneOf(['none', 'warning', 'yellow', 'red']);
    expect(await row.textContent()).to.include('独生子女父母光荣证').and.include('受理');
    expect(await row.textContent(), 'the deadline in Beijing time').to.match(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await page.screenshot({ path: `${ARTIFACTS}/14-todo-queue-1366.png` });

    await claimAndOpen(page, filed.applicationNumber, 'accept');
    expect(await page.textContent('[data-testid=id-number]'), 'the ID number masked').to.equal('420***********1234');
    expect(await page.textContent('[data-testid=phone]')).to.equal('138****0000');
    expect(await page.content(), 'no full ID number anywhere on the page').to.not.include('420700199001011234');
    expect(await page.locator('[data-testid=case-materials] li').count()).to.equal(4);
    const link = page.locator('[data-testid=case-materials] li[data-material="居民身份证"] [data-testid=material-file]');
    expect(await link.textContent()).to.include('id-card.png');
    const [opened] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    await opened.waitForURL(/^blob:/);
    await opened.close();

    await page.getByRole('radio', { name: '受理', exact: true }).check();
    await page.screenshot({ path: `${ARTIFACTS}/14-todo-case-accept-1366.png`, fullPage: true });
    await page.click('[data-testid=form-submit]');
    await page.waitForSelector('[data-testid=step-done]');
    expect(await page.textContent('[data-testid=step-done]')).to.include('受理环节已完成');
    await page.waitForSelector('[data-testid=history-step][data-step=accept]');
    expect(await page.textContent('[data-testid=history-step][data-step=accept]')).to.include('受理').and.include('binhu.acceptor');
    await openTask(filed.applicationNumber, 'review');
    await page.close();
  });

  it('the not-accepted branch of the accept form sends every missing material at once (一次性告知)', async () => {
    const filed = await fileApplication('DSZN', 'COM-BINHU', { missing: ['结婚证'] });
    const page = await browser().newPage({ viewport: desk });
    await enter(page, 'binhu.acceptor');
    await claimAndOpen(page, filed.applicationNumber, 'accept');
    await page.getByRole('radio', { name: '不予受理（一次性告知补正材料）' }).check();
    // the window noted the marriage certificate as not brought: it is ticked already; the photo is added
    expect(await page.getByRole('checkbox', { name: /^结婚证/ }).isChecked()).to.equal(true);
    await page.getByRole('checkbox', { name: /^近期免冠一寸照片/ }).check();
    await page.click('[data-testid=form-submit]');
    await page.waitForSelector('[data-testid=step-done]');
    const app = await applicationWhere(filed.applicationNumber, 'the supplement notice', (a) => Boolean(a.supplementNotice));
    expect(app.supplementNotice!.missing).to.have.members(['结婚证', '近期免冠一寸照片']);
    await page.close();
  });

  it('department staff review and decide with the number confirmed (the server’s refusals shown on the page); the community closes with a proxy handover', async () => {
    // accepted at the window (the first test does that through the form)
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    await act(filed.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'accepted' });

    const reviewer = await browser().newPage({ viewport: desk });
    await enter(reviewer, 'health.reviewer');
    await claimAndOpen(reviewer, filed.applicationNumber, 'review');
    await reviewer.getByRole('radio', { name: '审查通过' }).check();
    await reviewer.getByLabel('审查意见（选填）').fill('材料齐全，符合条件');
    await reviewer.click('[data-testid=form-submit]');
    await reviewer.waitForSelector('[data-testid=step-done]');
    await reviewer.close();

    const decider = await browser().newPage({ viewport: desk });
    await enter(decider, 'health.decider');
    const decide = await claimAndOpen(decider, filed.applicationNumber, 'decide');
    const number = (await platform().services.applications.get(filed.applicationNumber)).documentNumber!;
    expect(await decider.textContent('[data-testid=step-form]'), 'the generated number shown in the form').to.include(number);
    expect(await decider.getByLabel('确认证书编号').inputValue()).to.equal(number);
    expect(await decider.textContent('[data-testid=history-step][data-step=review]')).to.include('材料齐全，符合条件');

    // a well-formed number that is not the case's: the server refuses it and says which one to confirm
    await decider.getByRole('radio', { name: '准予许可，核发证书' }).check();
    await decider.getByLabel('确认证书编号').fill('DSZN-2020-000000');
    await decider.click('[data-testid=form-submit]');
    await decider.waitForSelector('[data-testid=form-problem]');
    expect(await problemText(decider)).to.include(`应确认的证号为 ${number}，不是 DSZN-2020-000000`);
    await decider.screenshot({ path: `${ARTIFACTS}/14-todo-decide-refused-1366.png`, fullPage: true });

    // a form widened by a field the step does not take: the server still refuses it, naming the field in Chinese
    await decider.route('**/api/tasks/*/form', async (route) => {
      const res = await route.fetch();
      const form = await res.json() as { schema: { components: unknown[] } };
      form.schema.components.push({ type: 'textfield', key: 'priority', label: '优先级', id: 'extra_priority' });
      await route.fulfill({ response: res, json: form });
    });
    await decider.reload();
    await decider.waitForSelector('[data-testid=step-form][data-form-id=gov-decide] .fjs-form');
    await decider.getByRole('radio', { name: '准予许可，核发证书' }).check();
    await decider.getByLabel('优先级').fill('加急');
    await decider.click('[data-testid=form-submit]');
    await decider.waitForSelector('[data-testid=form-problem]');
    expect(await problemText(decider)).to.include('字段 priority 不是本环节接受的字段');
    await decider.locator('[data-testid=form-problem]').scrollIntoViewIfNeeded();
    await decider.screenshot({ path: `${ARTIFACTS}/14-todo-decide-extra-field-1366.png`, fullPage: true });
    // in English the same refusal reads in English
    await decider.click('[data-testid=lang]');
    await decider.click('[data-testid=form-submit]');
    await eventually('the English wording', async () => (await problemText(decider))?.includes('/priority is not an accepted field'));
    await decider.click('[data-testid=lang]');
    await decider.unroute('**/api/tasks/*/form');
    await decider.reload();
    await decider.waitForSelector('[data-testid=step-form][data-form-id=gov-decide] .fjs-form');
    await decider.getByRole('radio', { name: '准予许可，核发证书' }).check();
    await decider.click('[data-testid=form-submit]');
    await decider.waitForSelector('[data-testid=step-done]');
    expect((await platform().services.tasks.get(decide.userTaskKey)).result).to.deep.include({ documentNumberConfirmed: number });
    await decider.close();

    const closer = await browser().newPage({ viewport: desk });
    await enter(closer, 'binhu.closer');
    await claimAndOpen(closer, filed.applicationNumber, 'close');
    await closer.getByRole('radio', { name: '他人代领' }).check();
    await closer.getByLabel('代领人姓名').fill('王大明');
    await closer.screenshot({ path: `${ARTIFACTS}/14-todo-close-1366.png`, fullPage: true });
    await closer.click('[data-testid=form-submit]');
    await closer.waitForSelector('[data-testid=step-done]');
    const closed = await applicationWhere(filed.applicationNumber, 'the case to close', (a) => a.status === 'closed');
    expect(closed.outcome).to.equal('issued');
    await closer.waitForSelector('[data-testid=history-step][data-step=close]');
    expect(await closer.textContent('[data-testid=history-step][data-step=close]')).to.include('他人代领').and.include('王大明');
    await closer.close();
  });

  it('a second operator’s claim on a task already taken shows who has it, and the list is refreshed', async () => {
    const admin = await login('admin');
    const second = `binhu.${uniqueKey('s').replace(/[^a-z0-9]/g, '').slice(-8)}`;
    const made = await call('POST', '/api/accounts', { token: admin, body: { username: second, realName: '第二受理员', idNumber: '420700199707077777', phone: '13800007777', role: 'window-staff', unitCode: 'COM-BINHU', password: DEMO_PASSWORD } });
    expect(made.statusCode, made.body).to.equal(201);
    await AccountModel.updateOne({ username: second }, { $set: { 'activation.state': 'active', posts: ['acceptor'], mustChangePassword: false } });

    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const task = await openTask(filed.applicationNumber, 'accept');
    const first = await browser().newPage({ viewport: desk });
    const late = await browser().newPage({ viewport: desk });
    await enter(first, 'binhu.acceptor');
    await enter(late, second);
    for (const p of [first, late]) {
      await p.goto(`${base()}/todo`);
      await rowOf(p, 'queue', filed.applicationNumber);
    }
    await first.click(`[data-testid="claim-${task.userTaskKey}"]`);
    await rowOf(first, 'mine', filed.applicationNumber);
    // the late operator's list still shows the task as open
    await late.click(`[data-testid="claim-${task.userTaskKey}"]`);
    await late.waitForSelector('[data-testid=todo-conflict]');
    expect(await late.textContent('[data-testid=todo-conflict]')).to.include('已被 binhu.acceptor 认领');
    await eventually('the refreshed queue', async () => (await late.locator(`[data-testid="claim-${task.userTaskKey}"]`).count()) === 0);
    await late.screenshot({ path: `${ARTIFACTS}/14-todo-conflict-1366.png` });
    await first.close();
    await late.close();
  });

  it('shows the warning card once the engine clock passes the warning time, and marks practice cases', async () => {
    const { clock } = platform();
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const task = await openTask(filed.applicationNumber, 'accept');
    const page = await browser().newPage({ viewport: desk });
    await enter(page, 'binhu.acceptor');
    await page.goto(`${base()}/todo`);
    const row = page.locator('tr', { has: await rowOf(page, 'queue', filed.applicationNumber) });
    expect(await row.locator('[data-card]').getAttribute('data-card'), 'not yet warned').to.equal('none');
    // 10 minutes past the warning time (30 working minutes before the limit)
    await clock.moveTo(new Date(task.warningAt!.getTime() + 10 * 60_000));
    await page.click('[data-testid=todo-refresh]');
    await eventually('the warning card', async () => (await row.locator('[data-card]').getAttribute('data-card')) === 'warning');
    expect(await row.locator('[data-testid=card-tag]').textContent()).to.equal('预警');
    expect(await row.locator('[data-testid=time-left]').textContent()).to.match(/^剩余 \d+ 分钟$/);

    // a practice case filed now: marked 练习, and no card yet, so the card filter leaves it out
    const practice = await call('POST', '/api/applications', { token: await login('binhu.acceptor'), body: {
      itemCode: 'DSZN', practice: true, applicant: { type: 'individual', name: '练习申请人', idNumber: '420700199909099999', phone: '13900009999' },
      materials: [{ name: '居民身份证', provided: true }, { name: '户口簿', provided: true }, { name: '结婚证', provided: true }, { name: '近期免冠一寸照片', provided: true }],
    } });
    expect(practice.statusCode, practice.body).to.equal(201);
    const practiceNumber = practice.json().applicationNumber as string;
    await openTask(practiceNumber, 'accept');
    const practiceRow = await rowOf(page, 'queue', practiceNumber);
    expect(await practiceRow.locator('[data-testid=practice]').textContent()).to.equal('练习');
    await page.click('[data-testid=filter-card]');
    await page.getByRole('option', { name: '预警' }).click();
    await page.locator(`[data-testid=todo-row][data-case="${practiceNumber}"]`).waitFor({ state: 'detached' });
    expect(await page.locator(`[data-testid=todo-row][data-case="${filed.applicationNumber}"]`).count()).to.equal(1);
    await page.getByRole('option', { name: '预警' }).waitFor({ state: 'hidden' });
    await page.screenshot({ path: `${ARTIFACTS}/14-todo-warning-card-1366.png` });

    // past the limit a yellow card, and 30 working minutes later a red one
    await page.reload();
    const again = page.locator('tr', { has: await rowOf(page, 'queue', filed.applicationNumber) });
    for (const [at, card, words] of [[task.dueAt!, 'yellow', '黄牌'], [task.redAt!, 'red', '红牌']] as const) {
      await clock.moveTo(new Date(at.getTime() + 60_000));
      await page.click('[data-testid=todo-refresh]');
      await eventually(`the ${card} card`, async () => (await again.locator('[data-card]').getAttribute('data-card')) === card);
      expect(await again.locator('[data-testid=card-tag]').textContent()).to.equal(words);
      // a minute past the mark; no working minute yet if the mark fell at close of office
      expect(await again.locator('[data-testid=time-left]').textContent()).to.match(/^(已超时 \d+ (分钟|小时)|已到期)$/);
    }
    await page.screenshot({ path: `${ARTIFACTS}/14-todo-red-card-1366.png` });
    await page.close();
  });

  it('fits a 390 px phone: the list becomes cards, and the case page with its form stays within the screen', async () => {
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const task = await openTask(filed.applicationNumber, 'accept');
    const page = await browser().newPage({ viewport: phone, isMobile: true, hasTouch: true });
    await enter(page, 'binhu.acceptor');
    await page.goto(`${base()}/todo`);
    const card = await rowOf(page, 'queue', filed.applicationNumber);
    expect(await page.locator('[data-testid=todo-cards]').count(), 'cards, not a table').to.equal(1);
    expect(await page.locator('[data-testid=todo-table]').count()).to.equal(0);
    expect(await card.locator('[data-testid=time-left]').textContent()).to.match(/^(剩余|已超时)/);
    expect(await noWiderThanScreen(page)).to.be.at.most(390);
    await page.screenshot({ path: `${ARTIFACTS}/14-todo-390.png`, fullPage: true });

    await card.locator(`[data-testid="claim-${task.userTaskKey}"]`).click();
    await rowOf(page, 'mine', filed.applicationNumber);
    await page.goto(`${base()}/cases/${filed.applicationNumber}?task=${task.userTaskKey}`);
    await page.waitForSelector('[data-testid=step-form][data-form-id=gov-accept] .fjs-form');
    expect(await noWiderThanScreen(page)).to.be.at.most(390);
    expect(await page.textContent('[data-testid=id-number]')).to.equal('420***********1234');
    await page.screenshot({ path: `${ARTIFACTS}/14-todo-case-top-390.png` });
    await page.getByRole('radio', { name: '不予受理（一次性告知补正材料）' }).check();
    expect(await noWiderThanScreen(page)).to.be.at.most(390);
    await page.screenshot({ path: `${ARTIFACTS}/14-todo-case-390.png`, fullPage: true });
    await page.close();
  });
  it('a certificate requisition opens from the to-do list as a requisition, not as an application, and its step is done through its form', async () => {
    const filed = await call('POST', '/api/stock/requisitions', { token: await login('binhu.acceptor'), body: { certificateType: 'DSZN-CERT', quantity: 2 } });
    expect(filed.statusCode, filed.body).to.equal(201);
    const n = filed.json().requisitionNumber as string;
    const task = await openTask(n, 'answer');
    expect(task).to.include({ caseNumber: n, caseKind: 'requisition' });

    const page = await browser().newPage({ viewport: desk });
    await enter(page, 'health.issuer');
    await page.goto(`${base()}/todo`);
    const row = await rowOf(page, 'queue', n);
    expect(await row.getAttribute('data-kind')).to.equal('requisition');
    const tableRow = page.locator('[data-testid=todo-table] .el-table__row', { has: row });
    expect(await tableRow.locator('[data-testid=case-kind]').textContent()).to.equal('证件申领');
    expect(await tableRow.textContent(), 'the item column says what it is').to.include('证件申领');
    await page.screenshot({ path: `${ARTIFACTS}/14-todo-requisition-1366.png` });

    await page.click(`[data-testid="claim-${task.userTaskKey}"]`);
    await rowOf(page, 'mine', n);
    await page.click(`[data-testid="open-${task.userTaskKey}"]`);
    await page.waitForURL(`**/cases/${n}?task=*`);
    await page.waitForSelector('[data-testid=step-form][data-form-id=gov-answer] .fjs-form');
    expect(await page.textContent('[data-testid=case-number]')).to.equal(`证件申领 ${n}`);
    expect(await page.getAttribute('[data-testid=case-number]', 'data-kind')).to.equal('requisition');
    expect(await page.locator('[data-testid=case-detail]').count(), 'no application details for a requisition').to.equal(0);
    expect(await page.textContent('[data-testid=case-page]')).to.not.include('办件');
    await page.screenshot({ path: `${ARTIFACTS}/14-case-requisition-1366.png`, fullPage: true });

    await page.setViewportSize(phone);
    expect(await noWiderThanScreen(page)).to.be.at.most(390);
    await page.screenshot({ path: `${ARTIFACTS}/14-case-requisition-390.png`, fullPage: true });
    await page.getByRole('radio', { name: '可以发放（请社区携上期档案前来交换）' }).check();
    await page.click('[data-testid=form-submit]');
    await page.waitForSelector('[data-testid=step-done]');
    expect(await page.textContent('[data-testid=step-done]')).to.include('环节已完成');
    const auditor = await login('auditor');
    await eventually('the requisition answered', async () => (await call('GET', `/api/stock/requisitions/${n}`, { token: auditor })).json().status === 'exchanging');
    await page.close();
  });
});
