import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { call, login } from '../support/api.js';
import { ARTIFACTS, useBrowser, signIn as signInAs } from '../support/browser.js';
import { fileApplication, openTask } from '../support/staff.js';
import { appUrl } from '../support/ui.js';

/** Signs in and opens the modeler (a role whose work is elsewhere, such as a supervisor, lands on its own page first). */
async function signIn(page: Page, username: string) {
  await signInAs(page, username);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  if (new URL(page.url()).pathname !== '/modeler') await page.goto(appUrl('/modeler'));
  await page.waitForSelector('[data-testid=process-list] button.version');
}

// What the tests read of the modeler the page exposes as globalThis.modeler (bpmn-js services by name).
type Ext = { $type: string; type?: string; candidateGroups?: string; formId?: string; values?: { key: string; value: string }[] };
type Bo = { $type: string; cancelActivity?: boolean; eventDefinitions?: { timeDate?: { body?: string } }[]; extensionElements?: { values: Ext[] }; get(key: string): unknown };
interface Shape { id: string; type: string; x: number; y: number; businessObject: Bo; attachers?: Shape[]; outgoing: { target: Shape }[] }
interface Services {
  elementRegistry: { get(id: string): Shape | undefined; getAll(): Shape[] };
  elementFactory: { createShape(attrs: { type: string }): Shape };
  modeling: { createShape(shape: Shape, position: { x: number; y: number }, parent: Shape): Shape };
  canvas: { getRootElement(): Shape; scrollToElement(element: Shape, padding?: number): void; viewbox(box: { x: number; y: number; width: number; height: number }): void };
  selection: { select(element: Shape): void; get(): Shape[] };
  commandStack: { undo(): void };
}
// the page's document as the evaluated functions use it (the tests compile without the DOM library)
type Rect = { left: number; right: number; top: number; bottom: number; width: number; height: number };
type Node = { getBoundingClientRect(): Rect; textContent: string | null };
type Doc = { querySelector(s: string): Node | null; querySelectorAll(s: string): Iterable<Node>; documentElement: { scrollWidth: number } };
interface ModelerHandle { get<K extends keyof Services>(name: K): Services[K]; saveXML(options: { format: boolean }): Promise<{ xml: string }> }

async function open(page: Page, processId: string, version: number) {
  await page.click(`[data-testid="open-${processId}-${version}"]`);
  await page.waitForSelector('.djs-element[data-element-id]');
}

async function select(page: Page, id: string) {
  await page.evaluate((i) => {
    const m = (globalThis as unknown as { modeler: ModelerHandle }).modeler;
    m.get('selection').select(m.get('elementRegistry').get(i)!);
    m.get('canvas').scrollToElement(m.get('elementRegistry').get(i)!, 200);
  }, id);
}

/** A new element on the canvas below the process, selected, as dropping it from the palette would leave it. */
async function addShape(page: Page, type: string, position: { x: number; y: number }): Promise<string> {
  return page.evaluate(([t, p]) => {
    const m = (globalThis as unknown as { modeler: ModelerHandle }).modeler;
    const created = m.get('modeling').createShape(m.get('elementFactory').createShape({ type: t }), p, m.get('canvas').getRootElement());
    m.get('selection').select(created);
    m.get('canvas').scrollToElement(created, 200);
    return created.id;
  }, [type, position] as const);
}

/** Diagram elements by BPMN type (labels left out): a stray duplicate shows up here. */
async function countByType(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const counts: Record<string, number> = {};
    for (const e of (globalThis as unknown as { modeler: ModelerHandle }).modeler.get('elementRegistry').getAll()) {
      if (e.type !== 'label') counts[e.type] = (counts[e.type] ?? 0) + 1;
    }
    return counts;
  });
}

/** An element's template, job type, headers and candidate groups, and for each boundary timer the card task it leads to. */
const summaryOf = (id: string) => {
  const m = (globalThis as unknown as { modeler: ModelerHandle }).modeler;
  const el = m.get('elementRegistry').get(id);
  if (!el) return null;
  const ext = el.businessObject.extensionElements?.values ?? [];
  return {
    type: el.type,
    template: el.businessObject.get('zeebe:modelerTemplate'),
    jobType: ext.find((x) => x.$type === 'zeebe:TaskDefinition')?.type,
    headers: Object.fromEntries((ext.find((x) => x.$type === 'zeebe:TaskHeaders')?.values ?? []).map((h) => [h.key, h.value])),
    candidateGroups: ext.find((x) => x.$type === 'zeebe:AssignmentDefinition')?.candidateGroups,
    formId: ext.find((x) => x.$type === 'zeebe:FormDefinition')?.formId,
    timers: (el.attachers ?? []).map((b) => {
      const card = b.outgoing[0]?.target;
      const cardExt = card?.businessObject.extensionElements?.values ?? [];
      return {
        id: b.id,
        nonInterrupting: b.businessObject.cancelActivity === false,
        timeDate: b.businessObject.eventDefinitions?.[0]?.timeDate?.body,
        card: card && {
          id: card.id,
          jobType: cardExt.find((x) => x.$type === 'zeebe:TaskDefinition')?.type,
          headers: Object.fromEntries((cardExt.find((x) => x.$type === 'zeebe:TaskHeaders')?.values ?? []).map((h) => [h.key, h.value])),
          then: card.outgoing[0]?.target.type,
          endId: card.outgoing[0]?.target.id,
        },
      };
    }),
  };
};

/** Opens a properties-panel group unless it is open already (the panel remembers it per group). */
async function openGroup(page: Page, groupId: string) {
  const group = page.locator(`[data-group-id="group-${groupId}"]`);
  if (!(await group.locator('.bio-properties-panel-group-entries.open').count())) await group.locator('.bio-properties-panel-group-header').click();
}

async function groupTitles(page: Page): Promise<Record<string, string>> {
  return Object.fromEntries(await page.locator('#panel [data-group-id]').evaluateAll((groups) => groups.map((g) => [
    g.getAttribute('data-group-id')!.replace(/^group-/, ''), g.querySelector('.bio-properties-panel-group-header-title')?.textContent?.trim() ?? '',
  ])));
}

/** The rules the check on the page reports against one element. */
async function rulesFor(page: Page, elementId: string): Promise<string[]> {
  return page.locator(`[data-testid=errors] li[data-element="${elementId}"] code`).allTextContents();
}

async function check(page: Page) {
  await page.locator('#issues').evaluate((issues) => { issues.innerHTML = ''; });
  await page.click('[data-testid=check]');
  await page.waitForSelector('[data-testid=errors], [data-testid=no-errors]');
}

describe('modeler UI in headless Chromium: change, check, save, deploy', function () {
  this.timeout(180_000);
  const browser = useBrowser();

  it('a business owner renames a step, sees the missing post flagged, fixes it, saves, deploys, and new applications run on it', async () => {
    const page = await browser().newPage({ viewport: { width: 1600, height: 900 } });
    await signIn(page, 'owner.health');
    await page.screenshot({ path: `${ARTIFACTS}/1-process-list.png` });

    await open(page, 'onsite-certificate', 1);

    // rename the accept step in the properties panel, as a business owner would type it
    await select(page, 'accept');
    const general = page.locator('[data-group-id="group-general"] .bio-properties-panel-group-header');
    if (!(await page.locator('#bio-properties-panel-name').isVisible())) await general.click();
    const name = page.locator('#bio-properties-panel-name');
    await name.fill('受理（窗口） Accept at the window');
    await name.press('Tab');
    await page.waitForSelector('.djs-element[data-element-id="accept"] >> text=受理（窗口）');

    // take the post away from the review step in the panel's own FEEL field: the rules flag it on the canvas and in the list
    await select(page, 'review');
    await openGroup(page, 'assignmentDefinition');
    const groups = page.locator('[data-entry-id="assignmentDefinitionCandidateGroups"] .cm-content[contenteditable="true"]');
    expect(await groups.textContent()).to.equal('["reviewer:" + units.review]');
    await groups.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    const reviewGroups = () => page.evaluate(() => {
      const m = (globalThis as unknown as { modeler: ModelerHandle }).modeler;
      return m.get('elementRegistry').get('review')!.businessObject.extensionElements!.values.find((x) => x.$type === 'zeebe:AssignmentDefinition')?.candidateGroups ?? null;
    });
    await check(page); // leaving the field commits what the panel still holds back (it debounces typing)
    expect(await reviewGroups()).to.equal(null);
    expect(await page.textContent('[data-testid=errors]')).to.include('gov/user-task-post').and.include('review');
    expect(await rulesFor(page, 'review')).to.deep.equal(['gov/user-task-post']);
    expect(await page.locator('.djs-overlays[data-container-id="review"] .lint-badge.error').count()).to.equal(1);
    await page.screenshot({ path: `${ARTIFACTS}/2-lint-error.png` });

    // and give it back the same way
    await groups.click();
    await page.keyboard.insertText('["reviewer:" + units.review]');
    await check(page);
    expect(await reviewGroups()).to.equal('=["reviewer:" + units.review]');
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
    const page = await browser().newPage({ viewport: { width: 1600, height: 900 } });
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
    // the pilot draft was never deployed: the owner archives it with a reason, and it leaves the list
    expect(await page.isVisible('[data-testid="archive-onsite-certificate-1"]')).to.equal(false); // deployed versions stay
    page.once('dialog', (d) => void d.accept('试点结束，草稿归档'));
    await page.click('[data-testid="archive-onsite-pilot-1"]');
    await page.waitForSelector('[data-testid=archived]');
    await page.waitForSelector('[data-testid="open-onsite-pilot-1"]', { state: 'detached' });
    await page.screenshot({ path: `${ARTIFACTS}/4b-draft-archived.png` });
    const listed = (await call('GET', '/api/processes?archived=true', { token: await login('auditor') })).json().processes as { processId: string; versions: { archived: { reason: string } | null }[] }[];
    expect(listed.find((p) => p.processId === 'onsite-pilot')!.versions[0]!.archived!.reason).to.equal('试点结束，草稿归档');
    await page.close();
  });

  it('turns a new service task into "notify party" with the template chooser: job type, header, no duplicate, the list in the panel', async () => {
    const page = await browser().newPage({ viewport: { width: 1600, height: 900 } });
    await signIn(page, 'owner.health');
    await open(page, 'onsite-certificate', 1);
    const choose = page.locator('[data-testid=choose-template]');
    await select(page, 'applied');
    expect(await choose.isDisabled(), 'a start event takes no template').to.equal(true);

    const before = await countByType(page);
    const id = await addShape(page, 'bpmn:ServiceTask', { x: 300, y: 1700 });
    const created = await countByType(page);
    expect(created['bpmn:ServiceTask']).to.equal(before['bpmn:ServiceTask']! + 1);
    expect(await choose.isEnabled()).to.equal(true);
    await choose.click();
    const dialog = page.locator('[data-testid=template-chooser]');
    await dialog.waitFor();
    expect(await dialog.locator('button[data-template]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-template')))).to.include.members(['gov.notify-party', 'gov.record-card', 'gov.human-step']);
    await page.screenshot({ path: `${ARTIFACTS}/5-template-chooser.png` });
    await dialog.locator('button[data-template="gov.notify-party"]').click();
    await dialog.waitFor({ state: 'detached' });

    expect(await countByType(page), 'the template changes the task in place').to.deep.equal(created);
    const applied = (await page.evaluate(summaryOf, id))!;
    expect(applied).to.include({ type: 'bpmn:ServiceTask', template: 'gov.notify-party', jobType: 'notify-party' });
    expect(applied.headers).to.deep.equal({ notice: 'supplement-notice' });
    expect(await page.evaluate(() => (globalThis as unknown as { modeler: ModelerHandle }).modeler.get('selection').get().map((e) => e.id))).to.deep.equal([id]);

    // the panel shows the template's list instead of free text, and choosing from it sets the header
    expect(await page.textContent('[data-group-id="group-ElementTemplates__Template"] .bio-properties-panel-group-header')).to.include('已应用');
    expect(await page.locator('[data-group-id="group-taskDefinition"]').count(), 'the job type is the template’s, not typed').to.equal(0);
    const notice = page.locator('[data-group-id="group-ElementTemplates__CustomProperties-gov"] select');
    expect(await notice.isVisible()).to.equal(true);
    expect(await notice.locator('option').evaluateAll((os) => os.map((o) => o.getAttribute('value')))).to.include.members(['supplement-notice', 'refusal', 'certificate-ready']);
    await notice.selectOption('certificate-ready');
    expect((await page.evaluate(summaryOf, id))!.headers).to.deep.equal({ notice: 'certificate-ready' });
    await page.screenshot({ path: `${ARTIFACTS}/5-notify-party-panel.png` });

    // a plain task from the palette, through the panel's own "Select" button: it becomes a service task, still one element
    const taskId = await addShape(page, 'bpmn:Task', { x: 500, y: 1700 });
    const withTask = await countByType(page);
    await page.evaluate((i) => {
      const g = globalThis as unknown as { modeler: ModelerHandle; plainTask?: Shape };
      g.plainTask = g.modeler.get('elementRegistry').get(i);
    }, taskId);
    await page.click('[data-group-id="group-ElementTemplates__Template"] .bio-properties-panel-select-template-button');
    await dialog.locator('button[data-template="gov.close-case"]').click();
    await dialog.waitFor({ state: 'detached' });
    // bpmn-js replaces the shape (keeping its id): the chooser selects the new one, and the old one is gone
    expect(await page.evaluate(() => {
      const g = globalThis as unknown as { modeler: ModelerHandle; plainTask?: Shape };
      const selected = g.modeler.get('selection').get();
      return { selected: selected.length, isNew: selected[0] !== g.plainTask, oldInDiagram: g.modeler.get('elementRegistry').getAll().includes(g.plainTask!) };
    })).to.deep.equal({ selected: 1, isNew: true, oldInDiagram: false });
    expect(await page.evaluate(summaryOf, taskId)).to.include({ type: 'bpmn:ServiceTask', template: 'gov.close-case', jobType: 'close-case' });
    const { 'bpmn:Task': plainTasks, ...others } = withTask;
    expect(plainTasks).to.equal(1);
    expect(await countByType(page)).to.deep.equal({ ...others, 'bpmn:ServiceTask': withTask['bpmn:ServiceTask']! + 1 });
    await page.close();
  });

  it('gives a new user task the human step: post, headers and the three card timers, and the server check no longer misses them', async () => {
    const page = await browser().newPage({ viewport: { width: 1600, height: 900 } });
    await signIn(page, 'owner.health');
    await open(page, 'onsite-certificate', 1);
    const id = await addShape(page, 'bpmn:UserTask', { x: 300, y: 1700 });
    const created = await countByType(page);
    await check(page);
    expect(await rulesFor(page, id)).to.include.members(['gov/user-task-timers', 'gov/user-task-post']);

    await page.click('[data-testid=choose-template]');
    await page.click('[data-testid=template-chooser] button[data-template="gov.human-step"]');
    await page.waitForSelector('[data-testid=template-chooser]', { state: 'detached' });

    const step = (await page.evaluate(summaryOf, id))!;
    // the step's form is chosen from the platform's forms, like its post
    expect(step).to.include({ type: 'bpmn:UserTask', template: 'gov.human-step', candidateGroups: '=["acceptor:" + units.accept]', formId: 'gov-accept' });
    expect(step.headers).to.deep.equal({ step: 'accept', post: 'acceptor' });
    expect(step.timers.map(({ nonInterrupting, timeDate, card }) => ({ nonInterrupting, timeDate, jobType: card?.jobType, headers: card?.headers, then: card?.then }))).to.deep.equal([
      { nonInterrupting: true, timeDate: '=deadline.warningAt', jobType: 'record-card', headers: { level: 'warning', step: 'accept' }, then: 'bpmn:EndEvent' },
      { nonInterrupting: true, timeDate: '=deadline.dueAt', jobType: 'record-card', headers: { level: 'yellow', step: 'accept' }, then: 'bpmn:EndEvent' },
      { nonInterrupting: true, timeDate: '=deadline.redAt', jobType: 'record-card', headers: { level: 'red', step: 'accept' }, then: 'bpmn:EndEvent' },
    ]);
    const more = (type: string, n: number) => ({ [type]: (created[type] ?? 0) + n });
    expect(await countByType(page), 'the step itself stays one element').to.deep.equal({
      ...created, ...more('bpmn:BoundaryEvent', 3), ...more('bpmn:ServiceTask', 3), ...more('bpmn:EndEvent', 3), ...more('bpmn:SequenceFlow', 6),
    });

    // on the page: the step still lacks a place in the flow (nothing leads to it yet), but no post and no timer; nothing added is flagged
    await check(page);
    const left = await rulesFor(page, id);
    expect(left).to.include('gov/no-dangling-flows').and.not.include('gov/user-task-timers').and.not.include('gov/user-task-post');
    const added = step.timers.flatMap((t) => [t.id, t.card!.id, t.card!.endId!]);
    for (const a of added) expect(await rulesFor(page, a), a).to.deep.equal([]);
    // and the server's check of the same XML
    const xml = await page.evaluate(async () => (await (globalThis as unknown as { modeler: ModelerHandle }).modeler.saveXML({ format: true })).xml);
    type Issue = { rule: string; elementId: string };
    const checked = (await call('POST', '/api/processes/check', { token: await login('owner.health'), body: { xml } })).json() as { errors: Issue[]; warnings: Issue[] };
    expect(checked.errors.filter((e) => e.elementId === id).map((e) => e.rule)).to.have.members(left);
    expect([...checked.errors, ...checked.warnings].filter((e) => added.includes(e.elementId)), 'not even an overlap').to.deep.equal([]);

    // choosing another step in the panel moves the cards with it
    await select(page, id);
    const stepList = page.locator('#panel select').filter({ has: page.locator('option[value="review"]') });
    await stepList.selectOption('review');
    const moved = (await page.evaluate(summaryOf, id))!;
    expect(moved.headers.step).to.equal('review');
    expect(moved.timers.map((t) => t.card?.headers.step)).to.deep.equal(['review', 'review', 'review']);
    await page.evaluate((i) => {
      const m = (globalThis as unknown as { modeler: ModelerHandle }).modeler;
      const { x, y } = m.get('elementRegistry').get(i)!;
      m.get('canvas').viewbox({ x: x - 200, y: y - 80, width: 900, height: 560 });
    }, id);
    await page.screenshot({ path: `${ARTIFACTS}/6-human-step-timers.png` });

    // one undo takes the step choice back, the next the template together with its timers
    await page.evaluate(() => { const s = (globalThis as unknown as { modeler: ModelerHandle }).modeler.get('commandStack'); s.undo(); s.undo(); });
    expect(await countByType(page)).to.deep.equal(created);
    expect((await page.evaluate(summaryOf, id))!.template).to.equal(undefined);
    await page.close();
  });

  it('speaks Chinese in the palette, context pad, replace menu and properties panel, and English after switching', async () => {
    const page = await browser().newPage({ viewport: { width: 1600, height: 900 } });
    await signIn(page, 'owner.health');
    const palette = (action: string) => page.getAttribute(`.djs-palette .entry[data-action="${action}"]`, 'aria-label');
    const entryLabel = (entry: string) => page.textContent(`[data-entry-id="${entry}"] label`);
    await open(page, 'onsite-certificate', 1);
    await select(page, 'review');
    await openGroup(page, 'assignmentDefinition');
    expect(await palette('create.task')).to.equal('创建任务');
    expect(await palette('create.exclusive-gateway')).to.equal('创建网关');
    expect(await palette('hand-tool')).to.equal('启用抓手工具');
    expect(await page.textContent('.bio-properties-panel-header-type')).to.equal('用户任务');
    expect(await groupTitles(page)).to.include({
      'general': '常规', 'ElementTemplates__Template': '模板', 'userTaskImplementation': '实现方式', 'assignmentDefinition': '分配', 'headers': '任务头',
      'inputs': '输入映射', 'outputs': '输出映射',
    });
    expect(await entryLabel('assignmentDefinitionCandidateGroups')).to.equal('候选组');
    expect(await page.textContent('.bio-properties-panel-select-template-button')).to.equal('选择');
    expect(await page.getAttribute('.djs-context-pad .entry[data-action="append.append-task"]', 'title')).to.equal('追加任务');
    expect(await page.getAttribute('.djs-context-pad .entry[data-action="replace"]', 'title')).to.equal('更改元素类型');
    await page.screenshot({ path: `${ARTIFACTS}/7-zh-panel.png` });
    await page.click('.djs-context-pad .entry[data-action="replace"]');
    expect((await page.textContent('.djs-popup [data-id="replace-with-service-task"]'))?.trim()).to.equal('服务任务');
    expect((await page.textContent('.djs-popup [data-id="replace-with-task"]'))?.trim()).to.equal('任务');
    await page.screenshot({ path: `${ARTIFACTS}/7-zh-replace-menu.png` });
    await page.keyboard.press('Escape');

    await select(page, 'flow-12'); // accept decision → supplement notice, with a condition
    expect(await page.textContent('.bio-properties-panel-header-type')).to.equal('顺序流');
    expect(await groupTitles(page)).to.include({ 'general': '常规', 'condition': '条件' });
    await openGroup(page, 'condition');
    expect(await entryLabel('conditionExpression')).to.equal('条件表达式');
    await select(page, 'accept-warning');
    expect(await page.textContent('.bio-properties-panel-header-type')).to.equal('定时器边界事件（非中断）');
    expect(await groupTitles(page)).to.include({ 'timer': '定时器' });
    await openGroup(page, 'timer');
    expect(await entryLabel('timerEventDefinitionType')).to.equal('类型');
    expect(await page.locator('[data-entry-id="timerEventDefinitionType"] option').allTextContents()).to.include.members(['日期', '持续时间', '循环周期']);
    await select(page, 'accept-decision');
    expect(await page.textContent('.bio-properties-panel-header-type')).to.equal('排他网关');
    await select(page, 'use-print-serial');
    expect(await groupTitles(page)).to.include({ 'taskDefinition': '任务定义', 'headers': '任务头' });
    await openGroup(page, 'taskDefinition');
    expect(await entryLabel('taskDefinitionType')).to.equal('作业类型');
    expect(await entryLabel('taskDefinitionRetries')).to.equal('重试次数');

    await page.click('[data-testid=lang]');
    // the modeler is built anew in English: wait for the new one before working on it
    await page.waitForFunction(() => (globalThis as unknown as { document: Doc }).document.querySelector('.gov-modeler .list h2')?.textContent === 'Processes');
    await page.waitForSelector('[data-testid=process-list] button.version');
    await open(page, 'onsite-certificate', 1);
    await select(page, 'review');
    await openGroup(page, 'assignmentDefinition');
    expect(await palette('create.task')).to.equal('Create task');
    expect(await palette('hand-tool')).to.equal('Activate hand tool');
    expect(await page.textContent('.bio-properties-panel-header-type')).to.equal('User Task');
    expect(await groupTitles(page)).to.include({ 'general': 'General', 'ElementTemplates__Template': 'Template', 'assignmentDefinition': 'Assignment', 'headers': 'Headers' });
    expect(await entryLabel('assignmentDefinitionCandidateGroups')).to.equal('Candidate groups');
    expect(await page.getAttribute('.djs-context-pad .entry[data-action="replace"]', 'title')).to.equal('Change element');
    await page.screenshot({ path: `${ARTIFACTS}/8-en-panel.png` });
    await page.click('[data-testid=lang]');
    await page.close();
  });

  it('shows others the models read-only: no palette, no label editing, no delete, the facts instead of the panel', async () => {
    const page = await browser().newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, 'supervisor');
    expect(await page.locator('[data-testid=save]').count()).to.equal(0);
    expect(await page.locator('[data-testid=deploy]').count()).to.equal(0);
    expect(await page.locator('[data-testid^=archive-]').count(), 'no archiving either').to.equal(0);
    expect(await page.textContent('[data-testid=read-only]')).to.equal('只读');
    await open(page, 'onsite-certificate', 1);
    expect(await page.locator('.djs-palette').count(), 'no palette').to.equal(0);
    const xml = () => page.evaluate(async () => (await (globalThis as unknown as { modeler: ModelerHandle }).modeler.saveXML({ format: true })).xml);
    const before = await xml();

    // double-click the accept step's label as if to rename it, type, and press Delete on it: nothing changes
    const accept = page.locator('.djs-element[data-element-id="accept"]');
    await accept.dblclick();
    expect(await page.locator('.djs-direct-editing-parent:visible').count(), 'no label editor opens').to.equal(0);
    await page.keyboard.type('改名');
    await accept.click();
    expect(await page.locator('.djs-context-pad').count(), 'no context pad').to.equal(0);
    await page.keyboard.press('Delete');
    await page.keyboard.press('Backspace');
    expect(await xml(), 'the model is the same').to.equal(before);
    expect(await page.locator('.djs-element[data-element-id="accept"]').count()).to.equal(1);
    // the click shows what the element is, as text
    expect(await page.textContent('[data-testid=facts]')).to.include('受理 Accept').and.include('用户任务').and.include('acceptor:');
    expect(await page.locator('#panel input, #panel textarea, #panel select, #panel [contenteditable=true]').count(), 'nothing to type into').to.equal(0);
    await page.screenshot({ path: `${ARTIFACTS}/14-modeler-readonly.png` });
    await page.close();
  });

  it('opens a diagram fitted to the view, finds processes by name, names each after its running version, and keeps the view across a language switch', async () => {
    const page = await browser().newPage({ viewport: { width: 1366, height: 768 } });
    await signInAs(page, 'auditor');
    await page.getByRole('menuitem', { name: '流程建模' }).click();
    await page.waitForSelector('[data-testid=process-list] button.version');
    await open(page, 'online-application', 1);
    expect(page.url()).to.match(/\/modeler\?process=online-application&version=1$/);
    // the whole diagram is in view: every shape inside the canvas box
    const fitted = () => page.evaluate(() => {
      const document = (globalThis as unknown as { document: Doc }).document;
      const box = document.querySelector('#canvas')!.getBoundingClientRect();
      const shapes = [...document.querySelectorAll('#canvas .djs-element.djs-shape')].map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0);
      return { shapes: shapes.length, outside: shapes.filter((r) => r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1).length };
    });
    const view = await fitted();
    expect(view.shapes).to.be.greaterThan(20);
    expect(view.outside, 'shapes outside the view').to.equal(0);

    // the list names a process after the version the engine runs, and the search narrows it
    const listed = (await call('GET', '/api/processes', { token: await login('auditor') })).json().processes as { processId: string; name: string }[];
    expect(await page.textContent('[data-testid=process-name-online-application]')).to.equal(listed.find((p) => p.processId === 'online-application')!.name);
    const visible = () => page.locator('[data-testid=process-list] .process:visible').evaluateAll((ps) => ps.map((p) => p.getAttribute('data-process')));
    await page.fill('[data-testid=process-search]', '网上');
    expect(await visible()).to.deep.equal(['online-application']);
    await page.fill('[data-testid=process-search]', 'requisition');
    expect(await visible()).to.deep.equal(['certificate-requisition']);
    await page.fill('[data-testid=process-search]', '没有这个流程');
    expect(await visible()).to.deep.equal([]);
    expect(await page.isVisible('[data-testid=process-none]')).to.equal(true);
    await page.fill('[data-testid=process-search]', '');
    await page.screenshot({ path: `${ARTIFACTS}/14-modeler-fitted.png` });

    // switching the language keeps the page and the open version
    const url = page.url();
    await page.click('[data-testid=lang]');
    await page.waitForFunction(() => (globalThis as unknown as { document: Doc }).document.querySelector('.gov-modeler .list h2')?.textContent === 'Processes');
    await page.waitForSelector('.djs-element[data-element-id="approve"]');
    expect(page.url(), 'the switch keeps the current view').to.equal(url);
    expect(await page.textContent('header .brand')).to.include('Government services platform');
    expect(await page.textContent('[data-testid=current]')).to.equal('online-application · Version 1');
    expect((await fitted()).outside).to.equal(0);
    await page.screenshot({ path: `${ARTIFACTS}/14-modeler-en.png` });
    await page.click('[data-testid=lang]'); // back to Chinese for the next visitor of this browser profile
    await page.waitForFunction(() => (globalThis as unknown as { document: Doc }).document.querySelector('.gov-modeler .list h2')?.textContent === '流程');

    // a reload of the address opens the same version
    await page.reload();
    await page.waitForSelector('.djs-element[data-element-id="approve"]');
    expect(await page.textContent('[data-testid=current]')).to.equal('online-application · 版本 1');
    await page.close();
  });

  it('fits a phone: nothing wider than the screen, the canvas scrolls in its own box', async () => {
    const page = await browser().newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, 'supervisor');
    await open(page, 'onsite-certificate', 1);
    expect(await page.evaluate(() => (globalThis as unknown as { document: Doc }).document.documentElement.scrollWidth), 'no sideways scrolling of the page').to.be.at.most(390);
    const canvas = await page.locator('#canvas').boundingBox();
    expect(canvas!.width).to.be.at.most(390);
    expect(canvas!.height).to.be.greaterThan(250);
    await page.locator('#canvas').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/14-modeler-390.png`, fullPage: true });
    await page.close();
  });
});
