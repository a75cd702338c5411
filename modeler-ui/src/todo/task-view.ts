import { call } from '../shared/api';
import { tr } from '../shared/i18n';

export interface TimeLeft { workingMinutes: number; overdue: boolean; days: number; hours: number; minutes: number; minutesPerDay: number }
export type Card = 'none' | 'warning' | 'yellow' | 'red';
/** What a case number is the number of: an application (办件), a certificate requisition (证件申领) or an appointment (在线预约). */
export type CaseKind = 'application' | 'requisition' | 'appointment' | 'rectification' | 'complaint' | 'package';
/** A task as GET /api/tasks lists it. */
export interface TaskRow {
  userTaskKey: string; caseNumber: string | null; caseKind: CaseKind | null; itemCode: string | null; itemName: string | null; communityCode: string | null;
  step: string; post: string; unitCode: string; state: string; assignee: string | null; practice: boolean;
  warningAt: string | null; dueAt: string | null; redAt: string | null; createdAt: string; escalation: Card; timeLeft: TimeLeft | null;
}

export const listTasks = (query: Record<string, string>) => call<{ tasks: TaskRow[] }>('GET', `/api/tasks?${new URLSearchParams(query)}`).then((r) => r.tasks);
export const claimTask = (key: string) => call<TaskRow>('POST', `/api/tasks/${encodeURIComponent(key)}/claim`);
export const unclaimTask = (key: string) => call<void>('POST', `/api/tasks/${encodeURIComponent(key)}/unclaim`);

const beijing = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});
/** Limits run on Beijing time, wherever the browser is. */
export const beijingTime = (iso: string | null | undefined) => (iso ? beijing.format(new Date(iso)).replace(/\//g, '-') : '—');

/** "剩余 1 个工作日 3 小时" / "已超时 2 小时": the time left in working time, in the user's language. */
export function timeLeftText(left: TimeLeft | null): string {
  if (!left) return tr('todo.noLimit');
  const { days, hours, minutes } = left;
  if (left.overdue && left.workingMinutes === 0) return tr('todo.dueNow');
  const parts: string[] = [];
  if (days > 0) {
    parts.push(tr('todo.days', { n: days }));
    if (hours > 0) parts.push(tr('todo.hours', { n: hours }));
  } else if (hours > 0) {
    parts.push(tr('todo.hours', { n: hours }));
    if (minutes > 0) parts.push(tr('todo.minutes', { n: minutes }));
  } else {
    parts.push(tr('todo.minutes', { n: minutes }));
  }
  return tr(left.overdue ? 'todo.overdueBy' : 'todo.left', { time: parts.join(' ') });
}

