// Backtest of the breach forecast: `npm run bench:forecast [-- --short] [-- --seed N]`.
// The history is a seeded synthetic one (bench/forecast-history.ts), generated in memory on the official
// working calendar: operator speed, queue and load effects, limits in working days. The evaluation is
// time-ordered: each step of the later half is forecast at the moment it opened, from what was completed then.
import { backtest } from '../domain/forecast/backtest.js';
import { clockOf } from '../domain/forecast/breach-forecast.js';
import { createWorkingCalendar } from '../domain/deadline/working-calendar.js';
import { syntheticHistory } from './forecast-history.js';

async function main() {
  const args = process.argv.slice(2);
  const short = args.includes('--short');
  const seedArg = args.indexOf('--seed');
  const seed = seedArg >= 0 ? Number(args[seedArg + 1]) : 2026;
  const calendar = createWorkingCalendar({ officeHours: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:30' }], utcOffsetMinutes: 480 });
  const clock = clockOf(calendar);
  const plan = { seed, days: short ? 56 : 182, casesPerDay: short ? 6 : 8, start: new Date('2026-03-02T01:00:00Z') };
  const started = Date.now();
  const history = syntheticHistory(plan, clock);
  const r = backtest(history, clock, { warmUp: 0.5 });
  const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
  const out = process.stdout;
  out.write(`Breach forecast backtest (${short ? 'short' : 'full'} run)\n`);
  out.write(`History: SYNTHETIC, seeded (seed ${seed}), generated in memory — not recorded cases of the platform.\n`);
  out.write(`  ${plan.days} calendar days from ${plan.start.toISOString().slice(0, 10)}, ${plan.casesPerDay} cases per working day, ${history.length} step records\n`);
  out.write(`  fitted on ${r.trainedOn} steps completed before the split; ${r.forecast.steps} later steps forecast at their opening, ${r.breaches} of them breached\n`);
  out.write(`  fallback levels used: ${Object.entries(r.levels).map(([k, v]) => `${k} ${v}`).join(', ')}\n\n`);
  const rows = [
    ['forecast', r.forecast],
    ['naive (completion = due time)', r.naive],
  ] as const;
  out.write(`${'model'.padEnd(32)}${'MAE (working h)'.padStart(16)}${'accuracy'.padStart(10)}${'precision'.padStart(11)}${'recall'.padStart(9)}${'F1'.padStart(7)}${'"will breach"'.padStart(15)}\n`);
  for (const [name, s] of rows) {
    out.write(`${name.padEnd(32)}${s.mae.toFixed(2).padStart(16)}${pct(s.accuracy).padStart(10)}${pct(s.precision).padStart(11)}${pct(s.recall).padStart(9)}${s.f1.toFixed(2).padStart(7)}${String(s.predictedBreaches).padStart(15)}\n`);
  }
  const beats = r.forecast.mae < r.naive.mae;
  out.write(`\nMAE ${beats ? 'beats' : 'does NOT beat'} the naive forecast (${r.forecast.mae.toFixed(2)} h vs ${r.naive.mae.toFixed(2)} h); ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  if (!beats) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
