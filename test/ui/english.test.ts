import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { ARTIFACTS, useBrowser } from '../support/browser.js';
import { appUrl, enter, settled } from '../support/ui.js';
import { call, login } from '../support/api.js';

// After the switch to English, each staff workspace speaks English in everything the page itself writes: titles,
// labels, column heads, tabs, buttons, placeholders and empty-list notes. Only data (names, items, units) may stay
// Chinese: data sits in table cells and values, which this test does not read, and the user's own name and unit,
// which it takes out of the headings that show them.
const CHINESE = /[\u3400-\u9fff\uff01-\uff5e]/;

const pages: { user: string; path: string; ready: string; name: string }[] = [
  { user: 'binhu.acceptor', path: '/todo', ready: '[data-testid=todo-refresh]', name: 'todo' },
  { user: 'binhu.acceptor', path: '/filing', ready: '[data-testid=item-select]', name: 'filing' },
  { user: 'health.leader', path: '/leader', ready: '[data-testid=leader]', name: 'leader' },
  { user: 'admin', path: '/admin/accounts', ready: '[data-testid=account-list]', name: 'accounts' },
  { user: 'office.zhang', path: '/office/items', ready: '[data-testid=item-list]', name: 'items' },
  { user: 'auditor', path: '/audit', ready: '[data-testid=audit-number]', name: 'audit' },
  { user: 'supervisor', path: '/supervision?unit=COM-BINHU', ready: '[data-testid=supervision-totals]', name: 'supervision' },
  { user: 'binhu.keeper', path: '/stock', ready: '[data-testid=nav]', name: 'stock' },
  { user: 'citizen.wang', path: '/me', ready: '[data-testid=nav], main', name: 'profile' },
  { user: 'citizen.wang', path: '/complaints', ready: '[data-testid=complaint-form]', name: 'complaints' },
  { user: 'health.reviewer', path: '/complaints/unit', ready: '[data-testid=unit-complaints]', name: 'complaint-handling' },
  { user: 'supervisor', path: '/reports', ready: '[data-testid=report-kinds]', name: 'reports' },
];

/** The words the page writes itself, each with where it stands, that still contain Chinese. */
function chineseChrome(page: Page, data: string[]) {
  return page.evaluate(({ pattern, data }) => {
    const chinese = new RegExp(pattern);
    const selectors = [
      'h1', 'h2', 'h3', 'h4', '.el-card__header', '.el-form-item__label', 'thead th', '.el-tabs__item', 'button',
      '.el-menu-item', '.el-empty__description', '.el-descriptions__label', '.el-radio-button__inner', '.el-checkbox__label',
      '.el-alert__title', '.el-pagination', 'label',
    ];
    const found: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(selectors.join(','))) {
      if (el.closest('[data-testid=lang]')) continue; // the switch offers 中文 in English, as it should
      if (el.offsetParent === null && getComputedStyle(el).position !== 'fixed') continue; // not shown
      const text = data.reduce((t, d) => t.split(d).join(''), el.innerText).trim();
      if (chinese.test(text)) found.push(`${el.tagName.toLowerCase()}.${el.className.split(' ')[0] ?? ''}: ${text.slice(0, 40)}`);
    }
    for (const el of document.querySelectorAll<HTMLInputElement>('input[placeholder], textarea[placeholder]')) {
      if (chinese.test(el.placeholder)) found.push(`placeholder: ${el.placeholder}`);
    }
    return [...new Set(found)];
  }, { pattern: CHINESE.source, data });
}

describe('the staff workspaces in English, in headless Chromium', function () {
  this.timeout(180_000);
  const browser = useBrowser();

  for (const p of pages) {
    it(`${p.name} (${p.user}): no Chinese in what the page writes itself`, async () => {
      const page = await browser().newPage({ viewport: { width: 1366, height: 900 } });
      await enter(page, p.user);
      await page.click('[data-testid=lang]');
      await page.goto(appUrl(p.path));
      await page.locator(p.ready).first().waitFor();
      await page.waitForLoadState('networkidle');
      await settled(page);
      expect(await page.getAttribute('html', 'lang')).to.equal('en');
      await page.screenshot({ path: `${ARTIFACTS}/14-english-${p.name}.png`, fullPage: true });
      const me = (await call('GET', '/api/me', { token: await login(p.user) })).json() as { realName: string; unitName?: string | null };
      const data = [me.realName, me.unitName].filter((d): d is string => !!d);
      expect(await chineseChrome(page, data), `${p.path} in English`).to.deep.equal([]);
      await page.close();
    });
  }
});
