import { expect } from 'chai';
import { ARTIFACTS, signIn, useBrowser } from '../support/browser.js';
import { platform } from '../support/platform.js';

// The screen shows the platform's own refusal in Chinese, with its cause: the account a login failed for, the
// number that does not exist.
describe('refusals on screen in headless Chromium: the cause in Chinese', function () {
  this.timeout(120_000);
  const browser = useBrowser();

  for (const width of [1366, 390]) {
    it(`a failed login names the account, at ${width} px`, async () => {
      const page = await browser().newPage({ viewport: { width, height: 800 } });
      await page.goto(`http://127.0.0.1:${platform().config.http.port}/`);
      await page.fill('input[name=username]', 'binhu.closer');
      await page.fill('input[name=password]', 'Wrong#2026');
      await page.click('form[data-testid=login-form] button[type=submit]');
      const alert = page.getByTestId('login-error');
      await alert.waitFor();
      expect(await alert.textContent()).to.include('用户名 binhu.closer 不存在或密码错误');
      const box = await alert.boundingBox();
      expect(box!.x + box!.width, 'the message fits the screen').to.be.at.most(width);
      await page.screenshot({ path: `${ARTIFACTS}/error-login-${width}.png` });
      await page.close();
    });
  }

  it('an unknown application number is named in the answer', async () => {
    const page = await browser().newPage({ viewport: { width: 1366, height: 800 } });
    await signIn(page, 'auditor');
    await page.fill('[data-testid=audit-number]', 'SQ2026999997');
    await page.click('[data-testid=audit-open]');
    await page.waitForSelector('[data-testid=audit-problem]');
    expect(await page.textContent('[data-testid=audit-problem]')).to.include('办件 SQ2026999997 不存在');
    await page.screenshot({ path: `${ARTIFACTS}/error-audit-unknown-1366.png` });
    await page.close();
  });
});
