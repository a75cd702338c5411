import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { ARTIFACTS, fillLogin, useBrowser } from '../support/browser.js';
import { platform } from '../support/platform.js';
import { act, applicationWhere } from '../support/staff.js';
import { downloaded, overflow, settled } from '../support/ui.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(600, 1)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(600, 0x20), Buffer.from('\n%%EOF\n')]);
const HOUSING = '居住证明（房屋租赁合同或房产证明）';

const base = () => `http://127.0.0.1:${platform().config.http.port}`;
/** A page wider than the screen scrolls sideways: at 390 px nothing may. */
async function shot(page: Page, name: string) {
  await settled(page);
  await page.screenshot({ path: `${ARTIFACTS}/15-portal-${name}.png`, fullPage: true });
}

describe('the applicant portal in headless Chromium: guides, online application, supplement, progress', function () {
  this.timeout(240_000);
  const browser = useBrowser();
  let number = '';
  let queryCode = '';

  it('at 390 px a visitor finds the guide by search, sees window filing stays open, logs in and applies online with uploads', async () => {
    const page = await browser().newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${base()}/guides`);
    await page.waitForSelector('[data-testid=guide-card]');
    await page.fill('[data-testid=guide-search]', '居住');
    await page.click('[data-testid=guide-search-go]');
    const card = page.locator('[data-testid=guide-card]');
    await card.nth(1).waitFor({ state: 'detached' });
    expect(await card.count(), 'one item matches 居住').to.equal(1);
    expect(await card.innerText()).to.include('居住证').and.include('可在线申请').and.include('15个工作日');
    expect(await overflow(page), 'nothing wider than the phone').to.be.at.most(0);
    await shot(page, 'guides-390');

    await card.getByRole('link', { name: '居住证' }).click();
    await page.waitForSelector('[data-testid=guide]');
    const guide = await page.locator('[data-testid=guide]').innerText();
    expect(guide).to.include('《居住证暂行条例》').and.include('首次申领不收费').and.include('市公安局').and.include(HOUSING);
    expect(await page.locator('[data-testid=guide-places]').innerText(), 'where to apply').to.include('杜山村').and.include('滨湖社区');
    expect(await page.locator('[data-testid=window-equal]').innerText(), 'window filing stays equally open').to.include('同等有效');
    expect(await overflow(page)).to.be.at.most(0);
    await shot(page, 'guide-390');

    await page.click('[data-testid=apply-online]');
    await page.waitForURL(/\/login/);
    await fillLogin(page, 'citizen.wang');
    await page.waitForURL(/\/apply\/JZZ/);
    await page.waitForSelector('[data-testid=apply-form]');
    expect(await page.locator('[data-testid=apply-self]').innerText()).to.include('王小明');
    await page.getByText('杜山村').click();
    await page.setInputFiles('[data-material="居民身份证"] input[type=file]', { name: 'id-card.png', mimeType: 'image/png', buffer: PNG });
    await page.setInputFiles('[data-material="近期免冠一寸照片"] input[type=file]', { name: 'photo.png', mimeType: 'image/png', buffer: PNG });
    expect(await page.locator('[data-testid=apply-missing]').innerText(), 'the one material not chosen is named').to.include(HOUSING);
    expect(await overflow(page)).to.be.at.most(0);
    await shot(page, 'apply-390');
    await page.click('[data-testid=apply-submit]');
    await page.waitForSelector('[data-testid=apply-done]');
    number = (await page.locator('[data-testid=apply-number]').innerText()).trim();
    queryCode = (await page.locator('[data-testid=apply-query-code]').innerText()).trim();
    expect(number).to.match(/^SQ\d{10}$/);
    expect(queryCode).to.match(/^[0-9A-Z]{8}$/);
    await shot(page, 'applied-390');
    const stored = await platform().services.applications.get(number);
    expect(stored.channel).to.equal('online');
    expect(stored.applicantUsername).to.equal('citizen.wang');
    expect(stored.files?.map((f) => f.material).sort(), 'both uploads stored with the case').to.deep.equal(['居民身份证', '近期免冠一寸照片']);
    await page.close();
  });

  it('the window asks for a supplement; at 390 px the citizen sees it in 我的申请 and supplements online with an upload', async () => {
    await act(number, 'accept', 'dushan.acceptor', { decision: 'not-accepted', missingMaterials: [HOUSING] });
    await applicationWhere(number, 'the supplement notice', (a) => a.status === 'supplement-requested');

    const page = await browser().newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${base()}/login`);
    await fillLogin(page, 'citizen.wang');
    await page.waitForURL(/\/my$/);
    const row = page.locator(`[data-number=${number}]`);
    const id = (await platform().services.applications.get(number)).applicant!.idNumber;
    expect(await row.innerText()).to.include('待补正').and.include(`${id.slice(0, 3)}***********${id.slice(-4)}`);
    await shot(page, 'my-390');
    await row.click();
    await page.waitForSelector('[data-testid=case-supplement]');
    expect(await page.locator('[data-testid=case-status]').innerText()).to.include('待补正');
    expect(await page.locator('[data-testid=case-expected]').innerText(), 'the legal clock stands still while waiting').to.include('暂停');
    expect(await page.locator('[data-testid=case-supplement]').innerText()).to.include(`1. ${HOUSING}`);
    expect(await page.locator('[data-testid=case-notice][data-kind=supplement-notice]').count()).to.equal(1);
    expect(await page.locator('[data-testid=case-step][data-step=accept]').innerText(), 'the online first step is the pre-review').to.include('网上预审').and.include('需补正');
    const text = await page.locator('.portal-page').innerText();
    expect(text, 'personal data masked').not.to.include(id);
    expect(await page.locator('[data-testid=case-applicant]').innerText(), 'the applicant shown masked').to.include('王小明').and.match(/139\*{4}\d{4}/);
    expect(await overflow(page)).to.be.at.most(0);
    await shot(page, 'supplement-390');

    await page.setInputFiles(`[data-material="${HOUSING}"] input[type=file]`, { name: 'lease.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.click('[data-testid=supplement-submit]');
    await page.waitForSelector('[data-testid=case-supplement]', { state: 'detached' });
    const after = await applicationWhere(number, 'the supplement received', (a) => a.status !== 'supplement-requested');
    expect(after.materials.find((m) => m.name === HOUSING)?.provided).to.equal(true);
    expect(after.files?.some((f) => f.material === HOUSING && f.fileName === 'lease.pdf')).to.equal(true);

    // 我的消息: the notice is kept for the citizen, who also got it by text message
    await page.goto(`${base()}/notices`);
    const notice = page.locator('[data-testid=notice-row][data-kind=supplement-notice]').filter({ hasText: number });
    await notice.waitFor();
    expect(await notice.innerText()).to.include('补正通知').and.include(HOUSING).and.include('已发短信');
    expect(await overflow(page)).to.be.at.most(0);
    await shot(page, 'notices-390');
    await page.close();
  });

  it('staff finish the case; the citizen follows it to the end at 390 px and at 1366 px; the public query answers', async () => {
    await act(number, 'accept', 'dushan.acceptor', { decision: 'accepted' });
    await act(number, 'approve', 'psb.approver', { decision: 'approved' });
    await act(number, 'verify', 'psb.verifier', { result: 'match' });
    await act(number, 'issue', 'dushan.closer', { method: 'courier', courierTrackingNumber: 'SF1234567890' });
    await applicationWhere(number, 'the case closed', (a) => a.status === 'closed');

    for (const width of [390, 1366]) {
      const page = await browser().newPage({ viewport: { width, height: 900 } });
      await page.goto(`${base()}/login`);
      await fillLogin(page, 'citizen.wang');
      await page.waitForURL(/\/my$/);
      await page.locator(`[data-number=${number}]`).click();
      await page.waitForSelector('[data-testid=case-closed]');
      expect(await page.locator('[data-testid=case-status]').innerText()).to.include('已办结');
      const steps = await page.locator('[data-testid=case-step]').evaluateAll((els) => els.map((e) => e.getAttribute('data-step')));
      expect(steps, 'each step in order, accept twice').to.deep.equal(['accept', 'accept', 'approve', 'verify', 'issue']);
      expect(await page.locator('[data-testid=case-step][data-step=issue]').innerText()).to.include('快递送达');
      const kinds = await page.locator('[data-testid=case-notice]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
      expect(kinds).to.include('supplement-notice').and.include('receipt').and.include('courier-dispatched').and.include('pre-review-passed');
      expect(await page.locator('[data-testid=case-notice][data-kind=pre-review-passed]').innerText(), 'told to bring the originals').to.include('原件');
      expect(await page.locator('[data-testid=case-notices]').innerText()).to.include('SF1234567890');
      if (width === 390) expect(await overflow(page)).to.be.at.most(0);
      await shot(page, `closed-${width}`);
      if (width === 390) {
        // 好差评: the citizen rates the service they got, here 非常不满意, which is a bad review followed up by the unit
        await page.getByRole('radio', { name: '非常不满意' }).click();
        await page.getByLabel('评价意见').fill('补正来回两次，希望一次说清');
        await page.click('[data-testid=rating-submit]');
        const given = page.locator('[data-testid=rating-given][data-grade=very-dissatisfied]');
        await given.waitFor();
        expect(await given.innerText()).to.include('非常不满意').and.include('补正来回两次');
        await given.scrollIntoViewIfNeeded();
        await shot(page, 'rated-390');
        // the electronic certificate: downloaded as PDF, and its verification page (where its QR code leads) says genuine
        const card = page.locator('[data-testid=case-certificate]');
        await card.waitFor();
        expect((await downloaded(page, 'certificate-pdf')).subarray(0, 5).toString('latin1')).to.equal('%PDF-');
        await page.click('[data-testid=certificate-verify]');
        await page.waitForURL(/\/verify\//);
        const status = page.locator('[data-testid=verify-status]');
        await status.waitFor();
        expect(await status.getAttribute('data-verdict')).to.equal('genuine');
        expect(await status.innerText()).to.include('真实有效');
        expect(await page.locator('[data-testid=verify-page]').innerText(), 'the holder masked').not.to.include('王小明');
        expect(await overflow(page)).to.be.at.most(0);
        await shot(page, 'certificate-verify-390');
      }
      await page.close();
    }

    const visitor = await browser().newPage({ viewport: { width: 390, height: 844 } });
    await visitor.goto(`${base()}/progress`);
    await visitor.fill('[data-testid=progress-number]', number);
    await visitor.fill('[data-testid=progress-secret]', 'WRONG1');
    await visitor.click('[data-testid=progress-query]');
    expect(await visitor.locator('[data-testid=progress-error]').innerText()).to.include('查询密码不正确');
    await visitor.fill('[data-testid=progress-secret]', queryCode);
    await visitor.click('[data-testid=progress-query]');
    await visitor.waitForSelector('[data-testid=progress-result]');
    expect(await visitor.locator('[data-testid=progress-status]').innerText()).to.include('已办结，证件已发放');
    expect(await visitor.locator('[data-testid=progress-result]').innerText(), 'nothing personal').not.to.include('王小明');
    expect(await overflow(visitor)).to.be.at.most(0);
    await shot(visitor, 'progress-390');
    await visitor.close();
  });

  it('at 390 px a proxy agent applies for a client with the signed letter of authorisation; the window sees the authorisation', async () => {
    const page = await browser().newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${base()}/login`);
    await fillLogin(page, 'proxy.li');
    await page.waitForURL(/\/my$/);
    await page.goto(`${base()}/apply/JZZ`);
    await page.waitForSelector('[data-testid=apply-form]');
    await page.fill('[data-testid=applicant-name]', '赵委托');
    await page.fill('[data-testid=applicant-id]', '420700199001011236');
    await page.fill('[data-testid=applicant-phone]', '13700002222');
    await page.click('[data-testid=applicant-name]'); // leave the phone field
    await page.locator('[data-testid=apply-place]').getByText('滨湖社区').click();
    await page.click('[data-testid=apply-submit]');
    expect(await page.locator('[data-testid=apply-error]').innerText(), 'no filing without the letter').to.include('授权委托书');
    await page.fill('[data-testid=apply-letter] .dates input >> nth=0', '2026-01-05');
    await page.keyboard.press('Enter');
    await page.fill('[data-testid=apply-letter] .dates input >> nth=1', '2099-12-31');
    await page.keyboard.press('Enter');
    await page.click('[data-testid=applicant-name]'); // close the date panel
    await page.setInputFiles('[data-material="授权委托书"] input[type=file]', { name: 'letter.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.setInputFiles('[data-material="居民身份证"] input[type=file]', { name: 'id-card.png', mimeType: 'image/png', buffer: PNG });
    expect(await overflow(page)).to.be.at.most(0);
    await shot(page, 'proxy-apply-390');
    await page.click('[data-testid=apply-submit]');
    await page.waitForSelector('[data-testid=apply-done]');
    const filed = (await page.locator('[data-testid=apply-number]').innerText()).trim();
    const stored = await platform().services.applications.get(filed);
    expect(stored.proxy).to.deep.include({ agent: 'proxy.li', signedOn: '2026-01-05', validUntil: '2099-12-31' });
    expect(stored.files?.map((f) => f.material).sort()).to.deep.equal(['居民身份证', '授权委托书']);
    await page.close();
  });

  it('at 1366 px the guides list, and in English the guide and the progress query', async () => {
    const page = await browser().newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${base()}/guides`);
    await page.waitForSelector('[data-testid=guide-card]');
    // the six demo items are all listed (other tests may have opened more)
    const codes = await page.locator('[data-testid=guide-card]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(codes).to.include.members(['CJRZ', 'DIBAO', 'DSZN', 'JYSY', 'JZZ', 'LNYD']);
    await shot(page, 'guides-1366');

    await page.evaluate('localStorage.setItem("lang", "en")');
    await page.goto(`${base()}/guides/JZZ`);
    await page.waitForSelector('[data-testid=guide]');
    expect(await page.locator('[data-testid=apply-online]').innerText()).to.equal('Log in to apply online');
    expect(await page.locator('[data-testid=window-equal]').innerText()).to.include('counts the same as online');
    expect(await page.locator('[data-testid=guide]').innerText()).to.include('Where to apply').and.include('Materials');
    await shot(page, 'guide-en-1366');
    await page.goto(`${base()}/progress`);
    await page.fill('[data-testid=progress-number]', number);
    await page.fill('[data-testid=progress-secret]', queryCode);
    await page.click('[data-testid=progress-query]');
    await page.waitForSelector('[data-testid=progress-result]');
    expect(await page.locator('[data-testid=progress-status]').innerText()).to.include('completed');
    await shot(page, 'progress-en-1366');
    await page.close();
  });
});
