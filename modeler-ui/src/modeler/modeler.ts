import Modeler from 'bpmn-js/lib/Modeler';
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

let modeler: Modeler | undefined;
let current: { processId: string; version: number } | undefined;

function esc(s: string) {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** The modeler inside the web app: the process list, the canvas and the properties panel, in `root`. */
export async function mountModeler(root: HTMLElement, role: string) {
  const editable = EDITORS.includes(role);
  root.innerHTML = `
    <aside class="list"><h2>${t('processes')}</h2><div id="processes" data-testid="process-list"></div></aside>
    <main class="editor">
      <div class="toolbar">
        <span id="current" data-testid="current">${t('pickProcess')}</span>
        <button id="check" data-testid="check">${t('check')}</button>
        ${editable ? `<input id="new-id" data-testid="new-id" placeholder="${t('newId')}" maxlength="64" size="14" />
        <button id="new-onsite" data-testid="new-onsite">${t('newOnsite')}</button>
        <button id="new-online" data-testid="new-online">${t('newOnline')}</button>
        <button id="choose-template" data-testid="choose-template" disabled>${t('chooseTemplate')}</button>
        <input id="comment" data-testid="comment" placeholder="${t('comment')}" maxlength="500" />
        <button id="save" data-testid="save">${t('save')}</button>
        <button id="deploy" data-testid="deploy">${t('deploy')}</button>` : ''}
      </div>
      <div class="work"><div id="canvas" class="canvas"></div><div id="panel" class="panel"></div></div>
      <section id="issues" class="issues" data-testid="issues" aria-live="polite"></section>
    </main>`;
  modeler = new Modeler({
    container: '#canvas',
    propertiesPanel: { parent: '#panel' },
    additionalModules: [
      BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule, CloudElementTemplatesPropertiesProviderModule,
      GovTemplatesModule, ZeebeBehaviorsModule, translateModule,
    ],
    moddleExtensions: { zeebe: zeebeModdle },
  });
  (window as unknown as { modeler: Modeler }).modeler = modeler; // for the browser tests and the curious
  const eventBus = modeler.get<EventBus>('eventBus');
  eventBus.on<{ errors: Error[] }>('elementTemplates.errors', ({ errors }) => {
    $('#issues').insertAdjacentHTML('afterbegin', `<p class="error" data-testid="template-errors">${t('templateErrors')}: ${esc(errors.map((e) => e.message).join('; '))}</p>`);
  });
  // through the loader, which validates each template against the Camunda 8 schema, as the module expects
  modeler.get<{ setTemplates(t: unknown[]): void }>('elementTemplatesLoader').setTemplates(await api.templates());
  $('#check').onclick = () => void check();
  if (editable) {
    const chooser = modeler.get<TemplateChooser>('templateChooser');
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
}

async function renderProcesses() {
  const { processes } = await api.processes();
  $('#processes').innerHTML = processes.map((p: ProcessSummary) => `
    <div class="process"><h3>${esc(p.name ?? p.processId)}</h3><code>${esc(p.processId)}</code>
      <ul>${p.versions.map((v) => `
        <li><button class="compare" data-process="${esc(p.processId)}" data-version="${v.version}" data-testid="compare-${esc(p.processId)}-${v.version}" title="${t('compare')}">⇄</button>
        <button class="version" data-process="${esc(p.processId)}" data-version="${v.version}" data-testid="open-${esc(p.processId)}-${v.version}">
          ${t('version')} ${v.version}${p.running?.version === v.version ? ` <b class="running">● ${t('running')} (v${p.running.engineVersion})</b>` : ''}
          <small>${esc(v.author)} · ${new Date(v.savedAt).toLocaleString(currentLang() === 'zh' ? 'zh-CN' : 'en')} · ${esc(v.comment)}${v.errors ? ` · ✗${v.errors}` : ''}</small>
        </button>${v.deployed ? '' : ` <button class="archive" data-process="${esc(p.processId)}" data-version="${v.version}" data-testid="archive-${esc(p.processId)}-${v.version}" title="${t('archiveHint')}">${t('archive')}</button>`}</li>`).join('')}</ul>
      ${p.archivedVersions ? `<small class="archived">${t('archivedCount', { n: p.archivedVersions })}</small>` : ''}</div>`).join('');
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

interface Canvas { addMarker(id: string, cls: string): void }

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
  await modeler!.importXML(xml);
  current = undefined;
  $('#current').textContent = `${id} · ${t('unsaved')}`;
  await check();
}

async function open(processId: string, version: number) {
  const v = await api.version(processId, version);
  await modeler!.importXML(v.xml);
  current = { processId, version };
  $('#current').textContent = `${processId} · ${t('version')} ${version}`;
  showIssues(v.errors, v.warnings);
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
