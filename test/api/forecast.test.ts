import { expect } from 'chai';
import { call, login } from '../support/api.js';
import { eventually, fileApplication } from '../support/staff.js';
import { platform } from '../support/platform.js';

type Json = Record<string, unknown>;

describe('api: breach forecast for staff, supervisors and applicants', () => {
  it('an applicant reads the expected completion of their own case, and of nobody else’s', async () => {
    const citizen = await login('citizen.wang');
    const own = await call('POST', '/api/applications', {
      token: citizen, body: { itemCode: 'LNYD', communityCode: 'COM-BINHU', materials: [{ name: '居民身份证', provided: true }, { name: '近期免冠一寸照片', provided: true }] },
    });
    expect(own.statusCode, own.body).to.equal(201);
    const number = own.json().applicationNumber as string;
    const forecast = await eventually('a forecast of the open step', async () => {
      const res = await call('GET', `/api/applications/${number}/forecast`, { token: citizen });
      expect(res.statusCode, res.body).to.equal(200);
      return res.json().forecast as Json | null;
    });
    const now = await platform().services.now();
    expect(forecast.caseNumber).to.equal(number);
    expect(new Date(forecast.expectedCompletion as string).getTime()).to.be.at.least(now.getTime());
    expect((forecast.openSteps as Json[])[0]!.probability).to.be.within(0, 1);

    const other = await fileApplication('DSZN', 'COM-BINHU');
    const refused = await call('GET', `/api/applications/${other.applicationNumber}/forecast`, { token: citizen });
    expect(refused.statusCode).to.equal(404);
    expect(refused.json().code).to.equal('APPLICATION_NOT_FOUND');
    expect(refused.json().message.zh).to.include(other.applicationNumber);
    // the community's window, which handles both, reads both
    const window = await login('binhu.acceptor');
    expect((await call('GET', `/api/applications/${other.applicationNumber}/forecast`, { token: window })).statusCode).to.equal(200);
  });

  it('an acceptor sees a forecast for each task of their to-do list; a supervisor lists this week’s predicted breaches', async () => {
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const window = await login('binhu.acceptor');
    const tasks = await eventually('the new case in the to-do list', async () => {
      const list = (await call('GET', '/api/tasks', { token: window })).json().tasks as Json[];
      return list.some((t) => t.caseNumber === filed.applicationNumber) && list;
    });
    const res = await call('GET', '/api/forecast/tasks', { token: window });
    expect(res.statusCode, res.body).to.equal(200);
    const forecasts = res.json().forecasts as Json[];
    const keys = tasks.filter((t) => t.caseNumber).map((t) => t.userTaskKey);
    expect(forecasts.map((f) => f.userTaskKey)).to.include.members(keys.slice(0, 1));
    for (const f of forecasts) expect(f.willBreach).to.equal((f.probability as number) >= 0.5);

    const week = await call('GET', '/api/forecast/breaches', { token: await login('supervisor') });
    expect(week.statusCode, week.body).to.equal(200);
    const until = new Date(week.json().until as string);
    expect(until.getTime()).to.be.greaterThan((await platform().services.now()).getTime());
    // Monday 00:00 in Beijing time
    expect(new Date(until.getTime() + 8 * 3_600_000).getUTCDay()).to.equal(1);
    for (const c of week.json().cases as Json[]) {
      expect(c.willBreach).to.equal(true);
      expect(new Date(c.dueAt as string).getTime()).to.be.lessThan(until.getTime());
    }
  });
});
