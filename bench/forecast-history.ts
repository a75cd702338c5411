import type { StepRecord, WorkingClock } from '../domain/forecast/breach-forecast.js';

/**
 * A seeded synthetic history of step records, for the breach-forecast backtest: cases of three items arrive in
 * office hours over `days` calendar days; each step goes to the least-loaded operator of its unit and post,
 * and takes (base of item and step) × (operator's speed) × e^(0.12·min(load, 8) + 0.03·min(queue, 15)) × log-normal noise, in
 * working minutes on the official calendar. Due times are the step's limit in working days.
 */
export interface HistoryPlan { seed: number; days: number; casesPerDay: number; start: Date }

const ITEMS = [
  { code: 'HX-001', scale: 1 },
  { code: 'HX-002', scale: 1.6 },
  { code: 'HX-003', scale: 0.7 },
];
const STEPS = [
  { step: 'accept', post: 'acceptor', unit: 'community', base: 90, limitDays: 1 },
  { step: 'review', post: 'reviewer', unit: 'department', base: 300, limitDays: 3 },
  { step: 'decide', post: 'decider', unit: 'department', base: 240, limitDays: 2 },
  { step: 'issue', post: 'closer', unit: 'community', base: 120, limitDays: 1 },
];
const COMMUNITIES = ['C01', 'C02'];
const DEPARTMENTS = ['D01', 'D02'];
const OPERATORS_PER_POST = 2;
const DAY_MINUTES = 420;

/** mulberry32: a small seeded generator, so the history is the same on every run */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticHistory(plan: HistoryPlan, clock: WorkingClock): StepRecord[] {
  const rnd = random(plan.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const speed = new Map<string, number>();
  const operatorsOf = (unit: string, post: string) =>
    Array.from({ length: OPERATORS_PER_POST }, (_, i) => {
      const name = `${unit}.${post}.${i + 1}`;
      if (!speed.has(name)) speed.set(name, Math.exp(0.35 * normal()));
      return name;
    });
  const records: StepRecord[] = [];
  const openAt = (at: Date, f: (r: StepRecord) => boolean) => records.filter((r) => r.createdAt <= at && r.completedAt! > at && f(r)).length;
  const totalMinutes = Math.round((plan.days * 5 / 7) * DAY_MINUTES);
  const arrivals = Array.from({ length: Math.round(plan.days * 5 / 7 * plan.casesPerDay) }, () => Math.floor(rnd() * totalMinutes)).sort((a, b) => a - b);
  arrivals.forEach((offset, n) => {
    const item = ITEMS[Math.floor(rnd() * ITEMS.length)]!;
    const community = COMMUNITIES[Math.floor(rnd() * COMMUNITIES.length)]!;
    const department = DEPARTMENTS[Math.floor(rnd() * DEPARTMENTS.length)]!;
    const caseNumber = `SQ${String(n + 1).padStart(6, '0')}`;
    let at = clock.addMinutes(plan.start, offset);
    // some items skip the decision when the reviewer decides alone
    const steps = item.code === 'HX-003' ? STEPS.filter((s) => s.step !== 'decide') : STEPS;
    for (const s of steps) {
      const unitCode = s.unit === 'community' ? community : department;
      const ops = operatorsOf(unitCode, s.post);
      const loads = ops.map((o) => openAt(at, (r) => r.assignee === o));
      const pick = loads.indexOf(Math.min(...loads));
      const assignee = ops[pick]!;
      const queue = openAt(at, (r) => r.unitCode === unitCode && r.post === s.post);
      const minutes = s.base * item.scale * speed.get(assignee)! * Math.exp(0.12 * Math.min(loads[pick]!, 8) + 0.03 * Math.min(queue, 15) + 0.5 * normal());
      const completedAt = clock.addMinutes(at, Math.max(5, Math.round(minutes)));
      const dueAt = clock.addMinutes(at, s.limitDays * DAY_MINUTES);
      records.push({ id: `${caseNumber}:${s.step}`, caseNumber, itemCode: item.code, step: s.step, unitCode, post: s.post, assignee, createdAt: at, completedAt, dueAt });
      at = completedAt;
    }
  });
  return records;
}
