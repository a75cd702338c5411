import { expect } from 'chai';
import { ARTIFACTS, useBrowser } from '../support/browser.js';
import { pdfText } from '../support/pdf.js';
import { platform } from '../support/platform.js';
import { applicationWhere } from '../support/staff.js';
import { appUrl, chooseItem, claimAndOpen, downloaded, enter, settled, submitStep } from '../support/ui.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(600, 1)]);
const desk = { width: 1366, height: 900 };

describe('an on-site case from filing to hand-over, all in the browser', function () {
  this.timeout(300_000);
  const browser = useBrowser();

  it('filed → not accepted with the one-time notice → supplemented → accepted → reviewed → decided → closed', async () => {
    // 1. the window files for a walk-in applicant who brought the ID card and the household register only
    const window = await browser().newPage({ viewport: desk, acceptDownloads: true });
    await enter(window, 'binhu.acceptor');
    await window.goto(appUrl('/filing'));
    await chooseItem(window, '独生子女', '独生子女父母光荣证（DSZN）');
    await window.waitForSelector('[data-testid=item-facts]');
    await window.fill('[data-testid=applicant-name]', '孙步行');
    await window.fill('[data-testid=applicant-id]', '420700198808081230');
    await window.fill('[data-testid=applicant-phone]', '13912345678');
    await window.click('[data-testid=applicant-name]');
    await window.setInputFiles('[data-material="居民身份证"] input[type=file]', { name: 'id.png', mimeType: 'image/png', buffer: PNG });
    await window.getByText('户口簿', { exact: true }).click();
    expect(await window.textContent('[data-testid=missing-required]')).to.include('结婚证');
    await window.click('[data-testid=review]');
    await window.waitForSelector('[data-testid=summary]');
    await window.click('[data-testid=confirm]');
    await window.waitForSelector('[data-testid=filed-number]');
    const number = (await window.textContent('[data-testid=filed-number]'))!.trim();
    await window.screenshot({ path: `${ARTIFACTS}/14-walk-1-filed.png`, fullPage: true });

    // 2. the formal check: not accepted, every missing material at once (一次性告知)
    await claimAndOpen(window, number, 'accept');
    await window.getByRole('radio', { name: '不予受理（一次性告知补正材料）' }).check();
    expect(await window.getByRole('checkbox', { name: /^结婚证/ }).isChecked(), 'what was not brought is ticked already').to.equal(true);
    await window.screenshot({ path: `${ARTIFACTS}/14-walk-2-not-accepted.png`, fullPage: true });
    await submitStep(window);
    await applicationWhere(number, 'the supplement notice', (a) => a.status === 'supplement-requested');

    // 3. the notice printed for the applicant, then the supplement recorded when they come back
    await window.goto(appUrl(`/filing/supplement/${number}`));
    await window.waitForSelector('[data-testid=supplement-notice]');
    const notice = (await pdfText(await downloaded(window, 'print-supplement'))).replace(/[ \t]+/g, '');
    expect(notice).to.include('一次性告知书').and.include(number).and.include('结婚证');
    const missing = (await platform().services.applications.get(number)).supplementNotice!.missing;
    for (const material of missing) {
      if (material === '结婚证') await window.setInputFiles('[data-material="结婚证"] input[type=file]', { name: 'marriage.png', mimeType: 'image/png', buffer: PNG });
      else await window.getByText(material, { exact: true }).click();
    }
    await window.click('[data-testid=record-supplement]');
    await window.waitForSelector('[data-testid=supplement-done]');
    await window.screenshot({ path: `${ARTIFACTS}/14-walk-3-supplemented.png`, fullPage: true });

    // 4. accepted on the second check
    await claimAndOpen(window, number, 'accept');
    await window.getByRole('radio', { name: '受理', exact: true }).check();
    await submitStep(window);
    await window.close();

    // 5. the township reviews, 6. the department decides with the generated number confirmed
    const reviewer = await browser().newPage({ viewport: desk });
    await enter(reviewer, 'health.reviewer');
    await claimAndOpen(reviewer, number, 'review');
    await reviewer.getByRole('radio', { name: '审查通过' }).check();
    await submitStep(reviewer);
    await reviewer.close();

    const decider = await browser().newPage({ viewport: desk });
    await enter(decider, 'health.decider');
    await claimAndOpen(decider, number, 'decide');
    const documentNumber = (await platform().services.applications.get(number)).documentNumber!;
    expect(await decider.getByLabel('确认证书编号').inputValue()).to.equal(documentNumber);
    await decider.getByRole('radio', { name: '准予许可，核发证书' }).check();
    await decider.screenshot({ path: `${ARTIFACTS}/14-walk-6-decide.png`, fullPage: true });
    await submitStep(decider);
    await decider.close();

    // 7. the community hands the certificate over in person
    const closer = await browser().newPage({ viewport: desk });
    await enter(closer, 'binhu.closer');
    await claimAndOpen(closer, number, 'close');
    await closer.getByRole('radio', { name: '申请人本人领取' }).check();
    await submitStep(closer);
    const closed = await applicationWhere(number, 'the case closed', (a) => a.status === 'closed');
    expect(closed.outcome).to.equal('issued');
    expect(closed.documentNumber).to.equal(documentNumber);
    await closer.waitForSelector('[data-testid=history-step][data-step=close]');
    await settled(closer);
    await closer.screenshot({ path: `${ARTIFACTS}/14-walk-7-closed.png`, fullPage: true });
    const history = await closer.locator('[data-testid=history-step]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-step')));
    expect(history, 'every step on the case page').to.include.members(['accept', 'review', 'decide', 'close']);
    await closer.close();
  });
});
