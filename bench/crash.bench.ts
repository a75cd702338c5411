// The whole platform killed (SIGKILL) at random moments while window staff file applications and operators
// accept, review, decide and hand over, then started again: `npx tsx bench/crash.bench.ts [--kills N]` (20 by
// default; CI runs 2). Prints a table, and exits 1 if anything acknowledged is lost or any check fails.
import { rmSync } from 'node:fs';
import mongoose from 'mongoose';
import { spawnedPlatform } from '../test/support/spawned-platform.js';

const kills = Number(process.argv[process.argv.indexOf('--kills') + 1]) || 20;
const DATA = 'data/crash-bench';
/** acceptance uses a print serial and the demo stock holds 50 per community and type: fewer cases are accepted */
const MAX_ACCEPTED = 45;
const person = { type: 'individual', name: '王五', idNumber: '420700198502021234', phone: '13900001234' };
const materials = ['居民身份证', '户口簿', '结婚证', '近期免冠一寸照片'].map((name) => ({ name, provided: true }));
const say = (line: string) => process.stdout.write(`${line}\n`);
type QueueTask = { userTaskKey: string; caseNumber: string; step: string };

async function main() {
  rmSync(DATA, { recursive: true, force: true });
  // actions a kill interrupts are mended 5 s after they were written down, instead of a minute
  const p = spawnedPlatform({ port: 3147, storePort: 27147, dataDir: DATA, env: { AUDIT_MEND_AFTER_SECONDS: '5' } });
  const acknowledged: string[] = [];
  const completed: Record<string, number> = { accept: 0, review: 0, decide: 0, close: 0 };
  const rows: string[] = [];
  let failed = false;
  const check = (ok: boolean) => { if (!ok) failed = true; return ok ? '' : ' ✗'; };
  try {
    for (let round = 1; round <= kills; round++) {
      await p.start();
      const tokens = {
        window: await p.login('binhu.acceptor'), reviewer: await p.login('health.reviewer'),
        decider: await p.login('health.decider'), closer: await p.login('binhu.closer'),
      };
      let stop = false;
      const filing = (async () => {
        while (!stop) {
          const r = await p.api('POST', '/api/applications', tokens.window, { itemCode: 'DSZN', applicant: person, materials }).catch(() => null);
          if (r?.status === 201) acknowledged.push(String(r.json.applicationNumber));
        }
      })();
      // each operator takes tasks of their step from the queue, claims and completes them, until the kill
      const working = (step: string, token: string, body: (t: QueueTask) => Promise<Record<string, unknown> | null>) => (async () => {
        while (!stop) {
          const list = await p.api('GET', `/api/tasks?scope=queue&step=${step}`, token).catch(() => null);
          for (const t of ((list?.json.tasks as QueueTask[] | undefined) ?? []).filter((x) => x.step === step).slice(0, 5)) {
            if (stop) break;
            const submitted = await body(t);
            if (!submitted) continue;
            const claimed = await p.api('POST', `/api/tasks/${t.userTaskKey}/claim`, token).catch(() => null);
            if (claimed?.status !== 200) continue;
            const done = await p.api('POST', `/api/tasks/${t.userTaskKey}/complete`, token, submitted).catch(() => null);
            if (done?.status === 204) completed[step] = (completed[step] ?? 0) + 1;
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const staff = [
        working('accept', tokens.window, async () => ((completed.accept ?? 0) >= MAX_ACCEPTED ? null : { decision: 'accepted' })),
        working('review', tokens.reviewer, async () => ({ decision: 'approved' })),
        working('decide', tokens.decider, async (t) => {
          const app = await p.api('GET', `/api/applications/${t.caseNumber}`, tokens.decider).catch(() => null);
          const number = app?.json.documentNumber;
          return typeof number === 'string' ? { decision: 'approved', confirmDocumentNumber: number } : null;
        }),
        working('close', tokens.closer, async () => ({ handover: 'in-person' })),
      ];
      await new Promise((r) => setTimeout(r, 1000 + Math.random() * 3000));
      p.kill();
      stop = true;
      await Promise.allSettled([filing, ...staff]);
      rows.push(`| ${round} | ${acknowledged.length} | ${completed.accept} | ${completed.review} | ${completed.decide} | ${completed.close} |`);
      say(`[crash] kill ${round}: ${acknowledged.length} applications acknowledged; steps completed: ${JSON.stringify(completed)}`);
    }
    await p.start();
    const window = await p.login('binhu.acceptor');
    let missing = 0;
    for (const n of acknowledged) {
      const app = await p.api('GET', `/api/applications/${n}`, window);
      if (app.status !== 200) missing += 1;
    }

    // behind the API: every stored case stands where its process stands
    const store = await mongoose.createConnection(p.storeUri).asPromise();
    const db = store.db!;
    // the interrupted actions are mended (5 s after they were written down, checked every 5 s)
    const intentsLeft = await p.eventually('the interrupted actions to be mended', async () => {
      const n = await db.collection('audit_intents').countDocuments();
      return n === 0 ? 'none' : null;
    }, 60_000).catch(async () => String(await db.collection('audit_intents').countDocuments()));
    type Stored = { applicationNumber: string; status: string; processInstanceKey?: string | null; units: Record<string, string>; printSerial?: string | null; documentNumber?: string | null };
    type OpenTask = { caseNumber: string; step: string; unitCode: string; state: string };
    const placed = async () => {
      const apps = await db.collection<Stored>('applications').find({}).toArray();
      const open = await db.collection<OpenTask>('tasks').find({ state: { $in: ['created', 'assigned', 'completing'] } }).toArray();
      const byApp = new Map<string, OpenTask[]>();
      for (const t of open) byApp.set(t.caseNumber, [...(byApp.get(t.caseNumber) ?? []), t]);
      const wrong: string[] = [];
      for (const a of apps) {
        const tasks = byApp.get(a.applicationNumber) ?? [];
        if (!a.processInstanceKey) wrong.push(`${a.applicationNumber}: no process`);
        else if (a.status === 'closed') { if (tasks.length) wrong.push(`${a.applicationNumber}: closed with an open task`); }
        else if (tasks.length !== 1) wrong.push(`${a.applicationNumber}: ${tasks.length} open tasks`);
        else if (tasks[0]!.state === 'completing') wrong.push(`${a.applicationNumber}: its ${tasks[0]!.step} task is stuck completing`);
        else if (a.units[tasks[0]!.step] !== tasks[0]!.unitCode) wrong.push(`${a.applicationNumber}: its ${tasks[0]!.step} task is with ${tasks[0]!.unitCode}, not ${a.units[tasks[0]!.step]}`);
      }
      return { apps, wrong };
    };
    // the engine's events reach the task queues shortly after a start: give them time to settle
    const settled = await p.eventually('every case in its queue', async () => { const r = await placed(); return r.wrong.length ? null : r; }, 60_000).catch(() => placed());
    const duplicates = (values: (string | null | undefined)[]) => { const v = values.filter((x): x is string => Boolean(x)); return v.length - new Set(v).size; };
    const serialDuplicates = duplicates(settled.apps.map((a) => a.printSerial));
    const numberDuplicates = duplicates(settled.apps.map((a) => a.documentNumber));
    const mended = await db.collection('audit_entries').find({ action: 'audit.mended' }).toArray();
    const recovered = mended.reduce((n, e) => n + ((e.detail as { recovered: unknown[] }).recovered.length), 0);
    const dropped = mended.reduce((n, e) => n + ((e.detail as { notCarriedOut: unknown[] }).notCarriedOut.length), 0);
    await store.close();
    const verify = await p.api('GET', '/api/audit/verify', await p.login('auditor'));

    say('');
    say(`## Whole-platform SIGKILL (${kills} kills)`);
    say('');
    say('| kill | applications acknowledged so far | accepted | reviewed | decided | handed over |');
    say('|---|---|---|---|---|---|');
    for (const r of rows) say(r);
    say('');
    say('| what | figure |');
    say('|---|---|');
    say(`| acknowledged applications | ${acknowledged.length} (distinct numbers: ${new Set(acknowledged).size})${check(new Set(acknowledged).size === acknowledged.length)} |`);
    say(`| acknowledged applications missing after restart | **${missing}**${check(missing === 0)} |`);
    say(`| applications stored (acknowledged or cut off by a kill) | ${settled.apps.length} |`);
    say(`| stored cases not where their process stands | ${settled.wrong.length}${check(settled.wrong.length === 0)}${settled.wrong.length ? ` (${settled.wrong.slice(0, 3).join('; ')})` : ''} |`);
    say(`| print serials used / duplicates | ${settled.apps.filter((a) => a.printSerial).length} / ${serialDuplicates}${check(serialDuplicates === 0)} |`);
    say(`| certificate numbers issued / duplicates | ${settled.apps.filter((a) => a.documentNumber).length} / ${numberDuplicates}${check(numberDuplicates === 0)} |`);
    say(`| interrupted actions mended: recovered / not carried out / still open | ${recovered} / ${dropped} / ${intentsLeft}${check(intentsLeft === 'none')} |`);
    say(`| audit chain intact | ${String(verify.json.intact)} (${String(verify.json.entries)} entries)${check(verify.json.intact === true)} |`);
    if (failed) process.exitCode = 1;
  } finally {
    p.kill();
  }
}

void main();
