import { expect } from 'chai';
import { DIMENSIONS, DimensionKey, totalOf, DEFAULT_WEIGHTS } from '../../../domain/assessment/assessment-dimensions.js';
import { parsePeriod, currentPeriod } from '../../../domain/assessment/assessment-period.js';
import { createAssessmentService, type RankingRow } from '../../../domain/assessment/assessment.service.js';
import type { WeightSetRecord, WeightSetRepository } from '../../../domain/assessment/weight-set.repository.js';
import type { AuditService } from '../../../domain/audit/audit.service.js';
import { DomainError } from '../../../domain/shared/domain-error.js';

// A fixed data set for 2026-Q2 (office time UTC+8). Every expected number below is worked out by hand in the comments.
const at = (s: string) => new Date(`2026-${s}:00+08:00`);
const NOW = at('07-10T10:00');
const due = new Map<string, Date | null>([
  // consultations (1 working day)
  ['ZX1', at('05-02T17:00')], ['ZX2', at('05-02T17:00')], ['ZX3', at('05-02T17:00')], ['ZX5', at('05-06T17:00')], ['ZX6', at('07-02T17:00')],
  // appointments (1 working hour)
  ['YY1', at('05-03T10:00')], ['YY2', at('05-03T10:00')], ['YY4', at('05-03T10:00')], ['YY5', at('05-03T10:00')], ['YYC', at('05-03T10:00')], ['YYD', at('05-03T10:00')],
  // complaints: the step they are at
  ['TS3', at('05-20T17:00')], ['TS6', at('07-03T17:00')],
]);

function dataSet() {
  const complete = { legalBasis: '《条例》', conditions: ['本市户籍'], materials: [{ name: '身份证' }], fees: '不收费', result: '发证' };
  const task = (caseNumber: string, unitCode: string, step: string, o: Record<string, unknown>) =>
    ({ caseNumber, unitCode, step, practice: false, state: 'completed', deadlineId: `d-${caseNumber}-${step}`, dueAt: at('05-10T17:00'), completedAt: at('05-09T10:00'), ...o });
  const party = (unitCode: string, kind = 'department') => ({ kind, id: unitCode, unitCode });
  return {
    units: [
      { code: 'CITY', name: '市政府', level: 'city', kind: 'government' },
      { code: 'DEPT-Y', name: '无数据部门', level: 'district', kind: 'department' },
      { code: 'DEPT-X', name: '某局', level: 'district', kind: 'department' },
      { code: 'COM-D', name: '丁社区', level: 'community', kind: 'community' },
      { code: 'COM-C', name: '丙社区', level: 'community', kind: 'community' },
      { code: 'COM-B', name: '乙社区', level: 'community', kind: 'community' },
      { code: 'COM-A', name: '甲社区', level: 'community', kind: 'community' },
    ],
    // publishing, DEPT-X: 2 published items, 1 complete guide, 1 with a FAQ → 100 × (1 + 1) ÷ (2 × 2) = 50
    items: [
      { code: 'I1', status: 'published', departmentCode: 'DEPT-X', ...complete },
      { code: 'I2', status: 'published', departmentCode: 'DEPT-X', ...complete, fees: '' },
      { code: 'I3', status: 'suspended', departmentCode: 'DEPT-X', ...complete },
    ],
    faq: ['I1', 'I3'],
    // consultation, DEPT-X: due ZX1 ZX2 ZX3 ZX4 ZX5 (ZX6 not yet due at the period's end), in time ZX1 ZX4 ZX5 → 60
    consultations: [
      { consultationNumber: 'ZX1', departmentCode: 'DEPT-X', state: 'answered', answeredAt: at('05-02T09:00') },
      { consultationNumber: 'ZX2', departmentCode: 'DEPT-X', state: 'answered', answeredAt: at('05-03T09:00') },
      { consultationNumber: 'ZX3', departmentCode: 'DEPT-X', state: 'asked', answeredAt: null },
      { consultationNumber: 'ZX4', departmentCode: 'DEPT-X', state: 'answered', answeredAt: at('05-04T09:00') },
      { consultationNumber: 'ZX5', departmentCode: 'DEPT-X', state: 'answered', answeredAt: at('05-06T17:00') },
      { consultationNumber: 'ZX6', departmentCode: 'DEPT-X', state: 'asked', answeredAt: null },
    ],
    // appointment: COM-A due YY1 YY2 YY4 (YY3 cancelled before confirmation), in time YY1 → 33.33; COM-B, COM-C, COM-D 1 of 1 → 100
    appointments: [
      { appointmentNumber: 'YY1', communityCode: 'COM-A', status: 'confirmed', handledAt: at('05-03T09:30') },
      { appointmentNumber: 'YY2', communityCode: 'COM-A', status: 'checked-in', handledAt: at('05-03T11:00') },
      { appointmentNumber: 'YY3', communityCode: 'COM-A', status: 'cancelled', handledAt: null },
      { appointmentNumber: 'YY4', communityCode: 'COM-A', status: 'booked', handledAt: null },
      { appointmentNumber: 'YY5', communityCode: 'COM-B', status: 'confirmed', handledAt: at('05-03T09:10') },
      { appointmentNumber: 'YYC', communityCode: 'COM-C', status: 'confirmed', handledAt: at('05-03T09:10') },
      { appointmentNumber: 'YYD', communityCode: 'COM-D', status: 'confirmed', handledAt: at('05-03T09:10') },
    ],
    // acceptance: COM-A SQ1 in time, SQ2 late (SQ3 practice flag, SQ4 a practice number: not counted) → 50;
    // COM-B SQ5 in time (SQ6 cancelled, SQ7 open and not due by the period's end) → 100
    // time limits: COM-A 2 steps, SQ2 yellow → 100 × (2 − 0.5) ÷ 2 = 75; COM-B 2 steps, no card → 100;
    // DEPT-X 4 steps, SQ1 yellow+red (counts red), SQ5 yellow → 100 × (4 − 0.5 − 1) ÷ 4 = 62.5
    tasks: [
      task('SQ1', 'COM-A', 'accept', {}),
      task('SQ2', 'COM-A', 'accept', { completedAt: at('05-11T09:00') }),
      task('SQ3', 'COM-A', 'accept', { practice: true, completedAt: at('05-11T09:00') }),
      task('SQ4', 'COM-A', 'accept', { completedAt: at('05-11T09:00') }),
      task('SQ5', 'COM-B', 'accept', {}),
      task('SQ6', 'COM-B', 'accept', { state: 'canceled', completedAt: null }),
      task('SQ7', 'COM-B', 'accept', { state: 'created', completedAt: null, dueAt: at('07-05T17:00') }),
      task('SQ1', 'DEPT-X', 'review', {}), task('SQ2', 'DEPT-X', 'review', {}), task('SQ5', 'DEPT-X', 'review', {}), task('SQ7', 'DEPT-X', 'review', { deadlineId: null }),
    ],
    practiceNumbers: ['SQ4'],
    cards: [
      { deadlineId: 'd-SQ2-accept', level: 'yellow' }, { deadlineId: 'd-SQ3-accept', level: 'red' }, { deadlineId: 'd-SQ4-accept', level: 'red' },
      { deadlineId: 'd-SQ1-review', level: 'yellow' }, { deadlineId: 'd-SQ1-review', level: 'red' }, { deadlineId: 'd-SQ5-review', level: 'yellow' },
    ],
    // evaluation: COM-A E1 E2 E6 (E6 names COM-A twice: once), bad E2 rectified → 100 × (3 − 1 + 0 + 0.5) ÷ 3 = 83.33;
    // DEPT-X E1 E2 E3 E4, bad 3, invalid E3, rectified E2 → 100 × (4 − 3 + 1 + 0.5) ÷ 4 = 62.5; E5 rates a practice case
    ratings: [
      { ratingId: 'E1', subject: { kind: 'application', id: 'SQ1' }, parties: [party('COM-A', 'operator'), party('DEPT-X')], bad: false },
      { ratingId: 'E2', subject: { kind: 'application', id: 'SQ2' }, parties: [party('COM-A', 'operator'), party('DEPT-X')], bad: true },
      { ratingId: 'E3', subject: { kind: 'consultation', id: 'ZX1' }, parties: [party('DEPT-X')], bad: true },
      { ratingId: 'E4', subject: { kind: 'consultation', id: 'ZX2' }, parties: [party('DEPT-X')], bad: true },
      { ratingId: 'E5', subject: { kind: 'application', id: 'SQ4' }, parties: [party('COM-B')], bad: true },
      { ratingId: 'E6', subject: { kind: 'application', id: 'SQ5' }, parties: [party('COM-A', 'operator'), party('COM-A')], bad: false },
    ],
    rectifications: new Map([['E2', 'followed-up'], ['E3', 'invalid'], ['E4', 'contacted'], ['E5', 'open']]),
    // complaint handling: DEPT-X due TS1 TS2 TS3 (TS4 returned, TS5 merged, TS6 not yet due), in time TS1 → 33.33; COM-A 1 of 1 → 100
    // complaint outcomes: DEPT-X followed up TS1 (last visit satisfied) and TS2 (not) → 50; COM-A 1 of 1 → 100
    complaints: [
      { complaintNumber: 'TS1', unitCode: 'DEPT-X', state: 'closed', mergedInto: null, answeredInTime: true, followUps: [{ satisfied: false }, { satisfied: true }] },
      { complaintNumber: 'TS2', unitCode: 'DEPT-X', state: 'closed', mergedInto: null, answeredInTime: false, followUps: [{ satisfied: false }] },
      { complaintNumber: 'TS3', unitCode: 'DEPT-X', state: 'accepted', mergedInto: null, answeredInTime: null, followUps: [] },
      { complaintNumber: 'TS4', unitCode: 'DEPT-X', state: 'returned', mergedInto: null, answeredInTime: null, followUps: [] },
      { complaintNumber: 'TS5', unitCode: 'DEPT-X', state: 'merged', mergedInto: 'TS1', answeredInTime: null, followUps: [{ satisfied: true }] },
      { complaintNumber: 'TS6', unitCode: 'DEPT-X', state: 'accepted', mergedInto: null, answeredInTime: null, followUps: [] },
      { complaintNumber: 'TS7', unitCode: 'COM-A', state: 'closed', mergedInto: null, answeredInTime: true, followUps: [{ satisfied: true }] },
    ],
  };
}

function fakeWeightSets(): WeightSetRepository {
  const rows: WeightSetRecord[] = [];
  const find = (v: number) => rows.find((r) => r.version === v);
  return {
    insert: async (s) => {
      if (rows.some((r) => r.status === 'pending')) return false;
      rows.push({ ...structuredClone(s), status: 'pending', decidedBy: null, decidedAt: null, comment: null } as WeightSetRecord);
      return true;
    },
    get: async (v) => structuredClone(find(v) ?? null),
    undecided: async () => structuredClone(rows.find((r) => r.status === 'pending') ?? null),
    inForce: async () => structuredClone(rows.filter((r) => r.status === 'approved').sort((a, b) => b.decidedAt!.getTime() - a.decidedAt!.getTime() || b.version - a.version)[0] ?? null),
    list: async () => structuredClone([...rows].reverse()),
    decide: async (v, status, by, when, comment) => {
      const r = find(v);
      if (r?.status !== 'pending') return false;
      Object.assign(r, { status, decidedBy: by, decidedAt: when, comment });
      return true;
    },
    discard: async () => undefined,
  };
}

function build(data = dataSet(), shuffle = false) {
  const order = <T,>(xs: T[]) => (shuffle ? [...xs].reverse() : xs);
  const asked: { from: Date; to: Date }[] = [];
  const entries: { action: string; actor: { id: string }; detail: unknown }[] = [];
  const audit = {
    settleWith: () => undefined, forget: async () => undefined,
    intend: async (input: Record<string, unknown>) => ({ ...input, key: 'k' }),
    record: async (input: { action: string; actor: { id: string }; detail: unknown }) => void entries.push(input),
  } as unknown as AuditService;
  let seq = 0;
  const service = createAssessmentService({
    units: { list: async () => order(data.units) as never },
    items: { listLatest: async () => order(data.items) as never },
    consultations: {
      askedBetween: async (from, to) => (asked.push({ from, to }), order(data.consultations) as never),
      faqItemCodes: async () => data.faq,
    },
    appointments: { bookedBetween: async () => order(data.appointments) as never },
    tasks: { startedBetween: async (_f, _t, kind) => (kind === 'application' ? order(data.tasks) : []) as never },
    cards: { ofDeadlines: async (ids) => order(data.cards.filter((c) => ids.includes(c.deadlineId))) as never },
    deadlines: { latestDueOf: async (ns) => new Map(ns.filter((n) => due.has(n)).map((n) => [n, due.get(n)!])) },
    ratings: { ratingsBetween: async () => order(data.ratings) as never },
    rectifications: { statesOfRatings: async (ids) => new Map([...data.rectifications].filter(([k]) => ids.includes(k))) },
    complaints: { forAssessment: async () => order(data.complaints) as never },
    applications: { practiceNumbers: async () => data.practiceNumbers },
    weightSets: fakeWeightSets(), sequences: { next: async () => ++seq }, audit, utcOffsetMinutes: 480,
  });
  return { service, asked, entries };
}

const scoresOf = (rows: RankingRow[], unit: string) =>
  Object.fromEntries(rows.find((r) => r.unitCode === unit)!.dimensions.map((d) => [d.key, d.score]));

describe('quantified assessment: eight dimensions per unit (seed 001 §13, §30)', () => {
  it('reads a quarter in office time: 2026-Q2 is 1 April 00:00 to 1 July 00:00 Beijing time', async () => {
    const p = parsePeriod('2026-Q2', 480);
    expect([p.kind, p.from.toISOString(), p.to.toISOString()]).to.deep.equal(['quarter', '2026-03-31T16:00:00.000Z', '2026-06-30T16:00:00.000Z']);
    expect(parsePeriod('2026-02', 480).to.toISOString()).to.equal('2026-02-28T16:00:00.000Z');
    expect(parsePeriod('2026', 480).to.toISOString()).to.equal('2026-12-31T16:00:00.000Z');
    expect(currentPeriod('quarter', new Date('2026-09-30T16:30:00Z'), 480), 'already October in Beijing').to.equal('2026-Q4');
    for (const bad of ['2026-13', '2026-Q5', '26', '2026-1', '1999']) {
      expect(() => parsePeriod(bad, 480), bad).to.throw(DomainError).with.property('code', 'PERIOD_INVALID');
    }
    const { service, asked } = build();
    await service.rank('2026-Q2', NOW);
    expect(asked[0]).to.deep.equal({ from: new Date('2026-03-31T16:00:00Z'), to: new Date('2026-06-30T16:00:00Z') });
  });

  it('scores every dimension on the fixed data set as worked out by hand', async () => {
    const rows = await build().service.rank('2026-Q2', NOW);
    expect(scoresOf(rows, 'DEPT-X')).to.deep.equal({
      publishing: 50, consultation: 60, appointment: null, acceptance: null, 'time-limit': 62.5, evaluation: 62.5, 'complaint-handling': 33.33, 'complaint-outcome': 50,
    });
    expect(scoresOf(rows, 'COM-A')).to.deep.equal({
      publishing: null, consultation: null, appointment: 33.33, acceptance: 50, 'time-limit': 75, evaluation: 83.33, 'complaint-handling': 100, 'complaint-outcome': 100,
    });
    expect(scoresOf(rows, 'COM-B')).to.deep.equal({
      publishing: null, consultation: null, appointment: 100, acceptance: 100, 'time-limit': 100, evaluation: null, 'complaint-handling': null, 'complaint-outcome': null,
    });
    const facts = (unit: string, key: string) => rows.find((r) => r.unitCode === unit)!.dimensions.find((d) => d.key === key)!.facts;
    expect(facts('DEPT-X', 'consultation')).to.deep.equal({ due: 5, inTime: 3 });
    expect(facts('DEPT-X', 'time-limit')).to.deep.equal({ steps: 4, yellow: 1, red: 1 });
    expect(facts('COM-A', 'evaluation')).to.deep.equal({ ratings: 3, bad: 1, invalid: 0, rectified: 1 });
    expect(facts('COM-B', 'evaluation'), 'no facts: zeros and no score').to.deep.equal({ ratings: 0, bad: 0, invalid: 0, rectified: 0 });
  });

  it('never counts practice cases: neither their steps, their cards nor their ratings', async () => {
    const rows = await build().service.rank('2026-Q2', NOW);
    const a = rows.find((r) => r.unitCode === 'COM-A')!;
    expect(a.dimensions.find((d) => d.key === 'acceptance')!.facts, 'SQ3 (practice flag) and SQ4 (practice number) left out').to.deep.equal({ due: 2, inTime: 1 });
    expect(a.dimensions.find((d) => d.key === 'time-limit')!.facts, 'their red cards left out').to.deep.equal({ steps: 2, yellow: 1, red: 0 });
    expect(scoresOf(rows, 'COM-B').evaluation, 'E5 rates a practice case').to.equal(null);
  });

  it('totals over the dimensions with facts, ranks with ties broken by dimensions scored then code, and lists units without facts unranked', async () => {
    const rows = await build().service.rank('2026-Q2', NOW);
    // COM-A: (33.33 + 50 + 75 + 83.33 + 100 + 100) ÷ 6 = 73.61; DEPT-X: (50 + 60 + 62.5 + 62.5 + 33.33 + 50) ÷ 6 = 53.06
    expect(rows.map((r) => [r.unitCode, r.total, r.rank])).to.deep.equal([
      ['COM-B', 100, 1], ['COM-C', 100, 2], ['COM-D', 100, 3], ['COM-A', 73.61, 4], ['DEPT-X', 53.06, 5], ['DEPT-Y', null, null],
    ]);
    expect(rows.every((r) => r.weightsVersion === 0), 'equal weights, version 0, until some are approved').to.equal(true);
    expect(rows.some((r) => r.unitCode === 'CITY'), 'a government level without facts is not listed').to.equal(false);
  });

  it('gives the same ranking for the same data and weights, whatever order the store answers in', async () => {
    const first = await build().service.rank('2026-Q2', NOW);
    const again = await build().service.rank('2026-Q2', NOW);
    const shuffled = await build(dataSet(), true).service.rank('2026-Q2', NOW);
    expect(again).to.deep.equal(first);
    expect(shuffled).to.deep.equal(first);
    // asked later, the ranking of a closed quarter is the same: open cases are judged as of the quarter's end
    expect(await build().service.rank('2026-Q2', new Date('2027-01-01T00:00:00Z'))).to.deep.equal(first);
  });

  it('states each formula in Chinese and English, and the total is Σ weight × score ÷ 100 when all dimensions have facts', () => {
    expect(DIMENSIONS.map((d) => d.key)).to.deep.equal(Object.values(DimensionKey));
    for (const d of DIMENSIONS) {
      expect(d.formula.zh, d.key).to.match(/^100 ×/);
      expect(d.formula.en, d.key).to.match(/^100 ×/);
      // the page shows the fact counts beside the formula: each dimension names the facts it reads
      expect(d.facts.length, d.key).to.be.greaterThan(1);
    }
    const scores = { publishing: 80, consultation: 60, appointment: 100, acceptance: 90, 'time-limit': 70, evaluation: 50, 'complaint-handling': 40, 'complaint-outcome': 100 };
    const weights = { publishing: 10, consultation: 10, appointment: 10, acceptance: 20, 'time-limit': 20, evaluation: 10, 'complaint-handling': 10, 'complaint-outcome': 10 };
    // 8 + 6 + 10 + 18 + 14 + 5 + 4 + 10 = 75
    expect(totalOf(scores, weights)).to.equal(75);
    expect(totalOf(scores, DEFAULT_WEIGHTS)).to.equal(73.75);
  });
});

describe('quantified assessment: weights with four eyes', () => {
  const even = { publishing: 10, consultation: 10, appointment: 30, acceptance: 10, 'time-limit': 10, evaluation: 10, 'complaint-handling': 10, 'complaint-outcome': 10 };
  const zhang = { username: 'office.zhang', role: 'service-office', unitCode: 'CITY' };
  const li = { username: 'office.li', role: 'service-office', unitCode: 'CITY' };

  it('refuses weights that do not add up to 100, in both languages with the sum', async () => {
    const { service } = build();
    const err = await service.propose({ weights: { ...even, appointment: 25 }, reason: '调整' }, zhang, NOW).catch((e: unknown) => e as DomainError);
    expect(err).to.be.instanceOf(DomainError).with.property('code', 'WEIGHTS_SUM_NOT_100');
    expect((err as DomainError).zh).to.include('须为 100').and.include('95');
    expect((err as DomainError).message).to.include('add up to 100').and.include('95');
    const negative = await service.propose({ weights: { ...even, appointment: 40, evaluation: -0.5, publishing: 10.5 }, reason: '调整' }, zhang, NOW).catch((e: unknown) => e as DomainError);
    expect(negative).to.have.property('code', 'WEIGHT_NEGATIVE');
    const missing = await service.propose({ weights: { publishing: 100 }, reason: '调整' }, zhang, NOW).catch((e: unknown) => e as DomainError);
    expect(missing).to.have.property('code', 'WEIGHTS_DIMENSIONS_MISMATCH');
  });

  it('the proposer cannot approve; another person of the service office can, and the ranking names the new version', async () => {
    const { service, entries } = build();
    const proposed = await service.propose({ weights: even, reason: '预约服务为本季重点' }, zhang, NOW);
    expect(proposed).to.include({ version: 1, status: 'pending' });
    expect((await service.rank('2026-Q2', NOW))[0]!.weightsVersion, 'not in force while pending').to.equal(0);
    const self = await service.approve(1, zhang, null, NOW).catch((e: unknown) => e as DomainError);
    expect(self).to.have.property('code', 'FOUR_EYES_REQUIRED');
    const second = await service.propose({ weights: even, reason: '再提一次' }, li, NOW).catch((e: unknown) => e as DomainError);
    expect(second, 'one open proposal at a time').to.have.property('code', 'WEIGHTS_PENDING');
    const leader = await service.approve(1, { username: 'health.leader', role: 'department-leader' }, null, NOW).catch((e: unknown) => e as DomainError);
    expect(leader).to.have.property('code', 'SERVICE_OFFICE_ONLY');
    expect(await service.approve(1, li, '同意', NOW)).to.include({ version: 1, status: 'approved' });
    expect(await service.approve(1, li, null, NOW).catch((e: unknown) => e as DomainError)).to.have.property('code', 'WEIGHTS_ALREADY_DECIDED');
    const rows = await service.rank('2026-Q2', NOW);
    expect(rows.every((r) => r.weightsVersion === 1)).to.equal(true);
    // COM-A: (10 × 33.33 + 10 × 50 + 10 × 75 + 10 × 83.33 + 10 × 100 + 10 × 100 … appointment 30) ÷ 80:
    // (999.9 + 500 + 750 + 833.3 + 1000 + 1000) ÷ 80 = 63.54
    expect(rows.find((r) => r.unitCode === 'COM-A')!.total).to.equal(63.54);
    expect(entries.map((e) => [e.action, e.actor.id])).to.deep.equal([['assessment.weights-proposed', 'office.zhang'], ['assessment.weights-approved', 'office.li']]);
  });

  it('a rejected set never ranks, and every version stays listed', async () => {
    const { service } = build();
    await service.propose({ weights: even, reason: '试行' }, li, NOW);
    expect(await service.reject(1, zhang, '依据不足', NOW)).to.include({ status: 'rejected', comment: '依据不足' });
    expect((await service.weightsInForce()).version).to.equal(0);
    await service.propose({ weights: DEFAULT_WEIGHTS, reason: '等权' }, li, NOW);
    expect((await service.weightSets()).sets.map((s) => [s.version, s.status])).to.deep.equal([[2, 'pending'], [1, 'rejected']]);
  });
});
