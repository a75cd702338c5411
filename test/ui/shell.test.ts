/// <reference lib="dom" />
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import type { Page } from 'playwright-core';
import { ARTIFACTS, useBrowser, signIn } from '../support/browser.js';
import { platform, uniqueKey } from '../support/platform.js';

const base = () => `http://127.0.0.1:${platform().config.http.port}`;
const stored = (page: Page, key: string) => page.evaluate((k) => sessionStorage.getItem(k), key);
const api = (token: string, path: string) => fetch(`${base()}${path}`, { headers: { authorization: `Bearer ${token}` } });

/** Every demo role, the page it lands on and an entry its navigation must offer. */
const ROLES = [
  { username: 'binhu.acceptor', role: '窗口办事员' },
  { username: 'health.reviewer', role: '部门办事员' },
  { username: 'health.leader', role: '部门负责人' },
  { username: 'supervisor', role: '效能监察员' },
  { username: 'owner.health', role: '业务主管' },
  { username: 'office.zhang', role: '政务服务管理办公室' },
  { username: 'auditor', role: '审计员' },
  { username: 'admin', role: '系统管理员' },
  { username: 'netadmin', role: '网络管理员' },
  { username: 'proxy.li', role: '代办员' },
  { username: 'citizen.wang', role: '申请人' },
];

describe('the web app’s shell in headless Chromium: login, roles, session', function () {
  this.timeout(180_000);
  const browser = useBrowser();

  it('every demo role logs in and stays logged in, with its name, role and unit in Chinese in the user menu', async () => {
    for (const { username, role } of ROLES) {
      const page = await browser().newPage({ viewport: { width: 1366, height: 768 } });
      await signIn(page, username);
      await page.waitForURL((u) => u.pathname !== '/login');
      await page.waitForSelector('[data-testid=who]');
      expect(page.url(), `${username} is not sent back to the login page`).not.to.match(/\/login/);
      await page.click('[data-testid=who]');
      const card = await page.locator('[data-testid=user-card]').innerText();
      expect(card, `${username}’s menu names the role in Chinese`).to.include(role);
      expect(card, 'no role code shown').not.to.match(/window-staff|department-staff/);
      if (username === 'binhu.acceptor') {
        expect(card).to.include('滨湖社区');
        expect(card, 'posts in Chinese').to.match(/岗位：.*受理/);
      }
      await page.screenshot({ path: `${ARTIFACTS}/14-shell-${username}.png` });
      await page.close();
    }
  });

  it('a page the role may not use shows the 403 page, an unknown address the 404 page', async () => {
    const page = await browser().newPage();
    await signIn(page, 'binhu.acceptor');
    await page.waitForSelector('[data-testid=who]');
    await page.goto(`${base()}/modeler`);
    await page.waitForSelector('[data-testid=page-forbidden]');
    expect(await page.textContent('[data-testid=page-forbidden]')).to.include('无权访问');
    expect(await page.locator('[data-testid=who]').count(), 'still logged in').to.equal(1);
    await page.goto(`${base()}/no/such/page`);
    await page.waitForSelector('[data-testid=page-notFound]');
    expect(await page.textContent('[data-testid=page-notFound]')).to.include('页面不存在');
    await page.close();
  });

  it('an expired access token is renewed with the refresh token: the next click works and a new token is kept', async () => {
    const { config } = platform();
    const page = await browser().newPage();
    await signIn(page, 'auditor');
    await page.waitForSelector('[data-testid=who]');
    const token = (await stored(page, 'accessToken'))!;
    const refresh = await stored(page, 'refreshToken');
    // the same session's token, as it is 16 minutes later: expired
    const claims = jwt.decode(token, { complete: true })!;
    const payload = claims.payload as jwt.JwtPayload;
    const expired = jwt.sign({ sid: payload.sid, role: payload.role, exp: Math.floor(Date.now() / 1000) - 60 }, config.security.jwt.keys[claims.header.kid!]!, {
      algorithm: 'HS256', keyid: claims.header.kid, audience: payload.aud as string, issuer: payload.iss, subject: payload.sub,
    });
    expect((await api(expired, '/api/me')).status, 'the server refuses the expired token').to.equal(401);
    await page.evaluate((t) => sessionStorage.setItem('accessToken', t), expired);
    await page.getByRole('menuitem', { name: '流程建模' }).click();
    await page.waitForSelector('[data-testid=process-list] button.version');
    const renewed = (await stored(page, 'accessToken'))!;
    expect(renewed).not.to.equal(expired);
    expect(await stored(page, 'refreshToken'), 'the refresh token is used once and replaced').not.to.equal(refresh);
    expect((await api(renewed, '/api/me')).status).to.equal(200);
    expect(page.url()).to.match(/\/modeler$/);
    await page.close();
  });

  it('logout ends the session on the server: the old token no longer works', async () => {
    const page = await browser().newPage();
    await signIn(page, 'supervisor');
    await page.waitForSelector('[data-testid=who]');
    const token = (await stored(page, 'accessToken'))!;
    expect((await api(token, '/api/me')).status).to.equal(200);
    await page.click('[data-testid=who]');
    await page.click('[data-testid=logout]');
    await page.waitForSelector('[data-testid=login-form]');
    expect(await page.textContent('[data-testid=login-ended]')).to.include('已退出登录');
    expect((await api(token, '/api/me')).status, 'the server ended the session').to.equal(401);
    expect(await stored(page, 'accessToken'), 'nothing kept in the tab').to.equal(null);
    await page.close();
  });

  it('a first login asks for a new password, then the user logs in with it', async () => {
    const { services } = platform();
    const username = `new${uniqueKey('u').replace(/[^a-z0-9]/gi, '').slice(-12)}`.toLowerCase();
    await services.accounts.register(
      { username, realName: '新同事', idNumber: '420700199001011234', phone: '13800000000', role: 'auditor', unitCode: 'CITY-EZ', password: 'Start@2026gov' },
      'admin', new Date(),
    );
    const page = await browser().newPage();
    await page.goto(`${base()}/`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', 'Start@2026gov');
    await page.click('form[data-testid=login-form] button[type=submit]');
    await page.waitForSelector('[data-testid=must-change]');
    expect(page.url()).to.match(/\/password$/);
    await page.fill('input[name=currentPassword]', 'Start@2026gov');
    await page.fill('input[name=newPassword]', 'Next@2026gov!');
    await page.fill('input[name=repeat]', 'Other@2026gov!');
    await page.click('form[data-testid=password-form] button[type=submit]');
    expect(await page.textContent('[data-testid=password-error]')).to.include('不一致');
    await page.fill('input[name=repeat]', 'Next@2026gov!');
    await page.click('form[data-testid=password-form] button[type=submit]');
    await page.waitForSelector('[data-testid=login-ended]');
    expect(await page.textContent('[data-testid=login-ended]')).to.include('密码已修改');
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', 'Next@2026gov!');
    await page.click('form[data-testid=login-form] button[type=submit]');
    await page.waitForURL((u) => u.pathname !== '/login');
    await page.waitForSelector('[data-testid=who]');
    expect(page.url(), 'the auditor’s own first page').to.match(/\/audit$/);
    await page.close();
  });

  it('on a 390 px phone the menu folds into a drawer and nothing is wider than the screen', async () => {
    const page = await browser().newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await signIn(page, 'auditor');
    await page.waitForSelector('[data-testid=who]');
    expect(await page.locator('[data-testid=nav]').isVisible(), 'no desk menu on a phone').to.equal(false);
    await page.click('[data-testid=nav-toggle]');
    await page.waitForSelector('[data-testid=nav-mobile]');
    // the drawer has slid in fully
    await page.waitForFunction(() => document.querySelector('[data-testid=nav-mobile]')!.getBoundingClientRect().left >= 0);
    expect(await page.locator('[data-testid=nav-mobile]').innerText()).to.include('审计');
    await page.screenshot({ path: `${ARTIFACTS}/14-shell-phone-menu.png` });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), 'no sideways scrolling').to.be.at.most(390);
    await page.close();
  });
});
