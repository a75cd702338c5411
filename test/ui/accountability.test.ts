import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { Role } from '../../domain/account/account.model.js';
import type { Post } from '../../domain/shared/constants.js';
import { ARTIFACTS, useBrowser } from '../support/browser.js';
import { platform, uniqueKey } from '../support/platform.js';
import { appUrl, enter, overflow, settled } from '../support/ui.js';

async function shot(page: Page, name: string) {
  await settled(page);
  await page.screenshot({ path: `${ARTIFACTS}/18-accountability-${name}.png`, fullPage: true });
}
const desk = { viewport: { width: 1366, height: 900 } };
const phone = { viewport: { width: 390, height: 844 } };

describe('accountability in headless Chromium (问责, seed 001 §31)', function () {
  this.timeout(240_000);
  const browser = useBrowser();

  it('the supervisor confirms violations with a reason (warning, then retraining); the operator reads the record and states their view', async () => {
    const { services } = platform();
    const username = `win.${uniqueKey('u').replace(/[^a-z0-9]/g, '').slice(-10)}`;
    await services.accounts.register(
      { username, realName: '窗口问责员', idNumber: '420700199001015678', phone: '13800005678', role: Role.WindowStaff, unitCode: 'COM-BINHU', password: 'Demo@2026gov' },
      'admin', await services.now(), { mustChangePassword: false, activated: true, posts: ['acceptor'] as Post[] },
    );
    const now = await services.now();
    const card = await services.accountability.fromRedCard({ deadlineId: uniqueKey('d'), level: 'red', holder: username, heldByQueue: false, caseNumber: 'SQ2026000777', caseKind: 'application', step: 'accept' }, now);
    const complaint = await services.accountability.fromComplaint({ complaintNumber: `TS20269${String(Date.now()).slice(-5)}`, kind: 'complain', outcome: 'handled', complainedOperator: username, title: '窗口推诿' }, now);

    // the supervision page says violations wait; the accountability page lists them with the step confirming gives
    const sup = await (await browser().newContext(desk)).newPage();
    await enter(sup, 'supervisor');
    await sup.goto(appUrl('/supervision'));
    const link = sup.locator('[data-testid=accountability-todo-link]');
    await link.waitFor();
    expect(await link.innerText()).to.match(/有 \d+ 条窗口违规待确认/);
    await link.getByRole('link').click();
    await sup.waitForURL(/\/accountability$/);
    const first = sup.locator(`[data-testid=violation-row][data-id="${card!.violationId}"]`);
    await first.waitFor();
    expect(await first.innerText()).to.include('红牌').and.include('待确认').and.include(username).and.include('确认后：警示教育（警告）');
    expect(await first.locator('[data-testid=confirm]').isDisabled(), 'no confirmation without a reason').to.equal(true);
    await first.getByLabel('确认或不予认定的理由').fill('受理环节超时 30 分钟以上，群众等候过久');
    await shot(sup, 'supervisor-pending-1366');
    await first.locator('[data-testid=confirm]').click();
    await sup.getByText(`已确认 ${card!.violationId}：警示教育（警告）`).waitFor();
    await first.waitFor({ state: 'detached' });
    // the second one now takes the operator off post
    const second = sup.locator(`[data-testid=violation-row][data-id="${complaint!.violationId}"]`);
    expect(await second.locator('[data-testid=will-be]').innerText()).to.equal('确认后：离岗培训');
    await second.getByLabel('确认或不予认定的理由').fill('投诉经办理属实');
    await second.locator('[data-testid=confirm]').click();
    await sup.getByText(`已确认 ${complaint!.violationId}：离岗培训`).waitFor();
    await sup.locator('[data-testid=accountability-tab]').getByText('操作员问责阶梯').click();
    const ladder = sup.locator(`[data-testid=ladder][data-operator="${username}"]`);
    await ladder.waitFor();
    expect(await ladder.locator('[data-testid=ladder-count]').innerText()).to.include('12 个月内已确认 2 次').and.include('下一次：移送追责');
    expect(await ladder.locator('[data-testid=ladder-retraining]').innerText()).to.include('暂停岗位：acceptor');
    await ladder.scrollIntoViewIfNeeded();
    await shot(sup, 'supervisor-ladders-1366');
    expect((await services.accounts.principal(username)).posts, 'off post').to.deep.equal([]);

    // the supervisor's page at 390 px
    const supPhone = await (await browser().newContext(phone)).newPage();
    await enter(supPhone, 'supervisor');
    await supPhone.goto(appUrl('/accountability'));
    await supPhone.locator('[data-testid=accountability-tab]').getByText('全部记录').click();
    await supPhone.locator(`[data-testid=violation-row][data-id="${card!.violationId}"]`).waitFor();
    expect(await overflow(supPhone), 'nothing wider than the phone').to.be.at.most(0);
    await shot(supPhone, 'supervisor-all-390');

    // the operator, on a phone: the record, the retraining notice and a written statement
    const op = await (await browser().newContext(phone)).newPage();
    await enter(op, username);
    await op.goto(appUrl('/accountability/mine'));
    const mine = op.locator(`[data-testid=my-violation][data-id="${card!.violationId}"]`);
    await mine.waitFor();
    expect(await op.locator('[data-testid=my-retraining]').innerText()).to.include('离岗培训');
    expect(await mine.innerText()).to.include('警示教育（警告）').and.include('受理环节超时 30 分钟以上');
    await mine.getByLabel('陈述申辩（书面）').fill('当时系统卡顿，已向网管报修，请予考虑。');
    await mine.locator('[data-testid=statement-submit]').click();
    await op.getByText(`已提交陈述申辩 ${card!.violationId}`).waitFor();
    await mine.locator('[data-testid=violation-statement]').waitFor();
    expect(await mine.locator('[data-testid=violation-statement]').innerText()).to.include('当时系统卡顿');
    expect(await mine.locator('[data-testid=statement-submit]').count(), 'once').to.equal(0);
    expect(await overflow(op), 'nothing wider than the phone').to.be.at.most(0);
    await shot(op, 'operator-statement-390');
    await op.setViewportSize(desk.viewport);
    await shot(op, 'operator-record-1366');

    // the supervisor reads the statement
    await sup.locator('[data-testid=accountability-tab]').getByText('全部记录').click();
    const stated = sup.locator(`[data-testid=violation-row][data-id="${card!.violationId}"] [data-testid=violation-statement]`);
    await stated.waitFor();
    expect(await stated.innerText()).to.include('当时系统卡顿');
  });
});
