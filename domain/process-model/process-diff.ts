import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';

const zeebeSchema = createRequire(import.meta.url)('zeebe-bpmn-moddle/resources/zeebe.json') as object;

type El = { $type: string; id?: string; name?: string; [k: string]: unknown };
export interface ElementSummary { id: string; type: string; name: string | null }
export interface Difference { added: ElementSummary[]; removed: ElementSummary[]; changed: (ElementSummary & { fields: string[] })[] }

/** What matters about an element for a business owner: its kind, name, wiring, conditions, timers and zeebe settings. */
function describe(el: El): Record<string, string> {
  const ref = (v: unknown) => (v && typeof v === 'object' ? (v as El).id ?? '' : '');
  const out: Record<string, string> = { type: el.$type, name: el.name ?? '' };
  if (el.sourceRef) out.source = ref(el.sourceRef);
  if (el.targetRef) out.target = ref(el.targetRef);
  if (el.attachedToRef) out.attachedTo = ref(el.attachedToRef);
  if (el.cancelActivity !== undefined) out.interrupting = String(el.cancelActivity);
  if (el.conditionExpression) out.condition = String((el.conditionExpression as { body?: string }).body ?? '');
  const defs = (el.eventDefinitions as El[] | undefined) ?? [];
  for (const d of defs) out.event = `${d.$type}:${(d.timeDate as { body?: string } | undefined)?.body ?? ref(d.messageRef)}`;
  for (const x of ((el.extensionElements as { values?: El[] } | undefined)?.values ?? [])) {
    const { $type, ...rest } = x;
    out[$type.replace('zeebe:', 'zeebe.')] = JSON.stringify(rest, (k, v) => (k.startsWith('$') ? undefined : v));
  }
  return out;
}

function collect(root: El, into = new Map<string, El>()): Map<string, El> {
  for (const el of ((root.flowElements as El[] | undefined) ?? [])) {
    if (el.id) into.set(el.id, el);
    if (el.flowElements) collect(el, into);
  }
  return into;
}

async function elementsOf(xml: string): Promise<Map<string, El>> {
  const { rootElement } = await new BpmnModdle({ zeebe: zeebeSchema }).fromXML(xml, 'bpmn:Definitions');
  const processes = (((rootElement as El).rootElements as El[]) ?? []).filter((e) => e.$type === 'bpmn:Process');
  const all = new Map<string, El>();
  for (const p of processes) collect(p, all);
  return all;
}

/** Elements added, removed and changed (with which fields) from one model to another. */
export async function compareModels(fromXml: string, toXml: string): Promise<Difference> {
  const [from, to] = await Promise.all([elementsOf(fromXml), elementsOf(toXml)]);
  const summary = (el: El): ElementSummary => ({ id: el.id!, type: el.$type.replace('bpmn:', ''), name: el.name ?? null });
  const diff: Difference = { added: [], removed: [], changed: [] };
  for (const [id, el] of to) {
    const before = from.get(id);
    if (!before) { diff.added.push(summary(el)); continue; }
    const a = describe(before);
    const b = describe(el);
    const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
    if (fields.length) diff.changed.push({ ...summary(el), fields });
  }
  for (const [id, el] of from) if (!to.has(id)) diff.removed.push(summary(el));
  return diff;
}
