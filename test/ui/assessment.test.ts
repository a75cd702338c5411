import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { call, login } from '../support/api.js';
import { ARTIFACTS, useBrowser } from '../support/browser.js';
import { act, eventually, fileApplication } from '../support/staff.js';
import { appUrl, enter, openFromMenu, overflow, settled } from '../support/ui.js';

async function shot(page: Page, name: string) {
  await settled(page);
  // the charts draw after their data arrives
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${ARTIFACTS}/18b-assessment-${name}.png`, fullPage: true });
}

/** A proposal left open by an earlier run is rejected by the other person, so this run can propose through the page. */
async function clearPending() {
  const sets = (await call('GET', '/api/assessment/weights', { token: await login('office.zhang') })).json().sets as { version: number; status: string; proposedBy: { username: string } }[];
  for (const s of sets.filter((x) => x.status === 'pending')) {
    const other = s.proposedBy.username === 'office.zhang' ? 'office.li' : 'office.zhang';
    await call('POST', `/api/assessment/weights/${s.version}/reject`, { token: await login(other), body: { comment: '清理未决的权重' } });
  }
}

describe('绩效排名 in headless Chromium: the quarterly ranking of units and the four-eyes weights', function () {
  this.timeout(300_000);
  const browser = useBrowser();

  before(async () => {
    // a case accepted at a community window this quarter: acceptance and time-limit facts for the ranking
    const { applicationNumber: number } = await fileApplication('JZZ', 'COM-DUSHAN');
    await act(number, 'accept', 'dushan.acceptor', { decision: 'accepted' });
    // consultations answered by two departments, rated by the asker, one published as a FAQ: consultation,
    // evaluation and publishing facts
    for (const [itemCode, staff, grade] of [['DSZN', 'health.reviewer', 'very-satisfied'], ['LNYD', 'civil.reviewer', 'dissatisfied']] as const) {
      const asked = await call('POST', '/api/consultations', { token: await login('citizen.wang'), body: { itemCode, question: `这个事项需要带哪些材料？（${Date.now()}）` } });
      expect(asked.statusCode, asked.body).to.equal(201);
      const n = asked.json().consultationNumber as string;
      await eventually(`the answer step of ${n}`, async () => {
        const res = await call('POST', `/api/consultations/${n}/answer`, { token: await login(staff), body: { answer: '请携带居民身份证和户口簿原件。' } });
        return res.statusCode === 409 && res.json().code === 'CONSULTATION_NOT_READY' ? undefined : res;
      });
      const rated = await call('POST', '/api/evaluations', { token: await login('citizen.wang'), body: { subject: { kind: 'consultation', id: n }, grade, channel: 'portal' } });
      expect(rated.statusCode, rated.body).to.equal(201);
      if (itemCode === 'DSZN') expect((await call('POST', `/api/consultations/${n}/publish`, { token: await login('health.leader') })).statusCode).to.equal(200);
    }
  });

  it('at 1366 px a department leader sees the whole quarterly ranking with their unit marked, a chart and formula per dimension', async () => {
    const page = await browser().newPage({ viewport: { width: 1366, height: 900 } });
    await enter(page, 'health.leader');
    await openFromMenu(page, '绩效排名');
    await page.locator('[data-testid=ranking-table]').waitFor();
    expect(await page.locator('[data-testid=ranking-period]').innerText(), 'opens on the current quarter').to.match(/^\d{4}-Q[1-4]$/);
    expect(await page.locator('[data-testid=own-hint]').innerText()).to.include('区卫生健康局');
    const rows = page.locator('[data-testid=ranking-table] [data-testid=ranking-row]');
    const units = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-unit')));
    expect(units, 'the whole ranking, not only the leader’s unit').to.include.members(['COM-BINHU', 'COM-DUSHAN', 'DEPT-HEALTH', 'DEPT-PSB']);
    const ranks = (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-rank')))).filter((r) => r !== '').map(Number);
    expect(ranks, 'ranks 1…n in order').to.deep.equal(ranks.map((_, i) => i + 1));
    expect(await page.locator('.own-row').innerText()).to.include('区卫生健康局').and.include('本单位');
    expect(await page.locator('[data-testid=weights-version]').innerText()).to.match(/所用权重：第 \d+ 版/);
    expect(await page.locator('[data-testid=ranking-card]').innerText(), 'no facts: 无数据, not a made-up score').to.include('无数据');

    const cards = page.locator('[data-testid=dimension-charts] .chart-card');
    expect(await cards.count()).to.equal(8);
    const publishing = await page.locator('[data-testid=dimension-publishing]').innerText();
    expect(publishing).to.include('信息公开').and.include('计分公式').and.include('办事指南要素齐全');
    expect(await page.locator('[data-testid=dimension-acceptance] canvas').count(), 'the acceptance chart has bars: a case was accepted').to.be.greaterThan(0);
    expect(await overflow(page)).to.be.at.most(0);
    await shot(page, 'ranking-leader-1366');
    await page.locator('[data-testid=dimension-charts]').scrollIntoViewIfNeeded();
    await shot(page, 'charts-leader-1366');

    // the yearly ranking through the period picker
    await page.locator('[data-testid=period-kind]').getByText('年度').click();
    await page.waitForFunction(() => /^\d{4}$/.test(document.querySelector('[data-testid=ranking-period]')?.textContent ?? ''));
    await page.close();
  });

  it('at 390 px supervision reads the ranking as cards, nothing wider than the phone', async () => {
    const page = await browser().newPage({ viewport: { width: 390, height: 844 } });
    await enter(page, 'supervisor');
    await page.goto(appUrl('/assessment'));
    await page.locator('.unit-card').first().waitFor();
    expect(await page.locator('[data-testid=own-hint]').count(), 'supervision has no own unit to mark').to.equal(0);
    const first = page.locator('.unit-card').first();
    expect(await first.getAttribute('data-rank')).to.equal('1');
    expect(await first.innerText()).to.include('信息公开').and.include('投诉结果');
    expect(await overflow(page), 'nothing wider than the phone').to.be.at.most(0);
    await shot(page, 'ranking-supervisor-390');
    await page.locator('[data-testid=dimension-consultation]').scrollIntoViewIfNeeded();
    await shot(page, 'charts-supervisor-390');
    await page.close();
  });

  it('the service office proposes weights (a sum other than 100 refused in Chinese), the proposer cannot approve, another person approves and the ranking names the version', async () => {
    await clearPending();
    const page = await browser().newPage({ viewport: { width: 1366, height: 900 } });
    await enter(page, 'office.zhang');
    await page.goto(appUrl('/assessment/weights'));
    await page.locator('[data-testid=weights-in-force]').waitFor();
    const weight = (key: string) => page.locator(`[data-testid=weight-${key}] input`);
    const set = async (key: string, value: string) => {
      await weight(key).fill(value);
      await weight(key).blur();
    };
    for (const k of ['publishing', 'consultation', 'appointment', 'evaluation', 'complaint-handling', 'complaint-outcome']) await set(k, '10');
    await set('acceptance', '20');
    await set('time-limit', '25');
    expect(await page.locator('[data-testid=weights-sum]').innerText()).to.equal('合计 105');
    await page.locator('[data-testid=weights-reason]').fill('受理与时限为本季重点');
    await page.click('[data-testid=weights-submit]');
    const refusal = page.locator('.el-message--error').last();
    await refusal.waitFor();
    expect(await refusal.innerText()).to.include('八个维度的权重之和须为 100，现为 105');

    await set('time-limit', '20');
    expect(await page.locator('[data-testid=weights-sum]').innerText()).to.equal('合计 100');
    await page.click('[data-testid=weights-submit]');
    const pending = page.locator('[data-testid=weight-set][data-status=pending]');
    await pending.waitFor();
    const version = Number(await pending.getAttribute('data-version'));
    expect(await pending.innerText()).to.include('受理与时限为本季重点').and.include('office.zhang');
    expect(await page.locator('[data-testid=own-proposal]').innerText()).to.include('须由他人审核');
    await page.click(`[data-testid=approve-${version}]`);
    const self = page.locator('.el-message--error').last();
    await self.waitFor();
    expect(await self.innerText()).to.include('提出人以外');
    await shot(page, 'weights-proposed-1366');
    await page.close();

    const other = await browser().newPage({ viewport: { width: 390, height: 844 } });
    await enter(other, 'office.li');
    await other.goto(appUrl('/assessment/weights'));
    await other.locator(`[data-testid=approve-${version}]`).waitFor();
    expect(await overflow(other)).to.be.at.most(0);
    await shot(other, 'weights-to-approve-390');
    await other.locator(`[data-testid=comment-${version}]`).fill('同意');
    await other.click(`[data-testid=approve-${version}]`);
    await other.locator(`[data-testid=weight-set][data-version="${version}"][data-status=approved]`).waitFor();
    expect(await other.locator('[data-testid=weights-in-force]').innerText()).to.equal(`现行权重：第 ${version} 版`);

    await other.goto(appUrl('/assessment'));
    await other.locator('[data-testid=weights-version]').waitFor();
    expect(await other.locator('[data-testid=weights-version]').innerText()).to.include(`第 ${version} 版`);
    expect(await other.locator('[data-testid=dimension-acceptance]').innerText()).to.include('权重 20');
    await other.close();
  });
});
