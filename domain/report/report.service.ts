import { createHash } from 'node:crypto';
import type { Principal } from '../account/account.service.js';
import { Role } from '../account/account.model.js';
import type { AuditService } from '../audit/audit.service.js';
import { systemActor, workerActor } from '../audit/audit.service.js';
import { ActorKind, AuditAction } from '../audit/audit-entry.model.js';
import type { WorkingCalendar } from '../deadline/working-calendar.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { buildContent, unitEdition, type RankingSection, type RankingSource, type ReportContent } from './report-content.js';
import type { ReportFactsRepository } from './report-facts.repository.js';
import { addDays, createReportCalendar, kindTitle, ReportKind, type ReportPeriod } from './report-period.js';
import type { ReportRecord } from './report.model.js';
import type { ReportRepository } from './report.repository.js';
import { renderReportXlsx } from './report-xlsx.js';

export const REPORT_PROCESS_ID = 'supervision-reports';
export const REPORT_JOB_TYPE = 'generate-due-reports';
export const ReportFormat = { Pdf: 'pdf', Xlsx: 'xlsx' } as const;
export type ReportFormat = (typeof ReportFormat)[keyof typeof ReportFormat];
const ALL = 'all';
/** reports made in one run of the schedule's job: a long catch-up goes on in the next run a minute later */
const MAX_PER_RUN = 12;
/** the schedule looks at 01:00 local time each day */
const RUN_MINUTE = 60;

/** Who reads which reports (seed 001 §30): supervision, the service office and auditors all; a leader their unit's edition. */
export const REPORT_READERS = [Role.Supervisor, Role.ServiceOffice, Role.Auditor, Role.DepartmentLeader] as const;
const seesAll = (p: Principal) => p.role === Role.Supervisor || p.role === Role.ServiceOffice || p.role === Role.Auditor;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const RANKING_MISSING: RankingSection = {
  available: false,
  reason: { zh: '本期考核排名暂不可用：单位八项指标排名尚未接入，本报告仅列各单位主要服务指标。', en: 'The unit ranking is not available for this period: the 8-dimension ranking is not connected yet; this report lists the units’ main service figures only.' },
};

export function createReportService(deps: {
  reports: ReportRepository; facts: Pick<ReportFactsRepository, 'between'>; units: { list(): Promise<{ code: string; name: string }[]> };
  calendar: Pick<WorkingCalendar, 'day' | 'localDate' | 'settings'>; audit: Pick<AuditService, 'record' | 'search'>;
  renderPdf: (c: ReportContent) => Promise<Buffer>; ranking?: RankingSource;
  engine?: { startInstance(processId: string, variables: Record<string, unknown>, businessKey?: string): Promise<string> };
}) {
  const { reports, audit, calendar } = deps;
  const periods = createReportCalendar(calendar);
  const offsetMs = calendar.settings.utcOffsetMinutes * 60_000;
  /** the UTC instant of local midnight of a date */
  const instant = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - offsetMs);
  const reportIdOf = (kind: string, key: string, scope: string) => `${kind}:${key}:${scope}`;

  async function store(content: ReportContent, actor: typeof systemActor, now: Date, reportId: string): Promise<ReportRecord> {
    const [pdf, xlsx] = [await deps.renderPdf(content), await renderReportXlsx(content)];
    const record: ReportRecord = {
      reportId, kind: content.kind, periodKey: content.period.key, periodLabel: content.period.label, from: content.period.from, to: content.period.to,
      scope: content.scope, scopeName: content.scopeName, content: JSON.parse(JSON.stringify(content)) as ReportContent,
      pdf: { data: pdf, sha256: sha256(pdf), size: pdf.length }, xlsx: { data: xlsx, sha256: sha256(xlsx), size: xlsx.length }, generatedAt: now,
    };
    await reports.insert(record);
    // a report generated at the same moment by another run is the one kept; its hashes go into the trail
    const kept = (await reports.get(reportId))!;
    await audit.record({
      at: kept.generatedAt, actor, action: AuditAction.ReportGenerated, target: { kind: 'report', id: reportId }, unit: content.scope === ALL ? null : content.scope,
      after: { kind: kept.kind, period: kept.periodKey, scope: kept.scope },
      detail: { files: [{ name: fileName(kept, ReportFormat.Pdf), sha256: kept.pdf.sha256, size: kept.pdf.size }, { name: fileName(kept, ReportFormat.Xlsx), sha256: kept.xlsx.sha256, size: kept.xlsx.size }] },
      key: `report:${reportId}`,
    });
    return kept;
  }

  /** Generates the report of a period over all units, once: a second call finds the stored one. */
  async function generate(period: ReportPeriod, now: Date, actor = workerActor(REPORT_JOB_TYPE)): Promise<{ record: ReportRecord; created: boolean }> {
    const reportId = reportIdOf(period.kind, period.key, ALL);
    const known = await reports.get(reportId);
    if (known) {
      // the entry may be missing when the run that stored the report stopped before writing it
      await audit.record({ at: known.generatedAt, actor, action: AuditAction.ReportGenerated, target: { kind: 'report', id: reportId }, after: { kind: known.kind, period: known.periodKey, scope: ALL },
        detail: { files: [{ name: fileName(known, ReportFormat.Pdf), sha256: known.pdf.sha256, size: known.pdf.size }, { name: fileName(known, ReportFormat.Xlsx), sha256: known.xlsx.sha256, size: known.xlsx.size }] }, key: `report:${reportId}` });
      return { record: known, created: false };
    }
    const previous = periods.previousOf(period);
    const [facts, previousFacts, units] = await Promise.all([
      deps.facts.between(instant(period.from), instant(period.to)), deps.facts.between(instant(previous.from), instant(previous.to)), deps.units.list(),
    ]);
    let ranking: RankingSection | null = null;
    if (period.kind === ReportKind.Quarterly) {
      ranking = deps.ranking ? { available: true, rows: await deps.ranking.rank({ key: period.key, from: period.from, to: period.to }) } : RANKING_MISSING;
    }
    const content = buildContent({ period, previous, facts, previousFacts, units, ranking, generatedAt: now });
    return { record: await store(content, actor, now, reportId), created: true };
  }

  /** A leader's edition of a report: made from the stored report's content the first time it is asked for, then kept. */
  async function editionFor(report: ReportRecord, unit: { code: string; name: string }, now: Date, actor: typeof systemActor): Promise<ReportRecord> {
    const reportId = reportIdOf(report.kind, report.periodKey, unit.code);
    return (await reports.get(reportId)) ?? store({ ...unitEdition(report.content as ReportContent, unit), generatedAt: now.toISOString() }, actor, now, reportId);
  }

  /** The next run: 01:00 local time of the next day; sooner while a catch-up is not finished. */
  function nextRun(now: Date, pending: boolean): Date {
    if (pending) return new Date(now.getTime() + 60_000);
    return new Date(instant(addDays(calendar.localDate(now), 1)).getTime() + RUN_MINUTE * 60_000);
  }

  return {
    calendar: periods,
    generate,

    /**
     * Makes every report due from the day after the last day looked at up to today (a restart or a long holiday
     * is caught up); the first run looks at today only. Safe to run twice: a stored report is never made again.
     */
    async runDue(now: Date): Promise<{ generated: string[]; nextRunAt: Date; pending: boolean }> {
      const today = calendar.localDate(now);
      const { lastDate } = await reports.schedule();
      const generated: string[] = [];
      let made = 0;
      for (let date = lastDate ? addDays(lastDate, 1) : today; date <= today; date = addDays(date, 1)) {
        for (const period of periods.dueOn(date)) {
          if (made >= MAX_PER_RUN) return { generated, nextRunAt: nextRun(now, true), pending: true };
          const r = await generate(period, now);
          if (r.created) {
            made += 1;
            generated.push(r.record.reportId);
          }
        }
        await reports.scheduledUpTo(date);
      }
      return { generated, nextRunAt: nextRun(now, false), pending: false };
    },

    /** Starts the schedule's process once for the platform (a restart finds it started). */
    async ensureSchedule(): Promise<string | null> {
      if (!deps.engine) return null;
      const { processInstanceKey } = await reports.schedule();
      if (processInstanceKey && processInstanceKey !== 'starting') return processInstanceKey;
      if (!(await reports.claimStart())) return (await reports.schedule()).processInstanceKey;
      try {
        const key = await deps.engine.startInstance(REPORT_PROCESS_ID, {}, REPORT_PROCESS_ID);
        await reports.started(key);
        return key;
      } catch (err) {
        await reports.started(null);
        throw err;
      }
    },

    /** Reports by kind and period; a leader sees the reports with their unit's figures (their edition). */
    async list(p: Principal, filter: { kind?: ReportKind; from?: string; to?: string; limit?: number }) {
      const rows = await reports.list({ ...filter, scope: ALL }, Math.min(filter.limit ?? 100, 500));
      const edition = seesAll(p) ? ALL : mustHaveUnit(p);
      return rows.map((r) => {
        const { content, ...summary } = r;
        // a leader's figures are their unit's row of the report
        const figures = edition === ALL ? content.totals : unitEdition(content as ReportContent, { code: edition, name: edition }).totals;
        return { ...summary, title: kindTitle[r.kind as ReportKind].zh, edition, figures };
      });
    },

    /**
     * One file of a report, checked against the SHA-256 recorded when it was made, both in the report and in the
     * audit trail; the download is written to the trail too.
     */
    async file(p: Principal, kind: ReportKind, periodKey: string, format: ReportFormat, now: Date, requestId?: string) {
      const report = await reports.get(reportIdOf(kind, periodKey, ALL));
      if (!report) {
        throw new DomainError('REPORT_NOT_FOUND', ErrorKind.NotFound, {
          zh: `没有${kindTitle[kind].zh} ${periodKey}：该期报表尚未生成`, en: `there is no ${kindTitle[kind].en.toLowerCase()} ${periodKey}: that period's report has not been generated`,
        }, { kind, periodKey });
      }
      const actor = { kind: ActorKind.User, id: p.username, role: p.role };
      let edition = report;
      if (!seesAll(p)) {
        const code = mustHaveUnit(p);
        const unit = (await deps.units.list()).find((u) => u.code === code) ?? { code, name: code };
        edition = await editionFor(report, unit, now, actor);
      }
      const f = edition[format];
      const [entry] = await audit.search({ target: edition.reportId, action: [AuditAction.ReportGenerated] }, 1);
      const recorded = ((entry?.detail as { files?: { name: string; sha256: string }[] } | null)?.files ?? []).find((x) => x.name.endsWith(`.${format}`))?.sha256;
      const actual = sha256(f.data);
      if (actual !== f.sha256 || actual !== recorded) {
        throw new DomainError('REPORT_FILE_ALTERED', ErrorKind.Conflict, {
          zh: `报表文件 ${fileName(edition, format)} 校验失败：SHA-256 ${actual} 与生成时审计记录的 ${recorded ?? '（无记录）'} 不符，不予下载`,
          en: `the report file ${fileName(edition, format)} fails its check: SHA-256 ${actual} differs from ${recorded ?? '(none)'} recorded in the audit trail when it was made; it is not served`,
        }, { reportId: edition.reportId, format });
      }
      await audit.record({
        at: now, actor, action: AuditAction.ReportDownloaded, target: { kind: 'report', id: edition.reportId }, unit: p.unitCode,
        detail: { format, sha256: actual, requestId: requestId ?? null },
      });
      return { data: f.data, sha256: actual, fileName: fileName(edition, format), contentType: format === ReportFormat.Pdf ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
    },
  };
}
export type ReportService = ReturnType<typeof createReportService>;

function mustHaveUnit(p: Principal): string {
  if (!p.unitCode) {
    throw new DomainError('REPORT_NO_UNIT', ErrorKind.Forbidden, { zh: `账号 ${p.username} 未归属单位，无法查看本单位报表`, en: `the account ${p.username} belongs to no unit, so it has no unit reports to read` }, { username: p.username });
  }
  return p.unitCode;
}

/** "每周通报-2026-W41-全部单位.pdf" */
export function fileName(r: Pick<ReportRecord, 'kind' | 'periodKey' | 'scope' | 'scopeName'>, format: ReportFormat): string {
  return `${kindTitle[r.kind as ReportKind].zh}-${r.periodKey}-${r.scope === ALL ? '全部单位' : r.scopeName}.${format}`;
}
