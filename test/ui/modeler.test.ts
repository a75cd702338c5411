import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { call, login } from '../support/api.js';
import { platform } from '../support/platform.js';
import { fileApplication, openTask } from '../support/staff.js';

// Debian's Chromium, never a downloaded browser; .ci/run installs it with apt-get.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = resolve('test-artifacts');

async function signIn(page: Page, username: string) {
  await page.goto(`http://127.0.0.1:${platform().config.http.port}/`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', 'Demo@2026gov');
  await page.click('form[data-testid=login-form] button[type=submit]');
  await page.waitForSelector('[data-testid=process-list] button.version');
}

describe('modeler UI in headless Chromium: change, check, save, deploy', function () {
  this.timeout(180_000);
  let browser: Browser;

  before(async function () {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
    if (!existsSync(resolve(platform().config.uiDistDir, 'index.html'))) {
      const { build } = await import('vite');
      await build({ root: resolve('modeler-ui'), logLevel: 'warn' });
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    await browser?.close();
  });

  it('a business owner renames a step, sees the missing post flagged, fixes it, saves, deploys, and new applications run on it', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await signIn(page, 'owner.health');
    await page.screenshot({ path: `${ARTIFACTS}/1-process-list.png` });

    await page.click('[data-testid="open-onsite-certificate-1"]');
    await page.waitForSelector('.djs-element[data-element-id="review"]');

    // rename the accept step in the properties panel, as a business owner would type it
    await page.evaluate(() => {
      const m = (globalThis as unknown as { modeler: { get(n: string): { get?(id: string): unknown; select?(e: unknown): void } } }).modeler;
      m.get('selection').select!(m.get('elementRegistry').get!('accept'));
    });
    const general = page.locator('[data-group-id="group-general"] .bio-properties-panel-group-header');
    if (!(await page.locator('#bio-properties-panel-name').isVisible())) await general.click();
    const name = page.locator('#bio-properties-panel-name');
    await name.fill('受理（窗口） Accept at the window');
    await name.press('Tab');
    await page.waitForSelector('.djs-element[data-element-id="accept"] >> text=受理（窗口）');

    // take the post away from the review step: the government rules flag it on the canvas and in the list
    // the candidate group through the modeler's own commands (as the properties panel issues them)
    const setReviewGroups = (value: string | undefined) => page.evaluate((v) => {
      type Bo = { $type: string; values?: Bo[] };
      const m = (globalThis as unknown as { modeler: { get(n: string): Record<string, (...a: unknown[]) => unknown> } }).modeler;
      const el = m.get('elementRegistry').get!('review') as { businessObject: { extensionElements: Bo } };
      const ext = el.businessObject.extensionElements;
      const assignment = ext.values!.find((x) => x.$type === 'zeebe:AssignmentDefinition');
      if (assignment) {
        m.get('modeling').updateModdleProperties!(el, assignment, { candidateGroups: v });
      } else if (v) {
        const created = m.get('bpmnFactory').create!('zeebe:AssignmentDefinition', { candidateGroups: v });
        m.get('modeling').updateModdleProperties!(el, ext, { values: [...ext.values!, created] });
      }
    }, value);
    await setReviewGroups(undefined);
    await page.click('[data-testid=check]');
    await page.waitForSelector('[data-testid=errors]');
    expect(await page.textContent('[data-testid=errors]')).to.include('gov/user-task-post').and.include('review');
    expect(await page.locator('.djs-overlay .lint-badge.error').count()).to.be.greaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}/2-lint-error.png` });

    await setReviewGroups('=["reviewer:" + units.review]');
    await page.click('[data-testid=check]');
    await page.waitForSelector('[data-testid=no-errors]');

    await page.fill('[data-testid=comment]', '受理环节改名 — renamed the accept step');
    await page.click('[data-testid=save]');
    const saved = await page.waitForSelector('[data-testid=saved]');
    const version = Number(/(\d+)/.exec((await saved.textContent()) ?? '')![1]);
    await page.click('[data-testid=deploy]');
    await page.waitForSelector('[data-testid=deployed]');
    expect(await page.textContent('[data-testid=engine-answer]')).to.include('deploymentKey');
    await page.screenshot({ path: `${ARTIFACTS}/3-deployed.png` });

    // compare version 1 with the saved one: the renamed step is marked changed on the diagram
    await page.click('[data-testid="compare-onsite-certificate-1"]');
    await page.waitForSelector('[data-testid=diff-changed] li');
    expect(await page.textContent('[data-testid=diff-changed]')).to.include('accept').and.include('name');
    expect(await page.locator('.djs-element.diff-changed[data-element-id="accept"]').count()).to.equal(1);
    await page.screenshot({ path: `${ARTIFACTS}/4-compare.png` });

    // the engine runs the new version, and a new application starts on it
    const processes = (await call('GET', '/api/processes', { token: await login('auditor') })).json().processes as { processId: string; running: { version: number; engineVersion: number } }[];
    const running = processes.find((p) => p.processId === 'onsite-certificate')!.running;
    expect(running.version).to.equal(version);
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const accept = await openTask(filed.applicationNumber, 'accept');
    expect(accept.processDefinitionVersion).to.equal(running.engineVersion);
    await page.close();
  });

  it('starts a new process from the on-site template and saves it as its first version', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await signIn(page, 'owner.health');
    await page.fill('[data-testid=new-id]', 'onsite-pilot');
    await page.click('[data-testid=new-onsite]');
    await page.waitForSelector('[data-testid=no-errors]');
    expect(await page.textContent('[data-testid=current]')).to.include('onsite-pilot');
    await page.fill('[data-testid=comment]', '试点流程 pilot from the on-site template');
    await page.click('[data-testid=save]');
    await page.waitForSelector('[data-testid=saved]');
    await page.waitForSelector('[data-testid="open-onsite-pilot-1"]');
    const v = (await call('GET', '/api/processes/onsite-pilot/versions/1', { token: await login('auditor') })).json();
    expect(v.xml).to.include('<bpmn:process id="onsite-pilot"');
    expect(v.errors).to.deep.equal([]);
    await page.close();
  });

  it('shows others the models read-only, and switches the interface to English', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    await signIn(page, 'supervisor');
    expect(await page.locator('[data-testid=save]').count()).to.equal(0);
    expect(await page.locator('[data-testid=deploy]').count()).to.equal(0);
    expect(await page.textContent('header h1')).to.equal('政务服务流程建模');
    await page.click('[data-testid=lang]');
    await page.waitForSelector('[data-testid=process-list] button.version');
    expect(await page.textContent('header h1')).to.equal('Service process modeler');
    await page.click('[data-testid=lang]'); // back to Chinese for the next visitor of this browser profile
    await page.close();
  });
});
