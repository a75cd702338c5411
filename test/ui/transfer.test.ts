import { expect } from 'chai';
import { resolve } from 'node:path';
import { AuditEntryModel } from '../../domain/audit/audit-entry.model.js';
import { ARTIFACTS, useBrowser } from '../support/browser.js';
import { platform } from '../support/platform.js';
import type { Page } from 'playwright-core';
import { act, eventually, fileApplication, openTask, operator, stockUp } from '../support/staff.js';
import { appUrl, claimAndOpen, enter, overflow, settled } from '../support/ui.js';

async function openOnPhone(page: Page, applicationNumber: string) {
  const task = await openTask(applicationNumber, 'review');
  await platform().services.tasks.claim(task.userTaskKey, await operator('fenghuang.reviewer'));
  await page.goto(appUrl(`/cases/${applicationNumber}?task=${task.userTaskKey}`));
  await page.waitForSelector('[data-testid=step-form][data-form-id="gov-review"] .fjs-form');
  return task;
}

describe('step form in headless Chromium: a mis-routed review is transferred (转办)', function () {
  this.timeout(240_000);
  const browser = useBrowser();

  for (const [label, viewport] of [['desk', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
    it(`the street's reviewer sends the review up to the district bureau with a reason (${label})`, async () => {
      const { services } = platform();
      await stockUp('COM-BINHU', 'JYSY-CERT');
      const filed = await fileApplication('JYSY', 'COM-BINHU');
      await act(filed.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'accepted' });
      const page = await browser().newPage({ viewport });
      await enter(page, 'fenghuang.reviewer');
      // on the phone the case is opened from its address, as a link in a message would
      const task = label === 'desk' ? await claimAndOpen(page, filed.applicationNumber, 'review') : await openOnPhone(page, filed.applicationNumber);

      await page.click('[data-testid=transfer-open]');
      await page.getByRole('dialog', { name: '转办给上级或同级单位' }).waitFor();
      // without a reason the dialog says what is missing
      await page.click('[data-testid=transfer-submit]');
      expect(await page.locator('[data-testid=transfer-problem]').textContent()).to.include('写明理由');
      await page.click('[data-testid=transfer-to]');
      await page.locator('.el-select-dropdown__item:visible').first().waitFor();
      const options = await page.locator('.el-select-dropdown__item:visible').allTextContents();
      expect(options.join('|'), 'units above and beside serving 滨湖社区, never another street').to.include('区人力资源和社会保障局（区级）').and.include('市公安局（市级）').and.not.include('杜山镇');
      await page.locator('.el-select-dropdown__item:visible', { hasText: '区人力资源和社会保障局' }).click();
      await page.getByLabel('转办理由').fill('申请人原单位为区属企业，应由区人社局审核');
      await settled(page);
      expect(await page.locator('[data-testid=transfer-problem]').count(), 'the complaint goes once the answer changes').to.equal(0);
      await page.screenshot({ path: resolve(ARTIFACTS, `transfer-dialog-${label}.png`) });
      expect(await overflow(page)).to.be.at.most(0);

      await page.click('[data-testid=transfer-submit]');
      await page.waitForSelector('[data-testid=step-done]');
      expect(await page.locator('[data-testid=step-done]').textContent()).to.include('已转办至 区人力资源和社会保障局');
      await page.screenshot({ path: resolve(ARTIFACTS, `transfer-done-${label}.png`), fullPage: true });

      const moved = await services.tasks.get(task.userTaskKey);
      expect(moved).to.include({ unitCode: 'DEPT-HRSS', state: 'created' });
      expect(moved.dueAt!.getTime(), 'the limit is not reset').to.equal(task.dueAt!.getTime());
      const entry = await eventually('the transfer entry', () => AuditEntryModel.findOne({ caseNumber: filed.applicationNumber, action: 'task.transferred' }).lean());
      expect((entry.detail as { reason: string }).reason).to.equal('申请人原单位为区属企业，应由区人社局审核');
      await page.close();
    });
  }
});
