/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { signIn } from './browser.js';
import { platform } from './platform.js';
import { openTask } from './staff.js';

/** The web app's address in the test platform. */
export const appUrl = (path = '/') => `http://127.0.0.1:${platform().config.http.port}${path}`;

/** Signs in through the login form and waits for the app to leave the login page. */
export async function enter(page: Page, username: string) {
  await signIn(page, username);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/**
 * Opens a page from the top menu as a user does: the entry itself when it fits the bar, otherwise from the menu's
 * "more" (…) list, where the menu puts the entries that do not fit.
 */
export async function openFromMenu(page: Page, label: string) {
  const bar = page.locator('[data-testid=nav]');
  const entry = bar.getByRole('menuitem', { name: label, exact: true });
  // the bar sorts its entries again when its width or words change (a language switch): try again then
  for (let attempt = 1; ; attempt++) {
    try {
      if (await entry.isVisible()) return await entry.click({ timeout: 5_000 });
      await bar.locator('.el-sub-menu').last().hover({ timeout: 5_000 });
      return await page.locator('.el-menu--popup').getByRole('menuitem', { name: label, exact: true }).click({ timeout: 5_000 });
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

/** Waits until the page's transitions (a dialog fading in) have run, so a screenshot shows the end state. */
export const settled = (page: Page) => page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null))).then(() => true));

/** How far the page is wider than the screen: at 390 px nothing may scroll sideways. */
export const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Clicks a button that downloads a file and gives the file's bytes. */
export async function downloaded(page: Page, testid: string): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${testid}]`)]);
  return readFileSync((await download.path())!);
}

/** Picks an item in the filing page's item selector by typing part of its name. */
export async function chooseItem(page: Page, search: string, option: string) {
  await page.click('[data-testid=item-select]');
  await page.keyboard.type(search);
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

/** The case's row in the to-do list, on the tab "mine" or "queue". */
export async function todoRow(page: Page, tab: 'mine' | 'queue', applicationNumber: string) {
  await page.click(`[data-testid=tab-${tab}]`);
  await page.click('[data-testid=todo-refresh]');
  const row = page.locator(`[data-testid=todo-row][data-case="${applicationNumber}"]`);
  await row.first().waitFor();
  return row.first();
}

/** Claims the case's open task of a step from the post queue and opens the case page with its step form. */
export async function claimAndOpen(page: Page, applicationNumber: string, step: string) {
  const task = await openTask(applicationNumber, step);
  await page.goto(appUrl('/todo'));
  await todoRow(page, 'queue', applicationNumber);
  await page.click(`[data-testid="claim-${task.userTaskKey}"]`);
  await todoRow(page, 'mine', applicationNumber);
  await page.click(`[data-testid="open-${task.userTaskKey}"]`);
  await page.waitForURL(`**/cases/${applicationNumber}?task=*`);
  await page.waitForSelector(`[data-testid=step-form][data-form-id="gov-${step}"] .fjs-form`);
  return task;
}

/** Submits the open step form and waits for the page to say the step is done. */
export async function submitStep(page: Page) {
  await page.click('[data-testid=form-submit]');
  await page.waitForSelector('[data-testid=step-done]');
}
