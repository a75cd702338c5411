import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { verifyExport } from '../../domain/audit/audit.service.js';
import { call, login } from '../support/api.js';
import { ARTIFACTS, useBrowser, signIn } from '../support/browser.js';
import { platform } from '../support/platform.js';
import { eventually, fileApplication, openTask } from '../support/staff.js';

// the page's document as the evaluated functions use it (the tests compile without the DOM library)
type Doc = { documentElement: { scrollWidth: number } };
const pageWidth = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: Doc }).document.documentElement.scrollWidth);

/** Picks an option of an Element Plus select by typing part of its text, as a person would. */
async function choose(page: Page, testid: string, typed: string, option: string) {
  await page.click(`[data-testid=${testid}]`);
  await page.keyboard.type(typed);
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

const eventText = (page: Page, action: string) => page.locator(`[data-testid=audit-events] li[data-action="${action}"] .event-text`).allTextContents();

describe('auditor page in headless Chromium: find a case, its diagram with steps and cards, the timeline in words, the chain', function () {
  this.timeout(180_000);
  const browser = useBrowser();
  let applicationNumber = '';

  before(async () => {
    const { clock, services } = platform();
    // a case whose accept step earned a warning before it was done; review is under way
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    applicationNumber = filed.applicationNumber;
    const accept = await openTask(applicationNumber, 'accept');
    // 李慧 takes the task before the warning falls due, so the card is hers
    const acceptor = await login('binhu.acceptor');
    const claimed = await call('POST', `/api/tasks/${accept.userTaskKey}/claim`, { token: acceptor });
    expect(claimed.statusCode, claimed.body).to.equal(200);
    await clock.moveTo(new Date(accept.warningAt!.getTime() + 60_000));
    await eventually('the warning card', async () => (await services.escalation.cardsOf(applicationNumber)).find((c) => c.level === 'warning'));
    const done = await call('POST', `/api/tasks/${accept.userTaskKey}/complete`, { token: acceptor, body: { decision: 'accepted' } });
    expect(done.statusCode, done.body).to.equal(204);
    await openTask(applicationNumber, 'review');
  });

  it('an auditor finds the case by operator and item, opens it from the list, and reads who did what in words, where the cards fell, and that the chain holds', async () => {
    const page = await browser().newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    await signIn(page, 'auditor');
    await page.waitForSelector('[data-testid=audit-cases] .el-table__row');
    // search the cases as the auditor would: the operator by name, the item by name
    await choose(page, 'audit-operator', '李慧', '李慧（binhu.acceptor）');
    await choose(page, 'audit-item', 'DSZN', 'DSZN');
    await page.click('[data-testid=audit-search-submit]');
    await page.waitForURL(/actor=binhu\.acceptor/);
    const row = page.locator(`[data-testid=audit-cases] [data-testid=case-${applicationNumber}]`);
    await row.waitFor();
    // the list before the search may still be on screen for a moment: wait for the filtered one (fails if it never comes)
    await eventually('only cases 李慧 filed', async () => {
      const names = (await page.locator('[data-testid=audit-cases] .el-table__row td:nth-child(4)').allTextContents()).map((f) => f.trim());
      return names.length > 0 && names.every((n) => n === '李慧') ? names : null;
    });
    expect(await page.textContent('[data-testid=audit-pager]')).to.match(/共 \d+ 条/);
    await page.screenshot({ path: `${ARTIFACTS}/14-audit-search.png` });

    await row.click();
    await page.waitForSelector('.djs-element.audit-completed[data-element-id="accept"]');
    expect(page.url()).to.include(`case=${applicationNumber}`);
    expect(await page.locator('.djs-element.audit-active[data-element-id="review"]').count(), 'review is the current step').to.equal(1);
    expect(await page.locator('.djs-element.audit-completed[data-element-id="review"]').count()).to.equal(0);
    expect(await page.textContent('[data-testid=cards-accept]')).to.equal('⚠');
    // the large process is shown at a readable size around its current step, not shrunk to fit the box
    const viewScale = () => page.evaluate(() => (globalThis as unknown as { auditViewer: { get(n: 'canvas'): { viewbox(): { scale: number } } } }).auditViewer.get('canvas').viewbox().scale);
    expect(await viewScale()).to.be.at.least(0.75);
    const box = (await page.locator('[data-testid=audit-canvas]').boundingBox())!;
    const review = (await page.locator('.djs-element.audit-active[data-element-id="review"]').boundingBox())!;
    expect(review.x >= box.x && review.x + review.width <= box.x + box.width && review.y >= box.y && review.y + review.height <= box.y + box.height,
      'the current step in view').to.equal(true);
    await page.screenshot({ path: `${ARTIFACTS}/14-audit-diagram-current.png`, clip: box });
    await page.click('[data-testid=diagram-whole]');
    expect(await viewScale(), 'the whole process on request').to.be.below(0.75);
    await page.click('[data-testid=diagram-current]');
    expect(await viewScale()).to.be.at.least(0.75);

    const actions = await page.locator('[data-testid=audit-events] li').evaluateAll((items) => items.map((li) => li.getAttribute('data-action')));
    expect(actions).to.include.members(['application.filed', 'task.claimed', 'task.completed', 'card.issued', 'timer.fired', 'user_task.completed']);
    expect(await page.textContent('[data-testid=audit-events] li[data-action="application.filed"]')).to.match(/#\d+/);
    // in words, not codes: the engine's events and the platform's actions
    expect(await eventText(page, 'user_task.activated')).to.include.members(['受理环节开始', '审查环节开始']);
    expect((await eventText(page, 'timer.fired'))[0]).to.match(/^定时器「预警」到时/);
    expect(await eventText(page, 'task.claimed')).to.include('李慧 认领了 受理');
    expect(await eventText(page, 'task.completed')).to.include('李慧 完成了 受理（予以受理）');
    expect(await eventText(page, 'card.issued')).to.deep.equal(['预警牌 → 李慧']);
    expect(await eventText(page, 'application.filed')).to.deep.equal(['李慧 提交了申请']);
    const all = (await page.locator('[data-testid=audit-events] .event-text').allTextContents()).join('\n');
    expect(all, 'no engine codes').not.to.match(/USER_TASK|START_EVENT|applied|activated/);
    // details as a list with Chinese labels, never JSON
    const card = page.locator('[data-testid=audit-events] li[data-action="card.issued"]');
    await card.locator('summary').click();
    const details = await card.locator('.event-rows').textContent();
    expect(details).to.include('牌级').and.include('预警牌').and.include('持牌人').and.include('李慧').and.include('环节').and.include('受理');
    expect(details).not.to.match(/[{}"]/);
    // the deadline derivation in Chinese
    await page.click('[data-testid=deadline-accept] .el-collapse-item__header');
    const derivation = page.locator('[data-testid=deadline-accept] [data-testid=derivation]');
    await derivation.waitFor();
    expect(await derivation.textContent()).to.include('起算：').and.include('到期（超过即黄牌）').and.not.include('Start:');

    await page.click('[data-testid=audit-verify]');
    await page.waitForSelector('[data-testid=audit-chain].ok');
    expect(await page.textContent('[data-testid=audit-chain]')).to.match(/审计链完整：\d+ 条/);
    await page.screenshot({ path: `${ARTIFACTS}/14-audit-case.png`, fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=audit-export-json]')]);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    const exportedActions = (exported.entries as { action: string }[]).map((e) => e.action);
    expect(exportedActions, 'the case’s own entries').to.include.members(['application.filed', 'card.issued', 'task.completed']);
    expect(exported.entries.filter((e: { caseNumber: string }) => e.caseNumber !== applicationNumber), 'no other case').to.deep.equal([]);
    expect(verifyExport(exported).intact, 'the downloaded export re-verifies').to.equal(true);

    // English keeps the open case, and says it in English
    const url = page.url();
    await page.click('[data-testid=lang]');
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('[data-testid=audit-back]')?.textContent?.includes('Back') ?? false);
    expect(page.url()).to.equal(url);
    expect(await page.locator('.djs-element.audit-active[data-element-id="review"]').count()).to.equal(1);
    expect(await eventText(page, 'task.claimed')).to.include('李慧 claimed Accept');
    expect(await eventText(page, 'user_task.activated')).to.include('Step Accept started');
    expect(await eventText(page, 'card.issued')).to.deep.equal(['Warning card → 李慧']);
    expect(await page.textContent('[data-testid=audit-chain]')).to.match(/^Chain intact: \d+ entries/);
    expect(await derivation.textContent()).to.include('Start:').and.not.include('起算');
    await page.screenshot({ path: `${ARTIFACTS}/14-audit-case-en.png`, fullPage: true });
    await page.click('[data-testid=lang]'); // back to Chinese for the next visitor of this browser profile
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('[data-testid=audit-back]')?.textContent?.includes('返回') ?? false);

    // back to the list, with the same search; then the trail itself, newest first, by unit
    await page.click('[data-testid=audit-back]');
    await page.waitForSelector(`[data-testid=case-${applicationNumber}]`);
    expect(page.url()).to.include('actor=binhu.acceptor').and.not.include('case=');
    await page.click('.el-tabs__item:has-text("审计记录")');
    await page.waitForSelector('[data-testid=audit-entries] .el-table__row');
    const texts = await page.locator('[data-testid=audit-entries] .el-table__row td:nth-child(3) [data-action]').allTextContents();
    expect(texts.length).to.be.greaterThan(0);
    expect(texts.every((x) => x.startsWith('李慧')), 'entries of 李慧 only').to.equal(true);
    const seqs = (await page.locator('[data-testid=audit-entries] .el-table__row td:nth-child(1)').allTextContents()).map((s) => Number(s.replace('#', '')));
    expect(seqs).to.deep.equal([...seqs].sort((a, b) => b - a));
    await page.screenshot({ path: `${ARTIFACTS}/14-audit-entries.png` });
    await page.close();
  });

  it('others see no audit page, and a wrong or unknown number is answered plainly', async () => {
    const owner = await browser().newPage();
    await signIn(owner, 'owner.health');
    await owner.waitForSelector('[data-testid=process-list] button.version');
    expect(await owner.getByRole('menuitem', { name: '审计' }).count(), 'no audit entry in the navigation').to.equal(0);
    await owner.goto(owner.url().replace(/\/modeler.*$/, '/audit'));
    await owner.waitForSelector('[data-testid=page-forbidden]');
    await owner.close();

    const page = await browser().newPage();
    await signIn(page, 'auditor');
    await page.fill('[data-testid=audit-number]', 'SQ12');
    await page.click('[data-testid=audit-open]');
    expect(await page.textContent('[data-testid=audit-number-error]')).to.include('SQ2026000001');
    await page.fill('[data-testid=audit-number]', 'SQ2026999999');
    await page.click('[data-testid=audit-open]');
    await page.waitForSelector('[data-testid=audit-problem]');
    expect(await page.textContent('[data-testid=audit-problem]'), 'said in Chinese first').to.match(/不存在/);
    // and the auditor can still read the process models, from the navigation
    await page.getByRole('menuitem', { name: '流程建模' }).click();
    await page.waitForSelector('[data-testid=process-list] button.version');
    expect(await page.locator('[data-testid=save]').count(), 'read-only').to.equal(0);
    await page.close();
  });

  it('works on a phone: the search, the results and the case fit the screen', async () => {
    const page = await browser().newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, 'auditor');
    await page.waitForSelector('[data-testid=audit-cases] .el-table__row');
    expect(await pageWidth(page), 'nothing wider than the screen').to.be.at.most(390);
    await choose(page, 'audit-unit', '滨湖', 'COM-BINHU');
    await page.click('[data-testid=audit-search-submit]');
    await page.waitForURL(/unit=COM-BINHU/);
    await page.locator(`[data-testid=case-${applicationNumber}]`).waitFor();
    expect(await pageWidth(page)).to.be.at.most(390);
    await page.screenshot({ path: `${ARTIFACTS}/14-audit-390.png`, fullPage: true });
    await page.locator(`[data-testid=case-${applicationNumber}]`).click();
    await page.waitForSelector('.djs-element.audit-completed[data-element-id="accept"]');
    expect(await pageWidth(page)).to.be.at.most(390);
    const canvas = await page.locator('[data-testid=audit-canvas]').boundingBox();
    expect(canvas!.width).to.be.at.most(390);
    await page.screenshot({ path: `${ARTIFACTS}/14-audit-case-390.png`, fullPage: true });
    await page.close();
  });
});
