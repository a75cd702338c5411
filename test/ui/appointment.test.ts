import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { ARTIFACTS, fillLogin, useBrowser } from '../support/browser.js';
import { platform } from '../support/platform.js';
import { openTask } from '../support/staff.js';
import { appUrl, enter, overflow, settled, todoRow } from '../support/ui.js';

async function shot(page: Page, name: string) {
  await settled(page);
  await page.screenshot({ path: `${ARTIFACTS}/15b-appointment-${name}.png`, fullPage: true });
}
const officeDate = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('online appointments in headless Chromium: book from the guide, the window confirms, checks in and files', function () {
  this.timeout(240_000);
  const browser = useBrowser();

  it('at 390 px a citizen books a slot, the window confirms it, the citizen sees it confirmed, the window checks in and lands on filing prefilled', async () => {
    const citizen = await browser().newPage({ viewport: { width: 390, height: 844 } });
    await citizen.goto(appUrl('/guides/JZZ'));
    await citizen.waitForSelector('[data-testid=guide]');
    expect(await citizen.locator('[data-testid=window-equal]').innerText(), 'booking is optional: the window is equally open').to.include('无须先在网上预约');
    await citizen.click('[data-testid=book-appointment]');
    await citizen.waitForURL(/\/login/);
    await fillLogin(citizen, 'citizen.wang');
    await citizen.waitForURL(/\/appointments\/book\/JZZ/);
    expect(await citizen.locator('[data-testid=book-item]').innerText()).to.equal('居住证');
    await citizen.getByText('滨湖社区').click();
    await citizen.waitForSelector('[data-testid=slot]');
    // closed days are shown greyed, with no slots
    const closedDay = citizen.locator('[data-testid=day].off').first();
    await closedDay.click();
    expect(await citizen.locator('[data-testid=slots]').innerText()).to.match(/周末|假期|节/);
    // the first working day with a free slot (today's may have passed, earlier bookings may have filled some)
    const openDays = citizen.locator('[data-testid=day]:not(.off)');
    const free = citizen.locator('[data-testid=slot]:not([disabled])').first();
    for (let i = 0; i < await openDays.count(); i += 1) {
      await openDays.nth(i).click();
      if (await free.count()) break;
    }
    const slotStart = (await free.getAttribute('data-start'))!;
    await free.click();
    expect(await citizen.locator('[data-testid=book-submit]').innerText()).to.include('提交预约');
    expect(await overflow(citizen), 'nothing wider than the phone').to.be.at.most(0);
    await shot(citizen, 'book-390');
    await citizen.click('[data-testid=book-submit]');
    await citizen.waitForSelector('[data-testid=booked-number]');
    const number = (await citizen.textContent('[data-testid=booked-number]'))!.trim();
    expect(number).to.match(/^YY\d{10}$/);
    await shot(citizen, 'booked-390');

    // the window of 滨湖社区 sees it waiting and confirms it
    await openTask(number, 'handle');
    const window = await browser().newPage({ viewport: { width: 390, height: 844 } });
    await enter(window, 'binhu.acceptor');
    // the booking waits in the acceptors' queue too, and leads to the appointments page
    await window.goto(appUrl('/todo'));
    const queued = await todoRow(window, 'queue', number);
    expect(await queued.innerText()).to.include('在线预约');
    await shot(window, 'todo-queue-390');
    await window.goto(appUrl('/appointments/window'));
    const row = window.locator(`[data-testid=window-row][data-number="${number}"]`);
    await row.waitFor();
    expect(await row.locator('[data-testid=window-status]').innerText()).to.equal('待窗口确认');
    expect(await row.innerText(), 'the ID is masked on screen').to.include('王小明').and.match(/\d{3}\*{11}\d{4}/);
    expect(await overflow(window)).to.be.at.most(0);
    await shot(window, 'window-list-390');
    await row.locator('[data-testid=window-confirm]').click();
    await window.waitForFunction((n) => document.querySelector(`[data-testid=window-row][data-number="${n}"] [data-testid=window-status]`)?.textContent?.trim() === '已确认', number);

    // the citizen sees it confirmed
    await citizen.goto(appUrl('/appointments/mine'));
    const mine = citizen.locator(`[data-testid=appointment-row][data-number="${number}"]`);
    await mine.waitFor();
    expect(await mine.locator('[data-testid=appointment-status]').innerText()).to.equal('已确认');
    expect(await mine.locator('[data-testid=appointment-when]').innerText()).to.include('滨湖社区');
    expect(await overflow(citizen)).to.be.at.most(0);
    await shot(citizen, 'mine-confirmed-390');

    // on the slot's day the citizen comes to the window: check in, and the filing page opens with the booking's data
    const { clock } = platform();
    const slotDay = officeDate(new Date(slotStart));
    if (officeDate(await clock.now()) < slotDay) await clock.moveTo(new Date(`${slotDay}T09:00:00+08:00`));
    await window.goto(appUrl('/appointments/window'));
    await row.locator('[data-testid=window-check-in]').click();
    await window.waitForURL(new RegExp(`/filing\\?appointment=${number}`));
    await window.waitForSelector('[data-testid=from-appointment]');
    await window.waitForFunction(() => (document.querySelector('[data-testid=applicant-name]') as HTMLInputElement | null)?.value === '王小明');
    expect(await window.locator('[data-testid=from-appointment]').innerText()).to.include(number);
    expect(await window.locator('[data-testid=item-select]').innerText()).to.include('居住证');
    expect(await window.locator('[data-testid=item-facts]').innerText()).to.include('网上申请类');
    expect(await window.inputValue('[data-testid=applicant-phone]'), 'the phone filled in, shown masked').to.match(/^\d{3}\*+\d{4}$/);
    expect(await overflow(window)).to.be.at.most(0);
    await shot(window, 'filing-prefilled-390');
    const booked = await platform().services.appointments.get(number);
    expect(booked.status).to.equal('checked-in');
  });

  it('at 1366 px the window’s list and the booking page fit the desk screen', async () => {
    const window = await browser().newPage({ viewport: { width: 1366, height: 900 } });
    await enter(window, 'binhu.acceptor');
    await window.goto(appUrl('/appointments/window'));
    await window.waitForSelector('[data-testid=window-appointments]');
    await window.getByRole('menuitem', { name: '预约办理' }).waitFor();
    await shot(window, 'window-list-1366');
    const proxy = await browser().newPage({ viewport: { width: 1366, height: 900 } });
    await enter(proxy, 'proxy.li');
    await proxy.goto(appUrl('/appointments/book/DSZN'));
    await proxy.getByText('杜山村').click();
    await proxy.waitForSelector('[data-testid=slot]');
    expect(await proxy.locator('[data-testid=person-name]').count(), 'a proxy agent names the applicant').to.equal(1);
    await shot(proxy, 'book-proxy-1366');
  });
});
