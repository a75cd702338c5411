/// <reference lib="dom" />
import { expect } from 'chai';
import { ARTIFACTS, signIn, useBrowser } from '../support/browser.js';
import { platform } from '../support/platform.js';
import { act, fileApplication, openTask } from '../support/staff.js';

const localDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

describe('ui: the service office records the State Council holiday notice and previews the deadlines it moves', function () {
  this.timeout(300_000);
  const browser = useBrowser();

  for (const [width, viewport] of [['1366', { width: 1366, height: 900 }], ['390', { width: 390, height: 844 }]] as const) {
    it(`at ${width} px: the year view with its source, the notice form, and the preview listing an open step that moves`, async () => {
      // an open review step whose due day the office is about to declare a day off
      const filed = await fileApplication('DSZN', 'COM-BINHU');
      await act(filed.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'accepted' });
      const review = await openTask(filed.applicationNumber, 'review');
      const day = localDate(review.dueAt!);
      const year = day.slice(0, 4);

      const page = await browser().newPage({ viewport });
      await signIn(page, 'office.zhang');
      await page.waitForURL(/\/office\/items/);
      await page.goto(`http://127.0.0.1:${platform().config.http.port}/office/calendar`);
      await page.getByRole('heading', { name: '节假日安排' }).waitFor();
      const yearInput = page.locator('[data-testid=calendar-year] input');
      await yearInput.fill(year);
      await yearInput.press('Enter');
      await yearInput.blur();
      await page.locator('[data-testid=calendar-source]').filter({ hasText: /内置官方数据|法定节假日|已录入/ }).waitFor();
      expect(await page.locator('[data-testid=calendar-months] .month').count()).to.equal(12);

      await page.getByLabel('文号').fill(`国办发明电〔${Number(year) - 1}〕98号`);
      const off = page.getByLabel('放假日（每行：日期 节日名称）');
      const listed = (await off.inputValue()).split('\n').filter((l) => l.trim() && !l.startsWith(day));
      await off.fill([...listed, `${day} 临时放假`].join('\n'));
      const makeUp = page.getByLabel('调休上班日（每行：日期 节日名称）');
      await makeUp.fill((await makeUp.inputValue()).split('\n').filter((l) => !l.startsWith(day)).join('\n'));
      await page.getByRole('button', { name: '预览受影响的时限' }).click();
      const moves = page.locator('[data-testid=calendar-moves]');
      await moves.getByText(filed.applicationNumber).first().waitFor();
      expect(await moves.textContent()).to.include('将调整的在办环节时限').and.include('审查');
      await page.locator('[data-testid=calendar-confirm]').waitFor();
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(wide, 'nothing wider than the screen').to.be.at.most(viewport.width);
      await page.locator('[data-testid=calendar-confirm]').scrollIntoViewIfNeeded();
      await page.waitForTimeout(300); // the button's loading state fades out
      await page.screenshot({ path: `${ARTIFACTS}/calendar-preview-${width}.png` });
      await page.locator('[data-testid=calendar-months]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${ARTIFACTS}/calendar-year-${width}.png` });

      // a faulty line is named before anything is sent
      await makeUp.fill(`${year}-02-30 国庆节`);
      await page.getByRole('button', { name: '预览受影响的时限' }).click();
      await page.locator('[data-testid=calendar-error]').filter({ hasText: '不是有效日期' }).waitFor();
      await page.close();
    });
  }
});
