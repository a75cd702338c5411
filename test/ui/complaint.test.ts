import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { call, login } from '../support/api.js';
import { ARTIFACTS, fillLogin, useBrowser } from '../support/browser.js';
import { appUrl, enter, overflow, settled } from '../support/ui.js';

async function shot(page: Page, name: string) {
  await settled(page);
  await page.screenshot({ path: `${ARTIFACTS}/16-complaint-${name}.png`, fullPage: true });
}
const phone = { viewport: { width: 390, height: 844 } };

describe('complaints (投诉建议) in headless Chromium: from the guide to the follow-up', function () {
  this.timeout(300_000);
  const browser = useBrowser();

  it('at 390 px a citizen complains from the guide, the department accepts and asks for more time, the leader approves, the answer reaches the citizen, who is satisfied', async () => {
    const title = `窗口等候太久 ${Date.now().toString(36)}`;
    const answer = '经调查属实，已调整窗口排班，并向您致歉。';

    // the guide of an item: 我要投诉 leads through the login to the complaint form addressed to its department
    const citizen = await (await browser().newContext(phone)).newPage();
    await citizen.goto(appUrl('/guides/DSZN'));
    await citizen.click('[data-testid=guide-complain-link]');
    await citizen.waitForURL(/\/login/);
    await fillLogin(citizen, 'citizen.wang');
    await citizen.waitForURL(/\/complaints\?kind=complain/);
    await citizen.waitForSelector('[data-testid=complaint-form]');
    await citizen.locator('[data-testid=complaint-unit]').getByText('卫生健康').first().waitFor();
    expect(await citizen.locator('[data-testid=complaint-form]').innerText()).to.include('仅经办人和监督部门可见').and.include('7 个工作日');
    await citizen.getByLabel('标题').fill(title);
    await citizen.getByLabel('具体内容').fill('11月26日上午在滨湖社区窗口办理光荣证，排队等候两个多小时无人叫号。');
    await citizen.click('[data-testid=complaint-submit]');
    const row = citizen.locator('[data-testid=complaint-row]', { hasText: title });
    await row.waitFor();
    expect(await row.locator('[data-testid=complaint-state]').innerText()).to.equal('待受理');
    const number = await row.getAttribute('data-number');
    expect(number).to.match(/^TS\d{10}$/);
    expect(await overflow(citizen), 'nothing wider than the phone').to.be.at.most(0);
    await shot(citizen, 'filed-390');

    // the department's staff member accepts it and asks for 2 more working days
    const staff = await (await browser().newContext(phone)).newPage();
    await enter(staff, 'health.reviewer');
    // the to-do list says the unit has complaints open and leads to them
    await staff.goto(appUrl('/todo'));
    const link = staff.locator('[data-testid=complaint-todo-link]');
    await link.waitFor();
    expect(await link.innerText()).to.match(/本单位有 \d+ 件投诉建议在办/);
    await shot(staff, 'todo-link-390');
    await link.getByRole('link', { name: '去办理' }).click();
    await staff.waitForURL(/\/complaints\/unit/);
    const open = staff.locator(`[data-testid=unit-complaint][data-number="${number}"]`);
    await open.waitFor({ timeout: 30_000 });
    expect(await open.innerText(), 'the unit sees the matter, not who raised it').to.include(title).and.not.include('citizen.wang');
    await open.locator('[data-testid=do-accept]').click();
    await open.getByText('办理中').waitFor({ timeout: 30_000 });
    await open.locator('[data-testid=do-extend]').click();
    await staff.locator('.el-dialog .el-input-number input').fill('2');
    await staff.getByLabel('理由').fill('需调取窗口叫号记录核实');
    await staff.locator('[data-testid=dialog-submit]').click();
    await open.getByText('待领导审批').waitFor();
    await open.locator('[data-testid=do-complainant]').click();
    expect(await open.locator('[data-testid=unit-complainant]').innerText(), 'the handler reads the complainant').to.include('citizen.wang');
    expect(await overflow(staff)).to.be.at.most(0);
    await shot(staff, 'accepted-extension-asked-390');

    // the leader approves: the due time moves on from the original one
    const leader = await (await browser().newContext(phone)).newPage();
    await enter(leader, 'health.leader');
    await leader.goto(appUrl('/complaints/unit'));
    const asked = leader.locator(`[data-testid=unit-complaint][data-number="${number}"]`);
    await asked.waitFor();
    await asked.locator('[data-testid=do-approve]').click();
    await asked.getByText('已批准').waitFor();
    expect(await asked.locator('[data-testid=unit-extension]').innerText(), 'original → extended due time').to.include('→');
    expect(await overflow(leader)).to.be.at.most(0);
    await shot(leader, 'extension-approved-390');

    // the staff member answers
    await staff.reload();
    await open.waitFor();
    await open.locator('[data-testid=do-answer]').click();
    await staff.locator('[data-testid=dialog-answer]').fill(answer);
    await shot(staff, 'answer-dialog-390');
    await staff.locator('[data-testid=dialog-submit]').click();
    await open.getByText('已答复，待回访').waitFor({ timeout: 30_000 });

    // the citizen reads the answer and is satisfied: the case closes
    await citizen.reload();
    await row.waitFor();
    expect(await row.locator('[data-testid=complaint-answer]').innerText()).to.include(answer);
    expect(await row.innerText()).to.include('已延期 2 个工作日');
    await row.locator('[data-testid=complaint-follow-up]').scrollIntoViewIfNeeded();
    await shot(citizen, 'answered-390');
    await row.locator('[data-testid=follow-satisfied]').click();
    await row.locator('[data-testid=complaint-state]').getByText('已办结').waitFor({ timeout: 30_000 });
    expect(await row.innerText()).to.include('回访记录').and.include('满意');
    expect(await overflow(citizen)).to.be.at.most(0);
    await row.scrollIntoViewIfNeeded();
    await shot(citizen, 'closed-390');
  });

  it('at 390 px a window files a complaint for a visitor, and the service office forwards an urgent one from a higher-level platform', async () => {
    const cases: { who: string; title: string; channel: string; limit: number }[] = [
      { who: 'binhu.acceptor', title: `窗口代为登记 ${Date.now().toString(36)}`, channel: 'window', limit: 7 },
      { who: 'office.zhang', title: `上级平台转来 ${Date.now().toString(36)}`, channel: 'forwarded', limit: 3 },
    ];
    for (const c of cases) {
      const page = await (await browser().newContext(phone)).newPage();
      await enter(page, c.who);
      await page.goto(appUrl('/complaints'));
      await page.waitForSelector('[data-testid=complaint-form]');
      expect(await page.locator('[data-testid=complaint-list]').count(), 'staff have no list of their own here').to.equal(0);
      await page.locator('[data-testid=complaint-unit]').click();
      await page.getByRole('option', { name: /卫生健康/ }).first().click();
      await page.getByLabel('投诉人（用户名）').fill('citizen.wang');
      if (c.channel === 'forwarded') await page.locator('[data-testid=complaint-urgency]').getByText('紧急', { exact: true }).click();
      expect(await page.locator('[data-testid=complaint-form]').innerText()).to.include(`${c.limit} 个工作日`);
      await page.getByLabel('标题').fill(c.title);
      await page.getByLabel('具体内容').fill('来访群众反映窗口办理光荣证时等候时间过长，请核实处理。');
      expect(await overflow(page)).to.be.at.most(0);
      await shot(page, `${c.channel}-filing-390`);
      await page.click('[data-testid=complaint-submit]');
      await page.locator('.el-message--success').waitFor();
      await page.close();
    }
    const mine = (await call('GET', '/api/complaints/mine', { token: await login('citizen.wang') })).json().complaints as { title: string; channel: string; limitDays: number }[];
    for (const c of cases) expect(mine.find((m) => m.title === c.title), c.title).to.deep.include({ channel: c.channel, limitDays: c.limit });
  });

  it('at 1366 px the unit’s list and the complainant’s list read well', async () => {
    const staff = await (await browser().newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await enter(staff, 'health.reviewer');
    await staff.getByRole('menuitem', { name: '投诉建议办理' }).click();
    await staff.waitForURL(/\/complaints\/unit/);
    await staff.getByText('已结束', { exact: true }).click();
    await staff.locator('[data-testid=unit-complaint]').first().waitFor();
    await shot(staff, 'unit-done-1366');
    const citizen = await (await browser().newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await enter(citizen, 'citizen.wang');
    await citizen.goto(appUrl('/complaints'));
    await citizen.locator('[data-testid=complaint-row]').first().waitFor();
    await shot(citizen, 'mine-1366');
  });
});
