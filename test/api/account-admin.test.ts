import { expect } from 'chai';
import { TaskModel } from '../../domain/task/task.model.js';
import { auditEntries, call, login } from '../support/api.js';
import { platform, uniqueKey } from '../support/platform.js';
import { fileApplication, openTask } from '../support/staff.js';

type Json = Record<string, unknown>;
const from = (remoteAddress: string, username: string, password: string) =>
  platform().app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username, password }) });

async function freshStaff(admin: string) {
  const username = `reset.${uniqueKey('r').replace(/[^a-z0-9]/g, '').slice(-10)}`;
  const res = await call('POST', '/api/accounts', { token: admin, body: { username, realName: '重置测试', idNumber: '420700199101017777', phone: '13800003333', role: 'department-staff', unitCode: 'DEPT-CIVIL', password: 'Init#2026a' } });
  expect(res.statusCode, res.body).to.equal(201);
  return username;
}
const listed = async (admin: string, username: string) =>
  ((await call('GET', '/api/accounts?unitCode=DEPT-CIVIL', { token: admin })).json().accounts as Json[]).find((a) => a.username === username)!;

describe('api: the administrator’s and the leader’s account tools', function () {
  this.timeout(120_000);

  it('resets a password: a one-time password shown once, changed at the next login; old sessions end; audited without the password', async () => {
    const admin = await login('admin');
    const username = await freshStaff(admin);
    const before = (await call('POST', '/api/auth/login', { body: { username, password: 'Init#2026a' } })).json();

    const reset = await call('POST', `/api/accounts/${username}/password-reset`, { token: admin });
    expect(reset.statusCode, reset.body).to.equal(200);
    expect(reset.headers['cache-control']).to.equal('no-store');
    const { oneTimePassword } = reset.json();
    expect(reset.json()).to.include({ username, mustChangePassword: true });
    expect(oneTimePassword).to.match(/^.{12,20}$/).and.match(/[a-z]/).and.match(/[A-Z]/).and.match(/\d/).and.match(/[^A-Za-z0-9]/);

    expect((await call('GET', '/api/me', { token: before.accessToken })).statusCode, 'the session from before the reset ended').to.equal(401);
    expect((await call('POST', '/api/auth/login', { body: { username, password: 'Init#2026a' } })).statusCode, 'the old password no longer works').to.equal(401);
    const first = (await call('POST', '/api/auth/login', { body: { username, password: oneTimePassword } })).json();
    expect(first.mustChangePassword).to.equal(true);
    expect((await call('GET', '/api/tasks', { token: first.accessToken })).json().code).to.equal('PASSWORD_CHANGE_REQUIRED');
    expect((await call('POST', '/api/auth/password', { token: first.accessToken, body: { currentPassword: oneTimePassword, newPassword: 'Mine#2026c' } })).statusCode).to.equal(204);
    expect((await call('POST', '/api/auth/login', { body: { username, password: 'Mine#2026c' } })).json().mustChangePassword).to.equal(false);

    const [entry] = await auditEntries({ target: username, action: 'account.password-reset' });
    expect(entry).to.deep.include({ after: { mustChangePassword: true } });
    expect(entry!.actor.id).to.equal('admin');
    expect(JSON.stringify(entry), 'the password is not in the trail').to.not.include(oneTimePassword);
  });

  it('refuses a reset by other roles, of one’s own password, and of an unknown account, with the cause in both languages', async () => {
    const admin = await login('admin');
    const leader = await call('POST', '/api/accounts/binhu.acceptor/password-reset', { token: await login('binhu.leader') });
    expect(leader.statusCode).to.equal(403);
    const own = await call('POST', '/api/accounts/admin/password-reset', { token: admin });
    expect(own.statusCode).to.equal(403);
    expect(own.json()).to.deep.include({ code: 'RESET_OWN_PASSWORD' });
    expect(own.json().message.zh).to.include('修改密码');
    const unknown = await call('POST', '/api/accounts/nobody.here/password-reset', { token: admin });
    expect(unknown.statusCode).to.equal(404);
    expect(unknown.json().message.zh).to.include('nobody.here');
  });

  it('shows a username whose logins are held off, and a reset lifts the hold', async () => {
    const admin = await login('admin');
    const username = await freshStaff(admin);
    expect((await listed(admin, username)).loginHeldUntil).to.equal(null);
    for (let i = 0; i < platform().config.security.maxFailures; i++) await from('127.0.0.9', username, 'Wrong#Pass9');
    expect((await from('127.0.0.9', username, 'Init#2026a')).statusCode, 'held off').to.equal(429);
    const held = (await listed(admin, username)).loginHeldUntil as string;
    expect(new Date(held).getTime()).to.be.greaterThan(Date.now());

    const { oneTimePassword } = (await call('POST', `/api/accounts/${username}/password-reset`, { token: admin })).json();
    expect((await listed(admin, username)).loginHeldUntil).to.equal(null);
    expect((await from('127.0.0.9', username, oneTimePassword)).statusCode, 'in at once with the one-time password').to.equal(200);
  });

  it('gives a leader the unit’s open tasks with their marks and the workload by post and holder, and no other unit’s', async () => {
    const leader = await login('binhu.leader');
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const task = await openTask(filed.applicationNumber, 'accept');
    // the task is past its due time: a yellow card, and its warning before it
    const past = new Date((await platform().services.now()).getTime() - 60_000);
    await TaskModel.updateOne({ userTaskKey: task.userTaskKey }, { $set: { warningAt: past, dueAt: past } });

    const res = await call('GET', '/api/units/COM-BINHU/tasks', { token: leader });
    expect(res.statusCode, res.body).to.equal(200);
    const { tasks, workload } = res.json() as { tasks: Json[]; workload: Json[] };
    expect(tasks.find((t) => t.userTaskKey === task.userTaskKey)).to.include({ caseNumber: filed.applicationNumber, caseKind: 'application', post: 'acceptor', assignee: null, escalation: 'yellow' });
    expect(tasks.every((t) => ['created', 'assigned'].includes(t.state as string)), 'open tasks only').to.equal(true);
    // each row counts exactly the tasks of its post and holder, and the marks they passed
    for (const row of workload) {
      const mine = tasks.filter((t) => t.post === row.post && t.assignee === row.assignee);
      const past = (marks: string[]) => mine.filter((t) => marks.includes(t.escalation as string)).length;
      expect(row, `${row.post}/${row.assignee}`).to.deep.equal({ post: row.post, assignee: row.assignee, open: mine.length, warning: past(['warning', 'yellow', 'red']), yellow: past(['yellow', 'red']), red: past(['red']) });
    }
    expect(workload.reduce((n, r) => n + (r.open as number), 0)).to.equal(tasks.length);
    expect(workload.find((r) => r.post === 'acceptor' && r.assignee === null)!.yellow).to.be.at.least(1);

    const elsewhere = await call('GET', '/api/units/DEPT-HEALTH/tasks', { token: leader });
    expect(elsewhere.statusCode).to.equal(403);
    expect(elsewhere.json().message.zh).to.include('本单位');
    expect((await call('GET', '/api/units/COM-BINHU/tasks', { token: await login('admin') })).statusCode).to.equal(403);
    // a supervisor reads any unit, the same tasks and marks as its leader
    const supervisor = await login('supervisor');
    const watched = await call('GET', '/api/units/COM-BINHU/tasks', { token: supervisor });
    expect(watched.statusCode, watched.body).to.equal(200);
    expect((watched.json().tasks as Json[]).find((t) => t.userTaskKey === task.userTaskKey)).to.include({ caseNumber: filed.applicationNumber, escalation: 'yellow' });
    expect((await call('GET', '/api/units/DEPT-HEALTH/tasks', { token: supervisor })).statusCode).to.equal(200);
    expect((await call('GET', '/api/units', { token: supervisor })).statusCode).to.equal(200);
  });

  it('lists the units and the backups named in a unit', async () => {
    const admin = await login('admin');
    const units = (await call('GET', '/api/units', { token: admin })).json().units as Json[];
    expect(units.find((u) => u.code === 'COM-BINHU')).to.include({ name: '滨湖社区', kind: 'community' });
    expect((await call('GET', '/api/units', { token: await login('citizen.wang') })).statusCode).to.equal(403);

    const leader = await login('dpf.leader');
    const backup = `dpf.${uniqueKey('b').replace(/[^a-z0-9]/g, '').slice(-8)}`;
    await platform().services.accounts.register({ username: backup, realName: '后备核验员', idNumber: '420700199707077777', phone: '13800007777', role: 'department-staff', unitCode: 'DEPT-DPF', password: 'Init#2026a' }, 'admin', new Date(), { activated: true, posts: ['verifier'] });
    expect((await call('PUT', '/api/units/DEPT-DPF/backups', { token: leader, body: { post: 'verifier', primary: 'dpf.verifier', backup } })).statusCode).to.equal(204);
    const named = (await call('GET', '/api/units/DEPT-DPF/backups', { token: leader })).json().backups;
    expect(named).to.deep.include({ post: 'verifier', primary: 'dpf.verifier', backup });
    expect((await call('GET', '/api/units/DEPT-DPF/backups', { token: admin })).json().backups).to.deep.equal(named);
    expect((await call('GET', '/api/units/DEPT-PSB/backups', { token: leader })).statusCode, 'another unit').to.equal(403);
    const wrong = await call('PUT', '/api/units/DEPT-DPF/backups', { token: leader, body: { post: 'verifier', primary: 'dpf.verifier', backup: 'dpf.issuer' } });
    expect(wrong.statusCode).to.equal(422);
    expect(wrong.json().message.zh).to.include('dpf.issuer');
  });
});
