/// <reference lib="dom" />
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { ServiceItemInput } from '../../domain/service-item/service-item.schema.js';
import { call, login } from '../support/api.js';
import { ARTIFACTS, signIn, useBrowser } from '../support/browser.js';
import { platform, uniqueKey } from '../support/platform.js';
import { act, applicationWhere, eventually, fileApplication, openTask, operator } from '../support/staff.js';

type Json = Record<string, unknown>;
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1366, height: 900 };
const person = { type: 'individual', name: '练习申请人', idNumber: '420700199909099999', phone: '13900009999' };
const lnydMaterials = [{ name: '居民身份证', provided: true }, { name: '近期免冠一寸照片', provided: true }];
const fresh = (prefix: string) => `${prefix}${uniqueKey('x').replace(/[^a-z0-9]/g, '').slice(-9)}`;

/** Logs in through the form and waits for the page the role lands on. */
async function enter(page: Page, username: string, landing: string) {
  await signIn(page, username);
  await page.waitForSelector(landing);
}

// what the tests read in the page (the test code has no DOM types of its own)
interface Dom {
  document: { getAnimations(): { playState: string }[]; documentElement: { scrollWidth: number }; querySelector(s: string): { scrollWidth: number; clientWidth: number } | null };
  innerWidth: number;
  sessionStorage: { clear(): void };
}

/** Waits until dialogs and tags have finished appearing, so what is measured and saved is what a user sees. */
const settle = (page: Page) => page.waitForFunction(() => (globalThis as unknown as Dom).document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: 5_000 });

async function snap(page: Page, name: string, fullPage = false) {
  await settle(page);
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage });
}

/** Picks an option of an Element Plus select by its visible text. */
async function choose(page: Page, testid: string, text: string) {
  await page.locator(`[data-testid=${testid}]`).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
  // the list closes before the next one opens, so an option is never taken from a closing list
  await page.locator('.el-select__popper:visible').waitFor({ state: 'detached' });
}

/** The text box of an Element Plus input, whichever element carries the test id. */
const field = (page: Page, testid: string) => page.locator(`input[data-testid=${testid}], [data-testid=${testid}] input`).first();

/** Nothing wider than the screen: neither the page nor the main area scrolls sideways. */
async function fitsScreen(page: Page, what: string) {
  await settle(page);
  const sizes = await page.evaluate(() => {
    const { document, innerWidth } = globalThis as unknown as Dom;
    const main = document.querySelector('.shell-main')!;
    return { page: document.documentElement.scrollWidth, screen: innerWidth, main: main.scrollWidth, mainBox: main.clientWidth };
  });
  expect(sizes.page, `${what}: the page is wider than the screen`).to.be.at.most(sizes.screen);
  expect(sizes.main, `${what}: the main area scrolls sideways`).to.be.at.most(sizes.mainBox);
}

/** A practice case the newcomer accepts and closes, the department's operators doing review and decision (seed 000 §19). */
async function practiseNewcomer(username: string) {
  const window = await login('binhu.acceptor');
  const filed = await call('POST', '/api/applications', { token: window, body: { itemCode: 'LNYD', applicant: person, materials: lnydMaterials, practice: true } });
  expect(filed.statusCode, filed.body).to.equal(201);
  const number = filed.json().applicationNumber as string;
  await act(number, 'accept', username, { decision: 'accepted' });
  await act(number, 'review', 'civil.reviewer', { decision: 'approved' });
  await act(number, 'decide', 'civil.decider', { decision: 'approved' });
  await act(number, 'close', username, { handover: 'in-person' });
  await applicationWhere(number, 'the practice case to close', (a) => a.status === 'closed');
  return number;
}

function testItem(code: string): ServiceItemInput {
  return {
    code, name: `界面测试事项${code}`, legalBasis: '《测试事项管理办法》第三条', category: 'online-application', handlingMode: 'direct',
    conditions: ['本市户籍居民'], materials: [{ name: '居民身份证', form: 'original-and-copy', count: 1, required: true }],
    stepLimits: { accept: { value: 4, unit: 'working-hours' }, approve: { value: 10, unit: 'working-days' }, verify: { value: 2, unit: 'working-days' }, issue: { value: 2, unit: 'working-days' } },
    totalLimit: { value: 20, unit: 'working-days' }, departmentCode: 'DEPT-HEALTH', fees: '不收费', result: '核发测试证明', certificateType: 'TEST-CERT',
    processId: 'online-application', deemedApproval: false,
  };
}

describe('leader, administrator and service office pages in headless Chromium', function () {
  this.timeout(300_000);
  const browser = useBrowser();

  it('a leader approves the newcomer after the practice case, hands a task to the backup, and reads the workload and cards', async () => {
    const { services, clock } = platform();
    const practice = await practiseNewcomer('binhu.newcomer');
    expect((await call('POST', '/api/accounts/binhu.newcomer/practice', { token: await login('binhu.newcomer'), body: { applicationNumber: practice } })).statusCode).to.equal(204);

    // a second acceptor in the unit, named as binhu.acceptor's backup (AB 岗)
    const backup = fresh('binhu.b');
    await services.accounts.register({ username: backup, realName: '后备受理员', idNumber: '420700199808088888', phone: '13800008888', role: 'window-staff', unitCode: 'COM-BINHU', password: 'Init#2026a' },
      'admin', new Date(), { activated: true, posts: ['acceptor'], mustChangePassword: false });
    expect((await call('PUT', '/api/units/COM-BINHU/backups', { token: await login('binhu.leader'), body: { post: 'acceptor', primary: 'binhu.acceptor', backup } })).statusCode).to.equal(204);
    // a case whose accept task binhu.acceptor took, and which passed its warning time
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const task = await openTask(filed.applicationNumber, 'accept');
    await services.tasks.claim(task.userTaskKey, await operator('binhu.acceptor'));
    await clock.moveTo(new Date(task.warningAt!.getTime() + 60_000));

    const page = await browser().newPage({ viewport: DESK });
    await enter(page, 'binhu.leader', '[data-testid=leader]');
    expect(new URL(page.url()).pathname, 'a leader lands on the unit page').to.equal('/leader');
    expect(await page.getByRole('menuitem', { name: '本单位管理' }).count()).to.equal(1);

    // 激活审批
    const card = page.locator('[data-testid="activation-binhu.newcomer"]');
    await card.waitFor();
    expect(await card.locator('[data-testid=activation-state]').textContent()).to.equal('已完成练习，待审批');
    expect(await card.textContent()).to.include(practice);
    await snap(page, `14-leader-activation`);
    await card.getByRole('button', { name: '批准激活' }).click();
    await page.locator('.el-message-box').getByRole('button', { name: '批准激活' }).click();
    await eventually('the approval on screen', async () => (await card.locator('[data-testid=activation-state]').textContent()) === '已批准，待分配岗位');
    expect((await services.accounts.get('binhu.newcomer')).activation?.state).to.equal('approved');

    // AB 岗: the task goes to the backup, with a reason
    await page.locator('[data-testid=tab-handover]').click();
    const row = page.locator('[data-testid=unit-tasks] tr', { has: page.locator(`[data-case="${filed.applicationNumber}"]`) });
    expect(await row.locator('[data-testid=task-holder]').textContent()).to.include('binhu.acceptor');
    expect(await row.locator('[data-mark]').getAttribute('data-mark'), 'past its warning time').to.equal('warning');
    await row.getByRole('button', { name: '转交' }).click();
    const dialog = page.locator('[data-testid=handover-dialog]');
    await dialog.waitFor();
    expect(await dialog.locator('[data-testid=handover-to]').textContent(), 'the named backup is proposed').to.include(backup).and.include('B 岗');
    await dialog.getByRole('button', { name: '转交' }).click();
    expect(await dialog.locator('[data-testid=handover-error]').textContent(), 'no reason, no handover').to.include('转交原因');
    await dialog.locator('textarea[name=reason]').fill('原受理员外出培训');
    await snap(page, `14-leader-handover`);
    await dialog.getByRole('button', { name: '转交' }).click();
    await eventually('the new holder on screen', async () => (await row.locator('[data-testid=task-holder]').textContent())?.includes(backup));
    const moved = await services.tasks.get(task.userTaskKey);
    expect(moved.assignee).to.equal(backup);
    expect(moved.handovers?.at(-1)).to.include({ from: 'binhu.acceptor', to: backup, reason: '原受理员外出培训', by: 'binhu.leader' });

    // workload and cards: the backup now holds a task past its warning
    await page.locator('[data-testid=tab-workload]').click();
    await page.waitForSelector('[data-testid=workload-chart]:not([data-drawn="0"]) canvas');
    const backupRow = page.locator('[data-testid=workload-table] tr', { has: page.locator(`[data-holder="${backup}"]`) });
    const cells = (await backupRow.locator('td').allTextContents()).map((s) => s.trim());
    expect(cells.slice(0, 4), 'post, holder, open, warning').to.deep.equal(['受理', '后备受理员', '1', '1']);
    const warnings = Number((await page.locator('[data-total=warning]').textContent())!.replace(/\D/g, ''));
    expect(warnings).to.be.at.least(1);
    await snap(page, `14-leader-workload`, true);
    await page.close();

    // at 390 px each tab fits the screen
    const phone = await browser().newPage({ viewport: PHONE });
    await enter(phone, 'binhu.leader', '[data-testid=leader]');
    for (const tab of ['activation', 'handover', 'workload']) {
      await phone.locator(`[data-testid=tab-${tab}]`).click();
      await phone.waitForTimeout(300);
      if (tab === 'workload') await phone.waitForSelector('[data-testid=workload-chart]:not([data-drawn="0"]) canvas');
      await fitsScreen(phone, `leader ${tab}`);
      await snap(phone, `14-leader-390-${tab}`, true);
    }
    await phone.locator('[data-testid=tab-handover]').click();
    await phone.locator(`[data-case="${filed.applicationNumber}"]`).getByRole('button', { name: '转交' }).click();
    await phone.locator('[data-testid=handover-dialog]').waitFor();
    await fitsScreen(phone, 'leader handover dialog');
    await snap(phone, `14-leader-390-dialog`);
    await phone.close();
  });

  it('an administrator registers an account, assigns and withdraws posts, resets the password; the user logs in with it and must change it', async () => {
    const { services } = platform();
    const username = fresh('ui.');
    const page = await browser().newPage({ viewport: DESK });
    await enter(page, 'admin', '[data-testid=admin-accounts]');
    expect(new URL(page.url()).pathname).to.equal('/admin/accounts');
    expect(await page.getByRole('menuitem', { name: '账号管理' }).count()).to.equal(1);
    // the list shows masked ID numbers only
    await field(page, 'account-search').fill('binhu.acceptor');
    const acceptorRow = page.locator('[data-testid=account-list] tr', { has: page.locator('[data-username="binhu.acceptor"]') });
    expect(await acceptorRow.textContent()).to.match(/420\*+\d{4}/);

    // register
    await page.locator('[data-testid=register-open]').click();
    const form = page.locator('[data-testid=register-form]');
    await form.locator('input[name=username]').fill(username);
    await form.locator('input[name=realName]').fill('界面新员工');
    await form.locator('input[name=idNumber]').fill('420700199202023333');
    await form.locator('input[name=phone]').fill('13800004444');
    await choose(page, 'register-role', '部门办事员');
    await choose(page, 'register-unit', '区民政局');
    await form.locator('input[name=password]').fill('Init#2026a');
    await snap(page, `14-admin-register`);
    await page.locator('[data-testid=register-submit]').click();
    const row = page.locator('[data-testid=account-list] tr', { has: page.locator(`[data-username="${username}"]`) });
    await row.waitFor();
    expect(await row.locator('[data-testid=account-activation]').textContent()).to.equal('待练习');
    expect(await row.textContent()).to.match(/420\*{11}3333/).and.include('区民政局');

    // posts are refused before the department approved: the platform's reason is on screen
    await row.locator('[data-testid=manage-posts]').click();
    const posts = page.locator('[data-testid=posts-dialog]');
    await posts.locator('[data-testid=assign-posts] label', { hasText: '审查' }).click();
    await posts.locator('[data-testid=assign-submit]').click();
    expect(await posts.locator('[data-testid=posts-error]').textContent()).to.include('须先经业务部门审核通过，才能分配岗位');
    await snap(page, `14-admin-posts-refused`);
    await posts.getByRole('button', { name: '取消' }).click();

    // the department's part: a practice case in DEPT-CIVIL and the leader's approval
    const window = await login('binhu.acceptor');
    const filed = (await call('POST', '/api/applications', { token: window, body: { itemCode: 'LNYD', applicant: person, materials: lnydMaterials, practice: true } })).json();
    await act(filed.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'accepted' });
    await act(filed.applicationNumber, 'review', username, { decision: 'approved' });
    await act(filed.applicationNumber, 'decide', 'civil.decider', { decision: 'approved' });
    await act(filed.applicationNumber, 'close', 'binhu.closer', { handover: 'in-person' });
    await applicationWhere(filed.applicationNumber, 'the practice case to close', (a) => a.status === 'closed');
    // the newcomer cannot call the API before changing the initial password: the record goes in directly
    await services.accounts.recordPractice(username, filed.applicationNumber);
    expect((await call('POST', `/api/accounts/${username}/approve`, { token: await login('civil.leader') })).statusCode).to.equal(204);

    await page.getByRole('button', { name: '刷新' }).click();
    await eventually('the approval in the list', async () => (await row.locator('[data-testid=account-activation]').textContent()) === '待分配岗位');
    await row.locator('[data-testid=manage-posts]').click();
    await posts.locator('[data-testid=assign-posts] label', { hasText: '审查' }).click();
    await posts.locator('[data-testid=assign-posts] label', { hasText: '决定' }).click();
    await posts.locator('[data-testid=assign-submit]').click();
    await eventually('the posts in the dialog', async () => (await posts.locator('[data-testid=current-posts] [data-post]').count()) === 2);
    expect(await posts.locator('[data-testid=posts-activation]').textContent()).to.equal('已激活');
    // withdraw one again
    await posts.locator('[data-post=decider] .el-tag__close').click();
    await page.locator('.el-message-box').getByRole('button', { name: '撤销' }).click();
    await eventually('the post withdrawn', async () => (await posts.locator('[data-testid=current-posts] [data-post]').count()) === 1);
    await snap(page, `14-admin-posts`);
    await posts.getByRole('button', { name: '取消' }).click();
    expect(await row.locator('[data-testid=account-post]').allTextContents()).to.deep.equal(['审查']);
    expect((await services.accounts.get(username)).posts).to.deep.equal(['reviewer']);

    // reset: the one-time password is shown once
    await row.locator('[data-testid=reset-password]').click();
    await page.locator('.el-message-box').getByRole('button', { name: '重置密码' }).click();
    const otp = (await page.locator('[data-testid=one-time-password]').textContent())!.trim();
    expect(otp).to.have.length.of.at.least(12);
    await snap(page, `14-admin-reset`);
    await page.locator('[data-testid=reset-close]').click();
    // gone once the dialog is closed: it is shown this once
    await page.locator('[data-testid=one-time-password]').waitFor({ state: 'detached' });

    // AB 岗 of a unit: the new reviewer backs up civil.reviewer
    await page.locator('[data-testid=tab-backups]').click();
    await choose(page, 'backups-unit', '区民政局');
    await choose(page, 'backup-post', '审查');
    await choose(page, 'backup-primary', 'civil.reviewer');
    await choose(page, 'backup-backup', username);
    await page.locator('[data-testid=backup-save]').click();
    await eventually('the backup listed', async () => (await page.locator('[data-testid=backups-list]').textContent())?.includes(username));
    expect(await services.accounts.backupOf('DEPT-CIVIL', 'reviewer', 'civil.reviewer')).to.equal(username);
    await snap(page, `14-admin-backups`);
    await page.close();

    // the user logs in with the one-time password and is sent to change it
    const user = await browser().newPage({ viewport: PHONE });
    await user.goto(`http://127.0.0.1:${platform().config.http.port}/`);
    await user.fill('input[name=username]', username);
    await user.fill('input[name=password]', otp);
    await user.click('form[data-testid=login-form] button[type=submit]');
    await user.waitForSelector('[data-testid=must-change]');
    expect(new URL(user.url()).pathname).to.equal('/password');
    await snap(user, `14-admin-user-must-change`);
    await user.fill('input[name=currentPassword]', otp);
    await user.fill('input[name=newPassword]', 'Mine#2026d');
    await user.fill('input[name=repeat]', 'Mine#2026d');
    await user.click('form[data-testid=password-form] button[type=submit]');
    await user.waitForSelector('[data-testid=login-ended]');
    await user.fill('input[name=username]', username);
    await user.fill('input[name=password]', 'Mine#2026d');
    await user.click('form[data-testid=login-form] button[type=submit]');
    await eventually('logged in with the new password', async () => (await user.locator('[data-testid=who]').textContent())?.includes('界面新员工'));
    await user.close();

    // at 390 px the list and the dialogs fit the screen
    const phone = await browser().newPage({ viewport: PHONE });
    await enter(phone, 'admin', '[data-testid=admin-accounts]');
    await field(phone, 'account-search').fill(username);
    await phone.locator(`[data-testid=account-list] [data-username="${username}"]`).waitFor();
    await fitsScreen(phone, 'admin accounts');
    await snap(phone, `14-admin-390-accounts`, true);
    await phone.locator('[data-testid=register-open]').click();
    await phone.locator('[data-testid=register-form]').waitFor();
    await fitsScreen(phone, 'admin register dialog');
    await snap(phone, `14-admin-390-register`);
    await phone.keyboard.press('Escape');
    await phone.locator('[data-testid=tab-backups]').click();
    await choose(phone, 'backups-unit', '区民政局');
    await phone.locator('[data-testid=backups-list]').waitFor();
    await fitsScreen(phone, 'admin backups');
    await snap(phone, `14-admin-390-backups`, true);
    await phone.close();
  });

  it('office.zhang approves a change a business owner proposed; the proposer’s own approval is refused on screen', async () => {
    // a fresh item, opened by the four-eyes path through the API
    const code = `UI${Date.now().toString(36).toUpperCase()}`;
    const opening = (await call('POST', `/api/items/${code}/change-requests`, { token: await login('owner.health'), body: { kind: 'open', reason: '界面测试开通', item: testItem(code) } })).json();
    expect((await call('POST', `/api/change-requests/${opening.requestId}/approve`, { token: await login('office.li'), body: {} })).statusCode).to.equal(200);

    // the business owner proposes a change of the fees
    const owner = await browser().newPage({ viewport: DESK });
    await enter(owner, 'owner.health', '[data-testid=process-list]');
    await owner.getByRole('menuitem', { name: '事项管理' }).click();
    await field(owner, 'item-search').fill(code);
    await owner.locator(`[data-testid=item-list] [data-code="${code}"]`).click();
    await owner.locator('[data-testid=propose-open]').click();
    const propose = owner.locator('[data-testid=propose-dialog]');
    expect(await propose.locator('[data-testid=propose-kind] .is-active').textContent()).to.include('变更');
    await propose.locator('textarea[name=reason]').fill('减免工本费，便民利民');
    await propose.locator('input[name=fees]').fill('免费');
    await snap(owner, `14-office-propose`);
    await propose.locator('[data-testid=propose-submit]').click();
    await owner.locator('.note', { hasText: '待审核的变更申请' }).waitFor();
    await owner.locator('[data-testid=tab-requests]').click();
    const ownersView = owner.locator('[data-testid=requests] [data-status=pending]');
    await ownersView.waitFor();
    expect(await owner.locator('[data-testid=approve]').count(), 'a business owner does not decide').to.equal(0);
    expect(await ownersView.textContent()).to.include('收费标准');
    const requestId = (await ownersView.getAttribute('data-request'))!;
    await owner.close();

    // office.zhang, another person, approves it from the inbox
    const zhang = await browser().newPage({ viewport: DESK });
    await enter(zhang, 'office.zhang', '[data-testid=nav]');
    // the service office lands on its items (the business owner above on the process models)
    await zhang.locator('[data-testid=item-list]').waitFor();
    expect(new URL(zhang.url()).pathname).to.equal('/office/items');
    await zhang.locator(`[data-testid=inbox] [data-request="${requestId}"]`).click();
    const request = zhang.locator(`[data-testid=requests] [data-request="${requestId}"]`);
    await request.locator('[data-testid=approve]').click();
    await zhang.locator('[data-testid=decide-dialog] textarea[name=comment]').fill('同意减免');
    await zhang.locator('[data-testid=decide-submit]').click();
    await eventually('the approval on screen', async () => (await request.locator('[data-testid=request-status]').textContent()) === '已批准');
    expect(await request.textContent()).to.include('office.zhang').and.include('同意减免');
    expect(await zhang.locator('[data-testid=item-version]').textContent()).to.equal('现行版本 v2');
    await zhang.locator('[data-testid=tab-versions]').click();
    const v2 = zhang.locator('[data-testid=versions] [data-version="2"]');
    expect(await v2.textContent()).to.include('现行').and.include('免费').and.include(requestId);
    await snap(zhang, `14-office-approved`, true);

    // office.li proposes a suspension and tries to approve it: the platform refuses, and the screen says why
    const li = await browser().newPage({ viewport: DESK });
    await enter(li, 'office.li', '[data-testid=nav]');
    await li.goto(`http://127.0.0.1:${platform().config.http.port}/office/items/${code}`);
    await li.locator('[data-testid=propose-open]').click();
    const suspend = li.locator('[data-testid=propose-dialog]');
    await suspend.locator('[data-testid=propose-kind]').getByText('暂停').click();
    await suspend.locator('textarea[name=reason]').fill('系统升级，暂停受理三天');
    await suspend.locator('[data-testid=propose-submit]').click();
    await li.locator('[data-testid=tab-requests]').click();
    const own = li.locator('[data-testid=requests] [data-status=pending]');
    await own.waitFor();
    expect(await own.textContent()).to.include('本人提出');
    await own.locator('[data-testid=approve]').click();
    await li.locator('[data-testid=decide-submit]').click();
    const refusal = li.locator('[data-testid=decide-error]');
    await refusal.waitFor();
    expect(await refusal.textContent()).to.include('须由提出人以外的政务服务管理办公室人员审核');
    await snap(li, `14-office-four-eyes`);
    const suspension = (await own.getAttribute('data-request'))!;
    expect((await call('GET', `/api/change-requests/${suspension}`, { token: await login('office.zhang') })).json().status, 'nothing decided').to.equal('pending');
    await li.close();

    // office.zhang rejects it with a reason, and records the item's yearly evaluation
    await zhang.reload();
    await zhang.locator('[data-testid=tab-requests]').click();
    const pending = zhang.locator(`[data-testid=requests] [data-request="${suspension}"]`);
    await pending.locator('[data-testid=reject]').click();
    await zhang.locator('[data-testid=decide-dialog] textarea[name=comment]').fill('升级可在夜间进行，不必暂停受理');
    await zhang.locator('[data-testid=decide-submit]').click();
    await eventually('the rejection on screen', async () => (await pending.locator('[data-testid=request-status]').textContent()) === '已驳回');
    expect(await zhang.locator('[data-testid=item-status]').textContent(), 'still accepting').to.equal('正在受理');

    await zhang.locator('[data-testid=tab-evaluations]').click();
    await zhang.locator('[data-testid=evaluate-open]').click();
    const evaluation = zhang.locator('[data-testid=evaluate-dialog]');
    const year = Number(await field(zhang, 'evaluate-year').inputValue());
    await evaluation.locator('textarea[name=demand]').fill('社区居民办理需求稳定');
    await evaluation.locator('textarea[name=problems]').fill('材料说明不够清楚\n部分居民不知道可网上申请');
    await evaluation.locator('[data-testid=evaluate-decision]').getByText('调整').click();
    await evaluation.locator('[data-testid=evaluate-submit]').click();
    const evaluated = zhang.locator('[data-testid=evaluations] tr', { hasText: '社区居民办理需求稳定' });
    await evaluated.waitFor();
    expect(await evaluated.textContent()).to.include(String(year)).and.include('调整').and.include('材料说明不够清楚');
    const stored = (await call('GET', `/api/items/${code}/evaluations`, { token: await login('office.li') })).json().evaluations as Json[];
    expect(stored[0]).to.deep.include({ year, decision: 'adjust', itemVersion: 2, problems: ['材料说明不够清楚', '部分居民不知道可网上申请'] });
    await snap(zhang, `14-office-evaluation`);
    await zhang.close();

    // and at 390 px
    const phone = await browser().newPage({ viewport: PHONE });
    await enter(phone, 'office.zhang', '[data-testid=nav-toggle]');
    await phone.goto(`http://127.0.0.1:${platform().config.http.port}/office/items`);
    await phone.locator(`[data-testid=item-list] [data-code="${code}"]`).waitFor();
    await fitsScreen(phone, 'office items');
    await snap(phone, `14-office-390-items`, true);
    await phone.locator(`[data-testid=item-list] [data-code="${code}"]`).click();
    await phone.locator('[data-testid=versions]').waitFor();
    await fitsScreen(phone, 'office item');
    await snap(phone, `14-office-390-item`, true);
    await phone.close();
  });

  it('the network administrator lands on the items, proposes a change of the own unit’s item, and sees it pending without deciding it', async () => {
    const code = `NA${Date.now().toString(36).toUpperCase()}`;
    const opening = (await call('POST', `/api/items/${code}/change-requests`, { token: await login('owner.health'), body: { kind: 'open', reason: '界面测试开通', item: testItem(code) } })).json();
    expect((await call('POST', `/api/change-requests/${opening.requestId}/approve`, { token: await login('office.li'), body: {} })).statusCode).to.equal(200);

    const page = await browser().newPage({ viewport: DESK });
    await enter(page, 'netadmin', '[data-testid=item-list]');
    expect(new URL(page.url()).pathname, 'the network administrator lands on the items').to.equal('/office/items');
    expect(await page.getByRole('menuitem', { name: '事项管理' }).count()).to.equal(1);
    await field(page, 'item-search').fill(code);
    await page.locator(`[data-testid=item-list] [data-code="${code}"]`).click();
    await page.locator('[data-testid=propose-open]').click();
    const propose = page.locator('[data-testid=propose-dialog]');
    await propose.locator('textarea[name=reason]').fill('按新收费目录调整工本费');
    await propose.locator('input[name=fees]').fill('工本费5元');
    await snap(page, '14-netadmin-propose');
    await propose.locator('[data-testid=propose-submit]').click();
    await page.locator('.note', { hasText: '待审核的变更申请' }).waitFor();
    await page.locator('[data-testid=tab-requests]').click();
    const mine = page.locator('[data-testid=requests] [data-status=pending]');
    await mine.waitFor();
    expect(await mine.textContent()).to.include('按新收费目录调整工本费').and.include('收费标准').and.include('netadmin').and.include('待审核');
    expect(await page.locator('[data-testid=approve]').count(), 'a network administrator does not decide').to.equal(0);
    expect(await page.locator('[data-testid=reject]').count()).to.equal(0);
    expect(await page.locator('[data-testid=evaluate-open]').count()).to.equal(0);
    await snap(page, '14-netadmin-pending', true);
    const requestId = (await mine.getAttribute('data-request'))!;
    const stored = (await call('GET', `/api/change-requests/${requestId}`, { token: await login('office.zhang') })).json();
    expect(stored).to.deep.include({ status: 'pending', proposedBy: { username: 'netadmin', role: 'network-admin' } });
    expect(stored.item.fees).to.equal('工本费5元');
    await page.close();

    const phone = await browser().newPage({ viewport: PHONE });
    await enter(phone, 'netadmin', '[data-testid=item-list]');
    await phone.locator(`[data-testid=item-list] [data-code="${code}"]`).waitFor();
    await fitsScreen(phone, 'netadmin items');
    await snap(phone, '14-netadmin-390-items', true);
    await phone.locator(`[data-testid=item-list] [data-code="${code}"]`).click();
    await phone.locator('[data-testid=tab-requests]').click();
    await phone.locator(`[data-testid=requests] [data-request="${requestId}"]`).waitFor();
    await fitsScreen(phone, 'netadmin item');
    expect(await phone.locator('[data-testid=approve]').count()).to.equal(0);
    await snap(phone, '14-netadmin-390-item', true);
    await phone.close();
  });

  it('shows the forbidden page to other roles', async () => {
    const page = await browser().newPage({ viewport: DESK });
    const base = `http://127.0.0.1:${platform().config.http.port}`;
    for (const [username, landing, path] of [['owner.health', '[data-testid=process-list]', '/leader'], ['binhu.leader', '[data-testid=leader]', '/admin/accounts'], ['admin', '[data-testid=admin-accounts]', '/office/items']] as const) {
      await page.context().clearCookies();
      await page.goto(base);
      await page.evaluate(() => (globalThis as unknown as Dom).sessionStorage.clear());
      await enter(page, username, landing);
      await page.goto(`${base}${path}`);
      await page.waitForSelector('[data-testid=page-forbidden]');
      expect(await page.textContent('[data-testid=page-forbidden]'), `${username} at ${path}`).to.include('无权访问');
    }
    await page.close();
  });
});
