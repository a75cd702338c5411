import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { DeadlineDerivation } from '../../../domain/deadline/deadline.service.js';
import { call, login } from '../../support/api.js';
import { ARTIFACTS } from '../../support/browser.js';
import { platform } from '../../support/platform.js';
import { eventually } from '../../support/staff.js';

type Json = Record<string, unknown>;
const DAY = 86_400_000;

/** A complaint as its complainant (portal) or the service office (forwarded from a higher-level platform) files it. */
async function file(username: string, body: Json): Promise<string> {
  const res = await call('POST', '/api/complaints', { token: await login(username), body: { unitCode: 'DEPT-HEALTH', title: '窗口办事慢', content: `窗口办理居住证时等候超过两小时（${Date.now()}）`, ...body } });
  expect(res.statusCode, res.body).to.equal(201);
  return res.json().complaintNumber as string;
}
const deadlineOf = (n: string, step: string, count = 1) => eventually(`${n}: ${count} ${step} deadline(s)`, async () => {
  const list = (await platform().services.stepDeadlines.forCase(n)).filter((d) => d.step === step);
  return list.length >= count ? list.at(-1)! : null;
});
const taskOf = (n: string, step: string) => eventually(`${n}: the open ${step} task`, async () =>
  (await platform().services.tasks.list({ caseNumber: n })).find((t) => t.step === step && ['created', 'assigned'].includes(t.state)));
const act = async (username: string, n: string, path: string, body: Json = {}) => call('POST', `/api/complaints/${n}/${path}`, { token: await login(username), body });
async function accept(n: string, by = 'health.reviewer') {
  await taskOf(n, 'intake');
  const res = await act(by, n, 'intake', { decision: 'accept' });
  expect(res.statusCode, res.body).to.equal(200);
}
/** The next public holiday (not a weekend) after the engine's day, and the working day four before it: a 3-day limit from there falls due just before it. */
function nextHoliday(from: Date): { holiday: string; start: Date } {
  const { calendar } = platform().services;
  const iso = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
  for (let t = from.getTime() + 8 * DAY; ; t += DAY) {
    const d = calendar.day(iso(t));
    const weekday = new Date(`${d.date}T00:00:00Z`).getUTCDay();
    if (d.work || weekday === 0 || weekday === 6) continue;
    // four working days before the holiday, at 10:00 Beijing time
    let back = t - DAY;
    for (let seen = 0; ; back -= DAY) if (calendar.day(iso(back)).work && ++seen === 4) break;
    return { holiday: d.date, start: new Date(`${iso(back)}T02:00:00Z`) };
  }
}

describe('complaint process (投诉建议, seed 004 §28–34): limits, extension, merge, privacy', function () {
  this.timeout(300_000);

  it('a complaint nobody returns within 1 working day is deemed accepted (§33) and its 7-working-day clock starts', async () => {
    const { services, clock } = platform();
    const n = await file('citizen.wang', { kind: 'complain' });
    const intake = await deadlineOf(n, 'intake');
    expect((intake.derivation as DeadlineDerivation).limit).to.deep.equal({ value: 1, unit: 'working-days' });
    const task = await taskOf(n, 'intake');
    expect(task).to.include({ post: 'complaint-handler', unitCode: 'DEPT-HEALTH', caseKind: 'complaint' });
    expect((await services.complaints.get(n)).state).to.equal('filed');

    await clock.moveTo(new Date(intake.dueAt!.getTime() + 60_000));
    const accepted = await eventually('deemed accepted', async () => { const c = await services.complaints.get(n); return c.state === 'accepted' ? c : null; });
    expect(accepted.deemedAccepted).to.equal(true);
    expect((await services.tasks.get(task.userTaskKey)).state, 'the intake step was interrupted').to.equal('canceled');
    const handle = await deadlineOf(n, 'handle');
    expect((handle.derivation as DeadlineDerivation).limit).to.deep.equal({ value: 7, unit: 'working-days' });
    // too late to return it now
    const late = await act('health.reviewer', n, 'intake', { decision: 'return', reason: '不属于本部门职责' });
    expect(late.statusCode).to.equal(409);
    expect(late.json().code).to.equal('COMPLAINT_STATE');
  });

  it('every category keeps its own limit (§32: urgent 3, generally urgent 5, ordinary 15; consult 3, complain and suggest 7) and earns the three cards when late', async () => {
    const { services, clock } = platform();
    const cases: [string, Json, number][] = [
      ['office.zhang', { kind: 'complain', urgency: 'urgent', complainant: 'citizen.wang' }, 3],
      ['office.zhang', { kind: 'complain', urgency: 'generally-urgent', complainant: 'citizen.wang' }, 5],
      ['office.zhang', { kind: 'suggest', urgency: 'ordinary', complainant: 'citizen.wang' }, 15],
      ['citizen.wang', { kind: 'consult' }, 3],
      ['citizen.wang', { kind: 'complain' }, 7],
      ['proxy.li', { kind: 'suggest' }, 7],
    ];
    const filed: { n: string; days: number }[] = [];
    for (const [by, body, days] of cases) filed.push({ n: await file(by, body), days });
    let last = 0;
    for (const { n, days } of filed) {
      await accept(n);
      const d = await deadlineOf(n, 'handle');
      expect((d.derivation as DeadlineDerivation).limit, n).to.deep.equal({ value: days, unit: 'working-days' });
      expect((d.derivation as DeadlineDerivation).countedDays, n).to.have.length(days);
      last = Math.max(last, d.redAt!.getTime());
    }
    await clock.moveTo(new Date(last + 60_000));
    for (const { n } of filed) {
      const cards = await eventually(`${n}: three cards`, async () => { const all = (await services.escalation.cardsOf(n)).filter((c) => c.step === 'handle'); return all.length === 3 ? all : null; });
      expect(cards.map((c) => c.level).sort(), n).to.deep.equal(['red', 'warning', 'yellow']);
      for (const c of cards) expect(c, n).to.include({ caseKind: 'complaint' });
    }
    const late = await act('health.reviewer', filed[0]!.n, 'answer', { outcome: 'handled', answer: '已约谈窗口负责人并整改。' });
    expect(late.statusCode, late.body).to.equal(200);
    expect(late.json().answeredInTime, 'answered after the due time').to.equal(false);
  });

  it('one extension only, no longer than the limit, approved by the unit’s leader; across a holiday the derivation shows both due dates', async () => {
    const { services, clock } = platform();
    const { holiday, start } = nextHoliday(await services.now());
    if (start.getTime() > (await services.now()).getTime()) await clock.moveTo(start);
    const n = await file('office.zhang', { kind: 'complain', urgency: 'urgent', complainant: 'citizen.wang' });
    await accept(n);
    const original = await deadlineOf(n, 'handle');
    expect((await act('health.reviewer', n, 'extension', { days: 4, reason: '需调取监控录像' })).json().code, 'longer than the 3-day limit').to.equal('EXTENSION_TOO_LONG');
    const asked = await act('health.reviewer', n, 'extension', { days: 3, reason: '需调取窗口监控录像核实' });
    expect(asked.statusCode, asked.body).to.equal(200);
    expect(asked.json().extension).to.include({ state: 'requested', days: 3 });
    const again = await act('health.reviewer', n, 'extension', { days: 1, reason: '再延一天' });
    expect(again.statusCode).to.equal(409);
    expect(again.json().code).to.equal('EXTENSION_ONCE');
    expect((await act('civil.leader', n, 'extension/decision', { approve: true })).statusCode, 'another unit’s leader').to.equal(403);
    const approved = await act('health.leader', n, 'extension/decision', { approve: true });
    expect(approved.statusCode, approved.body).to.equal(200);
    expect(approved.json().extension.originalDueAt).to.equal(original.dueAt!.toISOString());

    const extended = await deadlineOf(n, 'handle', 2);
    const derivation = extended.derivation as DeadlineDerivation;
    expect(extended.dueAt!.toISOString()).to.equal(approved.json().extension.extendedDueAt);
    expect(derivation.start).to.equal(original.dueAt!.toISOString());
    expect(derivation.skippedDays.map((d) => d.date), `the holiday ${holiday} is not counted`).to.include(holiday);
    expect(derivation.explanationZh![0]).to.include('原时限 3 个工作日');
    expect(derivation.explanationZh![1]).to.include('延期 1 次 3 个工作日').and.include('health.leader');
    // the worked derivation, for the people who check it
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'complaint-extension-derivation.txt'), [`${n} (holiday ${holiday})`, ...derivation.explanationZh!, '', ...derivation.explanation, ''].join('\n'));
    // the handling step was entered again with the new timers: a yellow card only after the extended due time
    await clock.moveTo(new Date(original.redAt!.getTime() + 60_000));
    await new Promise((r) => setImmediate(r));
    expect((await services.escalation.cardsOf(n)).filter((c) => c.level === 'yellow'), 'no yellow card at the original due time').to.have.length(0);
    // the handling step entered again after the approval carries the extended clock
    await eventually('the handling step with the extended clock', async () =>
      (await services.tasks.list({ caseNumber: n })).find((t) => t.step === 'handle' && ['created', 'assigned'].includes(t.state) && t.deadlineId === extended.id));
    const answered = await act('health.reviewer', n, 'answer', { outcome: 'handled', answer: '经查属实，已对窗口人员批评教育。' });
    expect(answered.json().answeredInTime, answered.body).to.equal(true);
  });

  it('the same matter from two channels is merged; both complainants get the answer; a dissatisfied follow-up reopens it once', async () => {
    const first = await file('citizen.wang', { kind: 'complain', title: '残疾人证办理拖延' });
    const second = await file('office.zhang', { kind: 'complain', title: '残疾人证办理拖延（上级平台转办）', complainant: 'proxy.li', urgency: 'ordinary' });
    await accept(first);
    await taskOf(second, 'intake');
    const merged = await act('health.verifier', second, 'intake', { decision: 'merge', into: first });
    expect(merged.statusCode, merged.body).to.equal(200);
    expect(merged.json()).to.include({ state: 'merged', mergedInto: first });
    await taskOf(first, 'handle');
    const answer = '已督促经办人当日办结，并向两位投诉人致歉。';
    const res = await act('health.reviewer', first, 'answer', { outcome: 'handled', answer });
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.json().complainants).to.equal(2);
    for (const who of ['citizen.wang', 'proxy.li']) {
      const notices = (await call('GET', '/api/notices/mine', { token: await login(who) })).json().notices as Json[];
      expect(notices.find((x) => (x.text as string).includes(first) && (x.text as string).includes(answer)), `${who} told the answer`).to.not.equal(undefined);
      const mine = (await call('GET', '/api/complaints/mine', { token: await login(who) })).json().complaints as Json[];
      expect(mine.find((c) => c.complaintNumber === first), `${who} follows ${first}`).to.include({ state: 'answered', answer });
    }
    // follow-up: the complainant is dissatisfied, so it is handled again once; the second dissatisfied visit closes it
    await taskOf(first, 'visit');
    const unhappy = await act('citizen.wang', first, 'follow-up', { satisfied: false, note: '仍未拿到证件' });
    expect(unhappy.statusCode, unhappy.body).to.equal(200);
    expect(unhappy.json()).to.include({ state: 'accepted', reopened: 1 });
    await deadlineOf(first, 'handle', 2);
    await taskOf(first, 'handle');
    expect((await act('health.reviewer', first, 'answer', { outcome: 'handled', answer: '证件已于今日寄出。' })).statusCode).to.equal(200);
    await taskOf(first, 'visit');
    const closed = await act('citizen.wang', first, 'follow-up', { satisfied: false, note: '太慢' });
    expect(closed.json()).to.include({ state: 'closed', reopened: 1 });
    expect(closed.json().followUps).to.have.length(2);
  });

  it('privacy (§29): only the handler and supervision read the complainant; the unit complained about gets 404; reads are logged', async () => {
    const n = await file('citizen.wang', { kind: 'complain', complainedOperator: 'health.verifier' });
    const who = async (username: string) => call('GET', `/api/complaints/${n}/complainant`, { token: await login(username) });
    expect((await who('health.reviewer')).statusCode, 'nobody handles it yet').to.equal(404);
    await taskOf(n, 'intake');
    expect((await act('health.verifier', n, 'intake', { decision: 'accept' })).json().code, 'the operator complained about').to.equal('COMPLAINED_OPERATOR');
    await accept(n, 'health.reviewer');
    const handler = await who('health.reviewer');
    expect(handler.statusCode, handler.body).to.equal(200);
    expect(handler.json()).to.include({ username: 'citizen.wang', channel: 'portal' });
    for (const other of ['health.verifier', 'health.decider']) expect((await who(other)).statusCode, other).to.equal(404);
    expect((await who('supervisor')).statusCode).to.equal(200);
    const unitList = (await call('GET', '/api/complaints/unit', { token: await login('health.verifier') })).json().complaints as Json[];
    const listed = unitList.find((c) => c.complaintNumber === n)!;
    expect(JSON.stringify(listed)).to.not.include('citizen.wang');
    const reads = await eventually('the reads in the audit trail', async () => {
      const { services } = platform();
      const list = await services.audit.search({ caseNumber: n, action: ['complaint.complainant-read'] });
      return list.length >= 2 ? list : null;
    });
    expect(reads.map((e) => e.actor.id).sort()).to.deep.equal(['health.reviewer', 'supervisor']);
  });
});
