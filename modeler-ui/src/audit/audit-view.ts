import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { api, type Timeline, type VerifyReport } from '../modeler/modeler-api';
import { messageOf } from '../shared/errors';
import { currentLang, t } from '../modeler/modeler-i18n';

interface Canvas { addMarker(id: string, cls: string): void; zoom(level: string): void }
interface Overlays { add(id: string, type: string, o: { position: object; html: HTMLElement }): void }
interface ElementRegistry { get(id: string): unknown }

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
// Times as the service hall reads them (Beijing time), whatever the auditor's machine is set to.
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(currentLang() === 'zh' ? 'zh-CN' : 'en', { hour12: false, timeZone: 'Asia/Shanghai' }) : '—');
const CARD_SIGN: Record<string, string> = { warning: '⚠', yellow: '■', red: '■' };

/**
 * The auditor's page: an application number in, its diagram (steps done, the current step and the cards
 * coloured on it) beside the merged timeline, the deadline derivations, the chain check and the export.
 */
export function renderAuditView(root: HTMLElement) {
  root.innerHTML = `
    <main class="audit gov-audit">
      <form id="audit-search" class="toolbar" data-testid="audit-search">
        <label>${t('applicationNumber')} <input name="number" data-testid="audit-number" required pattern="SQ\\d{10}" placeholder="SQ2026000001" size="14" /></label>
        <button type="submit">${t('show')}</button>
        <button type="button" id="audit-verify" data-testid="audit-verify">${t('verifyChain')}</button>
        <button type="button" id="audit-export-json" data-testid="audit-export-json" disabled>${t('exportJson')}</button>
        <button type="button" id="audit-export-csv" data-testid="audit-export-csv" disabled>${t('exportCsv')}</button>
        <span id="audit-chain" data-testid="audit-chain"></span>
      </form>
      <div class="audit-body">
        <div class="audit-left">
          <div id="audit-canvas" class="canvas" data-testid="audit-canvas"></div>
          <div class="legend">${t('legend')}</div>
          <section id="audit-deadlines" class="deadlines" data-testid="audit-deadlines"></section>
        </div>
        <aside id="audit-timeline" class="timeline" data-testid="audit-timeline"><p>${t('auditHint')}</p></aside>
      </div>
    </main>`;
  const viewer = new NavigatedViewer({ container: root.querySelector<HTMLElement>('#audit-canvas')! });
  (globalThis as unknown as { auditViewer: unknown }).auditViewer = viewer; // for the browser tests
  let shown = '';

  async function show(number: string) {
    const timeline = root.querySelector<HTMLElement>('#audit-timeline')!;
    let data: Timeline;
    try {
      data = await api.timeline(number);
    } catch (err) {
      timeline.innerHTML = `<p class="error" data-testid="audit-problem">${esc(messageOf(err))}</p>`;
      return;
    }
    shown = number;
    root.querySelectorAll<HTMLButtonElement>('#audit-export-json, #audit-export-csv').forEach((b) => { b.disabled = false; });
    if (data.diagram) {
      await viewer.importXML(data.diagram.xml);
      const canvas = viewer.get<Canvas>('canvas');
      const registry = viewer.get<ElementRegistry>('elementRegistry');
      const overlays = viewer.get<Overlays>('overlays');
      canvas.zoom('fit-viewport');
      for (const e of data.elements) if (registry.get(e.elementId)) canvas.addMarker(e.elementId, `audit-${e.state}`);
      const byElement = new Map<string, string[]>();
      for (const c of data.cards) if (c.elementId) byElement.set(c.elementId, [...(byElement.get(c.elementId) ?? []), c.level]);
      for (const [elementId, levels] of byElement) {
        if (!registry.get(elementId)) continue;
        const badge = document.createElement('div');
        badge.className = 'card-badge';
        badge.dataset.testid = `cards-${elementId}`;
        for (const l of levels) {
          const sign = document.createElement('span');
          sign.className = `card-${l}`;
          sign.textContent = CARD_SIGN[l] ?? l;
          badge.append(sign);
        }
        badge.title = data.cards.filter((c) => c.elementId === elementId).map((c) => `${c.level} → ${c.holder} @ ${when(c.at)}`).join('\n');
        overlays.add(elementId, 'cards', { position: { bottom: 12, left: -6 }, html: badge });
      }
    }
    const a = data.application;
    timeline.innerHTML = `
      <h3>${esc(a.applicationNumber)} · ${esc(a.itemName)} <small>(${esc(a.itemCode)} v${a.itemVersion}${data.diagram ? ` · ${esc(data.diagram.processId)} ${t('version')} ${data.diagram.version} / ${t('engineVersion')} ${data.diagram.engineVersion}` : ''})</small></h3>
      <p>${t('status')}: <b>${esc(a.status)}</b>${a.outcome ? ` · ${esc(a.outcome)}` : ''}${a.currentStep ? ` · ${t('currentStep')} ${esc(a.currentStep)}` : ''}</p>
      <ol class="events" data-testid="audit-events">${data.events.map((e) => `
        <li class="${e.source}" data-action="${esc(e.action)}" data-element="${esc(e.elementId ?? '')}">
          <time>${when(e.at)}</time> <span class="source">${e.source === 'engine' ? t('engine') : `#${e.seq}`}</span>
          <b>${esc(e.summary)}</b> <span class="actor">${esc(e.actor ?? '')}</span>
          ${e.source === 'platform' ? `<details><summary>${t('details')}</summary><pre>${esc(JSON.stringify(e.detail, null, 2))}</pre></details>` : ''}
        </li>`).join('')}</ol>`;
    root.querySelector<HTMLElement>('#audit-deadlines')!.innerHTML = `<h4>${t('deadlines')}</h4>${data.deadlines.map((d) => `
      <details data-testid="deadline-${esc(d.step)}"><summary><b>${esc(d.step)}</b> · ${t('due')} ${when(d.dueAt)} · ${t('warningAt')} ${when(d.warningAt)} · ${t('redAt')} ${when(d.redAt)}</summary>
      <pre>${esc(d.explanation.join('\n'))}</pre></details>`).join('')}`;
  }

  root.querySelector<HTMLFormElement>('#audit-search')!.onsubmit = (e) => {
    e.preventDefault();
    void show(String(new FormData(e.target as HTMLFormElement).get('number')).trim());
  };
  root.querySelector<HTMLButtonElement>('#audit-verify')!.onclick = async () => {
    const out = root.querySelector<HTMLElement>('#audit-chain')!;
    const r: VerifyReport = await api.verify();
    out.className = r.intact ? 'ok' : 'error';
    out.textContent = r.intact
      ? t('chainIntact', { n: r.entries, seq: r.lastSeq ?? 0, hash: r.headHash.slice(0, 12) })
      : t('chainBroken', { seq: r.broken!.seq, why: r.broken!.message });
  };
  const download = (format: 'json' | 'csv') => () => api.exportAudit(shown, format);
  root.querySelector<HTMLButtonElement>('#audit-export-json')!.onclick = download('json');
  root.querySelector<HTMLButtonElement>('#audit-export-csv')!.onclick = download('csv');
  return { show };
}
