import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { ARTIFACTS, useBrowser } from '../support/browser.js';
import { appUrl, enter, overflow, settled } from '../support/ui.js';

async function shot(page: Page, name: string) {
  await settled(page);
  await page.screenshot({ path: `${ARTIFACTS}/17-package-${name}.png`, fullPage: true });
}
const phone = { viewport: { width: 390, height: 844 } };
const desk = { viewport: { width: 1366, height: 900 } };

/** A department's approver finds its branch in the to-do list, opens the package case and answers. */
async function answerBranch(page: Page, username: string | null, n: string, refuse?: string) {
  if (username) await enter(page, username);
  await page.goto(appUrl('/todo?tab=queue'));
  const row = page.getByText('套餐办件（并联审批）').first();
  await row.waitFor({ timeout: 30_000 });
  await page.goto(appUrl(`/packages/cases/${n}`));
  await page.locator('[data-testid=package-decide]').waitFor({ timeout: 30_000 });
  if (refuse) {
    await page.locator('[data-testid=package-reasons]').fill(refuse);
    await page.click('[data-testid=package-refuse]');
  } else await page.click('[data-testid=package-approve]');
  await page.locator('[data-testid=package-decide]').waitFor({ state: 'detached', timeout: 30_000 });
}

describe('package services (主题式/套餐式服务) in headless Chromium: one application to one joint answer', function () {
  this.timeout(300_000);
  const browser = useBrowser();

  it('the window accepts 出生一件事 with one merged form, three departments answer in parallel, the lead sees all branches, the citizen reads one joint answer', async () => {
    // the window (390 px): one form merged from the three items' materials, one acceptance
    const window = await (await browser().newContext(phone)).newPage();
    await enter(window, 'binhu.acceptor');
    await window.goto(appUrl('/packages/window'));
    await window.click('[data-testid=package-select]');
    await window.getByRole('option', { name: '出生一件事' }).click();
    await window.getByText('合并后的申请材料（一表申请）').waitFor();
    const materials = window.locator('.materials .el-checkbox');
    for (let i = 0; i < (await materials.count()); i += 1) await materials.nth(i).click();
    await window.locator('[data-testid=applicant-name]').fill('王小明');
    await window.locator('[data-testid=applicant-id]').fill('420700199001011234');
    await window.locator('[data-testid=applicant-username]').fill('citizen.wang');
    expect(await overflow(window), 'nothing wider than the phone').to.be.at.most(0);
    await shot(window, 'window-form-390');
    await window.click('[data-testid=package-accept]');
    const accepted = window.locator('[data-testid=package-accepted]');
    await accepted.waitFor();
    const n = /TC\d{10}/.exec(await accepted.innerText())![0];
    await shot(window, 'accepted-390');

    // each department answers its own branch from its to-do list; public security refuses with reasons
    await answerBranch(await (await browser().newContext(desk)).newPage(), 'psb.approver', n, '父母一方须为本市户籍');
    await answerBranch(await (await browser().newContext(phone)).newPage(), 'hrss.approver', n);

    // the lead department (health) sees every branch before it answers its own
    const lead = await (await browser().newContext(desk)).newPage();
    await enter(lead, 'health.approver');
    await lead.goto(appUrl(`/packages/cases/${n}`));
    await lead.getByText('本单位为牵头部门，可查看全部审批分支').waitFor({ timeout: 30_000 });
    const branches = lead.locator('[data-testid=package-branches]');
    expect(await branches.innerText()).to.include('市公安局').and.include('不予批准').and.include('区人力资源和社会保障局').and.include('区卫生健康局');
    await shot(lead, 'lead-1366');
    await answerBranch(lead, null, n);
    await lead.goto(appUrl(`/packages/cases/${n}`));
    await lead.locator('[data-testid=package-answer]').waitFor({ timeout: 30_000 });

    // the citizen (390 px and 1366 px) reads the progress of every department and the one joint answer
    for (const [size, ctx] of [['390', phone], ['1366', desk]] as const) {
      const citizen = await (await browser().newContext(ctx)).newPage();
      await enter(citizen, 'citizen.wang');
      await citizen.goto(appUrl('/packages/mine'));
      const card = citizen.locator(`[data-testid=my-package-${n}]`);
      await card.waitFor({ timeout: 30_000 });
      await card.getByText('已统一答复').waitFor({ timeout: 30_000 });
      const text = await card.innerText();
      expect(text).to.include('3/3 个部门已答复').and.include('未全部通过').and.include('市公安局「新生儿入户登记」不予批准：父母一方须为本市户籍');
      if (size === '390') expect(await overflow(citizen), 'nothing wider than the phone').to.be.at.most(0);
      await shot(citizen, `citizen-answer-${size}`);
    }

    // the service office's package definition page
    const office = await (await browser().newContext(desk)).newPage();
    await enter(office, 'office.zhang');
    await office.goto(appUrl('/packages/definitions'));
    await office.locator('[data-testid=package-def-CSYJS]').waitFor();
    expect(await office.locator('[data-testid=package-def-CSYJS]').innerText()).to.include('出生一件事').and.include('区卫生健康局');
    await shot(office, 'definitions-1366');
  });
});
