// The whole platform killed (SIGKILL) at random moments while window staff file applications and operators complete
// steps, then started again: `npx tsx bench/crash.bench.ts [--kills N]` (20 by default; CI runs 2). Prints a table.
import { rmSync } from 'node:fs';
import { spawnedPlatform } from '../test/support/spawned-platform.js';

const kills = Number(process.argv[process.argv.indexOf('--kills') + 1]) || 20;
const DATA = 'data/crash-bench';
const person = { type: 'individual', name: '王五', idNumber: '420700198502021234', phone: '13900001234' };
const materials = ['居民身份证', '户口簿', '结婚证', '近期免冠一寸照片'].map((name) => ({ name, provided: true }));
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  rmSync(DATA, { recursive: true, force: true });
  const p = spawnedPlatform({ port: 3147, storePort: 27147, dataDir: DATA });
  const acknowledged: string[] = [];
  const accepted = new Set<string>();
  const rows: string[] = [];
  try {
    for (let round = 1; round <= kills; round++) {
      await p.start();
      const window = await p.login('binhu.acceptor');
      let stop = false;
      // staff at work: filings, and accept steps completed, until the kill
      const filing = (async () => {
        while (!stop) {
          const r = await p.api('POST', '/api/applications', window, { itemCode: 'DSZN', applicant: person, materials }).catch(() => null);
          if (r?.status === 201) acknowledged.push(String(r.json.applicationNumber));
        }
      })();
      const accepting = (async () => {
        while (!stop) {
          const list = await p.api('GET', '/api/tasks?scope=queue&step=accept', window).catch(() => null);
          for (const t of ((list?.json.tasks as { userTaskKey: string; applicationNumber: string; step: string }[] | undefined) ?? []).filter((x) => x.step === 'accept').slice(0, 5)) {
            if (stop) break;
            const claimed = await p.api('POST', `/api/tasks/${t.userTaskKey}/claim`, window).catch(() => null);
            if (claimed?.status !== 200) continue;
            const done = await p.api('POST', `/api/tasks/${t.userTaskKey}/complete`, window, { decision: 'accepted' }).catch(() => null);
            if (done?.status === 204) accepted.add(t.applicationNumber);
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      await new Promise((r) => setTimeout(r, 1000 + Math.random() * 3000));
      p.kill();
      stop = true;
      await Promise.allSettled([filing, accepting]);
      rows.push(`| ${round} | ${acknowledged.length} | ${accepted.size} |`);
      say(`[crash] kill ${round}: ${acknowledged.length} applications acknowledged, ${accepted.size} accept steps completed so far`);
    }
    await p.start();
    const window = await p.login('binhu.acceptor');
    // every application acknowledged before a kill is there afterwards (where each case stands is checked in
    // test/reliability/platform-kill.test.ts, on a controlled scenario)
    let missing = 0;
    for (const n of acknowledged) {
      const app = await p.api('GET', `/api/applications/${n}`, window);
      if (app.status !== 200) missing += 1;
    }
    const verify = await p.api('GET', '/api/audit/verify', await p.login('auditor'));
    say('');
    say(`## Whole-platform SIGKILL (${kills} kills)`);
    say('');
    say('| kill | applications acknowledged so far | accept steps completed so far |');
    say('|---|---|---|');
    for (const r of rows) say(r);
    say('');
    say('| what | figure |');
    say('|---|---|');
    say(`| acknowledged applications | ${acknowledged.length} (distinct numbers: ${new Set(acknowledged).size}) |`);
    say(`| acknowledged applications missing after restart | **${missing}** |`);
    say(`| audit chain intact | ${String(verify.json.intact)} (${String(verify.json.entries)} entries) |`);
    if (missing || verify.json.intact !== true || new Set(acknowledged).size !== acknowledged.length) process.exitCode = 1;
  } finally {
    p.kill();
  }
}

void main();
