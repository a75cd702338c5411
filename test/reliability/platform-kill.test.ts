import { rmSync } from 'node:fs';
import { expect } from 'chai';
import { spawnedPlatform } from '../support/spawned-platform.js';

/**
 * SIGKILL of the whole platform (API, workers, embedded engine and store, one process group) while window staff
 * file applications; `npm start` again must resume every instance: nothing acknowledged is lost, each case has
 * its task in the right queue, and the cases go on.
 */
const person = { type: 'individual', name: '李四', idNumber: '420700198502021234', phone: '13900001234' };
const materials = ['居民身份证', '户口簿', '结婚证', '近期免冠一寸照片'].map((name) => ({ name, provided: true }));
const p = spawnedPlatform({ port: 3127, storePort: 27127, dataDir: 'data/test-kill' });
const { api, login, queueTask } = p;

describe('reliability: SIGKILL of the whole platform, then npm start', function () {
  this.timeout(240_000);
  before(() => rmSync('data/test-kill', { recursive: true, force: true }));
  after(() => p.kill());

  it('loses no acknowledged application and resumes every instance where it stood', async () => {
    await p.start();
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
    p.kill();
    await Promise.all(inFlight);
    expect(acknowledged.length).to.be.at.least(3);

    await p.start();
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
