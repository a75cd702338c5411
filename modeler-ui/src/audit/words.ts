import { currentLang, tr } from '../shared/i18n';
import type { TimelineEvent } from './audit-api';

/** Whose names and which units the page knows, to say "李慧" and "滨湖社区" instead of an id. */
export interface Names { people: Record<string, string>; units: Record<string, string> }

const has = (key: string) => tr(key) !== key;
const keyOf = (s: string) => s.replaceAll('.', '_');

/** Times as the service hall reads them (Beijing time), whatever the auditor's machine is set to. */
export const when = (iso: string | null | undefined) =>
  (iso ? new Date(iso).toLocaleString(currentLang() === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false, timeZone: 'Asia/Shanghai' }) : '—');

/** "受理 Accept" → "受理" in Chinese, "Accept" in English: the models name their elements in both languages. */
export function nameIn(name: string | null | undefined): string {
  if (!name) return '';
  const m = /^([^A-Za-z]*[\u4e00-\u9fff][^A-Za-z]*?)\s+([A-Za-z].*)$/.exec(name.trim());
  if (!m) return name;
  return currentLang() === 'zh' ? m[1]!.trim() : m[2]!.trim();
}

export const stepName = (step: string | null | undefined) => (step ? (has(`step.${step}`) ? tr(`step.${step}`) : step) : '');
export const cardName = (level: string) => (has(`cardName.${level}`) ? tr(`cardName.${level}`) : level);
export const decisionName = (d: unknown) => (typeof d === 'string' && has(`decision.${d}`) ? tr(`decision.${d}`) : String(d ?? ''));
/** A person by name; a card or task still in a post's queue ("acceptor:COM-BINHU") as that post of that unit. */
export function personName(names: Names, username: string | null | undefined): string {
  if (!username) return '';
  const queue = /^([a-z-]+):([A-Z0-9-]+)$/.exec(username);
  if (queue) return tr('audit.queue', { post: has(`post.${queue[1]}`) ? tr(`post.${queue[1]}`) : queue[1], unit: names.units[queue[2]!] ?? queue[2] });
  return names.people[username] ?? username;
}
export const unitName = (names: Names, code: string | null | undefined) => (code ? names.units[code] ?? code : '');

function actorOf(e: TimelineEvent, names: Names): string {
  if (e.actorKind === 'user') return e.actorRole === 'applicant' ? tr('audit.applicant') : personName(names, e.actorId);
  if (e.actorKind === 'engine' || e.source === 'engine') return tr('audit.engineActor');
  return tr('audit.system');
}

/** One event of the timeline as a sentence in the page's language. */
export function sentence(e: TimelineEvent, names: Names): string {
  if (e.source === 'engine') {
    const kind = e.action === 'timer.fired' ? 'fired' : e.action.split('.').pop()!;
    const type = e.action === 'timer.fired' ? 'TIMER' : e.elementType ?? 'ELEMENT';
    const name = e.step && type === 'USER_TASK' ? stepName(e.step) : nameIn(e.elementName) || e.elementId || '';
    // a timer the engine reported without its due time is said without it
    const key = `engineEvent.${type}_${kind}${type === 'TIMER' && !e.dueDate ? '_plain' : ''}`;
    const vars = { name, due: when(e.dueDate), kind: has(`kind.${kind}`) ? tr(`kind.${kind}`) : kind };
    return has(key) ? tr(key, vars) : tr('engineEvent.other', vars);
  }
  const d = ((e.detail as { detail?: Record<string, unknown> } | null)?.detail ?? {}) as Record<string, unknown>;
  const after = ((e.detail as { after?: Record<string, unknown> } | null)?.after ?? {}) as Record<string, unknown>;
  const decision = d.decision ? decisionName(d.decision) : '';
  const vars = {
    actor: actorOf(e, names), step: stepName(e.step ?? (d.step as string | undefined)) || nameIn(e.elementName),
    decision: e.action === 'task.completed' ? (decision ? (currentLang() === 'zh' ? `（${decision}）` : ` (${decision})`) : '') : decision,
    card: cardName(String(d.level ?? '')), holder: personName(names, d.holder as string | undefined),
    to: personName(names, after.assignee as string | undefined), unit: String(after.unitName ?? after.unitCode ?? ''), outcome: valueName(after.outcome ?? ''),
    due: when(d.dueAt as string | undefined), serial: String(after.printSerial ?? ''), documentNumber: String(after.documentNumber ?? ''), action: e.action,
  };
  const key = `action.${keyOf(e.action)}`;
  const text = has(key) ? tr(key, vars) : tr('action.other', vars);
  return e.outcome === 'failure' ? `${text}${tr('audit.failed')}` : text;
}

export function valueName(v: unknown): string {
  const s = String(v);
  return has(`value.${s}`) ? tr(`value.${s}`) : s;
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;

/** A value for the details list: dates in Beijing time, yes/no, names for people, steps and cards, lists joined. */
function show(key: string, v: unknown, names: Names): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return tr(v ? 'common.yes' : 'common.no');
  if (typeof v === 'string' && ISO.test(v)) return when(v);
  if (Array.isArray(v)) return v.map((x) => show(key, x, names)).join(currentLang() === 'zh' ? '、' : ', ');
  if (typeof v === 'object') return rows(v as Record<string, unknown>, names).map((r) => `${r.label}: ${r.value}`).join(currentLang() === 'zh' ? '；' : '; ');
  const s = String(v);
  if (key === 'step') return stepName(s);
  if (key === 'level') return cardName(s);
  if (key === 'decision') return decisionName(s);
  if (['holder', 'assignee', 'by', 'from'].includes(key)) return personName(names, s);
  if (key === 'unit') return names.units[s] ?? valueName(s);
  if (key === 'post' && has(`post.${s}`)) return tr(`post.${s}`);
  return valueName(s);
}

/** Details as label: value rows in the page's language (never raw JSON). */
export function rows(detail: Record<string, unknown> | null | undefined, names: Names): { label: string; value: string }[] {
  if (!detail) return [];
  const out: { label: string; value: string }[] = [];
  for (const [k, v] of Object.entries(detail)) {
    if (v === null || v === undefined || k === 'explanation' || k === 'explanationZh') continue;
    // the entry's own detail is spread into the list, not nested one level down
    if (k === 'detail' && typeof v === 'object' && !Array.isArray(v)) {
      out.push(...rows(v as Record<string, unknown>, names));
      continue;
    }
    const key = k === 'unit' && typeof v === 'string' ? 'unit' : k;
    out.push({ label: has(`field.${k}`) ? tr(`field.${k}`) : k, value: show(key, v, names) });
  }
  return out;
}
