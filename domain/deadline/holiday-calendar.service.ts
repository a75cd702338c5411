import { AuditAction } from '../audit/audit-entry.model.js';
import { ActorKind } from '../audit/audit-entry.model.js';
import type { AuditService } from '../audit/audit.service.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import type { TaskRepository } from '../task/task.repository.js';
import { computeDeadline, type DeadlineDerivation } from './deadline.service.js';
import type { HolidayNoticeRecord, HolidayNoticeRepository } from './holiday-notice.repository.js';
import type { StepDeadlineRepository } from './step-deadline.repository.js';
import {
  createWorkingCalendar, toCalendarNotice, type CalendarNotice, type CalendarSettings, type NoticeSource, type SpecialDay, type WorkingCalendar,
} from './working-calendar.js';

export interface NoticeDay { date: string; name: string }
/** What the service office types in from the State Council's notice. */
export interface NoticeInput { title: string; number: string; daysOff: NoticeDay[]; makeUpDays: NoticeDay[] }
export interface DeadlineMove {
  deadlineId: string; caseNumber: string; caseKind: string; step: string;
  oldDueAt: Date; newDueAt: Date; warningAt: Date; redAt: Date;
}
export interface CalendarActor { username: string; role: string; unitCode?: string | null }

/**
 * The recorded notices every process consults before it computes a deadline: a version check against the store
 * (one count) and a reload only when it changed, so the API's change reaches the workers without a restart.
 */
export function createNoticeOverlay(repo: HolidayNoticeRepository): NoticeSource & { refresh(): Promise<void> } {
  let current = new Map<number, CalendarNotice>();
  let stamp = -1;
  let loading: Promise<void> | null = null;
  async function load() {
    const seen = await repo.stamp();
    if (seen === stamp) return;
    const latest = new Map<number, HolidayNoticeRecord>();
    for (const n of await repo.all()) if ((latest.get(n.year)?.version ?? 0) < n.version) latest.set(n.year, n);
    current = new Map([...latest.values()].filter((n) => !n.withdrawn).map((n) => [n.year, toCalendarNotice(n)]));
    stamp = seen;
  }
  return {
    notice: (year) => current.get(year),
    refresh() {
      loading ??= load().finally(() => { loading = null; });
      return loading;
    },
  };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const validDate = (d: string) => DATE.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
const weekend = (d: string) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());

/** Every reason the notice cannot be recorded, in both languages (the office fixes them all at once). */
export function noticeProblems(year: number, input: NoticeInput): { zh: string; en: string }[] {
  const out: { zh: string; en: string }[] = [];
  const say = (zh: string, en: string) => out.push({ zh, en });
  if (!input.title.trim()) say('通知标题不能为空', 'the notice needs its title');
  if (!input.number.trim()) say('通知文号不能为空', 'the notice needs its document number');
  if (input.daysOff.length === 0) say(`${year} 年的通知至少要有一天放假`, `a notice for ${year} lists at least one day off`);
  const lists = [['放假日', 'day off', input.daysOff], ['调休上班日', 'make-up working day', input.makeUpDays]] as const;
  for (const [zh, en, days] of lists) {
    const seen = new Set<string>();
    for (const d of days) {
      if (!validDate(d.date)) say(`${zh} ${d.date} 不是有效日期（YYYY-MM-DD）`, `${en} ${d.date} is not a valid date (YYYY-MM-DD)`);
      else if (!d.date.startsWith(`${year}-`)) say(`${zh} ${d.date} 不在 ${year} 年内`, `${en} ${d.date} is not in ${year}`);
      if (seen.has(d.date)) say(`${zh} ${d.date} 重复`, `${en} ${d.date} is listed twice`);
      seen.add(d.date);
      if (!d.name.trim()) say(`${zh} ${d.date} 须写明节日名称`, `${en} ${d.date} needs the holiday's name`);
    }
  }
  const off = new Set(input.daysOff.map((d) => d.date));
  for (const d of input.makeUpDays) {
    if (off.has(d.date)) say(`${d.date} 不能既放假又调休上班`, `${d.date} cannot be both a day off and a make-up working day`);
    if (validDate(d.date) && !weekend(d.date)) say(`调休上班日 ${d.date} 须是周六或周日`, `make-up working day ${d.date} must be a Saturday or Sunday`);
  }
  return out;
}

export function createHolidayCalendarService(deps: {
  notices: HolidayNoticeRepository; overlay: NoticeSource & { refresh(): Promise<void> }; settings: CalendarSettings; calendar: WorkingCalendar;
  deadlines: StepDeadlineRepository; tasks: Pick<TaskRepository, 'openWithDeadline' | 'moveTimes'>; audit: AuditService;
  /** re-arms the warning / yellow / red timers of a step on the engine; absent where the engine cannot */
  moveTimers?: (processInstanceKey: string, elementId: string, values: Record<string, unknown>) => Promise<number>;
}) {
  const { notices, overlay, settings, calendar, deadlines, tasks, audit } = deps;
  const actor = (by: CalendarActor) => ({ kind: ActorKind.User, id: by.username, role: by.role });

  function checked(year: number, input: NoticeInput) {
    const problems = noticeProblems(year, input);
    if (problems.length) {
      throw new DomainError('HOLIDAY_NOTICE_INVALID', ErrorKind.Validation, { zh: `${year} 年放假通知有误：${problems.map((p) => p.zh).join('；')}`, en: `the ${year} holiday notice has faults: ${problems.map((p) => p.en).join('; ')}` }, { problems });
    }
  }
  /** The calendar as it would be with `notice` for `year` (null: back to the built-in data). */
  const calendarWith = (year: number, notice: CalendarNotice | null) =>
    createWorkingCalendar(settings, { notice: (y) => (y === year ? notice ?? undefined : overlay.notice(y)) });
  const candidate = (year: number, input: NoticeInput, version: number) =>
    toCalendarNotice({ year, version, title: input.title, number: input.number, daysOff: input.daysOff, makeUpDays: input.makeUpDays });

  /** The open step deadlines a calendar would move; closed steps are never looked at. */
  async function movesUnder(next: WorkingCalendar): Promise<(DeadlineMove & { processInstanceKey: string; elementId: string; derivation: DeadlineDerivation })[]> {
    const open = await tasks.openWithDeadline();
    const out = [];
    const seen = new Set<string>();
    for (const t of open) {
      if (!t.deadlineId || seen.has(t.deadlineId)) continue;
      seen.add(t.deadlineId);
      const d = await deadlines.get(t.deadlineId);
      const old = d?.derivation as DeadlineDerivation | undefined;
      if (!d || !old?.dueAt || !d.dueAt) continue;
      const pauses = (old.pauses ?? []).map((p) => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : undefined, reason: p.reason }));
      const again = computeDeadline(next, { start: new Date(old.start), limit: old.limit, pauses });
      if (!again.dueAt || (again.dueAt === d.dueAt.toISOString() && again.warningAt === d.warningAt?.toISOString() && again.redAt === d.redAt?.toISOString())) continue;
      out.push({
        deadlineId: d.id, caseNumber: d.caseNumber, caseKind: d.caseKind, step: d.step, oldDueAt: d.dueAt, newDueAt: new Date(again.dueAt),
        warningAt: new Date(again.warningAt!), redAt: new Date(again.redAt!), processInstanceKey: t.processInstanceKey, elementId: t.elementId, derivation: old,
      });
    }
    return out.sort((a, b) => a.oldDueAt.getTime() - b.oldDueAt.getTime());
  }
  const publicMove = ({ deadlineId, caseNumber, caseKind, step, oldDueAt, newDueAt }: DeadlineMove) => ({ deadlineId, caseNumber, caseKind, step, oldDueAt, newDueAt });

  /** Stores the year's new version, then moves every open deadline it changes, on the store and on the engine. */
  async function change(year: number, notice: NoticeInput | null, by: CalendarActor, now: Date, confirm: boolean) {
    await overlay.refresh();
    const versions = await notices.ofYear(year);
    const before = versions[0] ?? null;
    if (!notice && (!before || before.withdrawn)) {
      throw new DomainError('HOLIDAY_NOTICE_NOT_FOUND', ErrorKind.NotFound, { zh: `${year} 年没有已记录的放假通知可撤回`, en: `no recorded holiday notice for ${year} to withdraw` });
    }
    const version = (before?.version ?? 0) + 1;
    const next = calendarWith(year, notice && candidate(year, notice, version));
    const moves = await movesUnder(next);
    if (moves.length && !confirm) {
      throw new DomainError('CALENDAR_CHANGE_UNCONFIRMED', ErrorKind.Conflict,
        { zh: `此次修改将改变 ${moves.length} 个在办环节的到期时间，请先预览并确认`, en: `this change moves the due time of ${moves.length} open step(s): preview and confirm it first` },
        { moves: moves.map(publicMove) });
    }
    const record: HolidayNoticeRecord = {
      year, version, title: notice?.title ?? before!.title, number: notice?.number ?? before!.number,
      daysOff: notice?.daysOff ?? [], makeUpDays: notice?.makeUpDays ?? [], withdrawn: !notice, recordedBy: by.username, recordedAt: now,
    };
    if (!(await notices.insert(record))) {
      throw new DomainError('HOLIDAY_NOTICE_CHANGED', ErrorKind.Conflict, { zh: `${year} 年的放假安排刚被他人修改（第 ${version} 版已存在），请刷新后再改`, en: `the ${year} calendar was just changed by someone else (version ${version} exists): reload and try again` });
    }
    await audit.record({
      at: now, actor: actor(by), action: AuditAction.HolidayNoticeRecorded, target: { kind: 'holiday-notice', id: `${year}:v${version}` }, unit: by.unitCode ?? null,
      before: before && summary(before), after: summary(record), detail: { moves: moves.length },
    });
    await overlay.refresh();
    const moved = [];
    const mark = `notice:${year}:v${version}`;
    const by_ = notice ? `${notice.title}（${notice.number}）` : `${record.title}（${record.number}）撤回`;
    const byEn = notice ? `${notice.title} (${notice.number})` : `withdrawal of ${record.title} (${record.number})`;
    for (const m of await movesUnder(calendar)) {
      const times = { warningAt: m.warningAt, dueAt: m.newDueAt, redAt: m.redAt };
      const old = m.derivation;
      const fresh = computeDeadline(calendar, { start: new Date(old.start), limit: old.limit, pauses: [] });
      const derivation = {
        ...old, countedDays: fresh.countedDays, skippedDays: fresh.skippedDays, warningAt: times.warningAt.toISOString(), dueAt: times.dueAt.toISOString(), redAt: times.redAt.toISOString(),
        explanation: [...old.explanation, `${now.toISOString()}: the ${year} holiday calendar changed by ${byEn}, version ${version}: due moves from ${m.oldDueAt.toISOString()} to ${times.dueAt.toISOString()} (warning ${times.warningAt.toISOString()}, red card ${times.redAt.toISOString()}).`],
        explanationZh: [...(old.explanationZh ?? []), `${now.toISOString()}：${year} 年放假安排按${by_}（第 ${version} 版）调整，到期由 ${m.oldDueAt.toISOString()} 改为 ${times.dueAt.toISOString()}（预警 ${times.warningAt.toISOString()}，红牌 ${times.redAt.toISOString()}）。`],
        calendarChanges: [...((old as { calendarChanges?: string[] }).calendarChanges ?? []), mark],
      };
      if (!(await deadlines.move(m.deadlineId, mark, times, derivation))) continue;
      await tasks.moveTimes(m.deadlineId, times);
      const values = { deadline: { id: m.deadlineId, step: m.step, warningAt: times.warningAt.toISOString(), dueAt: times.dueAt.toISOString(), redAt: times.redAt.toISOString() } };
      const timers = deps.moveTimers ? await deps.moveTimers(m.processInstanceKey, m.elementId, values).catch(() => 0) : 0;
      await audit.record({
        at: now, actor: actor(by), action: AuditAction.DeadlineMoved, target: { kind: 'step-deadline', id: m.deadlineId }, caseNumber: m.caseNumber,
        caseKind: m.caseKind as never, unit: by.unitCode ?? null, before: { dueAt: m.oldDueAt }, after: times, detail: { step: m.step, notice: mark, timersMoved: timers },
      });
      moved.push({ ...publicMove(m), timersMoved: timers });
    }
    return { notice: view(record), moved };
  }

  return {
    /** Checks the version against the store and reloads the notices when another process recorded one. */
    refresh: () => overlay.refresh(),

    /** A year's days off and make-up days, where they come from, and the notice's versions. */
    async year(year: number) {
      await overlay.refresh();
      const { source, days } = calendar.specialDays(year);
      const versions = await notices.ofYear(year);
      const current = versions[0] && !versions[0].withdrawn ? view(versions[0]) : null;
      return { year, source, notice: current, days: days as SpecialDay[], versions: versions.map(view) };
    },

    /** Which open step deadlines the notice would move; nothing is stored. */
    async preview(year: number, input: NoticeInput) {
      checked(year, input);
      await overlay.refresh();
      const version = ((await notices.ofYear(year))[0]?.version ?? 0) + 1;
      return { year, version, moves: (await movesUnder(calendarWith(year, candidate(year, input, version)))).map(publicMove) };
    },

    /** Records the year's notice; with open deadlines that it moves, only once the office confirms. */
    async record(year: number, input: NoticeInput, by: CalendarActor, now: Date, confirm: boolean) {
      checked(year, input);
      return change(year, input, by, now, confirm);
    },

    /** Withdraws the year's recorded notice: the year goes back to the built-in data. */
    async withdraw(year: number, by: CalendarActor, now: Date, confirm: boolean) {
      return change(year, null, by, now, confirm);
    },
  };
}
export type HolidayCalendarService = ReturnType<typeof createHolidayCalendarService>;

const summary = (n: HolidayNoticeRecord) => ({
  version: n.version, title: n.title, number: n.number, withdrawn: n.withdrawn ?? false, daysOff: n.daysOff.map((d) => `${d.date} ${d.name}`), makeUpDays: n.makeUpDays.map((d) => `${d.date} ${d.name}`),
});
const view = (n: HolidayNoticeRecord) => ({
  year: n.year, version: n.version, title: n.title, number: n.number, withdrawn: n.withdrawn ?? false,
  daysOff: n.daysOff.map((d) => ({ date: d.date, name: d.name })), makeUpDays: n.makeUpDays.map((d) => ({ date: d.date, name: d.name })),
  recordedBy: n.recordedBy, recordedAt: n.recordedAt,
});
