import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { ARTIFACTS, fillLogin, useBrowser } from '../support/browser.js';
import { appUrl, enter, openFromMenu, overflow, settled } from '../support/ui.js';

async function shot(page: Page, name: string) {
  await settled(page);
  await page.screenshot({ path: `${ARTIFACTS}/15-consult-${name}.png`, fullPage: true });
}
const phone = { viewport: { width: 390, height: 844 } };

describe('online consultation in headless Chromium: ask on the guide, the department answers and publishes it as FAQ', function () {
  this.timeout(240_000);
  const browser = useBrowser();

  it('at 390 px a citizen asks from the item guide, department staff answer, the citizen reads it, and the guide shows it as FAQ', async () => {
    const question = `光荣证遗失了，能否补办？需要哪些材料？（${Date.now().toString(36)}）`;
    const answer = '可以补办：携带居民身份证、户口簿到任一社区窗口申请补办，3个工作日内补发。';

    // a visitor on the guide: no FAQ with this question yet, and a way to ask after signing in
    const citizen = await (await browser().newContext(phone)).newPage();
    await citizen.goto(appUrl('/guides/DSZN'));
    await citizen.waitForSelector('[data-testid=guide-faq]');
    expect(await citizen.locator('[data-testid=guide-faq]').innerText()).to.include('常见问题').and.not.include(question);
    await citizen.click('[data-testid=ask-question]');
    await citizen.waitForURL(/\/login/);
    await fillLogin(citizen, 'citizen.wang');
    await citizen.waitForURL(/\/consult\?item=DSZN/);
    await citizen.waitForSelector('[data-testid=ask-form]');
    // the item list arrives after the form: until then the choice shows the item's code
    await citizen.locator('[data-testid=ask-item]').getByText('独生子女父母光荣证').waitFor().catch(() => null);
    expect(await citizen.locator('[data-testid=ask-item]').innerText(), 'the guide’s item is chosen').to.include('独生子女父母光荣证');
    await citizen.getByLabel('咨询问题').fill(question);
    await citizen.click('[data-testid=ask-submit]');
    const row = citizen.locator('[data-testid=consult-row]', { hasText: question });
    await row.waitFor();
    expect(await row.locator('[data-testid=consult-state]').innerText()).to.equal('待答复');
    expect(await row.innerText(), 'the promised answer time is shown').to.include('承诺答复时间');
    const number = await row.getAttribute('data-number');
    expect(number).to.match(/^ZX\d{10}$/);
    expect(await overflow(citizen), 'nothing wider than the phone').to.be.at.most(0);
    await shot(citizen, 'asked-390');

    // the item's department: its staff member takes the question and answers it
    const staff = await (await browser().newContext(phone)).newPage();
    await enter(staff, 'health.reviewer');
    await staff.goto(appUrl('/consult/answer'));
    const open = staff.locator(`[data-testid=answer-row][data-number="${number}"]`);
    await open.waitFor({ timeout: 30_000 });
    expect(await open.innerText()).to.include(question).and.include('答复时限');
    await open.locator('[data-testid=answer-take]').click();
    await open.getByText('我已认领').waitFor();
    await open.getByLabel('答复').fill(answer);
    expect(await overflow(staff)).to.be.at.most(0);
    await shot(staff, 'answer-390');
    await open.locator('[data-testid=answer-send]').click();
    await staff.getByText(`已答复 ${number}`).waitFor();
    await open.waitFor({ state: 'detached' });

    // the citizen sees the answer
    await citizen.reload();
    await row.waitFor();
    expect(await row.locator('[data-testid=consult-state]').innerText()).to.equal('已答复');
    expect(await row.locator('[data-testid=consult-answer]').innerText()).to.include(answer);
    await shot(citizen, 'answered-390');

    // staff publish it; the guide then shows it as a frequently asked question
    await staff.getByText('已答复', { exact: true }).click();
    const done = staff.locator(`[data-testid=answer-row][data-number="${number}"]`);
    await done.waitFor();
    await done.locator('[data-testid=answer-publish]').click();
    await done.getByText('已公开').waitFor();
    expect(await overflow(staff)).to.be.at.most(0);
    await shot(staff, 'published-390');

    const visitor = await (await browser().newContext(phone)).newPage();
    await visitor.goto(appUrl('/guides/DSZN'));
    const item = visitor.locator('[data-testid=faq-item]', { hasText: question });
    await item.waitFor();
    await item.getByText(question).click();
    await item.getByText(answer).waitFor();
    expect(await visitor.locator('[data-testid=guide-faq]').innerText(), 'the asker is not named').to.not.include('citizen.wang');
    expect(await overflow(visitor)).to.be.at.most(0);
    await shot(visitor, 'guide-faq-390');
  });

  it('at 1366 px the department’s answered list and the asker’s list read well', async () => {
    const staff = await (await browser().newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await enter(staff, 'health.leader');
    await openFromMenu(staff, '咨询答复');
    await staff.waitForURL(/\/consult\/answer/);
    await staff.getByText('已答复', { exact: true }).click();
    await staff.locator('[data-testid=answer-row]').first().waitFor();
    expect(await staff.locator('[data-testid=answer-text]').count(), 'leaders publish, they do not answer').to.equal(0);
    await shot(staff, 'leader-answered-1366');
    const citizen = await (await browser().newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await enter(citizen, 'citizen.wang');
    await citizen.goto(appUrl('/consult'));
    await citizen.locator('[data-testid=consult-row]').first().waitFor();
    await shot(citizen, 'mine-1366');
  });
});
