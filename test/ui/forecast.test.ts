import { expect } from 'chai';
import { ARTIFACTS, useBrowser } from '../support/browser.js';
import { call, login } from '../support/api.js';
import { platform } from '../support/platform.js';
import { fileApplication, openTask } from '../support/staff.js';
import { appUrl, enter, overflow, settled, todoRow } from '../support/ui.js';
import { TaskModel } from '../../domain/task/task.model.js';

// The breach forecast on screen: the 预计超时 tag on a to-do row, the supervisor's list of this week's predicted
// breaches, and the applicant's expected completion date.
describe('the breach forecast in headless Chromium', function () {
  this.timeout(180_000);
  const browser = useBrowser();
  let late: string;
  let own: string;

  before(async () => {
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    late = filed.applicationNumber;
    const task = await openTask(late, 'accept');
    // its acceptance is already past the due time: certain to breach, due this week
    const past = new Date((await platform().services.now()).getTime() - 60_000);
    await TaskModel.updateOne({ userTaskKey: task.userTaskKey }, { $set: { warningAt: past, dueAt: past } });
    const citizen = await login('citizen.wang');
    const res = await call('POST', '/api/applications', {
      token: citizen, body: { itemCode: 'LNYD', communityCode: 'COM-BINHU', materials: [{ name: '居民身份证', provided: true }, { name: '近期免冠一寸照片', provided: true }] },
    });
    expect(res.statusCode, res.body).to.equal(201);
    own = res.json().applicationNumber as string;
    await openTask(own, 'accept');
    // five finished cases of the same item: the order of its steps and their working times are known
    const start = new Date((await platform().services.now()).getTime() - 30 * 86_400_000);
    const hour = 3_600_000;
    await TaskModel.insertMany([0, 1, 2, 3, 4].flatMap((i) => ['accept', 'review', 'decide'].map((step, k) => ({
      userTaskKey: `forecast-ui-${own}-${i}-${step}`, processInstanceKey: `forecast-ui-${own}-${i}`, elementId: step, caseNumber: `FC${own}${i}`, caseKind: 'application',
      itemCode: 'LNYD', communityCode: 'COM-BINHU', step, post: 'acceptor', unitCode: 'COM-BINHU', state: 'completed', assignee: null,
      createdAt: new Date(start.getTime() + i * 24 * hour + k * 2 * hour), completedAt: new Date(start.getTime() + i * 24 * hour + (k * 2 + 1) * hour), lastPosition: 1,
    }))));
  });

  for (const width of [1366, 390]) {
    it(`shows 预计超时 on the late to-do row, at ${width} px`, async () => {
      const page = await browser().newPage({ viewport: { width, height: 900 } });
      await enter(page, 'binhu.acceptor');
      await page.goto(appUrl('/todo'));
      const row = await todoRow(page, 'queue', late);
      const holder = width === 390 ? row : page.locator('tr', { has: row });
      const tag = holder.locator('[data-testid=forecast-tag]');
      await tag.waitFor();
      expect(await tag.textContent()).to.contain('预计超时').and.contain('100%');
      if (width === 390) expect(await overflow(page), 'nothing wider than the screen').to.be.at.most(0);
      await settled(page);
      await page.screenshot({ path: `${ARTIFACTS}/18-forecast-todo-${width}.png` });
      await page.close();
    });

    it(`lists the late case on the supervisor’s 超时预测 page, at ${width} px`, async () => {
      const page = await browser().newPage({ viewport: { width, height: 900 } });
      await enter(page, 'supervisor');
      await page.goto(appUrl('/forecast'));
      await page.getByText('本周预计超时的办件').first().waitFor();
      const c = page.locator(`[data-testid=forecast-case][data-case="${late}"]`);
      await c.first().waitFor();
      expect(await page.locator('[data-testid=forecast-until]').textContent()).to.match(/统计至 \d{4}-\d{2}-\d{2}/);
      if (width === 390) expect(await overflow(page), 'nothing wider than the screen').to.be.at.most(0);
      await settled(page);
      await page.screenshot({ path: `${ARTIFACTS}/18-forecast-supervisor-${width}.png`, fullPage: true });
      await page.close();
    });

    it(`shows the applicant the expected completion date of their case, at ${width} px`, async () => {
      const page = await browser().newPage({ viewport: { width, height: 900 } });
      await enter(page, 'citizen.wang');
      await page.goto(appUrl(`/my/${own}`));
      const line = page.locator('[data-testid=case-forecast]');
      await line.waitFor();
      expect(await line.textContent()).to.match(/按历史推算的预计办结日期：\d{4}[-/]\d{2}[-/]\d{2}/);
      if (width === 390) expect(await overflow(page), 'nothing wider than the screen').to.be.at.most(0);
      await settled(page);
      await page.screenshot({ path: `${ARTIFACTS}/18-forecast-portal-${width}.png`, fullPage: true });
      await page.close();
    });
  }
});
