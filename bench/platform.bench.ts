// Prints figures for the platform's store-bound work on this machine: `npm run bench` (the engine: bench/engine.bench.ts).
// Starts the store as the tests do, with the embedded engine on it.
import { pino } from 'pino';
import { loadConfig } from '../config/index.js';
import { createEngine } from '../infra/engine/index.js';
import { connectStore, disconnectStore } from '../infra/store.js';
import { startLocalServices } from '../local/services.js';
import { createSequenceRepository } from '../domain/sequence/sequence.repository.js';
import { migrateStore } from '../domain/migrations.js';
import { createDomainServices } from '../domain/services.js';
import { startWorkers } from '../workers/start.js';
import { AuditAction } from '../domain/audit/audit-entry.model.js';
import { systemActor } from '../domain/audit/audit.service.js';

process.env.DATA_DIR ??= 'data/bench';
process.env.LOCAL_STORE_PORT ??= '27217';

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
}

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function main() {
  const config = loadConfig();
  const log = pino({ level: 'warn' });
  const t0 = performance.now();
  const local = await startLocalServices(config, log);
  const startup = performance.now() - t0;
  await connectStore(config.store.uri, log, migrateStore);
  const engine = await createEngine(config, log);
  const services = createDomainServices({ engine: engine.port, config, log });
  await engine.port.start();
  const stopWorkers = startWorkers(engine.port, services, log);
  try {
    const rows: string[] = [`store ready: ${(startup / 1000).toFixed(1)} s`];

    const sequences = createSequenceRepository();
    const seqSamples: number[] = [];
    for (let i = 0; i < 200; i++) seqSamples.push(await timed(() => sequences.next('bench')));
    rows.push(`store: sequence.next x200 sequential: ${stats(seqSamples)}`);

    const entry = (i: number) => ({ at: new Date(), actor: systemActor, action: AuditAction.NoticeSent, target: { kind: 'bench', id: String(i) }, detail: { i, text: '办件通知 bench' } });
    const auditSamples: number[] = [];
    for (let i = 0; i < 500; i++) auditSamples.push(await timed(() => services.audit.record(entry(i))));
    rows.push(`audit: record (append to the chain) x500 sequential: ${stats(auditSamples)}`);
    const ta = performance.now();
    await Promise.all(Array.from({ length: 500 }, (_, i) => services.audit.record(entry(1000 + i))));
    const auditSeconds = (performance.now() - ta) / 1000;
    rows.push(`audit: 500 concurrent records: ${auditSeconds.toFixed(1)} s (${(500 / auditSeconds).toFixed(0)} entries/s)`);
    const tv = performance.now();
    const report = await services.audit.verify();
    const verifySeconds = (performance.now() - tv) / 1000;
    rows.push(`audit: verify ${report.entries} entries (intact: ${report.intact}): ${verifySeconds.toFixed(2)} s (${(report.entries / verifySeconds).toFixed(0)} entries/s)`);

    const stockType = `BENCH-${Date.now()}`;
    await services.serials.addStock('COM-BINHU', stockType, Array.from({ length: 200 }, (_, i) => `${stockType}-${String(i + 1).padStart(6, '0')}`));
    const tu = performance.now();
    const uses = await Promise.all(Array.from({ length: 200 }, (_, i) => services.serials.use({ applicationNumber: `${stockType}-APP-${i}`, communityCode: 'COM-BINHU', certificateType: stockType, now: new Date() })));
    const useSeconds = (performance.now() - tu) / 1000;
    rows.push(`stock: 200 concurrent print-serial uses: ${useSeconds.toFixed(1)} s (${(200 / useSeconds).toFixed(0)}/s), ${new Set(uses.map((u) => u.serial)).size} distinct serials`);

    process.stdout.write(`${rows.join('\n')}\n`);
  } finally {
    await stopWorkers();
    await engine.port.close();
    await disconnectStore();
    await local.stop();
  }
}

void main();
