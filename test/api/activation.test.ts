import { expect } from 'chai';
import { AccountModel } from '../../domain/account/account.model.js';
import { auditEntries, call, login } from '../support/api.js';
import { eventually } from '../support/staff.js';
import { uniqueKey } from '../support/platform.js';

type Json = Record<string, unknown>;
const person = { type: 'individual', name: '练习申请人', idNumber: '420700199909099999', phone: '13900009999' };
const lnydMaterials = [{ name: '居民身份证', provided: true }, { name: '近期免冠一寸照片', provided: true }];

async function queueTask(token: string, applicationNumber: string, step: string) {
  return eventually(`${step} of ${applicationNumber}`, async () =>
    ((await call('GET', `/api/tasks?scope=queue&caseNumber=${applicationNumber}`, { token })).json().tasks as Json[]).find((t) => t.step === step));
}
async function work(token: string, applicationNumber: string, step: string, body: Json) {
  const task = await queueTask(token, applicationNumber, step);
  expect((await call('POST', `/api/tasks/${task.userTaskKey}/claim`, { token })).statusCode).to.equal(200);
  const done = await call('POST', `/api/tasks/${task.userTaskKey}/complete`, { token, body });
  expect(done.statusCode, done.body).to.equal(204);
}

describe('api: operator activation (seed 000 §19), AB posts and statistics', function () {
  this.timeout(120_000);

  it('activates an operator: practice case → department approval → posts; only then real tasks', async () => {
    const admin = await login('admin');
    const username = `newbie.${uniqueKey('a').replace(/[^a-z0-9]/g, '').slice(-10)}`;
    expect((await call('POST', '/api/accounts', { token: admin, body: { username, realName: '新办事员', idNumber: '420700199505055555', phone: '13800005555', role: 'window-staff', unitCode: 'COM-BINHU', password: 'Init#2026a' } })).statusCode).to.equal(201);
    const first = (await call('POST', '/api/auth/login', { body: { username, password: 'Init#2026a' } })).json();
    expect((await call('POST', '/api/auth/password', { token: first.accessToken, body: { currentPassword: 'Init#2026a', newPassword: 'Mine#2026b' } })).statusCode).to.equal(204);
    const newbie = await login(username, 'Mine#2026b');

    // a real task is refused before activation
    const window = await login('binhu.acceptor');
    const real = (await call('POST', '/api/applications', { token: window, body: { itemCode: 'LNYD', applicant: person, materials: lnydMaterials } })).json();
    const realTask = await queueTask(window, real.applicationNumber, 'accept');
    const refused = await call('POST', `/api/tasks/${realTask.userTaskKey}/claim`, { token: newbie });
    expect(refused.statusCode).to.equal(403);
    expect(refused.json().code).to.equal('OPERATOR_NOT_ACTIVATED');

    // a practice case the newcomer works: accept it, then the department finishes it, then the newcomer closes it
    const practice = (await call('POST', '/api/applications', { token: window, body: { itemCode: 'LNYD', applicant: person, materials: lnydMaterials, practice: true } })).json();
    await work(newbie, practice.applicationNumber, 'accept', { decision: 'accepted' });
    await work(await login('civil.reviewer'), practice.applicationNumber, 'review', { decision: 'approved' });
    const numbered = await eventually('the certificate number', async () => (await call('GET', `/api/applications/${practice.applicationNumber}`, { token: window })).json().documentNumber);
    await work(await login('civil.decider'), practice.applicationNumber, 'decide', { decision: 'approved', confirmDocumentNumber: numbered });
    await work(newbie, practice.applicationNumber, 'close', { handover: 'in-person' });
    await eventually('the practice case to close', async () => (await call('GET', `/api/applications/${practice.applicationNumber}`, { token: window })).json().status === 'closed');

    const leaderElsewhere = await login('health.leader');
    const outOfOrder = await call('POST', `/api/accounts/${username}/approve`, { token: await login('binhu.leader') });
    expect(outOfOrder.statusCode, 'no practice recorded yet').to.equal(409);
    expect((await call('POST', `/api/accounts/${username}/practice`, { token: newbie, body: { applicationNumber: practice.applicationNumber } })).statusCode).to.equal(204);
    expect((await call('POST', `/api/accounts/${username}/approve`, { token: leaderElsewhere })).statusCode, 'another unit’s leader').to.equal(403);
    expect((await call('POST', `/api/accounts/${username}/approve`, { token: await login('binhu.leader') })).statusCode).to.equal(204);
    const activated = await call('POST', `/api/accounts/${username}/posts`, { token: admin, body: { posts: ['acceptor'] } });
    expect(activated.json()).to.include({ activated: true });
    expect((await call('POST', `/api/tasks/${realTask.userTaskKey}/claim`, { token: newbie })).statusCode, 'now a real task').to.equal(200);

    // withdrawing the post takes the power away again
    expect((await call('DELETE', `/api/accounts/${username}/posts/acceptor`, { token: admin })).json().posts).to.deep.equal([]);
    expect((await call('POST', `/api/tasks/${realTask.userTaskKey}/complete`, { token: newbie, body: { decision: 'accepted' } })).statusCode).to.equal(403);

    // each account change is in the audit trail, with who made it and what changed
    const trail = await auditEntries({ target: username });
    expect(trail.map((e) => [e.action, e.actor.id, e.outcome])).to.deep.equal([
      ['account.registered', 'admin', 'success'], ['auth.login', username, 'success'], ['account.password-changed', username, 'success'],
      ['auth.login', username, 'success'], ['account.practised', username, 'success'], ['account.approved', 'binhu.leader', 'success'], ['account.posts-assigned', 'admin', 'success'],
      ['account.post-withdrawn', 'admin', 'success'],
    ]);
    expect(trail.at(-1)).to.deep.include({ before: { posts: ['acceptor'] }, after: { posts: [] }, post: 'acceptor' });
  });

  it('a leader hands an operator’s task to the post’s backup, with a reason (AB 岗)', async () => {
    const leader = await login('health.leader');
    const admin = await login('admin');
    // a second reviewer in the unit to be the backup
    const backup = `health.${uniqueKey('b').replace(/[^a-z0-9]/g, '').slice(-8)}`;
    await call('POST', '/api/accounts', { token: admin, body: { username: backup, realName: '后备审核员', idNumber: '420700199606066666', phone: '13800006666', role: 'department-staff', unitCode: 'DEPT-HEALTH', password: 'Init#2026a' } });
    await AccountModel.updateOne({ username: backup }, { $set: { 'activation.state': 'active', posts: ['reviewer'], mustChangePassword: false } });
    expect((await call('PUT', '/api/units/DEPT-HEALTH/backups', { token: leader, body: { post: 'reviewer', primary: 'health.reviewer', backup } })).statusCode).to.equal(204);

    const window = await login('binhu.acceptor');
    const filed = (await call('POST', '/api/applications', { token: window, body: { itemCode: 'DSZN', applicant: person, materials: [{ name: '居民身份证', provided: true }, { name: '户口簿', provided: true }, { name: '结婚证', provided: true }, { name: '近期免冠一寸照片', provided: true }] } })).json();
    await work(window, filed.applicationNumber, 'accept', { decision: 'accepted' });
    const reviewer = await login('health.reviewer');
    const task = await queueTask(reviewer, filed.applicationNumber, 'review');
    await call('POST', `/api/tasks/${task.userTaskKey}/claim`, { token: reviewer });
    const noReason = await call('POST', `/api/tasks/${task.userTaskKey}/handover`, { token: leader, body: {} });
    expect(noReason.statusCode).to.equal(400);
    const handed = await call('POST', `/api/tasks/${task.userTaskKey}/handover`, { token: leader, body: { reason: '原审核员病假' } });
    expect(handed.statusCode, handed.body).to.equal(200);
    expect(handed.json()).to.include({ assignee: backup, state: 'assigned' });
    expect((await call('POST', `/api/tasks/${task.userTaskKey}/complete`, { token: reviewer, body: { decision: 'approved' } })).statusCode, 'no longer the first reviewer’s').to.equal(409);
    const backupToken = (await call('POST', '/api/auth/login', { body: { username: backup, password: 'Init#2026a' } })).json().accessToken;
    expect((await call('POST', `/api/tasks/${task.userTaskKey}/complete`, { token: backupToken, body: { decision: 'approved' } })).statusCode).to.equal(204);

    const [named] = await auditEntries({ target: `reviewer:DEPT-HEALTH:health.reviewer`, action: 'account.backup-set' }).then((l) => l.slice(-1));
    expect(named).to.deep.include({ after: { backup }, unit: 'DEPT-HEALTH' });
    const moves = await auditEntries({ target: String(task.userTaskKey) });
    expect(moves.map((e) => e.action)).to.deep.equal(['task.created', 'task.claimed', 'task.handed-over', 'task.completed']);
    expect(moves[2]).to.deep.include({ before: { assignee: 'health.reviewer' }, after: { assignee: backup } });
    expect(moves[2]!.detail).to.include({ reason: '原审核员病假' });
    expect(moves[3]!.actor.id).to.equal(backup);
  });

  it('leaves practice cases out of statistics', async () => {
    const supervisor = await login('supervisor');
    const before = (await call('GET', '/api/statistics', { token: supervisor })).json();
    const window = await login('binhu.acceptor');
    const practiceOne = await call('POST', '/api/applications', { token: window, body: { itemCode: 'LNYD', applicant: person, materials: lnydMaterials, practice: true } });
    expect(practiceOne.statusCode, practiceOne.body).to.equal(201);
    const realOne = await call('POST', '/api/applications', { token: window, body: { itemCode: 'LNYD', applicant: person, materials: lnydMaterials } });
    expect(realOne.statusCode).to.equal(201);
    const after = (await call('GET', '/api/statistics', { token: supervisor })).json();
    const count = (s: { applications: { itemCode: string; count: number }[] }) => s.applications.filter((a) => a.itemCode === 'LNYD').reduce((n, a) => n + a.count, 0);
    expect(count(after) - count(before), 'one real application more, the practice one not counted').to.equal(1);
    const practiceList = (await call('GET', '/api/applications?practice=true', { token: window })).json().applications as Json[];
    const listed = practiceList.map((a) => a.applicationNumber);
    expect(listed).to.include(practiceOne.json().applicationNumber).and.not.include(realOne.json().applicationNumber);
    expect(practiceList.filter((a) => a.practice !== true)).to.deep.equal([]);
    // the practice case's accept task is listed as practice, the real case's is not
    const practiceTasks = await eventually('the practice case’s accept task', async () => {
      const tasks = (await call('GET', '/api/tasks?practice=true', { token: window })).json().tasks as Json[];
      return tasks.some((t) => t.caseNumber === practiceOne.json().applicationNumber) ? tasks : null;
    });
    expect(practiceTasks.map((t) => t.caseNumber)).to.not.include(realOne.json().applicationNumber);
    expect(practiceTasks.filter((t) => t.practice !== true)).to.deep.equal([]);
  });

  it('gives posts to operators only, and only the posts of their kind', async () => {
    const admin = await login('admin');
    for (const username of ['citizen.wang', 'auditor', 'admin']) {
      const res = await call('POST', `/api/accounts/${username}/posts`, { token: admin, body: { posts: ['acceptor'] } });
      expect(res.statusCode, `${username}: ${res.body}`).to.equal(422);
      expect(res.json().code).to.equal('POSTS_FOR_STAFF_ONLY');
      expect(res.json().message.zh).to.include('不能分配岗位');
    }
    const wrongKind = await call('POST', '/api/accounts/health.reviewer/posts', { token: admin, body: { posts: ['acceptor'] } });
    expect(wrongKind.statusCode).to.equal(422);
    expect(wrongKind.json().code).to.equal('POST_NOT_FOR_ROLE');
    const citizen = await AccountModel.findOne({ username: 'citizen.wang' }).lean();
    expect(citizen!.posts ?? []).to.deep.equal([]);
  });
});
