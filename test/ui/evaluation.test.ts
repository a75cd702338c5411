import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { RectificationModel } from '../../domain/evaluation/evaluation.model.js';
import { call, login } from '../support/api.js';
import { ARTIFACTS, useBrowser } from '../support/browser.js';
import { act, applicationWhere, fileApplication } from '../support/staff.js';
import { appUrl, enter, overflow, settled } from '../support/ui.js';

const MATERIALS = [{ name: '居民身份证', provided: true }, { name: '近期免冠一寸照片', provided: true }, { name: '居住证明（房屋租赁合同或房产证明）', provided: true }];
async function shot(page: Page, name: string) {
  await settled(page);
  await page.screenshot({ path: `${ARTIFACTS}/15c-evaluation-${name}.png`, fullPage: true });
}

describe('好差评 in headless Chromium: the citizen rates an ended case, the window evaluator, the ratings list', function () {
  this.timeout(300_000);
  const browser = useBrowser();
  let online = '';

  it('at 390 px a citizen whose case has ended rates it 非常不满意 with a comment and sees it recorded', async () => {
    const filed = await call('POST', '/api/applications', { token: await login('citizen.wang'), body: { itemCode: 'JZZ', communityCode: 'COM-DUSHAN', materials: MATERIALS } });
    expect(filed.statusCode, filed.body).to.equal(201);
    online = filed.json().applicationNumber as string;
    await act(online, 'accept', 'dushan.acceptor', { decision: 'accepted' });
    await act(online, 'approve', 'psb.approver', { decision: 'approved' });
    await act(online, 'verify', 'psb.verifier', { result: 'match' });
    await act(online, 'issue', 'dushan.closer', { method: 'courier', courierTrackingNumber: 'SF2026112602' });
    await applicationWhere(online, 'the case closed', (a) => a.status === 'closed');

    const page = await browser().newPage({ viewport: { width: 390, height: 844 } });
    await enter(page, 'citizen.wang');
    await page.goto(appUrl(`/my/${online}`));
    const card = page.locator('[data-testid=rate-card][data-rated=no]');
    await card.waitFor();
    expect(await card.innerText()).to.include('评价').and.include('非常满意').and.include('基本满意').and.include('非常不满意');
    expect(await overflow(page), 'nothing wider than the phone').to.be.at.most(0);
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'card-390');

    await page.getByRole('radio', { name: '非常不满意' }).click();
    expect(await page.getByRole('radio', { name: '非常不满意' }).getAttribute('aria-checked')).to.equal('true');
    expect(await card.innerText(), 'a bad review says it will be followed up').to.include('核实整改');
    await page.getByLabel('评价意见').fill('排队两个小时，窗口说明不清楚');
    await page.click('[data-testid=rating-submit]');
    const given = page.locator('[data-testid=rating-given]');
    await given.waitFor();
    expect(await given.getAttribute('data-grade')).to.equal('very-dissatisfied');
    expect(await given.innerText()).to.include('非常不满意').and.include('排队两个小时，窗口说明不清楚').and.include('网上评价');
    expect(await overflow(page)).to.be.at.most(0);
    await given.scrollIntoViewIfNeeded();
    await shot(page, 'rated-390');

    // still there after a reload, and the bad review is in rectification once
    await page.reload();
    await page.locator('[data-testid=rate-card][data-rated=yes]').waitFor();
    expect(await RectificationModel.countDocuments({ 'subject.id': online })).to.equal(1);
    // in English through the language switch
    await page.evaluate('localStorage.setItem("lang", "en")');
    await page.reload();
    await page.locator('[data-testid=rating-given]').waitFor();
    expect(await page.locator('[data-testid=rate-card]').innerText()).to.include('Rate the service').and.include('Very dissatisfied').and.include('rated online');
    await page.locator('[data-testid=rate-card]').scrollIntoViewIfNeeded();
    await shot(page, 'rated-en-390');
    await page.close();
  });

  it('at tablet width (768 px) window staff pick the case of the day; the applicant presses 满意, is thanked, and the evaluator waits again', async () => {
    const w = (await fileApplication('DSZN', 'COM-BINHU')).applicationNumber;
    await act(w, 'accept', 'binhu.acceptor', { decision: 'accepted' });
    await act(w, 'review', 'health.reviewer', { decision: 'approved', opinion: '材料齐全' });
    await act(w, 'decide', 'health.decider', { decision: 'approved' });
    await act(w, 'close', 'binhu.closer', { handover: 'in-person' });
    await applicationWhere(w, 'the case closed', (a) => a.status === 'closed');

    const page = await browser().newPage({ viewport: { width: 768, height: 1024 } });
    await enter(page, 'binhu.acceptor');
    await page.goto(appUrl('/evaluator'));
    const row = page.locator(`[data-testid=evaluator-case][data-case="${w}"]`);
    await row.waitFor();
    expect(await row.innerText()).to.include('光荣证').and.include('请申请人评价');
    expect(await overflow(page)).to.be.at.most(0);
    await shot(page, 'evaluator-waiting-768');

    await page.click(`[data-testid=evaluate-${w}]`);
    const stage = page.locator('[data-testid=evaluator-stage]');
    await stage.waitFor();
    expect(await stage.innerText()).to.include('请您对本次服务进行评价').and.include(w);
    const box = await stage.boundingBox();
    expect(box, 'the whole tablet screen').to.deep.include({ x: 0, y: 0, width: 768 });
    const button = await page.getByRole('radio', { name: '满意', exact: true }).boundingBox();
    expect(button!.height, 'big enough to press').to.be.at.least(80);
    await shot(page, 'evaluator-stage-768');

    await page.getByRole('radio', { name: '满意', exact: true }).click();
    await page.locator('[data-testid=evaluator-thanks]').waitFor();
    expect(await page.locator('[data-testid=evaluator-thanks]').innerText()).to.include('感谢您的评价');
    await shot(page, 'evaluator-thanks-768');
    await page.locator('[data-testid=evaluator][data-mode=waiting]').waitFor({ timeout: 15_000 });
    await row.locator('text=已评价').waitFor();

    // the same case by number again: refused, with the reason
    await page.fill('[data-testid=evaluator-number]', w);
    await page.click('[data-testid=evaluator-open]');
    expect(await page.locator('[data-testid=evaluator-error]').innerText()).to.include(w).and.include('已评价过');
    await shot(page, 'evaluator-refused-768');

    await page.close();
    // the same page on a phone and on a desktop
    for (const width of [390, 1366]) {
      const other = await browser().newPage({ viewport: { width, height: 844 } });
      await enter(other, 'binhu.acceptor');
      await other.goto(appUrl('/evaluator'));
      await other.locator(`[data-testid=evaluator-case][data-case="${w}"]`).waitFor();
      if (width === 390) expect(await overflow(other)).to.be.at.most(0);
      await shot(other, `evaluator-waiting-${width}`);
      await other.close();
    }

    const listed = (await call('GET', `/api/evaluations?channel=window&itemCode=DSZN`, { token: await login('supervisor') })).json();
    const rating = listed.ratings.find((r: { subject: { id: string } }) => r.subject.id === w);
    expect(rating).to.include({ grade: 'satisfied', channel: 'window' });
    expect(rating.rater.recordedBy).to.equal('binhu.acceptor');
  });

  it('the supervisor lists bad reviews with counts at 1366 px and at 390 px', async () => {
    for (const width of [1366, 390]) {
      const page = await browser().newPage({ viewport: { width, height: 900 } });
      await enter(page, 'supervisor');
      await page.goto(appUrl('/evaluations'));
      await page.locator('[data-testid=ratings-counts]').waitFor();
      await page.click('[data-testid=filter-bad]');
      await page.fill('[data-testid=filter-item]', 'JZZ');
      await page.click('[data-testid=filter-go]');
      const row = page.locator(`[data-testid=rating-row][data-case="${online}"]`);
      await row.first().waitFor();
      expect(await row.first().getAttribute('data-grade')).to.equal('very-dissatisfied');
      const text = await page.locator('[data-testid=ratings-page]').innerText();
      expect(text).to.include('排队两个小时').and.include('王**').and.not.include('王小明');
      expect(Number(await page.locator('[data-testid=count-bad]').innerText())).to.equal(Number(await page.locator('[data-testid=count-total]').innerText()));
      await page.click('[data-testid=by-party]');
      expect(await page.locator('[data-testid=counts-table]').innerText()).to.include('dushan.acceptor');
      if (width === 390) expect(await overflow(page)).to.be.at.most(0);
      await shot(page, `ratings-${width}`);
      await row.first().scrollIntoViewIfNeeded();
      await shot(page, `ratings-list-${width}`);
      await page.close();
    }
  });
});
