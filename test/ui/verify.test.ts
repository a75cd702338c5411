/// <reference lib="dom" />
import { join } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { call, login } from '../support/api.js';
import { ARTIFACTS, useBrowser } from '../support/browser.js';
import { act, eventually, fileApplication } from '../support/staff.js';
import { appUrl, enter, overflow, settled } from '../support/ui.js';

const phone = { width: 390, height: 844 };

/** Walks an on-site case to its end and answers its electronic certificate as the case's staff see it. */
async function issuedCertificate() {
  const filed = await fileApplication('DSZN', 'COM-BINHU');
  const n = filed.applicationNumber;
  await act(n, 'accept', 'binhu.acceptor', { decision: 'accepted' });
  await act(n, 'review', 'health.reviewer', { decision: 'approved', opinion: '材料齐全' });
  await act(n, 'decide', 'health.decider', { decision: 'approved' });
  await act(n, 'close', 'binhu.closer', { handover: 'in-person' });
  return eventually(`the electronic certificate of ${n}`, async () => {
    const res = await call('GET', `/api/applications/${n}/certificate`, { token: await login('binhu.closer') });
    return res.statusCode === 200 ? { ...res.json() as { certificateId: string; verifyUrl: string; signed: { payload: Record<string, unknown> }; holder: { name: string } }, applicationNumber: n } : null;
  }, 60_000);
}

async function statusOf(page: Page) {
  const status = page.locator('[data-testid=verify-status]');
  await status.waitFor();
  return { verdict: await status.getAttribute('data-verdict'), text: await status.innerText() };
}

describe('the public verification page (电子证照核验) on a phone, without login', function () {
  this.timeout(240_000);
  const browser = useBrowser();
  let certificate: Awaited<ReturnType<typeof issuedCertificate>>;

  before(async () => {
    certificate = await issuedCertificate();
  });

  it('the QR code’s address shows a genuine certificate in big words, with the holder masked', async () => {
    const page = await browser().newPage({ viewport: phone });
    const url = new URL(certificate.verifyUrl);
    await page.goto(appUrl(url.pathname));
    const { verdict, text } = await statusOf(page);
    expect(verdict).to.equal('genuine');
    expect(text).to.include('真实有效');
    expect(page.url(), 'no login asked').to.include(`/verify/${certificate.certificateId}`);
    const holder = await page.locator('[data-testid=verify-holder]').innerText();
    const id = await page.locator('[data-testid=verify-id-number]').innerText();
    expect(holder).to.match(/^.\*+$/);
    expect(id).to.match(/^\d{3}\*+\d{4}$/);
    expect(await page.locator('[data-testid=verify-page]').innerText(), 'the full name is nowhere on the page').to.not.include(String((certificate.signed.payload.holder as { name: string }).name));
    expect(await page.locator('[data-testid=verify-number]').innerText()).to.equal(certificate.signed.payload.certificateNumber);
    expect(await overflow(page), 'nothing wider than the phone').to.be.at.most(0);
    const size = await page.locator('.verdict-title').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size, 'the status is big').to.be.at.least(24);
    await settled(page);
    await page.screenshot({ path: join(ARTIFACTS, '15-verify-genuine.png'), fullPage: true });

    // a copy with one field changed, pasted into the same page, is refused as not genuine
    const tampered = { ...certificate.signed, payload: { ...certificate.signed.payload, validUntil: '2099-12-31T00:00:00.000Z' } };
    await page.getByLabel('电子证照文件内容').fill(JSON.stringify(tampered));
    await page.getByRole('button', { name: '核验', exact: true }).last().click();
    await page.waitForSelector('[data-testid=verify-status][data-verdict=unverifiable]');
    expect(await page.locator('[data-testid=verify-cause]').innerText()).to.include('签名与内容不符');
    await settled(page);
    await page.screenshot({ path: join(ARTIFACTS, '15-verify-tampered.png'), fullPage: true });
    await page.close();
  });

  it('the department revokes the certificate on the case page (作废); the verification then says 已撤销 with the time and the reason', async () => {
    const staff = await browser().newPage({ viewport: phone });
    await enter(staff, 'health.decider');
    await staff.goto(appUrl(`/cases/${certificate.applicationNumber}`));
    const panel = staff.locator('[data-testid=case-certificate]');
    await panel.waitFor();
    expect(await staff.locator('[data-testid=certificate-status]').innerText()).to.equal('真实有效');
    await staff.click('[data-testid=certificate-revoke]');
    await staff.locator('.el-message-box input').fill('证件信息有误，依法撤销');
    await staff.locator('.el-message-box').getByRole('button', { name: '撤销证照' }).click();
    await staff.waitForSelector('[data-testid=case-certificate][data-verdict=revoked]');
    expect(await panel.innerText()).to.include('已撤销').and.include('证件信息有误，依法撤销');
    expect(await overflow(staff)).to.be.at.most(0);
    await settled(staff);
    await staff.screenshot({ path: join(ARTIFACTS, '15-case-certificate-revoked-390.png'), fullPage: true });
    await staff.close();

    const page = await browser().newPage({ viewport: phone });
    await page.goto(appUrl(`/verify/${certificate.certificateId}`));
    const { verdict, text } = await statusOf(page);
    expect(verdict).to.equal('revoked');
    expect(text).to.include('已撤销');
    expect(await page.locator('[data-testid=verify-revoke-reason]').innerText()).to.equal('证件信息有误，依法撤销');
    expect(await page.locator('[data-testid=verify-revoked-at]').innerText()).to.match(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(await overflow(page)).to.be.at.most(0);
    await settled(page);
    await page.screenshot({ path: join(ARTIFACTS, '15-verify-revoked.png'), fullPage: true });
    await page.close();
  });

  it('an unknown certificate says 无法核验 with the cause; English on request; the desk width reads the same', async () => {
    const page = await browser().newPage({ viewport: phone });
    await page.goto(appUrl('/verify/EC0000000000000000DEAD'));
    const { verdict, text } = await statusOf(page);
    expect(verdict).to.equal('unverifiable');
    expect(text).to.include('无法核验');
    expect(await page.locator('[data-testid=verify-cause]').innerText()).to.include('EC0000000000000000DEAD');
    expect(await page.locator('[data-testid=verify-details]').count(), 'no certificate fields').to.equal(0);
    expect(await overflow(page)).to.be.at.most(0);
    await settled(page);
    await page.screenshot({ path: join(ARTIFACTS, '15-verify-unknown.png'), fullPage: true });
    await page.click('[data-testid=lang]');
    await page.waitForFunction(() => document.querySelector('[data-testid=verify-status]')?.textContent?.includes('Cannot be verified'));
    await page.close();

    const desk = await browser().newPage({ viewport: { width: 1366, height: 900 } });
    await desk.goto(appUrl(`/verify/${certificate.certificateId}`));
    expect((await statusOf(desk)).verdict).to.equal('revoked');
    await settled(desk);
    await desk.screenshot({ path: join(ARTIFACTS, '15-verify-revoked-desk.png'), fullPage: true });
    await desk.close();
  });
});
