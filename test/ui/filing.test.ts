import { writeFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { ARTIFACTS, signIn, useBrowser } from '../support/browser.js';
import { pdfFirstPagePng, pdfText } from '../support/pdf.js';
import { platform } from '../support/platform.js';
import { act, applicationWhere, fileApplication } from '../support/staff.js';
import { chooseItem, downloaded, overflow, settled } from '../support/ui.js';

// a resident ID number with a valid check digit, and a phone: both must show masked once entered
const ID = '420700198808081230';
const PHONE = '13987654321';
const ID_MASKED = '420***********1230';
const PHONE_MASKED = '139****4321';
// the first bytes the platform checks; enough for a scan it accepts by content
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(600, 1)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(600, 0x20), Buffer.from('\n%%EOF\n')]);

const base = () => `http://127.0.0.1:${platform().config.http.port}`;

async function openAs(page: Page, username: string, path: string) {
  await signIn(page, username);
  await page.waitForSelector('[data-testid=who]');
  await page.goto(`${base()}${path}`);
}

async function fillApplicant(page: Page) {
  await page.fill('[data-testid=applicant-name]', '钱收件');
  await page.fill('[data-testid=applicant-id]', ID);
  await page.fill('[data-testid=applicant-phone]', PHONE);
  await page.click('[data-testid=applicant-name]'); // leave the phone field
}

describe('window filing in headless Chromium: a walk-in application with scans, the receipt, the supplement notice and the supplement', function () {
  this.timeout(180_000);
  const browser = useBrowser();

  it('binhu.acceptor files a walk-in application with two scans, sees the number and the masked ID, and prints the receipt', async () => {
    const page = await browser().newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    await openAs(page, 'binhu.acceptor', '/filing');
    await page.getByRole('menuitem', { name: '窗口收件' }).waitFor();

    await chooseItem(page, '独生子女', '独生子女父母光荣证（DSZN）');
    await page.waitForSelector('[data-testid=item-facts]');
    expect(await page.locator('[data-testid=material]').count(), 'the item’s four materials').to.equal(4);
    await fillApplicant(page);
    expect(await page.inputValue('[data-testid=applicant-id]'), 'the ID masked once entered').to.equal(ID_MASKED);
    expect(await page.inputValue('[data-testid=applicant-phone]')).to.equal(PHONE_MASKED);

    // two scans chosen (which marks those materials received); the other two ticked by hand
    await page.setInputFiles('[data-material="居民身份证"] input[type=file]', { name: 'id-card.png', mimeType: 'image/png', buffer: PNG });
    await page.setInputFiles('[data-material="户口簿"] input[type=file]', { name: 'hukou.pdf', mimeType: 'application/pdf', buffer: PDF });
    expect(await page.getByRole('checkbox', { name: '居民身份证' }).isChecked()).to.equal(true);
    expect(await page.locator('[data-testid=missing-required]').textContent()).to.include('结婚证').and.include('近期免冠一寸照片');
    await page.getByText('结婚证', { exact: true }).click();
    await page.getByText('近期免冠一寸照片', { exact: true }).click();
    expect(await page.locator('[data-testid=missing-required]').count(), 'nothing required is missing now').to.equal(0);
    await page.setViewportSize({ width: 1366, height: 1300 }); // the whole form in one picture
    await settled(page);
    await page.screenshot({ path: `${ARTIFACTS}/14-filing-form-1366.png` });
    await page.setViewportSize({ width: 1366, height: 900 });

    await page.click('[data-testid=review]');
    await page.waitForSelector('[data-testid=summary]');
    await settled(page);
    expect(await page.textContent('[data-testid=summary-id]')).to.equal(ID_MASKED);
    expect(await page.textContent('[data-testid=summary-phone]')).to.equal(PHONE_MASKED);
    expect(await page.textContent('[data-testid=summary]')).to.include('扫描件 2 份');
    await page.screenshot({ path: `${ARTIFACTS}/14-filing-confirm-1366.png` });
    await page.click('[data-testid=confirm]');

    await page.waitForSelector('[data-testid=filed-number]');
    const number = (await page.textContent('[data-testid=filed-number]'))!.trim();
    expect(number).to.match(/^SQ\d{10}$/);
    expect(await page.textContent('[data-testid=filed-id]')).to.equal(ID_MASKED);
    expect(await page.textContent('[data-testid=filed-phone]')).to.equal(PHONE_MASKED);
    expect(await page.textContent('[data-testid=filed-uploads]')).to.include('2');
    expect(await page.locator('body').innerText(), 'the full ID and phone appear nowhere on screen').to.not.include(ID).and.not.include(PHONE);
    await page.screenshot({ path: `${ARTIFACTS}/14-filing-result-1366.png`, fullPage: true });

    // stored in full, with both scans under their materials, filed by the window
    const stored = await platform().services.applications.get(number);
    expect(stored.applicant).to.include({ name: '钱收件', idNumber: ID, phone: PHONE });
    expect(stored.channel).to.equal('window');
    expect(stored.filedBy).to.equal('binhu.acceptor');
    expect((stored.files ?? []).map((f) => f.material)).to.have.members(['居民身份证', '户口簿']);
    expect(stored.missingMaterials).to.deep.equal([]);

    const receipt = await downloaded(page, 'print-receipt');
    expect(receipt.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    const text = (await pdfText(receipt)).replace(/[ \t]+/g, '');
    expect(text).to.include('受理回执').and.include('滨湖社区').and.include(number).and.include(ID_MASKED).and.not.include(ID);
    expect(text).to.include('居民身份证（原件及复印件，1份）：已提交，已上传扫描件');
    writeFileSync(`${ARTIFACTS}/14-receipt.pdf`, receipt);
    await pdfFirstPagePng(`${ARTIFACTS}/14-receipt.pdf`, `${ARTIFACTS}/14-receipt`);
    await page.close();
  });

  it('a case not accepted for missing materials: the window finds it by number, prints the one-time notice and records the supplement with a scan', async () => {
    const filed = await fileApplication('DSZN', 'COM-BINHU', { missing: ['结婚证'] });
    const number = filed.applicationNumber;
    await act(number, 'accept', 'binhu.acceptor', { decision: 'not-accepted', missingMaterials: ['结婚证', '近期免冠一寸照片'] });
    await applicationWhere(number, 'the supplement notice', (a) => a.status === 'supplement-requested');

    const page = await browser().newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    await openAs(page, 'binhu.acceptor', '/filing');
    await page.fill('[data-testid=supplement-number]', number.toLowerCase());
    await page.click('[data-testid=supplement-go]');
    await page.waitForSelector('[data-testid=supplement-notice]');
    expect(page.url()).to.match(new RegExp(`/filing/supplement/${number}$`));
    expect(await page.textContent('[data-testid=supplement-status]')).to.include('待补正');
    expect(await page.textContent('[data-testid=supplement-notice]')).to.include('结婚证').and.include('近期免冠一寸照片');
    expect(await page.textContent('[data-testid=supplement-id]')).to.equal('420***********1234');
    expect(await page.locator('[data-testid=print-refusal]').count(), 'no refusal to print').to.equal(0);

    const notice = (await pdfText(await downloaded(page, 'print-supplement'))).replace(/[ \t]+/g, '');
    expect(notice).to.include('一次性告知书').and.include('滨湖社区').and.include(number);
    expect(notice).to.include('1.结婚证（原件及复印件，1份）').and.include('2.近期免冠一寸照片（原件，2份）');

    await page.setInputFiles('[data-material="结婚证"] input[type=file]', { name: 'marriage.png', mimeType: 'image/png', buffer: PNG });
    await page.getByText('近期免冠一寸照片', { exact: true }).click();
    await page.screenshot({ path: `${ARTIFACTS}/14-supplement-1366.png`, fullPage: true });
    await page.click('[data-testid=record-supplement]');
    await page.waitForSelector('[data-testid=supplement-done]');

    const after = await applicationWhere(number, 'the supplement received', (a) => a.status !== 'supplement-requested');
    expect((after.pauses ?? []).every((p) => p.to), 'the clock runs again').to.equal(true);
    expect(after.materials.filter((m) => m.provided).map((m) => m.name)).to.include.members(['结婚证', '近期免冠一寸照片']);
    expect((after.files ?? []).map((f) => f.material)).to.include('结婚证');
    await page.screenshot({ path: `${ARTIFACTS}/14-supplement-done-1366.png`, fullPage: true });

    // a number that is no case is said plainly
    await page.goto(`${base()}/filing/supplement/SQ2026999999`);
    await page.waitForSelector('[data-testid=supplement-problem]');
    expect(await page.textContent('[data-testid=supplement-problem]')).to.include('不存在');
    await page.close();
  });

  it('at 390 px the filing form, the check and the supplement page fit the screen', async () => {
    const filed = await fileApplication('DSZN', 'COM-BINHU', { missing: ['户口簿'] });
    await act(filed.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'not-accepted', missingMaterials: ['户口簿'] });
    await applicationWhere(filed.applicationNumber, 'the supplement notice', (a) => a.status === 'supplement-requested');

    const page = await browser().newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await openAs(page, 'binhu.acceptor', '/filing');
    await chooseItem(page, '老年人', '老年人优待证（LNYD）');
    await fillApplicant(page);
    await page.setInputFiles('[data-material="居民身份证"] input[type=file]', { name: 'a-scan-with-a-rather-long-file-name-from-the-scanner-0001.png', mimeType: 'image/png', buffer: PNG });
    expect(await overflow(page), 'the form scrolls sideways by').to.be.at.most(0);
    await page.screenshot({ path: `${ARTIFACTS}/14-filing-form-390.png`, fullPage: true });
    await page.click('[data-testid=review]');
    await page.waitForSelector('[data-testid=summary]');
    await settled(page);
    expect(await overflow(page)).to.be.at.most(0);
    await page.screenshot({ path: `${ARTIFACTS}/14-filing-confirm-390.png` });
    await page.click('[data-testid=confirm]');
    await page.waitForSelector('[data-testid=filed-number]');
    expect(await overflow(page)).to.be.at.most(0);
    await page.screenshot({ path: `${ARTIFACTS}/14-filing-result-390.png`, fullPage: true });

    await page.goto(`${base()}/filing/supplement/${filed.applicationNumber}`);
    await page.waitForSelector('[data-testid=record-supplement]');
    expect(await overflow(page)).to.be.at.most(0);
    await page.screenshot({ path: `${ARTIFACTS}/14-supplement-390.png`, fullPage: true });
    await page.close();
  });

  it('window staff without the acceptor post see why they cannot file', async () => {
    const page = await browser().newPage({ viewport: { width: 1366, height: 900 } });
    await openAs(page, 'binhu.closer', '/filing');
    await page.waitForSelector('[data-testid=no-post]');
    expect(await page.textContent('[data-testid=no-post]')).to.include('没有受理岗位');
    expect(await page.locator('[data-testid=review]').isDisabled()).to.equal(true);
    await page.close();
  });
});
