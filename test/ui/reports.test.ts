import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { addDays, weekOf } from '../../domain/report/report-period.js';
import { auditEntries } from '../support/api.js';
import { ARTIFACTS, useBrowser } from '../support/browser.js';
import { pdfFirstPagePng, pdfText } from '../support/pdf.js';
import { platform } from '../support/platform.js';
import { fileApplication } from '../support/staff.js';
import { appUrl, enter, overflow, settled } from '../support/ui.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// A department leader reads the weekly bulletin (周通报, seed 001 §30) with their own unit's figures.
describe('supervision reports in headless Chromium', function () {
  this.timeout(180_000);
  const browser = useBrowser();
  let week: ReturnType<typeof weekOf>;

  before(async () => {
    const { services, clock } = platform();
    await fileApplication('DSZN', 'COM-BINHU');
    const now = await clock.now();
    const today = services.calendar.localDate(now);
    week = weekOf(addDays(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7)));
    // this week's and last week's bulletins, so that the page has a trend to draw
    await services.reports.generate(weekOf(addDays(week.from, -7)), now);
    await services.reports.generate(week, now);
  });

  for (const width of [1366, 390]) {
    it(`a leader opens 监督报表 and downloads the weekly bulletin of their unit, checked by its SHA-256, at ${width} px`, async () => {
      const page = await browser().newPage({ viewport: { width, height: 900 }, acceptDownloads: true });
      await enter(page, 'health.leader');
      await page.goto(appUrl('/reports'));
      await page.getByText('监督考核报表').first().waitFor();
      await page.getByText('只含本单位的数字').waitFor();
      const row = width === 390 ? page.locator(`[data-testid=report-weekly-${week.key}]`) : page.locator('.el-table__row', { has: page.locator(`[data-testid=report-weekly-${week.key}]`) });
      await row.first().waitFor();
      expect(await row.first().textContent()).to.include(week.label);
      if (width === 390) expect(await overflow(page), 'nothing wider than the screen').to.be.at.most(0);
      // the whole table fits a laptop screen without scrolling sideways
      else expect(await page.locator('.table-wrap .el-table__body-wrapper .el-scrollbar__bar.is-horizontal').isVisible(), 'table scrolls sideways').to.equal(false);

      const [xlsx] = await Promise.all([page.waitForEvent('download'), row.first().getByRole('button', { name: 'Excel' }).click()]);
      const unit = (await platform().services.units.get('DEPT-HEALTH'))!;
      expect(xlsx.suggestedFilename()).to.equal(`每周通报-${week.key}-${unit.name}.xlsx`);
      const body = readFileSync((await xlsx.path())!);
      await page.getByText('SHA-256 与审计记录一致').first().waitFor();
      const [entry] = await auditEntries({ action: 'report.generated', target: `weekly:${week.key}:DEPT-HEALTH` });
      expect((entry!.detail as { files: { name: string; sha256: string }[] }).files.find((f) => f.name.endsWith('.xlsx'))!.sha256).to.equal(sha256(body));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(body as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).to.deep.equal(['概况', '分单位', '投诉结果']);
      const units = wb.getWorksheet('分单位')!;
      expect(units.getRow(2).getCell(1).value, 'the unit’s own row only').to.equal('DEPT-HEALTH');
      expect(units.rowCount).to.equal(2);

      const [pdf] = await Promise.all([page.waitForEvent('download'), row.first().getByRole('button', { name: 'PDF' }).click()]);
      const pdfBody = readFileSync((await pdf.path())!);
      const text = await pdfText(pdfBody);
      expect(text).to.include('每周通报').and.include(week.label);
      expect((entry!.detail as { files: { name: string; sha256: string }[] }).files.find((f) => f.name.endsWith('.pdf'))!.sha256).to.equal(sha256(pdfBody));
      if (width === 1366) {
        writeFileSync(`${ARTIFACTS}/18-weekly-bulletin-leader.pdf`, pdfBody);
        await pdfFirstPagePng(`${ARTIFACTS}/18-weekly-bulletin-leader.pdf`, `${ARTIFACTS}/18-weekly-bulletin-leader-pdf`, 70);
      }
      // on a phone the confirmations cover the heading: closed before the picture
      if (width === 390) {
        for (const close of await page.locator('.el-message__closeBtn').all()) await close.click().catch(() => undefined);
        await page.waitForFunction(() => document.querySelectorAll('.el-message').length === 0);
      }
      await settled(page);
      await page.screenshot({ path: `${ARTIFACTS}/18-reports-leader-${width}.png`, fullPage: true });
      await page.close();
    });
  }

  it('is for supervision, the office, audit and leaders: window staff get the 403 page', async () => {
    const page = await browser().newPage({ viewport: { width: 1366, height: 800 } });
    await enter(page, 'binhu.acceptor');
    await page.goto(appUrl('/reports'));
    await page.getByText('无权访问').first().waitFor();
    expect(await page.locator('[data-testid=reports]').count()).to.equal(0);
    await page.close();
  });
});
