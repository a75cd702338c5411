/// <reference lib="dom" />
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { call, login } from '../support/api.js';
import { ARTIFACTS, useBrowser } from '../support/browser.js';
import { platform } from '../support/platform.js';
import { eventually } from '../support/staff.js';
import { enter, openFromMenu, overflow, settled } from '../support/ui.js';

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1366, height: 900 };

async function snap(page: Page, name: string, fullPage = false) {
  await settled(page);
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage });
}

/** Nothing wider than the screen: neither the page nor the main area scrolls sideways. */
async function fitsScreen(page: Page, what: string) {
  await settled(page);
  expect(await overflow(page), `${what}: the page is wider than the screen`).to.be.at.most(0);
  const main = await page.evaluate(() => { const m = document.querySelector('.shell-main')!; return m.scrollWidth - m.clientWidth; });
  expect(main, `${what}: the main area scrolls sideways`).to.be.at.most(0);
}

/** Opens the stock page from the navigation, on the phone through the menu drawer. */
async function openStock(page: Page, label: string, phone: boolean) {
  if (phone) {
    await page.click('[data-testid=nav-toggle]');
    await page.locator('[data-testid=nav-mobile]').getByRole('menuitem', { name: label }).click();
  } else await openFromMenu(page, label);
  await page.waitForSelector('[data-testid=stock]');
}

/** Picks an option of an Element Plus select by its visible text. */
async function choose(page: Page, testid: string, text: string) {
  await page.locator(`[data-testid=${testid}]`).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
  await page.locator('.el-select__popper:visible').waitFor({ state: 'detached' });
}

const field = (page: Page, testid: string) => page.locator(`input[data-testid=${testid}], [data-testid=${testid}] input, textarea[data-testid=${testid}], [data-testid=${testid}] textarea`).first();

/** Files a requisition through the dialog and gives its number as the list shows it. */
async function fileRequisition(page: Page, typeLabel: string, quantity: number): Promise<string> {
  await page.click('[data-testid=requisition-open]');
  await page.locator('[data-testid=requisition-dialog]').waitFor();
  await choose(page, 'requisition-type', typeLabel);
  await field(page, 'requisition-quantity').fill(String(quantity));
  await field(page, 'requisition-quantity').blur();
  await page.click('[data-testid=requisition-submit]');
  const toast = page.locator('.el-message--success', { hasText: '已提交证件预领单' });
  await toast.waitFor();
  const number = /RQ\d{10}/.exec((await toast.textContent()) ?? '')![0];
  await page.locator(`[data-testid=requisition-list] [data-requisition="${number}"]`).first().waitFor();
  return number;
}

/** Finds one serial in the ledger by its number. */
async function findSerial(page: Page, serial: string) {
  await field(page, 'ledger-search').fill(serial);
  await field(page, 'ledger-search').press('Enter');
  const row = page.locator(`[data-testid=serial-list] .el-table__row:has([data-serial="${serial}"]), [data-testid=serial-list] .card[data-serial="${serial}"]`).first();
  await row.waitFor();
  await eventually(`only ${serial} listed`, async () => (await page.locator('[data-testid=ledger-total]').textContent())?.includes('共 1 个印字号'));
  return row;
}

/** Voids through the dialog; gives the dialog so the caller reads what it says. */
async function voidIn(page: Page, reason: string) {
  const dialog = page.locator('[data-testid=void-dialog]');
  await dialog.waitFor();
  await field(page, 'void-reason').fill(reason);
  await page.click('[data-testid=void-confirm]');
  return dialog;
}

const serialState = async (serial: string) => (await platform().services.serials.serials({ communityCode: 'COM-BINHU', contains: serial }, 1, 1)).serials[0]?.state;

// The stock keeper's workspace (seed 000 §23–25): request blank certificates, read the stock by serial, void a spoiled form.
describe('the certificate stock page in headless Chromium', function () {
  this.timeout(300_000);
  const browser = useBrowser();

  for (const [width, viewport, typeLabel, quantity, serial] of [
    ['1366', DESK, '老年人优待证', 7, 'LNYD-CERT-BINHU-000047'],
    ['390', PHONE, '独生子女父母光荣证', 12, 'DSZN-CERT-BINHU-000046'],
  ] as const) {
    it(`at ${width} px a keeper files a requisition, opens it, reads the ledger, voids a serial, and reads why a second void is refused`, async () => {
      const phone = viewport === PHONE;
      const page = await browser().newPage({ viewport });
      await enter(page, 'binhu.keeper');
      await openStock(page, '证件库存', phone);

      // 证件预领: the type and the quantity; the list shows it with its status
      const number = await fileRequisition(page, typeLabel, quantity);
      const filed = (await call('GET', `/api/stock/requisitions/${number}`, { token: await login('auditor') })).json();
      expect(filed).to.include({ communityCode: 'COM-BINHU', quantity, requestedBy: 'binhu.keeper' });
      const item = page.locator(`[data-testid=requisition-list] .el-table__row:has([data-requisition="${number}"]), [data-testid=requisition-list] .card[data-requisition="${number}"]`).first();
      expect(await item.locator('[data-testid=requisition-status]').textContent()).to.match(/待部门答复|档案交接中/);
      expect(await item.textContent()).to.include(typeLabel);
      await fitsScreen(page, `requisitions at ${width}`);
      await snap(page, `14-stock-requisitions-${width}`);

      // one requisition: its number, status, quantity and issuing department
      await item.locator(`a[href="/stock/requisitions/${number}"]`).first().click();
      await page.waitForSelector('[data-testid=requisition-number]');
      expect(await page.locator('[data-testid=requisition-number]').textContent()).to.equal(number);
      expect(await page.locator('[data-testid=requisition-quantity]').textContent()).to.equal(String(quantity));
      expect(await page.locator('[data-testid=requisition-facts]').textContent()).to.include(typeLabel);
      await fitsScreen(page, `one requisition at ${width}`);
      await snap(page, `14-stock-requisition-${width}`);
      await page.getByText('返回预领列表').click();
      await page.waitForSelector('[data-testid=requisitions]');

      // 证件台账: the counts per state agree with the platform; paging goes on where the first page ended
      await page.click('[data-testid=tab-ledger]');
      await page.waitForSelector('[data-testid=ledger-counts]');
      await choose(page, 'ledger-type', typeLabel);
      const type = serial.replace(/-BINHU-\d+$/, '');
      const balance = await platform().services.serials.balance('COM-BINHU', type);
      await eventually('the in-stock count', async () => (await page.locator('[data-state=in-stock] [data-testid=ledger-count]').textContent()) === String(balance));
      await fitsScreen(page, `ledger at ${width}`);
      await snap(page, `14-stock-ledger-${width}`);
      const firstRow = async () => page.locator('[data-testid=serial-list] [data-serial]').first().getAttribute('data-serial');
      const first = await firstRow();
      await page.locator('[data-testid=ledger-pager] .number', { hasText: '2' }).click();
      await eventually('page two', async () => (await firstRow())! > first!);
      await snap(page, `14-stock-ledger-page2-${width}`);

      // 核销: a reason is asked for, then the serial reads voided
      const row = await findSerial(page, serial);
      expect(await row.locator('[data-testid=serial-state]').textContent()).to.equal('在库');
      await row.locator('[data-testid=serial-void]').click();
      const dialog = page.locator('[data-testid=void-dialog]');
      await dialog.waitFor();
      await page.click('[data-testid=void-confirm]');
      await dialog.locator('.el-form-item__error', { hasText: '请填写核销原因（至少 2 个字）' }).waitFor();
      await snap(page, `14-stock-void-dialog-${width}`);
      await voidIn(page, '打印错位，证件作废');
      await page.locator('.el-message--success', { hasText: `已核销印字号 ${serial}` }).waitFor();
      await eventually('the row reads voided', async () => (await row.locator('[data-testid=serial-state]').textContent()) === '已核销');
      expect(await row.textContent()).to.include('打印错位，证件作废');
      expect(await serialState(serial)).to.equal('voided');

      // voiding the same form again: the platform's refusal with its cause, in Chinese, in the dialog
      await page.click('[data-testid=void-open]');
      await field(page, 'void-serial').fill(serial.toLowerCase());
      const again = await voidIn(page, '再次核销');
      const refusal = again.locator('[data-testid=void-error]');
      await refusal.waitFor();
      expect(await refusal.textContent()).to.include(`印字号 ${serial} 已核销，不能再核销`);
      await fitsScreen(page, `the refusal at ${width}`);
      await snap(page, `14-stock-void-refused-${width}`);
      await page.close();
    });
  }

  it('reads in English after the switch: labels, states and the refusal', async () => {
    const page = await browser().newPage({ viewport: DESK });
    await enter(page, 'binhu.keeper');
    await page.click('[data-testid=lang]');
    await openStock(page, 'Certificate stock', false);
    expect(await page.locator('[data-testid=tab-requisitions]').textContent()).to.equal('Requisitions');
    expect(await page.locator('[data-testid=requisition-open]').textContent()).to.include('Request certificates');
    await page.click('[data-testid=tab-ledger]');
    await page.waitForSelector('[data-testid=ledger-counts]');
    expect(await page.locator('[data-testid=ledger-counts]').textContent()).to.include('In stock');
    expect(await page.locator('[data-testid=serial-list] .el-table__header').textContent()).to.include('Print serial');
    // a serial voided at 1366 px, voided once more
    await page.click('[data-testid=void-open]');
    expect(await page.locator('[data-testid=void-dialog] .el-dialog__title').textContent()).to.equal('Void a print serial');
    await field(page, 'void-serial').fill('LNYD-CERT-BINHU-000047');
    const dialog = await voidIn(page, 'misprinted');
    await dialog.locator('[data-testid=void-error]').waitFor();
    expect(await dialog.locator('[data-testid=void-error]').textContent()).to.include('serial LNYD-CERT-BINHU-000047 is voided already and cannot be voided');
    await snap(page, '14-stock-english-1366');
    await page.keyboard.press('Escape');
    await page.click('[data-testid=lang]'); // back to Chinese for the next visitor of this browser profile
    await page.close();
  });

  it('the community secretary reads the ledger and the requisitions, without filing or voiding', async () => {
    const page = await browser().newPage({ viewport: PHONE });
    await enter(page, 'binhu.leader');
    await openStock(page, '证件库存', true);
    await page.waitForSelector('[data-testid=stock-read-only]');
    expect(await page.locator('[data-testid=requisition-open]').count()).to.equal(0);
    await page.click('[data-testid=tab-ledger]');
    await page.waitForSelector('[data-testid=serial-list] [data-serial]');
    expect(await page.locator('[data-testid=void-open]').count()).to.equal(0);
    expect(await page.locator('[data-testid=serial-void]').count()).to.equal(0);
    await fitsScreen(page, 'the read-only ledger at 390');
    await snap(page, '14-stock-leader-390');
    await page.close();
  });
});
