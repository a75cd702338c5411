import { call } from '../shared/api';
import type { TimeLeft } from '../todo/task-view';

export type Mark = 'none' | 'warning' | 'yellow' | 'red';
export interface BoardFilter { level?: string; unit?: string; item?: string; post?: string; mark?: Mark }
export interface BoardStep {
  userTaskKey: string; caseNumber: string | null; caseKind: string | null; itemCode: string | null; step: string; post: string;
  unitCode: string; unitName: string; unitLevel: string; assignee: string | null; state: string; createdAt: string;
  dueAt: string | null; mark: Mark; timeLeft: TimeLeft | null;
}
export interface BoardCard {
  id: string; level: Exclude<Mark, 'none'>; caseNumber: string; caseKind: string; step: string; holder: string; heldByQueue: boolean;
  unitCode: string | null; itemCode: string | null; post: string | null; at: string; dueAt: string | null;
}
export interface Tally { open: number; cases: number; warning: number; yellow: number; red: number; overdue: number }
export interface Board {
  now: string; nearlyDueMinutes: number; filter: BoardFilter; totals: Tally;
  byUnit: (Tally & { unitCode: string; unitName: string; unitLevel: string })[];
  byOperator: (Tally & { unitCode: string; post: string; assignee: string | null })[];
  watch: BoardStep[]; steps: BoardStep[]; cards: BoardCard[]; lastCardId: string | null;
}
export interface CorrectionNotice {
  noticeNumber: string; sentBy: string; recipient: { kind: 'operator' | 'unit'; id: string }; unitCode: string | null; text: string; replyBy: string;
  caseNumber: string | null; userTaskKey: string | null; sentAt: string; readAt: string | null; readBy: string | null;
  answer: { text: string; by: string; at: string } | null; state: 'unread' | 'read' | 'answered'; late: boolean;
}
export interface NewNotice { recipient: { kind: 'operator' | 'unit'; id: string }; text: string; replyBy: string; caseNumber?: string; userTaskKey?: string }

const query = (f: Record<string, string | number | undefined>) => {
  const q = new URLSearchParams(Object.entries(f).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])).toString();
  return q ? `?${q}` : '';
};

/** The live board (实时监控) and correction notices (督办). */
export const boardApi = {
  board: (f: BoardFilter) => call<Board>('GET', `/api/supervision/board${query({ ...f })}`),
  send: (n: NewNotice) => call<CorrectionNotice>('POST', '/api/correction-notices', { body: n }),
  sent: async (unit?: string) => (await call<{ notices: CorrectionNotice[] }>('GET', `/api/correction-notices${query({ unit })}`)).notices,
  mine: async () => (await call<{ notices: CorrectionNotice[] }>('GET', '/api/correction-notices/mine')).notices,
  open: (n: string) => call<CorrectionNotice>('GET', `/api/correction-notices/${encodeURIComponent(n)}`),
  answer: (n: string, text: string) => call<CorrectionNotice>('POST', `/api/correction-notices/${encodeURIComponent(n)}/answer`, { body: { text } }),
};

/**
 * Follows the card stream with the session's token (the same header every call carries, renewed as they are):
 * each card is handed to `onCard`; when the server ends the stream or the line drops, it reconnects after the
 * last card seen. Stops when `signal` aborts.
 */
export async function followCards(f: BoardFilter, after: string | null, onCard: (c: BoardCard) => void, signal: AbortSignal, onState?: (live: boolean) => void) {
  let last = after;
  while (!signal.aborted) {
    try {
      const res = await call<Response>('GET', `/api/supervision/stream${query({ ...f, after: last ?? undefined, seconds: 120 })}`, { raw: true });
      onState?.(true);
      const reader = res.body!.getReader();
      signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true });
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = event.split('\n');
          const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
          if (lines.includes('event: card') && data) {
            const card = JSON.parse(data) as BoardCard;
            last = card.id;
            onCard(card);
          }
        }
      }
    } catch {
      onState?.(false);
    }
    if (!signal.aborted) await new Promise((r) => setTimeout(r, 1000));
  }
}
