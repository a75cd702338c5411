import { expect } from 'chai';
import { call, login } from '../../support/api.js';
import { platform } from '../../support/platform.js';
import { act, eventually, openTask } from '../../support/staff.js';

type Json = Record<string, unknown>;
const PACKAGE = 'CSYJS'; // 出生一件事: CSYX (health, lead), XSRH (public security), JMYB (social security, deemed approval on timeout)

/** The window of 滨湖社区 files and accepts the package with every required material of the merged form. */
async function fileAtWindow(): Promise<string> {
  const form = (await call('GET', `/api/packages/${PACKAGE}`, { token: await login('binhu.acceptor') })).json() as { materials: { name: string; required: boolean }[] };
  const res = await call('POST', '/api/package-applications', {
    token: await login('binhu.acceptor'),
    body: { packageCode: PACKAGE, communityCode: 'COM-BINHU', applicant: { name: '王小明', idNumber: '420700199001011234' }, applicantUsername: 'citizen.wang', materials: form.materials.map((m) => m.name) },
  });
  expect(res.statusCode, res.body).to.equal(201);
  return res.json().packageNumber as string;
}
const answered = (n: string) => eventually(`the joint answer of ${n}`, async () => {
  const c = await platform().services.packageApplications.get(n);
  return c.status === 'answered' ? c : null;
});
const noticesOf = async () => (await call('GET', '/api/notices/mine', { token: await login('citizen.wang') })).json() as { notices: Json[] };
const packageNotices = async (n: string) => (await noticesOf()).notices.filter((x) => String(x.text ?? '').includes(n));

describe('package approval process (主题式/套餐式服务, seed 004 §19, 003 §5(2), §5(6))', function () {
  this.timeout(300_000);

  it('one acceptance opens one task per department at once, each routed to its department; all approve → one approved notice', async () => {
    const { services } = platform();
    const n = await fileAtWindow();
    const tasks = await eventually('three branch tasks', async () => {
      const open = (await services.tasks.list({ caseNumber: n })).filter((t) => /^approve-\d$/.test(t.step));
      return open.length === 3 ? open : null;
    });
    expect(tasks.map((t) => `${t.step}:${t.post}:${t.unitCode}`).sort()).to.deep.equal(['approve-1:approver:DEPT-HEALTH', 'approve-2:approver:DEPT-PSB', 'approve-3:approver:DEPT-HRSS']);
    expect(tasks.every((t) => t.caseKind === 'package' && t.dueAt instanceof Date)).to.equal(true);
    await act(n, 'approve-1', 'health.approver', { decision: 'approved' });
    await act(n, 'approve-2', 'psb.approver', { decision: 'approved' });
    expect((await services.packageApplications.get(n)).status, 'no answer while a branch is open').to.equal('approving');
    await act(n, 'approve-3', 'hrss.approver', { decision: 'approved', opinion: '符合参保条件' });
    const c = await answered(n);
    expect(c.outcome).to.equal('approved');
    expect(c.branches.map((b) => b.decision)).to.deep.equal(['approved', 'approved', 'approved']);
    const notices = await eventually('one notice', async () => { const list = await packageNotices(n); return list.length ? list : null; });
    expect(notices).to.have.length(1);
    expect(String(notices[0]!.text)).to.include('套餐所含 3 个事项均已审批通过');
    // the case is in the audit trail: filed, accepted, each branch's decision, the joint answer
    const trail = await services.audit.search({ caseNumber: n }, 100);
    expect(trail.map((e) => e.action)).to.include.members(['package.filed', 'package.accepted', 'package.branch-decided', 'package.answered']);
    // another citizen and a unit with no part in it are told the same as for a number that does not exist
    const unknown = n.replace(/\d{6}$/, '999999');
    for (const [who, number] of [['company.ezhou', n], ['dushan.acceptor', n], ['company.ezhou', unknown]] as const) {
      const res = await call('GET', `/api/package-applications/${number}`, { token: await login(who) });
      expect(res.statusCode, `${who} reads ${number}`).to.equal(404);
      expect(res.json().code).to.equal('PACKAGE_CASE_NOT_FOUND');
    }
    expect((await call('GET', `/api/package-applications/${n}`, { token: await login('citizen.wang') })).statusCode, 'the applicant reads it').to.equal(200);
  });

  it('one department refuses → one combined notice naming that department and its reasons', async () => {
    const n = await fileAtWindow();
    await act(n, 'approve-1', 'health.approver', { decision: 'approved' });
    await act(n, 'approve-2', 'psb.approver', { decision: 'not-approved', reasons: ['父母一方须为本市户籍', '结婚证复印件不清晰'] });
    await act(n, 'approve-3', 'hrss.approver', { decision: 'approved' });
    const c = await answered(n);
    expect(c.outcome).to.equal('not-approved');
    const notices = await eventually('one notice', async () => { const list = await packageNotices(n); return list.length ? list : null; });
    expect(notices).to.have.length(1);
    const text = String(notices[0]!.text);
    expect(text).to.include('市公安局「新生儿入户登记」不予批准：父母一方须为本市户籍；结婚证复印件不清晰');
    expect(text).not.to.include('区卫生健康局「出生医学证明」不予批准');
  });

  it('a branch whose limit passes is deemed approved (超时默许), and a late branch earns its cards for its own department\'s post', async () => {
    const { services, clock } = platform();
    const n = await fileAtWindow();
    await act(n, 'approve-2', 'psb.approver', { decision: 'approved' });
    const health = await openTask(n, 'approve-1');
    const hrss = await openTask(n, 'approve-3');
    // the health department's approver takes its branch and lets it run late
    await services.tasks.claim(health.userTaskKey, { username: 'health.approver', unitCode: 'DEPT-HEALTH', posts: ['approver'], activated: true });
    const clocks = await eventually('both clocks', async () => {
      const list = await services.stepDeadlines.forCase(n);
      const one = list.find((d) => d.step === 'approve-1');
      const three = list.find((d) => d.step === 'approve-3');
      return one && three ? { one, three } : null;
    });
    expect(clocks.three.dueAt!.getTime(), 'the social-security item has the shorter limit').to.be.lessThan(clocks.one.dueAt!.getTime());
    // past the social-security branch's limit: deemed approved; no answer yet, health is still open
    await clock.moveTo(new Date(clocks.three.dueAt!.getTime() + 60_000));
    await eventually('the social-security branch deemed approved', async () => (await services.tasks.get(hrss.userTaskKey)).state === 'canceled');
    expect((await services.packageApplications.get(n)).status).to.equal('approving');
    // past the health branch's red-card time: warning, yellow and red go to health.approver, who holds it
    await clock.moveTo(new Date(clocks.one.redAt!.getTime() + 60_000));
    const cards = await eventually('three cards for the health branch', async () => {
      const list = (await services.escalation.cardsOf(n)).filter((c) => c.step === 'approve-1');
      return list.length === 3 ? list : null;
    });
    expect(cards.map((c) => c.level).sort()).to.deep.equal(['red', 'warning', 'yellow']);
    expect(cards.every((c) => c.holder === 'health.approver' && c.caseKind === 'package')).to.equal(true);
    // the social-security branch passed its warning before it was deemed approved: its warning went to its own queue;
    // the public-security branch answered in time and has none
    const others = (await services.escalation.cardsOf(n)).filter((c) => c.step !== 'approve-1');
    expect(others.map((c) => `${c.step}:${c.level}:${c.holder}`)).to.deep.equal(['approve-3:warning:approver:DEPT-HRSS']);
    await act(n, 'approve-1', 'health.approver', { decision: 'approved' }).catch(async () => {
      // claimed already: complete it directly as the approver
      await services.steps.complete(health.userTaskKey, { username: 'health.approver', unitCode: 'DEPT-HEALTH', posts: ['approver'], activated: true }, { decision: 'approved' }, await services.now());
    });
    const c = await answered(n);
    expect(c.outcome).to.equal('approved');
    expect(c.branches.map((b) => b.decision)).to.deep.equal(['approved', 'approved', 'deemed-approved']);
    expect(c.answer?.zh).to.include('城乡居民医保参保登记 超时默许通过');
    const trail = await services.audit.search({ caseNumber: n }, 100);
    const deemed = trail.filter((e) => e.action === 'deadline.deemed-approval');
    expect(deemed.map((e) => (e.detail as Json).step)).to.deep.equal(['approve-3']);
  });
});
