import { markPassed, type CardMark } from '../escalation/card-mark.js';
import type { CardRecord, CardRepository } from '../escalation/card.repository.js';
import { workingTimeLeft, type TimeLeft } from '../deadline/time-left.js';
import type { WorkingCalendar } from '../deadline/working-calendar.js';
import type { UnitNode } from '../organisation/routing.js';
import type { TaskRecord } from '../task/task.repository.js';
import type { TaskService } from '../task/task.service.js';
import { CaseKind } from '../shared/constants.js';

/** What the board shows: one level of unit, one unit, one item, one post, or steps past one mark. */
export interface BoardFilter { level?: string; unit?: string; item?: string; post?: string; mark?: CardMark }

export interface BoardStep {
  userTaskKey: string; caseNumber: string | null; caseKind: string | null; itemCode: string | null; step: string; post: string;
  unitCode: string; unitName: string; unitLevel: string; assignee: string | null; state: string; createdAt: Date;
  dueAt: Date | null; mark: CardMark; timeLeft: TimeLeft | null;
}
export interface BoardCard {
  id: string; level: string; caseNumber: string; caseKind: string; step: string; holder: string; heldByQueue: boolean;
  unitCode: string | null; itemCode: string | null; post: string | null; at: Date; dueAt: Date | null;
}
interface Tally { open: number; cases: number; warning: number; yellow: number; red: number; overdue: number }

/** Steps whose due time is this near (in working minutes) count as nearly due on the board. */
export const NEARLY_DUE_MINUTES = 120;
const RANK: Record<CardMark, number> = { none: 0, warning: 1, yellow: 2, red: 3 };

/**
 * The live board of efficiency supervision (实时监控, seed 000 §15, §30; 003 §4(4)): open steps by unit and operator
 * with the mark each has passed and its working time left, and the cards as they fall. A department leader sees
 * their own unit only. Practice cases never count (seed 000 §19).
 */
export function createBoardService(deps: {
  tasks: Pick<TaskService, 'list' | 'get'>; cards: Pick<CardRepository, 'after'>; units: { list(): Promise<UnitNode[]> };
  practiceNumbers: () => Promise<string[]>; calendar: Pick<WorkingCalendar, 'workingMinutesBetween' | 'minutesPerDay'>;
}) {
  /** The filter the viewer may use: a leader's is always their own unit. */
  const scoped = (f: BoardFilter, viewer: { role: string; unitCode: string | null }): BoardFilter =>
    viewer.role === 'department-leader' ? { ...f, unit: viewer.unitCode ?? '-', level: undefined } : f;

  const unitMatches = (u: UnitNode | undefined, f: BoardFilter) => (!f.unit || u?.code === f.unit) && (!f.level || u?.level === f.level);

  async function cardsWithUnits(cards: (CardRecord & { id: string })[], f: BoardFilter, tree: Map<string, UnitNode>): Promise<BoardCard[]> {
    const practice = new Set(await deps.practiceNumbers());
    const out: BoardCard[] = [];
    for (const c of cards) {
      if (c.caseKind === CaseKind.Application && practice.has(c.caseNumber)) continue;
      const task = c.userTaskKey ? await deps.tasks.get(c.userTaskKey).catch(() => null) : null;
      if (task?.practice) continue;
      // a queued step's card names its queue `post:unit`
      const unitCode = task?.unitCode ?? (c.heldByQueue ? c.holder.split(':')[1] ?? null : null);
      const card: BoardCard = {
        id: c.id, level: c.level, caseNumber: c.caseNumber, caseKind: c.caseKind, step: c.step, holder: c.holder, heldByQueue: c.heldByQueue,
        unitCode, itemCode: task?.itemCode ?? null, post: task?.post ?? null, at: c.at, dueAt: c.dueAt ?? null,
      };
      if (!unitMatches(unitCode ? tree.get(unitCode) : undefined, f)) continue;
      if (f.item && card.itemCode !== f.item) continue;
      if (f.post && card.post !== f.post) continue;
      if (f.mark && f.mark !== 'none' && RANK[c.level as CardMark] < RANK[f.mark]) continue;
      out.push(card);
    }
    return out;
  }

  return {
    scoped,

    async board(filter: BoardFilter, viewer: { role: string; unitCode: string | null }, now: Date) {
      const f = scoped(filter, viewer);
      const units = await deps.units.list();
      const tree = new Map(units.map((u) => [u.code, u]));
      const open: TaskRecord[] = await deps.tasks.list({
        state: ['created', 'assigned'], practice: false, limit: 2000,
        ...(f.unit ? { unitCode: f.unit } : {}), ...(f.item ? { itemCode: f.item } : {}), ...(f.post ? { post: f.post } : {}),
      });
      const steps: BoardStep[] = open.filter((t) => unitMatches(tree.get(t.unitCode), f)).map((t) => {
        const u = tree.get(t.unitCode);
        return {
          userTaskKey: t.userTaskKey, caseNumber: t.caseNumber ?? null, caseKind: t.caseKind ?? null, itemCode: t.itemCode ?? null, step: t.step, post: t.post,
          unitCode: t.unitCode, unitName: u?.name ?? t.unitCode, unitLevel: u?.level ?? '', assignee: t.assignee ?? null, state: t.state, createdAt: t.createdAt,
          dueAt: t.dueAt ?? null, mark: markPassed(t, now), timeLeft: t.dueAt ? workingTimeLeft(deps.calendar, now, t.dueAt) : null,
        };
      }).filter((s) => !f.mark || (f.mark === 'none' ? s.mark === 'none' : RANK[s.mark] >= RANK[f.mark]));
      const tally = () => ({ open: 0, cases: new Set<string>(), warning: 0, yellow: 0, red: 0, overdue: 0 });
      const add = (row: ReturnType<typeof tally>, s: BoardStep) => {
        row.open += 1;
        if (s.caseNumber) row.cases.add(s.caseNumber);
        if (RANK[s.mark] >= 1) row.warning += 1;
        if (RANK[s.mark] >= 2) row.yellow += 1;
        if (RANK[s.mark] >= 3) row.red += 1;
        if (s.timeLeft?.overdue) row.overdue += 1;
      };
      const byUnit = new Map<string, ReturnType<typeof tally> & { unitCode: string; unitName: string; unitLevel: string }>();
      const byOperator = new Map<string, ReturnType<typeof tally> & { unitCode: string; post: string; assignee: string | null }>();
      for (const s of steps) {
        const u = byUnit.get(s.unitCode) ?? { ...tally(), unitCode: s.unitCode, unitName: s.unitName, unitLevel: s.unitLevel };
        add(u, s);
        byUnit.set(s.unitCode, u);
        const key = `${s.unitCode}|${s.post}|${s.assignee ?? ''}`;
        const o = byOperator.get(key) ?? { ...tally(), unitCode: s.unitCode, post: s.post, assignee: s.assignee };
        add(o, s);
        byOperator.set(key, o);
      }
      const flat = <T extends { cases: Set<string> }>(r: T): Omit<T, 'cases'> & Tally => ({ ...r, cases: r.cases.size }) as unknown as Omit<T, 'cases'> & Tally;
      const totals = tally();
      for (const s of steps) add(totals, s);
      const cards = await cardsWithUnits(await deps.cards.after(null, 200), f, tree);
      // overdue first (most overdue on top), then the nearly due by working time left
      const watch = steps.filter((s) => s.timeLeft && (s.timeLeft.overdue || s.timeLeft.workingMinutes <= NEARLY_DUE_MINUTES))
        .sort((a, b) => a.timeLeft!.workingMinutes - b.timeLeft!.workingMinutes);
      return {
        now, filter: f, nearlyDueMinutes: NEARLY_DUE_MINUTES,
        totals: flat(totals),
        byUnit: [...byUnit.values()].map(flat).sort((a, b) => b.red - a.red || b.yellow - a.yellow || a.unitCode.localeCompare(b.unitCode)),
        byOperator: [...byOperator.values()].map(flat).sort((a, b) => b.red - a.red || b.yellow - a.yellow || a.unitCode.localeCompare(b.unitCode)),
        watch,
        steps,
        cards: cards.slice(-50).reverse(),
        lastCardId: (await deps.cards.after(null, 1))[0]?.id ?? null,
      };
    },

    /** The id of the newest card stored, where a stream opened now starts. */
    newestCardId: async () => (await deps.cards.after(null, 1))[0]?.id ?? null,

    /** Cards stored after `afterId` that the viewer may see under the filter: the stream polls the store with it. */
    async cardsAfter(afterId: string | null, filter: BoardFilter, viewer: { role: string; unitCode: string | null }) {
      const f = scoped(filter, viewer);
      const fresh = await deps.cards.after(afterId, 100);
      const tree = new Map((await deps.units.list()).map((u) => [u.code, u]));
      return { cards: await cardsWithUnits(fresh, f, tree), lastId: fresh.at(-1)?.id ?? afterId };
    },
  };
}
export type BoardService = ReturnType<typeof createBoardService>;
