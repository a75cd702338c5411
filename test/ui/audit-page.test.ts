import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { verifyExport } from '../../domain/audit/audit.service.js';
import { ARTIFACTS, useBrowser, signIn } from '../support/browser.js';
import { platform } from '../support/platform.js';
import { act, eventually, fileApplication, openTask } from '../support/staff.js';

describe('auditor page in headless Chromium: the diagram with steps and cards, the timeline, the chain', function () {
  this.timeout(180_000);
  const browser = useBrowser();

  it('an auditor enters an application number and sees who did what, where the cards fell, and that the chain holds', async () => {
    const { clock, services } = platform();
    // a case whose accept step earned a warning before it was done; review is under way
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const accept = await openTask(filed.applicationNumber, 'accept');
    await clock.moveTo(new Date(accept.warningAt!.getTime() + 60_000));
    await eventually('the warning card', async () => (await services.escalation.cardsOf(filed.applicationNumber)).find((c) => c.level === 'warning'));
    await act(filed.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'accepted' });
    await openTask(filed.applicationNumber, 'review');

    const page = await browser().newPage({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
    await signIn(page, 'auditor');
    await page.fill('[data-testid=audit-number]', filed.applicationNumber);
    await page.click('#audit-search button[type=submit]');
    await page.waitForSelector('.djs-element.audit-completed[data-element-id="accept"]');
    expect(await page.locator('.djs-element.audit-active[data-element-id="review"]').count(), 'review is the current step').to.equal(1);
    expect(await page.locator('.djs-element.audit-completed[data-element-id="review"]').count()).to.equal(0);
    expect(await page.textContent('[data-testid=cards-accept]')).to.equal('⚠');

    const actions = await page.locator('[data-testid=audit-events] li').evaluateAll((items) => items.map((li) => li.getAttribute('data-action')));
    expect(actions).to.include.members(['application.filed', 'task.claimed', 'task.completed', 'card.issued', 'timer.fired', 'user_task.completed']);
    const filedRow = await page.textContent('[data-testid=audit-events] li[data-action="application.filed"]');
    expect(filedRow).to.match(/#\d+/);
    expect(await page.textContent('[data-testid=deadline-accept] pre')).to.include('Start:');

    await page.click('[data-testid=audit-verify]');
    await page.waitForSelector('[data-testid=audit-chain].ok');
    expect(await page.textContent('[data-testid=audit-chain]')).to.match(/审计链完整：\d+ 条/);
    await page.screenshot({ path: `${ARTIFACTS}/9-audit-page.png` });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=audit-export-json]')]);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    const exportedActions = (exported.entries as { action: string }[]).map((e) => e.action);
    expect(exportedActions, 'the case’s own entries').to.include.members(['application.filed', 'card.issued', 'task.completed']);
    expect(exported.entries.filter((e: { caseNumber: string }) => e.caseNumber !== filed.applicationNumber), 'no other case').to.deep.equal([]);
    expect(verifyExport(exported).intact, 'the downloaded export re-verifies').to.equal(true);
    await page.close();
  });

  it('others see no audit page, and an unknown number is answered plainly', async () => {
    const owner = await browser().newPage();
    await signIn(owner, 'owner.health');
    await owner.waitForSelector('[data-testid=process-list] button.version');
    expect(await owner.locator('[data-testid=tab]').isHidden()).to.equal(true);
    expect(await owner.locator('[data-testid=audit-search]').count()).to.equal(0);
    await owner.close();

    const page = await browser().newPage();
    await signIn(page, 'auditor');
    await page.fill('[data-testid=audit-number]', 'SQ2026999999');
    await page.click('#audit-search button[type=submit]');
    await page.waitForSelector('[data-testid=audit-problem]');
    expect(await page.textContent('[data-testid=audit-problem]')).to.include('does not exist');
    // and the auditor can still read the process models
    await page.click('[data-testid=tab]');
    await page.waitForSelector('[data-testid=process-list] button.version');
    expect(await page.locator('[data-testid=save]').count(), 'read-only').to.equal(0);
    await page.close();
  });
});
