import { expect } from 'chai';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_PASSWORD } from '../../domain/demo/demo-data.js';
import { call, login } from '../support/api.js';
import { fileApplication, openTask } from '../support/staff.js';
import { platform } from '../support/platform.js';

type Problem = { code: string; status: number; detail: string; message: { zh: string; en: string }; errors?: { field: string; problem: string }[] };

/** The problem document of a refusal, checked for its status and code. */
function problem(res: LightMyRequestResponse, status: number, code: string): Problem {
  expect(res.statusCode, res.body).to.equal(status);
  expect(res.headers['content-type']).to.match(/application\/problem\+json/);
  const p = res.json() as Problem;
  expect(p.code, res.body).to.equal(code);
  expect(p.message.en).to.equal(p.detail);
  return p;
}

// Each refusal says its own cause in Chinese, with the same facts as the English: the field and the rule of a
// request that does not fit, the task and who holds it, the number that does not exist, the role refused.
describe('api: every refusal says its cause in Chinese', function () {
  this.timeout(120_000);

  describe('a request its schema refuses (400 REQUEST_INVALID), field by field', () => {
    it('names a missing field and a field the route does not take', async () => {
      const missing = problem(await call('POST', '/api/auth/login', { body: { password: 'x' } }), 400, 'REQUEST_INVALID');
      expect(missing.message.zh).to.equal('body 缺少必填字段 username');
      expect(missing.message.en).to.equal("body must have required property 'username'");
      const extra = problem(await call('POST', '/api/auth/login', { body: { username: 'binhu.acceptor', password: 'x', role: 'system-admin' } }), 400, 'REQUEST_INVALID');
      expect(extra.message.zh).to.equal('body/role 不是可接受的字段');
      expect(extra.errors).to.deep.equal([{ field: 'body/role', problem: 'is not an accepted field' }]);
    });

    it('gives the length limits, the pattern and the type the field needs', async () => {
      const tooLong = problem(await call('POST', '/api/auth/login', { body: { username: 'binhu.acceptor', password: 'x'.repeat(65) } }), 400, 'REQUEST_INVALID');
      expect(tooLong.message.zh).to.equal('body/password 长度不能超过 64 个字符');
      const empty = problem(await call('POST', '/api/auth/login', { body: { username: 'binhu.acceptor', password: '' } }), 400, 'REQUEST_INVALID');
      expect(empty.message.zh).to.equal('body/password 长度不能少于 1 个字符');
      const number = problem(await call('GET', '/api/applications/12345', { token: await login('binhu.acceptor') }), 400, 'REQUEST_INVALID');
      expect(number.message.zh).to.equal('params/applicationNumber 格式不正确，须符合 ^SQ\\d{10}$');
      const typed = problem(await call('POST', '/api/auth/login', { body: { username: 'binhu.acceptor', password: 12345 } }), 400, 'REQUEST_INVALID');
      expect(typed.message.zh).to.equal('body/password 必须是字符串');
    });

    it('lists the values a choice takes, and the bounds and format of a number or a date', async () => {
      const auditor = await login('auditor');
      const scope = problem(await call('GET', '/api/tasks?scope=everything', { token: await login('binhu.acceptor') }), 400, 'REQUEST_INVALID');
      expect(scope.message.zh).to.equal('querystring/scope 必须是 mine、queue、all 之一');
      expect(scope.message.en).to.equal('querystring/scope must be one of mine, queue, all');
      const limit = problem(await call('GET', '/api/audit/entries?limit=0', { token: auditor }), 400, 'REQUEST_INVALID');
      expect(limit.message.zh).to.equal('querystring/limit 不能小于 1');
      const most = problem(await call('GET', '/api/audit/entries?limit=5000', { token: auditor }), 400, 'REQUEST_INVALID');
      expect(most.message.zh).to.equal('querystring/limit 不能大于 1000');
      const date = problem(await call('GET', '/api/audit/entries?from=yesterday', { token: auditor }), 400, 'REQUEST_INVALID');
      expect(date.message.zh).to.equal('querystring/from 必须是有效的日期时间（date-time 格式）');
      const action = problem(await call('GET', '/api/audit/entries?action=task.claimed,cake.eaten', { token: auditor }), 400, 'REQUEST_INVALID');
      expect(action.message.zh).to.match(/^querystring\/action 含未知的值 cake\.eaten；可选值：.*task\.claimed/);
    });

    it('reads a step body of the wrong shape as the shape its decision names', async () => {
      const body = { decision: 'not-approved' }; // the reasons are missing
      const res = await call('POST', '/api/tasks/1/complete', { token: await login('health.reviewer'), body });
      const p = problem(res, 400, 'REQUEST_INVALID');
      expect(p.message.zh).to.equal('body 缺少必填字段 reasons');
      const unknown = problem(await call('POST', '/api/tasks/1/complete', { token: await login('health.reviewer'), body: { decision: 'maybe' } }), 400, 'REQUEST_INVALID');
      expect(unknown.message.zh).to.match(/^body\/decision 必须是 accepted、not-accepted、refused、approved、not-approved.* 之一$/);
    });
  });

  describe('a request the framework cannot read', () => {
    it('says where the JSON breaks, which media type it was sent as, and which address has no route', async () => {
      const token = await login('binhu.acceptor');
      const broken = problem(await call('POST', '/api/tasks/1/claim', { token, body: '{"a": }' }), 400, 'BODY_NOT_JSON');
      expect(broken.message.zh).to.match(/^提交内容不是有效的 JSON：有意外的字符 \}/);
      const cut = problem(await call('POST', '/api/tasks/1/claim', { token, body: '{"a": 1' }), 400, 'BODY_NOT_JSON');
      expect(cut.message.zh).to.match(/^提交内容不是有效的 JSON：第 8 个字符处有误/);
      expect(cut.message.en).to.include('position 7');
      const text = problem(await call('POST', '/api/auth/login', { body: 'username=x', headers: { 'content-type': 'text/plain' } }), 415, 'MEDIA_TYPE_UNSUPPORTED');
      expect(text.message.zh).to.include('不支持的内容类型 text/plain');
      expect(text.message.en).to.include('text/plain');
      const nowhere = problem(await call('GET', '/api/no-such-thing', { token }), 404, 'ROUTE_NOT_FOUND');
      expect(nowhere.message.zh).to.equal('没有这个地址：GET /api/no-such-thing');
    });
  });

  describe('a business rule that says no', () => {
    it('names the task that does not exist, the application number, and the role that may not call', async () => {
      const acceptor = await login('binhu.acceptor');
      const task = problem(await call('POST', '/api/tasks/987654321/claim', { token: acceptor }), 404, 'TASK_NOT_FOUND');
      expect(task.message.zh).to.equal('任务 987654321 不存在');
      const app = problem(await call('GET', '/api/applications/SQ2026999999', { token: acceptor }), 404, 'APPLICATION_NOT_FOUND');
      expect(app.message.zh).to.equal('办件 SQ2026999999 不存在');
      const citizen = problem(await call('GET', '/api/tasks', { token: await login('citizen.wang') }), 403, 'ROLE_FORBIDDEN');
      expect(citizen.message.zh).to.equal('当前角色 applicant 无权执行 GET /api/tasks');
    });

    it('says who claimed a task another operator tries to take, and whose post a task is', async () => {
      const filed = await fileApplication('DSZN', 'COM-BINHU');
      const open = await openTask(filed.applicationNumber, 'accept');
      const colleague = { username: 'binhu.acceptor2', unitCode: 'COM-BINHU', posts: ['acceptor'], activated: true };
      await platform().services.tasks.claim(open.userTaskKey, colleague);
      const taken = problem(await call('POST', `/api/tasks/${open.userTaskKey}/claim`, { token: await login('binhu.acceptor') }), 409, 'TASK_NOT_OPEN');
      expect(taken.message.zh).to.equal(`任务 ${open.userTaskKey} 已被 binhu.acceptor2 认领，请刷新待办列表`);
      expect(taken.message.en).to.equal(`task ${open.userTaskKey} is already claimed by binhu.acceptor2`);
      const closer = problem(await call('POST', `/api/tasks/${open.userTaskKey}/claim`, { token: await login('binhu.closer') }), 403, 'TASK_NOT_YOUR_POST');
      expect(closer.message.zh).to.equal(`任务 ${open.userTaskKey} 属于单位 COM-BINHU 的 acceptor 岗位，binhu.closer 不在此岗`);
    });

    it('says which step a body was for and what in it does not fit', async () => {
      const filed = await fileApplication('DSZN', 'COM-BINHU');
      const token = await login('binhu.acceptor');
      const open = await openTask(filed.applicationNumber, 'accept');
      expect((await call('POST', `/api/tasks/${open.userTaskKey}/claim`, { token })).statusCode).to.equal(200);
      const res = await call('POST', `/api/tasks/${open.userTaskKey}/complete`, { token, body: { decision: 'approved' } });
      const p = problem(res, 422, 'STEP_BODY_INVALID');
      expect(p.message.zh).to.equal('这是“受理”环节的任务，提交内容不符合要求：决定（decision） 须为以下之一：accepted, not-accepted, refused');
      expect(p.message.en).to.equal('the body does not fit the accept step: /decision must be one of accepted, not-accepted, refused');
      const closing = problem(await call('POST', `/api/tasks/${open.userTaskKey}/complete`, { token, body: { handover: 'proxy', proxyName: '王大明' } }), 422, 'STEP_BODY_INVALID');
      expect(closing.message.zh, 'a closing body on an accept task is told which decision the step takes').to.equal('这是“受理”环节的任务，提交内容不符合要求：决定（decision） 须为以下之一：accepted, not-accepted, refused');
    });

    it('names the account a login failed for, the same whether it exists or not', async () => {
      const wrong = problem(await call('POST', '/api/auth/login', { body: { username: 'binhu.closer', password: `${DEMO_PASSWORD}x` } }), 401, 'CREDENTIALS_INVALID');
      expect(wrong.message.zh).to.equal('用户名 binhu.closer 不存在或密码错误');
      const ghost = problem(await call('POST', '/api/auth/login', { body: { username: 'nobody.here', password: 'whatever' } }), 401, 'CREDENTIALS_INVALID');
      expect(ghost.message.zh, 'an unknown name reads just like a wrong password').to.equal('用户名 nobody.here 不存在或密码错误');
    });
  });

  it('never falls back to the generic words of a status when the cause is known', async () => {
    const generic = ['请求格式不正确', '内容不符合业务规则', '资源不存在', '状态冲突', '无权访问', '请先登录', '请求未能完成'];
    const acceptor = await login('binhu.acceptor');
    // each refusal, and the fact its Chinese must carry
    const answers: [LightMyRequestResponse, string][] = [
      [await call('POST', '/api/auth/login', { body: { username: 'x.y.z' } }), 'password'],
      [await call('GET', '/api/applications/SQ2026999998', { token: acceptor }), 'SQ2026999998'],
      [await call('POST', '/api/tasks/1/claim', { token: acceptor }), '任务 1 '],
      [await call('GET', '/api/audit/entries', { token: acceptor }), 'window-staff'],
      [await call('GET', '/api/stock/ledger?communityCode=COM-DUSHAN&certificateType=DSZN', { token: acceptor }), 'COM-DUSHAN'],
      [await call('POST', '/api/tasks/1/handover', { token: await login('health.leader'), body: { reason: 'x' } }), 'reason'],
    ];
    for (const [res, fact] of answers) {
      const p = res.json() as Problem;
      expect(res.statusCode, res.body).to.be.within(400, 499);
      expect(generic, `${p.code}: ${p.message.zh}`).to.not.include(p.message.zh);
      expect(p.message.zh, `${p.code} in Chinese`).to.include(fact).and.match(/[\u4e00-\u9fff]/);
      expect(p.message.en, `${p.code} in English`).to.include(fact.trim().replace('任务', 'task'));
    }
  });
});
