import Modeler from 'bpmn-js/lib/Modeler';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type { Element } from 'bpmn-js/lib/model/Types';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import { CloudElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import 'bpmn-js-element-templates/dist/assets/element-templates.css';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import './modeler.css';
import { api, type Issue, type ProcessSummary } from './modeler-api';
import { currentLang, t, translateModule } from './modeler-i18n';
import { messageOf } from '../shared/errors';
import { GovTemplatesModule, type TemplateChooser } from './gov-templates';

const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;
const EDITORS = ['business-owner', 'system-admin'];

interface Overlays { add(id: string, type: string, o: { position: object; html: HTMLElement }): void; remove(filter: { type: string }): void }
interface ElementRegistry { get(id: string): unknown }
interface EventBus { on<E>(event: string, fn: (e: E) => void): void }

interface Canvas { addMarker(id: string, cls: string): void; zoom(level: 'fit-viewport', center?: 'auto'): void }

/** The modeler for those who design processes; a viewer (no palette, context pad, editing or keyboard delete) for everyone else. */
let modeler: Modeler | NavigatedViewer | undefined;
let current: { processId: string; version: number } | undefined;
let search = '';
let editing = false;
let hooks: MountOptions = {};

export interface MountOptions {
  /** what to show first: a saved version (from the page address), or the unsaved XML the canvas held before a language switch */
  initial?: { processId?: string; version?: number; xml?: string; label?: string };
  /** told whenever a saved version is opened, so the page address can carry it */
  onOpen?: (processId: string, version: number) => void;
}

function esc(s: string) {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** Whether the canvas is editable for this role. */
export const canEdit = (role: string) => EDITORS.includes(role);

/** What is on the canvas now, to carry it over when the page is built again (a language switch). */
export async function snapshot(): Promise<MountOptions['initial'] | undefined> {
  if (!modeler) return undefined;
  try {
    const { xml } = await modeler.saveXML({ format: true });
    return { ...current, xml, label: $('#current')?.textContent ?? undefined };
  } catch {
    return current; // nothing imported yet
  }
}

export function unmountModeler() {
  modeler?.destroy();
  modeler = undefined;
  current = undefined;
}

/** The modeler inside the web app: the process list, the canvas and the properties panel, in `root`. */
export async function mountModeler(root: HTMLElement, role: string, options: MountOptions = {}) {
  const editable = canEdit(role);
  unmountModeler();
  editing = editable;
  hooks = options;
  root.innerHTML = `
    <aside class="list"><h2>${t('processes')}</h2>
      <input id="process-search" type="search" data-testid="process-search" placeholder="${t('searchProcess')}" aria-label="${t('searchProcess')}" value="${esc(search)}" />
      <div id="processes" data-testid="process-list"></div></aside>
    <main class="editor">
      <div class="toolbar">
        <span id="current" data-testid="current">${t('pickProcess')}</span>
        ${editable ? '' : `<span class="read-only" data-testid="read-only">${t('readOnly')}</span>`}
        <button id="check" data-testid="check">${t('check')}</button>
        ${editable ? `<input id="new-id" data-testid="new-id" placeholder="${t('newId')}" maxlength="64" size="14" />
        <button id="new-onsite" data-testid="new-onsite">${t('newOnsite')}</button>
        <button id="new-online" data-testid="new-online">${t('newOnline')}</button>
        <button id="choose-template" data-testid="choose-template" disabled>${t('chooseTemplate')}</button>
        <input id="comment" data-testid="comment" placeholder="${t('comment')}" maxlength="500" />
        <button id="save" data-testid="save">${t('save')}</button>
        <button id="deploy" data-testid="deploy">${t('deploy')}</button>` : ''}
      </div>
      <div class="work"><div id="canvas" class="canvas" data-testid="canvas"></div><div id="panel" class="panel${editable ? '' : ' info'}" data-testid="panel"></div></div>
      <section id="issues" class="issues" data-testid="issues" aria-live="polite"></section>
    </main>`;
  $<HTMLInputElement>('#process-search').oninput = (e) => {
    search = (e.target as HTMLInputElement).value;
    filterProcesses();
  };
  if (!editable) {
    // read-only: a viewer that can pan and zoom but has no modeling at all, and the selected element's facts instead of the panel
    modeler = new NavigatedViewer({ container: '#canvas', additionalModules: [translateModule], moddleExtensions: { zeebe: zeebeModdle } });
    (window as unknown as { modeler: unknown }).modeler = modeler; // for the browser tests and the curious
    modeler.get<EventBus>('eventBus').on<{ element: Element }>('element.click', ({ element }) => showFacts(element));
    $('#panel').innerHTML = `<p class="hint">${t('clickForFacts')}</p>`;
    $('#check').onclick = () => void check();
    await renderProcesses();
    await showInitial();
    return;
  }
  const editor = new Modeler({
    container: '#canvas',
    propertiesPanel: { parent: '#panel' },
    additionalModules: [
      BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule, CloudElementTemplatesPropertiesProviderModule,
      GovTemplatesModule, ZeebeBehaviorsModule, translateModule,
    ],
    moddleExtensions: { zeebe: zeebeModdle },
  });
  modeler = editor;
  (window as unknown as { modeler: Modeler }).modeler = editor; // for the browser tests and the curious
  const eventBus = editor.get<EventBus>('eventBus');
  eventBus.on<{ errors: Error[] }>('elementTemplates.errors', ({ errors }) => {
    $('#issues').insertAdjacentHTML('afterbegin', `<p class="error" data-testid="template-errors">${t('templateErrors')}: ${esc(errors.map((e) => e.message).join('; '))}</p>`);
  });
  // through the loader, which validates each template against the Camunda 8 schema, as the module expects
  editor.get<{ setTemplates(t: unknown[]): void }>('elementTemplatesLoader').setTemplates(await api.templates());
  $('#check').onclick = () => void check();
  {
    const chooser = editor.get<TemplateChooser>('templateChooser');
    const selected = () => {
      const s = modeler!.get<{ get(): Element[] }>('selection').get();
      return s.length === 1 ? s[0] : undefined;
    };
    const choose = $<HTMLButtonElement>('#choose-template');
    eventBus.on('selection.changed', () => { choose.disabled = chooser.templatesFor(selected()).length === 0; });
    choose.onclick = () => { const element = selected(); if (element) chooser.open(element); };
    $('#new-onsite').onclick = () => void fromTemplate('onsite-certificate');
    $('#new-online').onclick = () => void fromTemplate('online-application');
    $('#save').onclick = () => void save();
    $('#deploy').onclick = () => void deploy();
  }
  await renderProcesses();
  await showInitial();
}

/** Opens what the page address names, or puts back what the canvas held before the page was built again. */
async function showInitial() {
  const initial = hooks.initial;
  if (!initial) return;
  if (initial.xml) {
    await importFitted(initial.xml);
    current = initial.processId && initial.version ? { processId: initial.processId, version: initial.version } : undefined;
    if (initial.label) $('#current').textContent = initial.label;
    if (current) $('#current').textContent = `${current.processId} · ${t('version')} ${current.version}`;
    await check();
  } else if (initial.processId && initial.version) {
    await open(initial.processId, initial.version).catch((err: unknown) => {
      $('#issues').innerHTML = `<p class="error" data-testid="problem">${esc(messageOf(err))}</p>`;
    });
  }
}

/** A diagram comes in fitted to the canvas, whatever its size. */
async function importFitted(xml: string) {
  await modeler!.importXML(xml);
  modeler!.get<Canvas>('canvas').zoom('fit-viewport', 'auto');
}

const TYPE_NAMES: Record<string, string> = {
  'bpmn:UserTask': 'User task', 'bpmn:ServiceTask': 'Service task', 'bpmn:StartEvent': 'Start event', 'bpmn:EndEvent': 'End event',
  'bpmn:ExclusiveGateway': 'Exclusive gateway', 'bpmn:ParallelGateway': 'Parallel gateway', 'bpmn:BoundaryEvent': 'Boundary event',
  'bpmn:IntermediateCatchEvent': 'Intermediate catch event', 'bpmn:SequenceFlow': 'Sequence flow', 'bpmn:Process': 'Process',
  'bpmn:ReceiveTask': 'Receive task', 'bpmn:Task': 'Task',
};

/** Read-only: the clicked element's name, type, id, post and job type, as text. */
function showFacts(element: Element) {
  const bo = element.businessObject as { id: string; name?: string; $type: string; extensionElements?: { values?: { $type: string; type?: string; candidateGroups?: string; values?: { key: string; value: string }[] }[] }; eventDefinitions?: { timeDate?: { body?: string } }[] };
  const ext = bo.extensionElements?.values ?? [];
  const translate = modeler!.get<(s: string) => string>('translate');
  const rows: [string, string | undefined][] = [
    [t('factName'), bo.name], [t('factType'), translate(TYPE_NAMES[bo.$type] ?? bo.$type.replace('bpmn:', ''))], [t('factId'), bo.id],
    [t('factPost'), ext.find((x) => x.$type === 'zeebe:AssignmentDefinition')?.candidateGroups],
    [t('factJob'), ext.find((x) => x.$type === 'zeebe:TaskDefinition')?.type],
    [t('factTimer'), bo.eventDefinitions?.[0]?.timeDate?.body],
    [t('factHeaders'), ext.find((x) => x.$type === 'zeebe:TaskHeaders')?.values?.map((h) => `${h.key} = ${h.value}`).join('；')],
  ];
  $('#panel').innerHTML = `<dl class="facts" data-testid="facts">${rows.filter(([, v]) => v).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v!)}</dd>`).join('')}</dl>`;
}

/** Hides the processes whose id and name do not contain the search text. */
function filterProcesses() {
  const q = search.trim().toLowerCase();
  let shown = 0;
  document.querySelectorAll<HTMLElement>('#processes .process').forEach((el) => {
    const hit = !q || (el.dataset.search ?? '').includes(q);
    el.hidden = !hit;
    if (hit) shown++;
  });
  const none = document.querySelector<HTMLElement>('#processes .none');
  if (none) none.hidden = shown > 0;
}

async function renderProcesses() {
  const { processes } = await api.processes();
  $('#processes').innerHTML = processes.map((p: ProcessSummary) => `
    <div class="process" data-process="${esc(p.processId)}" data-search="${esc(`${p.processId} ${p.name ?? ''} ${p.versions.map((v) => v.name ?? '').join(' ')}`.toLowerCase())}">
      <h3 data-testid="process-name-${esc(p.processId)}">${esc(p.name ?? p.processId)}</h3><code>${esc(p.processId)}</code>
      <ul>${p.versions.map((v) => `
        <li><button class="compare" data-process="${esc(p.processId)}" data-version="${v.version}" data-testid="compare-${esc(p.processId)}-${v.version}" title="${t('compare')}">⇄</button>
        <button class="version" data-process="${esc(p.processId)}" data-version="${v.version}" data-testid="open-${esc(p.processId)}-${v.version}">
          ${t('version')} ${v.version}${p.running?.version === v.version ? ` <b class="running">● ${t('running')} (v${p.running.engineVersion})</b>` : ''}${v.name && v.name !== p.name ? ` <i class="vname">${esc(v.name)}</i>` : ''}
          <small>${esc(v.author)} · ${new Date(v.savedAt).toLocaleString(currentLang() === 'zh' ? 'zh-CN' : 'en')} · ${esc(v.comment)}${v.errors ? ` · ✗${v.errors}` : ''}</small>
        </button>${v.deployed || !editing ? '' : ` <button class="archive" data-process="${esc(p.processId)}" data-version="${v.version}" data-testid="archive-${esc(p.processId)}-${v.version}" title="${t('archiveHint')}">${t('archive')}</button>`}</li>`).join('')}</ul>
      ${p.archivedVersions ? `<small class="archived">${t('archivedCount', { n: p.archivedVersions })}</small>` : ''}</div>`).join('')
    + `<p class="none" data-testid="process-none" hidden>${t('noProcessFound')}</p>`;
  filterProcesses();
  document.querySelectorAll<HTMLButtonElement>('button.archive').forEach((b) => {
    b.onclick = () => void archive(b.dataset.process!, Number(b.dataset.version));
  });
  document.querySelectorAll<HTMLButtonElement>('button.version').forEach((b) => {
    b.onclick = () => void open(b.dataset.process!, Number(b.dataset.version));
  });
  document.querySelectorAll<HTMLButtonElement>('button.compare').forEach((b) => {
    b.onclick = () => void compare(b.dataset.process!, Number(b.dataset.version));
  });
}

/** Puts a never-deployed draft away, with the reason the owner gives; it stays in the history and can be restored. */
async function archive(processId: string, version: number) {
  const reason = window.prompt(t('archiveReason', { processId, version }));
  if (!reason || reason.trim().length < 2) return;
  try {
    await api.archive(processId, version, reason.trim());
    $('#issues').innerHTML = `<p class="ok" data-testid="archived">${esc(t('archivedDone', { processId, version }))}</p>`;
  } catch (err) {
    $('#issues').innerHTML = `<p class="error">${esc(messageOf(err))}</p>`;
  }
  await renderProcesses();
}

/** Compares a version with the one open on the canvas: the list, and added / changed elements marked. */
async function compare(processId: string, from: number) {
  if (!current || current.processId !== processId) {
    $('#issues').innerHTML = `<p class="error">${t('openFirst')}</p>`;
    return;
  }
  const d = await api.compare(processId, from, current.version);
  const canvas = modeler!.get<Canvas>('canvas');
  const registry = modeler!.get<ElementRegistry>('elementRegistry');
  for (const e of d.added) if (registry.get(e.id)) canvas.addMarker(e.id, 'diff-added');
  for (const e of d.changed) if (registry.get(e.id)) canvas.addMarker(e.id, 'diff-changed');
  const row = (e: { id: string; type: string; name: string | null; fields?: string[] }) =>
    `<li><code>${esc(e.id)}</code> ${esc(e.type)} ${esc(e.name ?? '')}${e.fields ? ` — ${esc(e.fields.join(', '))}` : ''}</li>`;
  $('#issues').innerHTML = `<h4>${t('compareWith', { from, to: current.version })}</h4>
    <div data-testid="diff">
      <p class="ok">${t('added')} (${d.added.length})</p><ul data-testid="diff-added">${d.added.map(row).join('')}</ul>
      <p class="error">${t('removed')} (${d.removed.length})</p><ul data-testid="diff-removed">${d.removed.map(row).join('')}</ul>
      <p class="changed">${t('changed')} (${d.changed.length})</p><ul data-testid="diff-changed">${d.changed.map(row).join('')}</ul>
    </div>`;
}

/** A new process from a category's model (version 1 of that category) under a new id. */
async function fromTemplate(category: 'onsite-certificate' | 'online-application') {
  const id = $<HTMLInputElement>('#new-id').value.trim();
  if (!/^[a-z][a-z0-9-]{2,63}$/.test(id)) { $<HTMLInputElement>('#new-id').focus(); return; }
  const template = await api.version(category, 1);
  const xml = template.xml.split(`"${category}"`).join(`"${id}"`).replace(/(<bpmn:process\b[^>]*\bname=")[^"]*"/, `$1${id}"`);
  await importFitted(xml);
  current = undefined;
  $('#current').textContent = `${id} · ${t('unsaved')}`;
  await check();
}

async function open(processId: string, version: number) {
  const v = await api.version(processId, version);
  await importFitted(v.xml);
  current = { processId, version };
  $('#current').textContent = `${processId} · ${t('version')} ${version}`;
  showIssues(v.errors, v.warnings);
  hooks.onOpen?.(processId, version);
}

function showIssues(errors: Issue[], warnings: Issue[], extra = '') {
  const overlays = modeler!.get<Overlays>('overlays');
  const registry = modeler!.get<ElementRegistry>('elementRegistry');
  overlays.remove({ type: 'lint' });
  for (const [list, cls] of [[errors, 'error'], [warnings, 'warning']] as const) {
    for (const issue of list) {
      if (!issue.elementId || !registry.get(issue.elementId)) continue;
      const badge = document.createElement('div');
      badge.className = `lint-badge ${cls}`;
      badge.title = issue.message;
      badge.textContent = cls === 'error' ? '✗' : '!';
      overlays.add(issue.elementId, 'lint', { position: { top: -8, right: 8 }, html: badge });
    }
  }
  const item = (i: Issue) => `<li data-element="${esc(i.elementId ?? '')}"><code>${esc(i.rule)}</code> ${esc(i.elementId ?? '')}: ${esc(i.message)}</li>`;
  $('#issues').innerHTML = `${extra}
    ${errors.length ? `<h4 class="error">${t('errors')} (${errors.length})</h4><ul data-testid="errors">${errors.map(item).join('')}</ul>` : `<p class="ok" data-testid="no-errors">${t('noIssues')}</p>`}
    ${warnings.length ? `<details><summary>${t('warnings')} (${warnings.length})</summary><ul>${warnings.map(item).join('')}</ul></details>` : ''}`;
}

async function currentXml(): Promise<string> {
  const { xml } = await modeler!.saveXML({ format: true });
  return xml!;
}

async function check() {
  const r = await api.check(await currentXml());
  showIssues(r.errors, r.warnings);
  return r;
}

async function save() {
  const comment = $<HTMLInputElement>('#comment').value.trim();
  if (comment.length < 2) { $<HTMLInputElement>('#comment').focus(); return; }
  try {
    const v = await api.save(await currentXml(), comment);
    current = { processId: v.processId, version: v.version };
    $('#current').textContent = `${v.processId} · ${t('version')} ${v.version}`;
    hooks.onOpen?.(v.processId, v.version);
    showIssues(v.errors, v.warnings, `<p class="ok" data-testid="saved">${t('saved', { v: v.version })}</p>`);
    await renderProcesses();
  } catch (err) {
    showIssues([], [], `<p class="error" data-testid="problem">${esc(messageOf(err))}</p>`);
  }
}

async function deploy() {
  if (!current) return;
  try {
    const r = await api.deploy(current.processId, current.version);
    $('#issues').innerHTML = `<p class="ok" data-testid="deployed">${esc(currentLang() === 'zh' ? r.message.zh : r.message.en)}</p>
      <details open><summary>${t('engineAnswer')}</summary><pre data-testid="engine-answer">${esc(JSON.stringify(r.engineAnswer, null, 2))}</pre></details>`;
    await renderProcesses();
  } catch (err) {
    const problem = (err as { problem?: { message?: { zh: string; en: string }; detail?: string } }).problem;
    $('#issues').innerHTML = `<p class="error" data-testid="problem">${esc(problem?.message ? (currentLang() === 'zh' ? problem.message.zh : problem.message.en) : (err as Error).message)}</p>`;
    await check();
  }
}
