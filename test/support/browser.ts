import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { platform } from './platform.js';

// Debian's Chromium, never a downloaded browser; .ci/run installs it with apt-get.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** where the browser tests write their screenshots */
export const ARTIFACTS = resolve('test-artifacts');

/** Headless Chromium against the test platform's UI (the test setup builds it before the API starts). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  if (!existsSync(resolve(platform().config.uiDistDir, 'index.html'))) throw new Error('the modeler UI is not built');
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** One browser for a describe block: launched before its tests, closed after them. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  return () => browser!;
}

/** Logs in through the UI's form with a demo account. */
export async function signIn(page: Page, username: string) {
  await page.goto(`http://127.0.0.1:${platform().config.http.port}/`);
  await fillLogin(page, username);
}

/** Fills the login form on the page it is shown on (a page that sent the visitor to log in returns there after). */
export async function fillLogin(page: Page, username: string, password = 'Demo@2026gov') {
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('form[data-testid=login-form] button[type=submit]');
}
