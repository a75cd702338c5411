import { expect } from 'chai';
import { ARTIFACTS, useBrowser } from '../support/browser.js';
import { platform } from '../support/platform.js';
import { fileApplication, openTask } from '../support/staff.js';
import { appUrl, enter, overflow, settled } from '../support/ui.js';
import { TaskModel } from '../../domain/task/task.model.js';

// The supervisor's daily watch: any unit's open steps, the ones warned or past due first, with the cards counted.
describe('the supervisor’s page in headless Chromium', function () {
  this.timeout(180_000);
  const browser = useBrowser();
  let number: string;

  before(async () => {
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    number = filed.applicationNumber;
    const task = await openTask(number, 'accept');
    // its step is past the due time: a yellow card (the warning before it)
    const past = new Date((await platform().services.now()).getTime() - 60_000);
    await TaskModel.updateOne({ userTaskKey: task.userTaskKey }, { $set: { warningAt: past, dueAt: past } });
  });

  for (const width of [1366, 390]) {
    it(`lands on 效能监督, picks a community and sees the late step with its yellow card, at ${width} px`, async () => {
      const page = await browser().newPage({ viewport: { width, height: 900 } });
      await enter(page, 'supervisor');
      await page.waitForURL(/\/supervision/);
      await page.goto(appUrl('/supervision?unit=COM-BINHU'));
      const row = page.locator(`[data-testid=late-task][data-case="${number}"]`);
      await row.first().waitFor();
      expect(await row.first().getAttribute('data-mark')).to.equal('yellow');
      expect(Number(await page.locator('[data-testid=total-yellow]').textContent())).to.be.at.least(1);
      expect(Number(await page.locator('[data-testid=total-open]').textContent())).to.be.at.least(1);
      if (width === 390) expect(await overflow(page), 'nothing wider than the screen').to.be.at.most(0);
      await settled(page);
      await page.screenshot({ path: `${ARTIFACTS}/14-supervision-${width}.png`, fullPage: true });
      await page.close();
    });
  }

  it('is the supervisor’s alone: a leader gets the 403 page', async () => {
    const page = await browser().newPage({ viewport: { width: 1366, height: 800 } });
    await enter(page, 'binhu.leader');
    await page.goto(appUrl('/supervision'));
    await page.getByText('无权访问').first().waitFor();
    expect(await page.locator('[data-testid=supervision]').count()).to.equal(0);
    await page.close();
  });
});
