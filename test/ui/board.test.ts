import { expect } from 'chai';
import { ARTIFACTS, useBrowser } from '../support/browser.js';
import { platform } from '../support/platform.js';
import { fileApplication, openTask, operator } from '../support/staff.js';
import { appUrl, enter, overflow, settled } from '../support/ui.js';

const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);

// 实时监控 and 督办 (seed 000 §15, §30; 001 §30): the supervisor runs the day from the board.
describe('the supervisor’s live board in headless Chromium', function () {
  this.timeout(240_000);
  const browser = useBrowser();
  let number: string;
  let redAt: Date;

  before(async () => {
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    number = filed.applicationNumber;
    const task = await openTask(number, 'accept');
    await platform().services.tasks.claim(task.userTaskKey, await operator('binhu.acceptor'));
    redAt = task.redAt!;
  });

  it('shows the red card falling as the engine clock moves, without reload; a 督办 sent from the board is read and answered by the operator', async () => {
    const page = await browser().newPage({ viewport: { width: 1366, height: 1000 } });
    await enter(page, 'supervisor');
    await page.waitForURL(/\/supervision\/board/);
    await page.goto(appUrl('/supervision/board?unit=COM-BINHU'));
    await page.locator('[data-testid=board-live][data-live=true]').waitFor();
    // a mark on the window: a reload would lose it
    await page.evaluate(() => { (window as unknown as { boardMark: number }).boardMark = 1; });
    expect(await page.locator(`[data-testid=board-card][data-case="${number}"]`).count(), 'no card yet').to.equal(0);

    await platform().clock.moveTo(minutes(redAt, 1));
    const red = page.locator(`[data-testid=board-card][data-case="${number}"][data-level=red]`);
    await red.waitFor({ timeout: 30_000 });
    expect(await red.textContent()).to.include('新');
    expect(await page.evaluate(() => (window as unknown as { boardMark?: number }).boardMark), 'the page was not reloaded').to.equal(1);
    // the counts and the overdue list follow
    // (the step was on the nearly-due list before; the pushed card brings its red mark there too)
    const late = page.locator(`[data-testid=watch-step][data-case="${number}"][data-mark=red]`);
    await late.waitFor();
    expect(await late.textContent()).to.match(/超时/);
    expect(Number(await page.locator('[data-testid=board-red]').textContent())).to.be.at.least(1);
    await settled(page);
    await page.screenshot({ path: `${ARTIFACTS}/board-red-card-1366.png`, fullPage: true });

    // 督办 to the operator holding the step
    await late.locator('[data-testid=watch-notify]').click();
    const dialog = page.locator('[data-testid=notice-dialog]');
    await dialog.waitFor();
    expect(await dialog.locator('[data-testid=notice-recipient]').textContent()).to.include('binhu.acceptor');
    await dialog.locator('textarea[data-testid=notice-text]').fill('受理环节已亮红牌，请今日办结并书面说明原因');
    await settled(page);
    await page.screenshot({ path: `${ARTIFACTS}/board-notice-dialog-1366.png` });
    // notices sent before (by other tests of the run) stay listed: the new one is the number not seen before
    const numbers = () => page.locator('[data-testid=sent-notice]').evaluateAll((els) => els.map((e) => e.getAttribute('data-number')!));
    const before = await numbers();
    await dialog.locator('[data-testid=notice-send]').click();
    await page.waitForFunction((seen) => [...document.querySelectorAll('[data-testid=sent-notice]')].some((e) => !seen.includes(e.getAttribute('data-number')!)), before);
    const noticeNumber = (await numbers()).find((n) => !before.includes(n))!;
    const sent = page.locator(`[data-testid=sent-notice][data-number="${noticeNumber}"]`);
    expect(await sent.getAttribute('data-state')).to.equal('unread');

    // the operator finds it in the to-do list, opens it (read) and answers
    const desk = await browser().newPage({ viewport: { width: 390, height: 844 } });
    await enter(desk, 'binhu.acceptor');
    await desk.goto(appUrl('/todo'));
    const mine = desk.locator(`[data-testid=correction-notice][data-number="${noticeNumber}"]`);
    await mine.waitFor();
    expect(await mine.getAttribute('data-state')).to.equal('unread');
    await mine.locator('[data-testid=correction-open]').click();
    await desk.locator(`[data-testid=correction-notice][data-number="${noticeNumber}"][data-state=read]`).waitFor();
    expect(await mine.locator('[data-testid=correction-text]').textContent()).to.include('请今日办结');
    await mine.locator('textarea[data-testid=correction-answer-text]').fill('已联系申请人补齐材料，今日下班前办结');
    await desk.screenshot({ path: `${ARTIFACTS}/todo-correction-notice-390.png`, fullPage: true });
    await mine.locator('[data-testid=correction-send]').click();
    await desk.locator(`[data-testid=correction-notice][data-number="${noticeNumber}"][data-state=answered]`).waitFor();
    expect(await mine.locator('[data-testid=correction-answer]').textContent()).to.include('今日下班前办结');
    expect(await overflow(desk), 'nothing wider than the phone').to.be.at.most(0);
    await desk.close();

    // the supervisor sees it answered
    await page.click('[data-testid=board-refresh]');
    const answered = page.locator(`[data-testid=sent-notice][data-number="${noticeNumber}"][data-state=answered]`);
    await answered.waitFor();
    expect(await answered.locator('[data-testid=notice-answer]').textContent()).to.include('今日下班前办结');
    expect(await answered.textContent()).to.include('已阅');

    // drill-down: the case and its audit timeline
    await red.locator('a').click();
    await page.waitForURL(new RegExp(`/supervision/case/${number}`));
    await page.locator('[data-testid=board-case]').waitFor();
    await page.getByText('红牌').first().waitFor();
    await page.close();
  });

  it('fits a phone at 390 px', async () => {
    const page = await browser().newPage({ viewport: { width: 390, height: 844 } });
    await enter(page, 'supervisor');
    await page.goto(appUrl('/supervision/board?unit=COM-BINHU'));
    await page.locator(`[data-testid=board-card][data-case="${number}"][data-level=red]`).waitFor();
    expect(await overflow(page), 'nothing wider than the screen').to.be.at.most(0);
    await settled(page);
    await page.screenshot({ path: `${ARTIFACTS}/board-390.png`, fullPage: true });
    await page.close();
  });

  it('shows a leader their own unit only', async () => {
    const page = await browser().newPage({ viewport: { width: 1366, height: 900 } });
    await enter(page, 'health.leader');
    await page.goto(appUrl('/supervision/board?unit=COM-BINHU'));
    await page.locator('[data-testid=board-totals]').waitFor();
    expect(await page.locator('[data-testid=board-unit]').count(), 'no unit choice for a leader').to.equal(0);
    expect(await page.locator(`[data-testid=board-card][data-case="${number}"]`).count()).to.equal(0);
    await page.close();
  });
});
