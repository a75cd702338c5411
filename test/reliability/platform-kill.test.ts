import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { expect } from 'chai';
import { DEMO_PASSWORD } from '../../domain/demo/demo-data.js';

/**
 * SIGKILL of the whole platform (API, workers, embedded engine and store, one process group) while window staff
 * file applications; `npm start` again must resume every instance: nothing acknowledged is lost, each case has
 * its task in the right queue, and the cases go on.
 */
const PORT = 3127;
const base = `http://127.0.0.1:${PORT}`;
const env = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', DATA_DIR: 'data/test-kill', PORT: String(PORT), LOCAL_STORE_PORT: '27127', ENGINE_CLOCK_CONTROLLED: 'false' };
delete (env as Record<string, string | undefined>).MONGODB_URI;
const person = { type: 'individual', name: '李四', idNumber: '420700198502021234', phone: '13900001234' };
const materials = ['居民身份证', '户口簿', '结婚证', '近期免冠一寸照片'].map((name) => ({ name, provided: true }));

function startPlatform(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], { env, detached: true, stdio: 'ignore' });
}
async function ready(ms = 90_000) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const res = await fetch(`${base}/ready`);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    if (Date.now() > until) throw new Error('the platform did not become ready');
    await new Promise((r) => setTimeout(r, 500));
  }
}
async function api(method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}
const login = async (username: string) => String((await api('POST', '/api/auth/login', undefined, { username, password: DEMO_PASSWORD })).json.accessToken);
async function eventually<T>(what: string, probe: () => Promise<T | undefined | null>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > until) throw new Error(`waited ${ms / 1000}s for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
const queueTask = (token: string, applicationNumber: string, step: string) => eventually(`the ${step} task of ${applicationNumber}`, async () => {
  const res = await api('GET', `/api/tasks?scope=queue&applicationNumber=${applicationNumber}`, token);
  return (res.json.tasks as { step: string; userTaskKey: string }[] | undefined)?.find((t) => t.step === step);
});

describe('reliability: SIGKILL of the whole platform, then npm start', function () {
  this.timeout(240_000);
  let platform: ChildProcess | undefined;
  const kill = () => { if (platform?.pid) { try { process.kill(-platform.pid, 'SIGKILL'); } catch { /* gone */ } } };

  before(() => rmSync('data/test-kill', { recursive: true, force: true }));
  after(() => kill());

  it('loses no acknowledged application and resumes every instance where it stood', async () => {
    platform = startPlatform();
    await ready();
    const window = await login('binhu.acceptor');
    const acknowledged: string[] = [];
    const file = async () => {
      const r = await api('POST', '/api/applications', window, { itemCode: 'DSZN', applicant: person, materials });
      if (r.status === 201) acknowledged.push(String(r.json.applicationNumber));
    };
    for (let i = 0; i < 3; i++) await file();
    // one case further along: accepted, so the review step is open at the department
    await queueTask(window, acknowledged[0]!, 'accept');
    const accept = await queueTask(window, acknowledged[0]!, 'accept');
    expect((await api('POST', `/api/tasks/${accept.userTaskKey}/claim`, window)).status).to.equal(200);
    expect((await api('POST', `/api/tasks/${accept.userTaskKey}/complete`, window, { decision: 'accepted' })).status).to.equal(204);
    // more filings in flight, and the kill lands among them
    const inFlight = Array.from({ length: 6 }, () => file().catch(() => undefined));
    await new Promise((r) => setTimeout(r, 150));
    kill();
    await Promise.all(inFlight);
    expect(acknowledged.length).to.be.at.least(3);

    platform = startPlatform();
    await ready();
    const window2 = await login('binhu.acceptor');
    const reviewer = await login('health.reviewer');
    for (const n of acknowledged) {
      const app = await api('GET', `/api/applications/${n}`, window2);
      expect(app.status, `application ${n} was acknowledged before the kill`).to.equal(200);
    }
    // every acknowledged case has its open step in the right queue
    for (const n of acknowledged.slice(1)) await queueTask(window2, n, 'accept');
    const review = await queueTask(reviewer, acknowledged[0]!, 'review');
    // and the cases go on: the workers and the engine run the next steps
    expect((await api('POST', `/api/tasks/${review.userTaskKey}/claim`, reviewer)).status).to.equal(200);
    expect((await api('POST', `/api/tasks/${review.userTaskKey}/complete`, reviewer, { decision: 'approved', opinion: '材料齐全' })).status).to.equal(204);
    const decider = await login('health.decider');
    await queueTask(decider, acknowledged[0]!, 'decide');
    const verify = await api('GET', '/api/audit/verify', await login('auditor'));
    expect(verify.json.intact, JSON.stringify(verify.json)).to.equal(true);
  });
});
