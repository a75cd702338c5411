import { Role } from '../account/account.model.js';
import type { ApplicationRepository } from '../application/application.repository.js';
import type { AppointmentRepository } from '../appointment/appointment.repository.js';
import { AppointmentStatus } from '../appointment/appointment.model.js';
import { ActorKind, AuditAction } from '../audit/audit-entry.model.js';
import type { AuditInput, AuditService } from '../audit/audit.service.js';
import type { ComplaintRepository } from '../complaint/complaint.repository.js';
import { ComplaintState } from '../complaint/complaint.model.js';
import { ConsultationState } from '../consultation/consultation.model.js';
import type { ConsultationRepository } from '../consultation/consultation.repository.js';
import type { StepDeadlineRepository } from '../deadline/step-deadline.repository.js';
import type { CardRepository } from '../escalation/card.repository.js';
import { RectificationState } from '../evaluation/evaluation.model.js';
import type { EvaluationRepository } from '../evaluation/evaluation.repository.js';
import type { RectificationRepository } from '../evaluation/rectification.repository.js';
import type { UnitRepository } from '../organisation/unit.repository.js';
import type { SequenceRepository } from '../sequence/sequence.repository.js';
import { ItemStatus } from '../service-item/service-item.model.js';
import type { ServiceItemRepository } from '../service-item/service-item.repository.js';
import { CardLevel, CaseKind } from '../shared/constants.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import type { TaskRepository } from '../task/task.repository.js';
import { DEFAULT_WEIGHTS, DIMENSIONS, DIMENSION_KEYS, DimensionKey, round2, totalOf, type Facts } from './assessment-dimensions.js';
import { parsePeriod, type Period } from './assessment-period.js';
import { WeightStatus } from './weight-set.model.js';
import type { WeightSetRecord, WeightSetRepository } from './weight-set.repository.js';

export interface AssessmentActor { username: string; role: string; unitCode?: string | null }
export type Weights = Record<DimensionKey, number>;

export interface RankingRow {
  unitCode: string; unitName: string; level: string;
  /** 0–100, or null (无数据) when the unit has no facts in any weighted dimension */
  total: number | null;
  /** 1…n without gaps; null for a unit without a total, listed after the ranked ones */
  rank: number | null;
  dimensions: { key: DimensionKey; score: number | null; facts: Facts }[];
  weightsVersion: number;
}

type FactsReader = (p: Period, asOf: Date, practice: Set<string>) => Promise<Map<string, Facts>>;

/** Counters per unit, created on first touch with every fact of the dimension at 0. */
function tally(names: readonly string[]) {
  const byUnit = new Map<string, Facts>();
  return {
    byUnit,
    add(unit: string | null | undefined, fact: string, n = 1) {
      if (!unit) return;
      let f = byUnit.get(unit);
      if (!f) byUnit.set(unit, (f = Object.fromEntries(names.map((k) => [k, 0]))));
      if (fact) f[fact]! += n;
    },
  };
}
const factNames = (key: DimensionKey) => DIMENSIONS.find((d) => d.key === key)!.facts;
/** ended within its limit: by the due time, or when no limit was set */
const inTime = (doneAt: Date | null | undefined, dueAt: Date | null | undefined) => !!doneAt && (!dueAt || doneAt.getTime() <= dueAt.getTime());
/** counts against the unit: ended, or still open with its limit passed by `asOf` */
const isDue = (doneAt: Date | null | undefined, dueAt: Date | null | undefined, asOf: Date) => !!doneAt || (!!dueAt && dueAt.getTime() <= asOf.getTime());

/**
 * Quantified assessment in eight dimensions and the performance ranking of units (seed 001 §13, §28–30:
 * 月总结、季考核). Facts are read through the repositories; practice cases never count (seed 000 §19). The
 * dimension weights are set by the service office with four eyes: one proposes, another approves.
 */
export function createAssessmentService(deps: {
  units: Pick<UnitRepository, 'list'>; items: Pick<ServiceItemRepository, 'listLatest'>;
  consultations: Pick<ConsultationRepository, 'askedBetween' | 'faqItemCodes'>; appointments: Pick<AppointmentRepository, 'bookedBetween'>;
  tasks: Pick<TaskRepository, 'startedBetween'>; cards: Pick<CardRepository, 'ofDeadlines'>; deadlines: Pick<StepDeadlineRepository, 'latestDueOf'>;
  ratings: Pick<EvaluationRepository, 'ratingsBetween'>; rectifications: Pick<RectificationRepository, 'statesOfRatings'>;
  complaints: Pick<ComplaintRepository, 'forAssessment'>; applications: Pick<ApplicationRepository, 'practiceNumbers'>;
  weightSets: WeightSetRepository; sequences: Pick<SequenceRepository, 'next'>; audit: AuditService; utcOffsetMinutes: number;
  /** the engine's clock, for callers that do not say when they ask (the deadlines run on it too) */
  clock?: () => Promise<Date> | Date;
}) {
  const { audit, weightSets } = deps;

  const readers: Record<DimensionKey, FactsReader> = {
    // what the unit's published items tell the public: a guide with every standard element, and a FAQ
    async [DimensionKey.Publishing](p) {
      const t = tally(factNames(DimensionKey.Publishing));
      const withFaq = new Set(await deps.consultations.faqItemCodes(p.to));
      for (const i of await deps.items.listLatest()) {
        if (i.status !== ItemStatus.Published) continue;
        t.add(i.departmentCode, 'items');
        const complete = !!i.legalBasis?.trim() && i.conditions.length > 0 && i.materials.length > 0 && !!i.fees?.trim() && !!i.result?.trim();
        if (complete) t.add(i.departmentCode, 'completeGuides');
        if (withFaq.has(i.code)) t.add(i.departmentCode, 'withFaq');
      }
      return t.byUnit;
    },
    async [DimensionKey.Consultation](p, asOf) {
      const t = tally(factNames(DimensionKey.Consultation));
      const asked = await deps.consultations.askedBetween(p.from, p.to);
      const due = await deps.deadlines.latestDueOf(asked.map((c) => c.consultationNumber));
      for (const c of asked) {
        const answeredAt = c.state === ConsultationState.Answered ? c.answeredAt : null;
        const dueAt = due.get(c.consultationNumber);
        if (!isDue(answeredAt, dueAt, asOf)) continue;
        t.add(c.departmentCode, 'due');
        if (inTime(answeredAt, dueAt)) t.add(c.departmentCode, 'inTime');
      }
      return t.byUnit;
    },
    async [DimensionKey.Appointment](p, asOf) {
      const t = tally(factNames(DimensionKey.Appointment));
      const booked = await deps.appointments.bookedBetween(p.from, p.to);
      const due = await deps.deadlines.latestDueOf(booked.map((a) => a.appointmentNumber));
      for (const a of booked) {
        // withdrawn by the booker before the window confirmed it: nothing was asked of the window
        if (a.status === AppointmentStatus.Cancelled && !a.handledAt) continue;
        const dueAt = due.get(a.appointmentNumber);
        if (!isDue(a.handledAt, dueAt, asOf)) continue;
        t.add(a.communityCode, 'due');
        if (inTime(a.handledAt, dueAt)) t.add(a.communityCode, 'inTime');
      }
      return t.byUnit;
    },
    async [DimensionKey.Acceptance](p, asOf, practice) {
      const t = tally(factNames(DimensionKey.Acceptance));
      for (const s of await deps.tasks.startedBetween(p.from, p.to, CaseKind.Application)) {
        if (s.step !== 'accept' || s.state === 'canceled' || s.practice || practice.has(s.caseNumber ?? '')) continue;
        if (!isDue(s.completedAt, s.dueAt, asOf)) continue;
        t.add(s.unitCode, 'due');
        if (inTime(s.completedAt, s.dueAt)) t.add(s.unitCode, 'inTime');
      }
      return t.byUnit;
    },
    async [DimensionKey.TimeLimit](p, _asOf, practice) {
      const t = tally(factNames(DimensionKey.TimeLimit));
      const steps = (await deps.tasks.startedBetween(p.from, p.to, CaseKind.Application))
        .filter((s) => s.state !== 'canceled' && !s.practice && !practice.has(s.caseNumber ?? ''));
      const ids = steps.map((s) => s.deadlineId).filter((id): id is string => !!id);
      const worst = new Map<string, string>();
      for (const c of await deps.cards.ofDeadlines(ids)) {
        if (c.level === CardLevel.Red || (c.level === CardLevel.Yellow && worst.get(c.deadlineId) !== CardLevel.Red)) worst.set(c.deadlineId, c.level);
      }
      for (const s of steps) {
        t.add(s.unitCode, 'steps');
        const level = s.deadlineId ? worst.get(s.deadlineId) : undefined;
        if (level === CardLevel.Red) t.add(s.unitCode, 'red');
        else if (level === CardLevel.Yellow) t.add(s.unitCode, 'yellow');
      }
      return t.byUnit;
    },
    async [DimensionKey.Evaluation](p, _asOf, practice) {
      const t = tally(factNames(DimensionKey.Evaluation));
      const ratings = (await deps.ratings.ratingsBetween(p.from, p.to)).filter((r) => !(r.subject.kind === 'application' && practice.has(r.subject.id)));
      const states = await deps.rectifications.statesOfRatings(ratings.filter((r) => r.bad).map((r) => r.ratingId));
      for (const r of ratings) {
        // every evaluated unit of the case answers for the rating (seed 004 §37: 谁办理、谁负责)
        const units = [...new Set(r.parties.map((x) => x.unitCode))].sort();
        const state = states.get(r.ratingId);
        for (const u of units) {
          t.add(u, 'ratings');
          if (!r.bad) continue;
          t.add(u, 'bad');
          if (state === RectificationState.Invalid) t.add(u, 'invalid');
          else if (state === RectificationState.Rectified || state === RectificationState.FollowedUp) t.add(u, 'rectified');
        }
      }
      return t.byUnit;
    },
    async [DimensionKey.ComplaintHandling](p, asOf) {
      const t = tally(factNames(DimensionKey.ComplaintHandling));
      const filed = (await deps.complaints.forAssessment(p.from, p.to))
        .filter((c) => !c.mergedInto && c.state !== ComplaintState.Returned && c.state !== ComplaintState.Merged && c.state !== ComplaintState.NotAccepted);
      const open = filed.filter((c) => c.answeredInTime === null || c.answeredInTime === undefined);
      const due = await deps.deadlines.latestDueOf(open.map((c) => c.complaintNumber));
      for (const c of filed) {
        const answered = c.answeredInTime === true || c.answeredInTime === false;
        if (!answered) {
          const dueAt = due.get(c.complaintNumber);
          if (dueAt && dueAt.getTime() <= asOf.getTime()) t.add(c.unitCode, 'due');
          continue;
        }
        t.add(c.unitCode, 'due');
        if (c.answeredInTime) t.add(c.unitCode, 'inTime');
      }
      return t.byUnit;
    },
    async [DimensionKey.ComplaintOutcome](p) {
      const t = tally(factNames(DimensionKey.ComplaintOutcome));
      for (const c of await deps.complaints.forAssessment(p.from, p.to)) {
        const last = c.followUps?.at(-1);
        if (!last || c.mergedInto) continue;
        t.add(c.unitCode, 'followedUp');
        if (last.satisfied) t.add(c.unitCode, 'satisfied');
      }
      return t.byUnit;
    },
  };

  const viewSet = (w: WeightSetRecord) => ({
    version: w.version, weights: w.weights as Weights, reason: w.reason, status: w.status as WeightStatus,
    proposedBy: { username: w.proposedBy.username, role: w.proposedBy.role }, proposedAt: w.proposedAt,
    decidedBy: w.decidedBy ? { username: w.decidedBy.username, role: w.decidedBy.role } : null, decidedAt: w.decidedAt ?? null, comment: w.comment ?? null,
  });
  type WeightSetView = ReturnType<typeof viewSet>;
  const DEFAULT_SET = { version: 0, weights: DEFAULT_WEIGHTS, reason: '默认：八个维度等权 / default: the eight dimensions weigh the same', status: WeightStatus.Approved };

  async function weightsInForce(): Promise<{ version: number; weights: Weights }> {
    const w = await weightSets.inForce();
    return w ? { version: w.version, weights: w.weights as Weights } : { version: DEFAULT_SET.version, weights: DEFAULT_SET.weights };
  }

  /** The eight scores of every unit with facts, for a period, read as of the period's end (or now, if sooner). */
  async function scores(period: Period, now: Date) {
    const asOf = new Date(Math.min(now.getTime(), period.to.getTime()));
    const practice = new Set(await deps.applications.practiceNumbers());
    const facts = new Map<DimensionKey, Map<string, Facts>>();
    for (const k of DIMENSION_KEYS) facts.set(k, await readers[k](period, asOf, practice));
    return facts;
  }

  async function rows(periodId: string, now: Date): Promise<RankingRow[]> {
    const period = parsePeriod(periodId, deps.utcOffsetMinutes);
    const [facts, { version, weights }, units] = await Promise.all([scores(period, now), weightsInForce(), deps.units.list()]);
    const withFacts = new Set([...facts.values()].flatMap((m) => [...m.keys()]));
    // the units that serve the public are always listed; a government level only when it has facts itself
    const listed = units.filter((u) => u.kind !== 'government' || withFacts.has(u.code));
    const built = listed.map((u) => {
      const dimensions = DIMENSIONS.map((d) => {
        const f = facts.get(d.key)!.get(u.code) ?? Object.fromEntries(d.facts.map((k) => [k, 0]));
        return { key: d.key, score: d.score(f), facts: f };
      });
      const total = totalOf(Object.fromEntries(dimensions.map((d) => [d.key, d.score])), weights);
      return { unitCode: u.code, unitName: u.name, level: u.level, total, rank: null as number | null, dimensions, weightsVersion: version, scored: dimensions.filter((d) => d.score !== null).length };
    });
    // ties: the higher total first, then the unit with more dimensions scored, then the unit code — never the order of reading
    built.sort((a, b) => (b.total ?? -1) - (a.total ?? -1) || b.scored - a.scored || a.unitCode.localeCompare(b.unitCode));
    let rank = 0;
    return built.map(({ scored: _scored, ...r }) => ({ ...r, rank: r.total === null ? null : ++rank }));
  }

  function checkWeights(weights: Record<string, number>) {
    const keys = Object.keys(weights);
    const missing = DIMENSION_KEYS.filter((k) => !keys.includes(k));
    const extra = keys.filter((k) => !(DIMENSION_KEYS as string[]).includes(k));
    if (missing.length || extra.length) {
      throw new DomainError('WEIGHTS_DIMENSIONS_MISMATCH', ErrorKind.Validation, {
        zh: `权重须为且只为八个考核维度设定${missing.length ? `；缺少 ${missing.join('、')}` : ''}${extra.length ? `；${extra.join('、')} 不是考核维度` : ''}`,
        en: `weights are set for exactly the eight dimensions${missing.length ? `; missing ${missing.join(', ')}` : ''}${extra.length ? `; not dimensions: ${extra.join(', ')}` : ''}`,
      });
    }
    const negative = DIMENSION_KEYS.filter((k) => !(weights[k]! >= 0));
    if (negative.length) {
      throw new DomainError('WEIGHT_NEGATIVE', ErrorKind.Validation, {
        zh: `权重不能为负数：${negative.map((k) => `${k} = ${weights[k]}`).join('，')}`,
        en: `weights cannot be negative: ${negative.map((k) => `${k} = ${weights[k]}`).join(', ')}`,
      });
    }
    // in hundredths, so 12.5 × 8 is exactly 100 and 33.33 + … is judged without float noise
    const cents = DIMENSION_KEYS.reduce((s, k) => s + Math.round(weights[k]! * 100), 0);
    if (cents !== 10_000) {
      const sum = round2(cents / 100);
      throw new DomainError('WEIGHTS_SUM_NOT_100', ErrorKind.Validation, {
        zh: `八个维度的权重之和须为 100，现为 ${sum}`,
        en: `the eight weights must add up to 100; they add up to ${sum}`,
      }, { sum });
    }
  }

  const actor = (by: AssessmentActor) => ({ kind: ActorKind.User, id: by.username, role: by.role });
  const person = (by: AssessmentActor) => ({ username: by.username, role: by.role });
  const target = (version: number) => ({ kind: 'assessment-weights', id: String(version) });
  const versionOf = (input: AuditInput) => Number((input.detail as { version?: number } | null)?.version);
  const same = (a: Date | null | undefined, b: Date) => a instanceof Date && a.getTime() === b.getTime();

  function officeOnly(by: AssessmentActor, what: string) {
    if (by.role !== Role.ServiceOffice) throw new DomainError('SERVICE_OFFICE_ONLY', ErrorKind.Forbidden, {
      zh: `考核权重由政务服务管理办公室${what}，${by.username}（${by.role}）不能${what}`,
      en: `only the service office may ${what === '提出' ? 'propose' : 'decide'} assessment weights, not ${by.username} (${by.role})`,
    });
  }
  async function mustGet(version: number) {
    const w = await weightSets.get(version);
    if (!w) throw new DomainError('WEIGHT_SET_NOT_FOUND', ErrorKind.NotFound, { zh: `考核权重第 ${version} 版不存在`, en: `no assessment weight set version ${version}` });
    return w;
  }
  const decided = (w: WeightSetRecord) => new DomainError('WEIGHTS_ALREADY_DECIDED', ErrorKind.Conflict, {
    zh: `考核权重第 ${w.version} 版已${w.status === WeightStatus.Approved ? '批准' : '驳回'}${w.decidedBy ? `（${w.decidedBy.username}）` : ''}，只能审核一次`,
    en: `assessment weight set version ${w.version} is already ${w.status}${w.decidedBy ? ` (${w.decidedBy.username})` : ''}; it is decided once`,
  }, { status: w.status });

  // a decision interrupted by a stop: the stored weight set says whether it was taken
  audit.settleWith(AuditAction.AssessmentWeightsProposed, async (input) => {
    const w = await weightSets.get(versionOf(input));
    return w && w.proposedBy.username === input.actor.id && same(w.proposedAt, input.at) ? { done: true } : { done: false, why: 'the weight set was never stored' };
  });
  for (const [action, status] of [[AuditAction.AssessmentWeightsApproved, WeightStatus.Approved], [AuditAction.AssessmentWeightsRejected, WeightStatus.Rejected]] as const) {
    audit.settleWith(action, async (input) => {
      const w = await weightSets.get(versionOf(input));
      return w?.status === status && w.decidedBy?.username === input.actor.id && same(w.decidedAt, input.at)
        ? { done: true } : { done: false, why: `the weight set is ${w?.status ?? 'gone'}; it was not ${status}` };
    });
  }

  async function decide(version: number, status: 'approved' | 'rejected', by: AssessmentActor, comment: string | null, now: Date): Promise<WeightSetView> {
    officeOnly(by, '审核');
    const w = await mustGet(version);
    if (w.proposedBy.username === by.username) throw new DomainError('FOUR_EYES_REQUIRED', ErrorKind.Forbidden, {
      zh: `考核权重第 ${version} 版由 ${by.username} 本人提出，须由提出人以外的政务服务管理办公室人员审核`,
      en: `${by.username} proposed assessment weight set version ${version}; another person of the service office decides it`,
    });
    if (w.status !== WeightStatus.Pending) throw decided(w);
    const before = await weightsInForce();
    const entry = await audit.intend({
      at: now, actor: actor(by), action: status === 'approved' ? AuditAction.AssessmentWeightsApproved : AuditAction.AssessmentWeightsRejected,
      target: target(version), unit: by.unitCode ?? null, before: { version: before.version, weights: before.weights },
      after: status === 'approved' ? { version, weights: w.weights } : { version: before.version, weights: before.weights },
      detail: { version, reason: w.reason, comment, proposedBy: w.proposedBy.username },
    });
    if (!(await weightSets.decide(version, status, person(by), now, comment))) {
      await audit.forget(entry);
      throw decided(await mustGet(version));
    }
    await audit.record(entry);
    return viewSet((await weightSets.get(version))!);
  }

  return {
    dimensions: () => DIMENSIONS.map((d) => ({ key: d.key, name: d.name, formula: d.formula, facts: [...d.facts] })),

    /**
     * The ranking of a period: every listed unit's eight scores and total, in rank order (periodic reports use it).
     * Open cases are judged as of the period's end, or now (the engine's clock) while the period runs.
     */
    rank: async (periodId: string, now?: Date) => rows(periodId, now ?? (await deps.clock?.()) ?? new Date()),

    /** The ranking with its period bounds and the weights it used, for the page. */
    async ranking(periodId: string, now: Date) {
      const period = parsePeriod(periodId, deps.utcOffsetMinutes);
      const [list, inForce] = await Promise.all([rows(periodId, now), weightsInForce()]);
      return { period: period.id, kind: period.kind, from: period.from, to: period.to, weights: inForce, rows: list };
    },

    weightsInForce,

    /** Every weight set, newest first; version 0 (equal weights) is in force until one is approved. */
    async weightSets() {
      return { inForce: await weightsInForce(), sets: (await weightSets.list()).map(viewSet), defaults: DEFAULT_SET };
    },

    /** One person of the service office proposes weights (adding up to 100, none negative) with a reason. */
    async propose(input: { weights: Record<string, number>; reason: string }, by: AssessmentActor, now: Date): Promise<WeightSetView> {
      officeOnly(by, '提出');
      checkWeights(input.weights);
      const open = await weightSets.undecided();
      const pendingError = (o: WeightSetRecord | null) => new DomainError('WEIGHTS_PENDING', ErrorKind.Conflict, {
        zh: `已有待审核的考核权重${o ? `（第 ${o.version} 版，${o.proposedBy.username} 提出）` : ''}，请待其批准或驳回后再提出`,
        en: `an assessment weight set is waiting for a decision${o ? ` (version ${o.version}, proposed by ${o.proposedBy.username})` : ''}; it is approved or rejected first`,
      });
      if (open) throw pendingError(open);
      const version = await deps.sequences.next('assessment-weights');
      const weights = Object.fromEntries(DIMENSION_KEYS.map((k) => [k, input.weights[k]!]));
      const entry = await audit.intend({
        at: now, actor: actor(by), action: AuditAction.AssessmentWeightsProposed, target: target(version), unit: by.unitCode ?? null,
        after: { version, weights }, detail: { version, reason: input.reason },
      });
      if (!(await weightSets.insert({ version, weights, reason: input.reason, proposedBy: person(by), proposedAt: now }))) {
        await audit.forget(entry);
        throw pendingError(await weightSets.undecided());
      }
      await audit.record(entry);
      return viewSet((await weightSets.get(version))!);
    },

    /** Another person of the service office approves: the set ranks units from now on. */
    approve: (version: number, by: AssessmentActor, comment: string | null, now: Date) => decide(version, 'approved', by, comment, now),
    /** Another person of the service office rejects, with the reason; the weights in force stay. */
    reject: (version: number, by: AssessmentActor, comment: string, now: Date) => decide(version, 'rejected', by, comment, now),
  };
}
export type AssessmentService = ReturnType<typeof createAssessmentService>;
