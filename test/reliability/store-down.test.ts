import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { expect } from 'chai';
import { DEMO_PASSWORD } from '../../domain/demo/demo-data.js';
import { spawnedPlatform } from '../support/spawned-platform.js';

/** The store stops answering (frozen with SIGSTOP) while requests come in, then comes back. */
const DATA = 'data/test-down';
const p = spawnedPlatform({ port: 3137, storePort: 27137, dataDir: DATA });
const base = p.base;

function storePid(): number {
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.includes('platform.local.WireServer') && cmd.includes(`${DATA}/store`) && !cmd.includes('guard.sh')) return Number(entry);
    } catch { /* gone */ }
  }
  throw new Error('no store process found');
}
const login = () => fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'auditor', password: DEMO_PASSWORD }) });

describe('reliability: the store unreachable while requests come in', function () {
  this.timeout(240_000);
  let frozen: number | undefined;
  after(() => {
    if (frozen) try { process.kill(frozen, 'SIGCONT'); } catch { /* gone */ }
    p.kill();
  });

  it('answers 503 with a clear problem (no hang, no 500), and recovers without a restart once the store is back', async () => {
    rmSync(DATA, { recursive: true, force: true });
    await p.start();
    expect((await login()).status).to.equal(200);
    frozen = storePid();
    process.kill(frozen, 'SIGSTOP');
    try {
      const answers = await Promise.all([login(), login(), fetch(`${base}/api/guides`)]);
      for (const res of answers) {
        expect(res.status).to.equal(503);
        expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
        const body = await res.json() as { code: string; message: { zh: string; en: string } };
        expect(body.code).to.equal('STORE_UNAVAILABLE');
        expect(body.message.zh).to.include('暂时无法访问');
        expect(JSON.stringify(body)).to.not.match(/at .*\.(ts|js):\d+/);
      }
      expect((await fetch(`${base}/ready`)).status).to.equal(503);
    } finally {
      process.kill(frozen, 'SIGCONT');
      frozen = undefined;
    }
    // back again, with no restart
    const until = Date.now() + 60_000;
    let status = 0;
    while (Date.now() < until && status !== 200) {
      status = (await login()).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 1000));
    }
    expect(status).to.equal(200);
  });
});
