import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { stepUnit, type ApplicationRepository } from '../application/application.repository.js';
import type { ApplicationRecord } from '../application/application.repository.js';
import type { ServiceItemRepository } from '../service-item/service-item.repository.js';
import { op } from '../shared/trusted.js';
import { computeDeadline, type DeadlineDerivation, type StepLimit } from './deadline.service.js';
import type { StepDeadline, StepDeadlineRepository } from './step-deadline.repository.js';
import type { WorkingCalendar } from './working-calendar.js';
import { AuditAction } from '../audit/audit-entry.model.js';
import { workerActor, type AuditInput, type AuditService } from '../audit/audit.service.js';
import { JobType } from '../process-model/job-types.js';
import { CaseKind } from '../shared/constants.js';

export interface StepDeadlineDeps {
  deadlines: StepDeadlineRepository;
  calendar: WorkingCalendar;
  applications: ApplicationRepository;
  items: ServiceItemRepository;
  audit: AuditService;
  /** brings the calendar in line with the holiday notices stored (another process may have recorded one) */
  refreshCalendar?: () => Promise<void>;
}

type Where = { caseKind: CaseKind; itemCode: string | null; unit: string | null };

export interface StartedStep { id: string; step: string; warningAt: string; dueAt: string; redAt: string }

export function createStepDeadlineService({ deadlines, calendar, applications, items, audit, refreshCalendar }: StepDeadlineDeps) {
  const computedKey = (id: string) => `deadline:${id}`;
  const computedEntry = (d: StepDeadline, where: Where): AuditInput => ({
    at: d.computedAt!, actor: workerActor(JobType.ComputeStepDeadline), action: AuditAction.DeadlineComputed,
    target: { kind: 'step-deadline', id: d.id }, caseNumber: d.caseNumber, caseKind: d.caseKind, itemCode: where.itemCode, unit: where.unit,
    detail: { step: d.step, limit: (d.derivation as DeadlineDerivation).limit, warningAt: d.warningAt, dueAt: d.dueAt, redAt: d.redAt, explanation: (d.derivation as DeadlineDerivation).explanation },
  });
  /** A job delivered again finds its deadline stored: the first run may have stopped before its entry. */
  async function entered(existing: StepDeadline, now: Date, where: () => Promise<Where>) {
    await audit.recordMissing(computedKey(existing.id), now, async () => computedEntry(existing, await where()));
    return toStarted(existing);
  }

  async function itemOf(app: ApplicationRecord) {
    const item = await items.version(app.itemCode, app.itemVersion);
    if (!item) throw new DomainError('ITEM_NOT_FOUND', ErrorKind.NotFound, { zh: `事项 ${app.itemCode} 第 ${app.itemVersion} 版不存在`, en: `item ${app.itemCode} v${app.itemVersion} does not exist` });
    return item;
  }
  /**
   * Moves the case to the step and refreshes its whole legal limit. `repeat`: a job delivered again whose first
   * run may have stopped before this; it moves the case only when no later step clock has moved it since.
   */
  async function moveCase(app: ApplicationRecord, step: string, clock: { id: string; at: Date }, repeat: boolean) {
    const guard = repeat ? { 'stepClock.id': op({ $ne: clock.id }), 'stepClock.at': op({ $not: op({ $gt: clock.at }) }) } : {};
    await applications.update(app.applicationNumber, {
      $set: { currentStep: step, status: `in-${step}`, legalDeadline: await legalDeadlineOf(app), stepClock: clock },
    }, guard);
  }

  /**
   * The case's whole legal limit from its filing, less the pauses; a transfer (转办) is said in it and changes
   * nothing: the limit runs on from the filing, whichever unit holds the case (seed 003 §3).
   */
  async function legalDeadlineOf(app: ApplicationRecord): Promise<DeadlineDerivation> {
    const item = await itemOf(app);
    const legal = app.legalDeadline as DeadlineDerivation | null;
    const legalStart = legal ? new Date(legal.start) : app.filedAt;
    const pauses = (app.pauses ?? []).map((p) => ({ from: p.from!, to: p.to ?? undefined, reason: p.reason ?? '' }));
    const derivation = computeDeadline(calendar, { start: legalStart, limit: item.totalLimit, pauses });
    for (const t of app.transfers ?? []) {
      if (!t.at) continue;
      const [en, zh] = transferLines({ ...t, at: t.at });
      derivation.explanation.push(en);
      derivation.explanationZh?.push(zh);
    }
    return derivation;
  }

  /**
   * Whether a repeated step clock may still have to move the case. A case stored before it kept its step clock
   * shows only where it stands: at this step, it was moved; after a later clock of the case, it moved on.
   */
  async function mayMove(app: ApplicationRecord, step: string, clock: { id: string; at: Date }): Promise<boolean> {
    if (app.stepClock?.id) return app.stepClock.id !== clock.id;
    if (app.currentStep === step) return false;
    const later = (await deadlines.ofCase(app.applicationNumber)).some((d) => d.id !== clock.id && d.computedAt && d.computedAt.getTime() > clock.at.getTime());
    return !later;
  }

  /** Stores one derivation (once per id) and enters it in the audit trail. */
  async function store(id: string, caseNumber: string, step: string, limit: StepLimit, now: Date, where: Where, ceiling?: StepLimit) {
    const derivation = earlier(computeDeadline(calendar, { start: now, limit }), ceiling && computeDeadline(calendar, { start: now, limit: ceiling }));
    return storeDerivation(id, caseNumber, step, derivation, now, where);
  }
  async function storeDerivation(id: string, caseNumber: string, step: string, derivation: DeadlineDerivation, now: Date, where: Where) {
    const record = {
      id, caseNumber, caseKind: where.caseKind, step, derivation, computedAt: now,
      warningAt: new Date(derivation.warningAt!), dueAt: new Date(derivation.dueAt!), redAt: new Date(derivation.redAt!),
    };
    if (!(await deadlines.insert(record))) return { fresh: false, step: await entered((await deadlines.get(id))!, now, async () => where) };
    await audit.record({ ...computedEntry(record as StepDeadline, where), key: computedKey(id) });
    return { fresh: true, step: toStarted(record) };
  }

  return {
    /**
     * Starts the clock of a step at `now` (the engine's time) and stores the derivation; the same id
     * (the job's key) always gives the same result. Also refreshes the application's whole legal limit.
     */
    async startStep(id: string, applicationNumber: string, step: string, now: Date, ceiling?: StepLimit): Promise<StartedStep> {
      await refreshCalendar?.();
      const existing = await deadlines.get(id);
      if (existing) {
        const app = await applications.get(applicationNumber);
        const started = await entered(existing, now, async () => ({ caseKind: CaseKind.Application, itemCode: app?.itemCode ?? null, unit: app ? stepUnit(app, step) : null }));
        // delivered again: the first run may have stopped after storing the clock, before the case moved on
        const clock = { id, at: existing.computedAt! };
        if (app && (await mayMove(app, step, clock))) await moveCase(app, step, clock, true);
        return started;
      }
      const app = await applications.get(applicationNumber);
      if (!app) throw new DomainError('APPLICATION_NOT_FOUND', ErrorKind.NotFound, { zh: `办件 ${applicationNumber} 不存在`, en: `application ${applicationNumber} does not exist` });
      const item = await itemOf(app);
      const limit = item.stepLimits[step];
      if (!limit) throw new DomainError('STEP_LIMIT_MISSING', ErrorKind.Validation, { zh: `事项 ${item.code} 没有设定环节 ${step} 的办理时限`, en: `item ${item.code} sets no time limit for step ${step}` });
      const started = await store(id, applicationNumber, step, limit, now, { caseKind: CaseKind.Application, itemCode: app.itemCode, unit: stepUnit(app, step) }, ceiling);
      if (started.fresh) await moveCase(app, step, { id, at: now }, false);
      else {
        const clock = { id, at: (await deadlines.get(id))!.computedAt! };
        if (await mayMove(app, step, clock)) await moveCase(app, step, clock, true);
      }
      return started.step;
    },

    /**
     * A step of another kind of case (a certificate requisition, an online consultation, an appointment) whose limit the process
     * model states itself; `where` names the case's kind, its item when it has one, and the unit of the step.
     * `counted` starts the clock at an earlier due time instead of now (an approved extension, seed 004 §32(5),
     * §37(3)), its derivation opening with the lines that say why.
     */
    async startFixedStep(id: string, caseNumber: string, step: string, limit: StepLimit, where: { caseKind: CaseKind; unit: string | null; itemCode?: string | null }, now: Date,
      counted?: { from: Date; preface?: { en: string; zh: string }[] }): Promise<StartedStep> {
      const at: Where = { caseKind: where.caseKind, itemCode: where.itemCode ?? null, unit: where.unit };
      await refreshCalendar?.();
      const existing = await deadlines.get(id);
      if (existing) return entered(existing, now, async () => at);
      if (!counted) return (await store(id, caseNumber, step, limit, now, at)).step;
      // counted on from an earlier due time rather than from now (an approved extension); the preface says why
      const own = computeDeadline(calendar, { start: counted.from, limit });
      const preface = counted.preface ?? [];
      const derivation = { ...own, explanation: [...preface.map((p) => p.en), ...own.explanation], explanationZh: [...preface.map((p) => p.zh), ...(own.explanationZh ?? [])] };
      return (await storeDerivation(id, caseNumber, step, derivation, now, at)).step;
    },

    /**
     * A step moved to another unit (转办): the case's legal limit and the step's clock say so and run on
     * unchanged, so the receiving unit has what is left, not a fresh limit.
     */
    async noteTransfer(applicationNumber: string, transfer: Transfer): Promise<void> {
      const app = await applications.get(applicationNumber);
      if (!app) return;
      await applications.update(applicationNumber, { $set: { legalDeadline: await legalDeadlineOf(app) } });
      const clock = (await deadlines.ofCase(applicationNumber)).filter((d) => d.step === transfer.step).at(-1);
      if (clock) {
        const [en, zh] = transferLines(transfer);
        await deadlines.explain(clock.id, `transfer:${transfer.at.toISOString()}`, en, zh);
      }
    },

    /** The step deadlines of a case: an application or a certificate requisition. */
    async forCase(caseNumber: string): Promise<StepDeadline[]> {
      return deadlines.ofCase(caseNumber);
    },
    async get(id: string): Promise<StepDeadline | null> {
      return deadlines.get(id);
    },
  };
}
export type StepDeadlineService = ReturnType<typeof createStepDeadlineService>;

/**
 * The item's limit, unless the rule's ceiling for the step falls due first (seed 001 §4(4): online pre-review
 * within 1 working day, whatever longer limit an item sets); the derivation says which one counts.
 */
function earlier(own: DeadlineDerivation, ceiling: DeadlineDerivation | undefined): DeadlineDerivation {
  if (!ceiling || Date.parse(ceiling.dueAt!) >= Date.parse(own.dueAt!)) return own;
  const why = `The rule's ceiling of ${ceiling.limit.value} ${ceiling.limit.unit} falls due before the item's ${own.limit.value} ${own.limit.unit}, so it counts.`;
  const whyZh = `规定的上限 ${ceiling.limit.value} ${ceiling.limit.unit === 'working-days' ? '个工作日' : '个工作小时'} 早于事项设定的 ${own.limit.value} ${own.limit.unit === 'working-days' ? '个工作日' : '个工作小时'} 到期，以上限为准。`;
  return { ...ceiling, explanation: [...ceiling.explanation, why], explanationZh: [...(ceiling.explanationZh ?? []), whyZh] };
}

interface Transfer { step?: string | null; from?: string | null; to?: string | null; reason?: string | null; at: Date }
/** A transfer in the derivation's words: when, from where to where, why, and that the clock ran on. */
function transferLines(t: Transfer): [en: string, zh: string] {
  const at = t.at.toISOString();
  return [
    `Transferred ${at} from ${t.from} to ${t.to} (${t.reason}): the limit runs on from its start, not reset.`,
    `${at} 由 ${t.from} 转办至 ${t.to}（${t.reason}）：时限从原起算时间连续计算，不重新起算。`,
  ];
}

function toStarted(d: Pick<StepDeadline, 'id' | 'step' | 'warningAt' | 'dueAt' | 'redAt'>): StartedStep {
  return { id: d.id, step: d.step, warningAt: d.warningAt!.toISOString(), dueAt: d.dueAt!.toISOString(), redAt: d.redAt!.toISOString() };
}
