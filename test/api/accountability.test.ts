import { expect } from 'chai';
import type { Post } from '../../domain/shared/constants.js';
import { Role } from '../../domain/account/account.model.js';
import { createViolationRepository } from '../../domain/accountability/accountability.repository.js';
import { createAccountabilityService } from '../../domain/accountability/accountability.service.js';
import { createSequenceRepository } from '../../domain/sequence/sequence.repository.js';
import { auditEntries, call, login } from '../support/api.js';
import { eventually, fileApplication, openTask, stockUp } from '../support/staff.js';
import { platform, uniqueKey } from '../support/platform.js';

type Json = Record<string, unknown>;
const PASSWORD = 'Demo@2026gov';
const person = { type: 'individual', name: '练习申请人', idNumber: '420700199909099999', phone: '13900009999' };
const lnydMaterials = [{ name: '居民身份证', provided: true }, { name: '近期免冠一寸照片', provided: true }];

/** A window operator of Binhu community, active with the acceptor and closer posts. */
export async function newOperator(prefix = 'win'): Promise<string> {
  const username = `${prefix}.${uniqueKey('o').replace(/[^a-z0-9]/g, '').slice(-10)}`;
  await platform().services.accounts.register(
    { username, realName: '问责测试员', idNumber: '420700199001011234', phone: '13800001234', role: Role.WindowStaff, unitCode: 'COM-BINHU', password: PASSWORD },
    'admin', await platform().services.now(), { mustChangePassword: false, activated: true, posts: ['acceptor', 'closer'] as Post[] },
  );
  return username;
}

async function queueTask(token: string, caseNumber: string, step: string) {
  return eventually(`${step} of ${caseNumber}`, async () =>
    ((await call('GET', `/api/tasks?scope=queue&caseNumber=${caseNumber}`, { token })).json().tasks as Json[] | undefined)?.find((t) => t.step === step));
}
async function work(token: string, caseNumber: string, step: string, body: Json) {
  const task = await queueTask(token, caseNumber, step);
  expect((await call('POST', `/api/tasks/${task.userTaskKey}/claim`, { token })).statusCode).to.equal(200);
  const done = await call('POST', `/api/tasks/${task.userTaskKey}/complete`, { token, body });
  expect(done.statusCode, done.body).to.equal(204);
}
const mine = async (token: string) => (await call('GET', '/api/accountability/mine', { token })).json();
const pendingOf = async (operator: string) => ((await call('GET', '/api/accountability/violations?state=pending', { token: await login('supervisor') })).json().violations as Json[])
  .filter((v) => v.operator === operator);
const confirm = async (id: string, reason: string) => call('POST', `/api/accountability/violations/${id}/confirm`, { token: await login('supervisor'), body: { reason } });

describe('api: accountability for window violations (问责, seed 001 §31)', function () {
  this.timeout(240_000);

  it('walks an operator with three violations from three sources up the ladder: warning, off-post retraining, referral', async () => {
    await stockUp('COM-BINHU', 'LNYD-CERT', 4);
    const username = await newOperator();
    const token = await login(username);
    const supervisor = await login('supervisor');

    // 1. a red card on a task the operator holds (seed 000 §29)
    const first = await fileApplication('LNYD', 'COM-BINHU');
    const accept = await openTask(first.applicationNumber, 'accept');
    expect((await call('POST', `/api/tasks/${accept.userTaskKey}/claim`, { token })).statusCode).to.equal(200);
    await platform().clock.moveTo(new Date(accept.redAt!.getTime() + 60_000));
    const [redCard] = await eventually('the red card as a violation', async () => {
      const p = await pendingOf(username);
      return p.length ? p : null;
    });
    expect(redCard).to.include({ source: 'red-card', state: 'pending', caseNumber: first.applicationNumber, step: null, unitCode: 'COM-BINHU' });
    // the card job delivered again counts nothing twice
    const card = (await platform().services.escalation.cardsOf(first.applicationNumber)).find((c) => c.level === 'red')!;
    await platform().services.escalation.recordCard({ deadlineId: card.deadlineId, level: 'red', processInstanceKey: accept.processInstanceKey, step: 'accept', now: await platform().services.now() });
    expect(await pendingOf(username)).to.have.length(1);
    // nothing happens to the operator before the supervisor confirms
    expect((await mine(token)).ladder).to.include({ count: 0, step: null, nextStep: 'warning' });
    expect((await confirm(redCard.violationId as string, '  好 ')).json().code).to.equal('ACCOUNTABILITY_TEXT_LENGTH');
    const warned = await confirm(redCard.violationId as string, '超时 30 分钟以上，影响群众办事');
    expect(warned.statusCode, warned.body).to.equal(200);
    expect(warned.json()).to.include({ state: 'confirmed', step: 'warning', position: 1 });
    expect((await confirm(redCard.violationId as string, '再次确认')).statusCode, 'confirmed once').to.equal(409);
    // the operator reads it, is told, and states their view once
    expect((await mine(token)).ladder).to.include({ count: 1, step: 'warning', nextStep: 'retraining' });
    const notices = (await platform().services.notifications.ofPerson(username, [])).filter((n) => n.kind === 'accountability-step');
    expect(notices.map((n) => n.text).join()).to.include('警示教育');
    const stated = await call('POST', `/api/accountability/violations/${redCard.violationId}/statement`, { token, body: { text: '当日系统故障，已向网管报告。' } });
    expect(stated.statusCode, stated.body).to.equal(200);
    expect(stated.json().statement.text).to.equal('当日系统故障，已向网管报告。');
    expect((await call('POST', `/api/accountability/violations/${redCard.violationId}/statement`, { token, body: { text: '再说一次' } })).json().code).to.equal('STATEMENT_GIVEN');
    const stranger = await call('POST', `/api/accountability/violations/${redCard.violationId}/statement`, { token: await login('binhu.acceptor'), body: { text: '不是我的记录' } });
    expect(stranger.statusCode, 'another operator’s record does not exist for them').to.equal(404);

    // 2. a refusal without legal grounds, recorded by the supervisor with the case number and reason
    const refusedCase = await fileApplication('LNYD', 'COM-BINHU');
    await work(token, refusedCase.applicationNumber, 'accept', { decision: 'refused', reasons: ['材料不全'] });
    const refusal = { caseNumber: refusedCase.applicationNumber, reason: '材料齐全，符合法定条件，却不予受理' };
    const recorded = await call('POST', '/api/accountability/refusals', { token: supervisor, body: refusal });
    expect(recorded.statusCode, recorded.body).to.equal(201);
    expect(recorded.json()).to.include({ source: 'refusal', operator: username, state: 'pending' });
    const again = await call('POST', '/api/accountability/refusals', { token: supervisor, body: refusal });
    expect(again.json().violationId, 'recorded once').to.equal(recorded.json().violationId);
    const retrained = await confirm(recorded.json().violationId, '对符合法定条件的申请不予受理（第三十二条第 1 项）');
    expect(retrained.json()).to.include({ step: 'retraining', position: 2 });

    // off-post: the posts are suspended and a real task is refused
    const ladder = (await mine(token)).ladder;
    expect(ladder).to.deep.include({ count: 2, step: 'retraining', activation: 'registered' });
    expect(ladder.retraining.posts).to.deep.equal(['acceptor', 'closer']);
    const real = await fileApplication('LNYD', 'COM-BINHU');
    const realTask = await openTask(real.applicationNumber, 'accept');
    const refused = await call('POST', `/api/tasks/${realTask.userTaskKey}/claim`, { token });
    expect(refused.statusCode).to.equal(403);
    expect(refused.json().code).to.equal('OPERATOR_IN_RETRAINING');
    expect(refused.json().message.zh).to.include('离岗培训');

    // a practice case passed again, and the leader's approval brings the posts back
    const window = await login('binhu.acceptor');
    const practice = (await call('POST', '/api/applications', { token: window, body: { itemCode: 'LNYD', applicant: person, materials: lnydMaterials, practice: true } })).json();
    await work(token, practice.applicationNumber, 'accept', { decision: 'accepted' });
    await work(await login('civil.reviewer'), practice.applicationNumber, 'review', { decision: 'approved' });
    const numbered = await eventually('the certificate number', async () => (await call('GET', `/api/applications/${practice.applicationNumber}`, { token: window })).json().documentNumber);
    await work(await login('civil.decider'), practice.applicationNumber, 'decide', { decision: 'approved', confirmDocumentNumber: numbered });
    await work(token, practice.applicationNumber, 'close', { handover: 'in-person' });
    await eventually('the practice case to close', async () => (await call('GET', `/api/applications/${practice.applicationNumber}`, { token: window })).json().status === 'closed');
    expect((await call('POST', `/api/accounts/${username}/practice`, { token, body: { applicationNumber: practice.applicationNumber } })).statusCode).to.equal(204);
    expect((await call('POST', `/api/tasks/${realTask.userTaskKey}/claim`, { token })).statusCode, 'practised but not yet approved').to.equal(403);
    expect((await call('POST', `/api/accounts/${username}/approve`, { token: await login('binhu.leader') })).statusCode).to.equal(204);
    expect((await call('GET', '/api/me', { token })).json()).to.deep.include({ activated: true, posts: ['acceptor', 'closer'] });
    expect((await call('POST', `/api/tasks/${realTask.userTaskKey}/claim`, { token })).statusCode, 'back on post').to.equal(200);

    // 3. a complaint found valid that names the operator
    const filed = await call('POST', '/api/complaints', { token: await login('citizen.wang'), body: { kind: 'complain', unitCode: 'DEPT-CIVIL', title: '窗口人员推诿', content: `窗口办事员拒不受理（${Date.now()}）`, complainedOperator: username } });
    expect(filed.statusCode, filed.body).to.equal(201);
    const n = filed.json().complaintNumber as string;
    await eventually(`${n}: intake`, async () => (await platform().services.tasks.list({ caseNumber: n })).find((t) => t.step === 'intake' && t.state === 'created'));
    expect((await call('POST', `/api/complaints/${n}/intake`, { token: await login('civil.reviewer'), body: { decision: 'accept' } })).statusCode).to.equal(200);
    await eventually(`${n}: handling`, async () => (await platform().services.tasks.list({ caseNumber: n })).find((t) => t.step === 'handle' && ['created', 'assigned'].includes(t.state)));
    const answered = await call('POST', `/api/complaints/${n}/answer`, { token: await login('civil.reviewer'), body: { outcome: 'handled', answer: '经核实投诉属实，已责令整改。' } });
    expect(answered.statusCode, answered.body).to.equal(200);
    const [complaint] = await pendingOf(username);
    expect(complaint).to.include({ source: 'complaint', caseNumber: n });
    const referred = await confirm(complaint!.violationId as string, '投诉属实，一年内第三次违规');
    expect(referred.json()).to.include({ step: 'referral', position: 3 });
    expect((await mine(token)).ladder).to.include({ count: 3, step: 'referral' });

    // the leader of the unit sees the operator; another unit's leader is told there is no such record
    expect((await call('GET', `/api/accountability/operators/${username}`, { token: await login('binhu.leader') })).json().violations).to.have.length(3);
    expect((await call('GET', `/api/accountability/operators/${username}`, { token: await login('health.leader') })).statusCode).to.equal(404);
    expect((await call('GET', `/api/accountability/operators/${username}`, { token: await login('binhu.acceptor') })).statusCode).to.equal(404);
    const listed = (await call('GET', '/api/accountability/violations', { token: await login('health.leader') })).json().violations as Json[];
    expect(listed.filter((v) => v.operator === username)).to.deep.equal([]);

    // every step is in the audit trail, with who decided
    const trail = await auditEntries({ target: username });
    expect(trail.map((e) => [e.action, e.actor.id])).to.deep.include.members([['account.posts-suspended', 'supervisor'], ['account.posts-restored', 'binhu.leader']]);
    const confirmed = (await auditEntries({ action: 'violation.confirmed' })).filter((e) => (e.detail as Json | null)?.operator === username);
    expect(confirmed.map((e) => (e.after as Json).step)).to.deep.equal(['warning', 'retraining', 'referral']);
  });

  it('starts counting again after the configured period, on the engine clock', async () => {
    const { services, clock } = platform();
    // a one-month period, so the engine clock moves a month rather than a year
    const monthly = createAccountabilityService({
      violations: createViolationRepository(), sequences: createSequenceRepository(), audit: services.audit, accounts: services.accounts,
      completedBy: async () => null, resetMonths: 1,
    });
    const username = await newOperator('reset');
    const fact = (ref: string) => ({ source: 'refusal' as const, ref: `${username}:${ref}`, operator: username, caseNumber: null, caseKind: null, summary: '测试', recordedBy: 'supervisor' });
    const actor = { username: 'supervisor', role: Role.Supervisor, unitCode: null };
    const one = await monthly.record(fact('1'), await services.now());
    expect((await monthly.confirm(one!.violationId, { reason: '第一次' }, actor, await services.now())).step).to.equal('warning');
    expect((await monthly.record(fact('1'), await services.now()))!.violationId, 'the same fact again').to.equal(one!.violationId);
    // within the period the next one would be off-post retraining
    expect((await monthly.ladderOf(username, await services.now())).nextStep).to.equal('retraining');
    await clock.advance(32 * 86_400_000);
    const later = await services.now();
    expect((await monthly.ladderOf(username, later))).to.include({ count: 0, nextStep: 'warning' });
    const two = await monthly.record(fact('2'), later);
    expect((await monthly.confirm(two!.violationId, { reason: '期满后再次违规' }, actor, later))).to.include({ step: 'warning', position: 1 });
  });

  it('records nothing for a card held by a post’s queue, and a dismissed violation never counts', async () => {
    const { services } = platform();
    const now = await services.now();
    expect(await services.accountability.fromRedCard({ deadlineId: uniqueKey('d'), level: 'red', holder: 'acceptor:COM-BINHU', heldByQueue: true, caseNumber: 'SQ2026000001', caseKind: 'application', step: 'accept' }, now)).to.equal(null);
    const username = await newOperator('dismiss');
    const v = await services.accountability.fromRedCard({ deadlineId: uniqueKey('d'), level: 'red', holder: username, heldByQueue: false, caseNumber: 'SQ2026000001', caseKind: 'application', step: 'accept' }, now);
    const dismissed = await call('POST', `/api/accountability/violations/${v!.violationId}/dismiss`, { token: await login('supervisor'), body: { reason: '系统停电所致，不属操作员责任' } });
    expect(dismissed.json()).to.include({ state: 'dismissed' });
    expect((await call('GET', '/api/accountability/mine', { token: await login(username) })).json().ladder).to.include({ count: 0, nextStep: 'warning' });
    const late = await call('POST', `/api/accountability/violations/${v!.violationId}/confirm`, { token: await login('supervisor'), body: { reason: '改为确认' } });
    expect(late.statusCode).to.equal(409);
    expect(late.json().message.zh).to.include('不予认定');
  });

  it('a bad review found valid is recorded against each window operator of the rated case, once', async () => {
    const { services } = platform();
    const username = await newOperator('review');
    const rectificationId = `ZG2026${String(Date.now()).slice(-6)}`;
    const r = { rectificationId, subject: { kind: 'application', id: 'SQ2026000555' }, parties: [{ kind: 'operator', id: username }, { kind: 'department', id: 'DEPT-CIVIL' }] };
    const recorded = await services.accountability.fromBadReview(r, await services.now());
    expect(recorded.map((v) => [v.source, v.operator, v.caseNumber])).to.deep.equal([['bad-review', username, 'SQ2026000555']]);
    expect((await services.accountability.fromBadReview(r, await services.now())).map((v) => v.violationId), 'verified, then rechecked: still one').to.deep.equal([recorded[0]!.violationId]);
    expect((await call('GET', '/api/accountability/violations?state=pending', { token: await login('supervisor') })).json().violations.filter((v: Json) => v.operator === username)).to.have.length(1);
  });
});
