import { expect } from 'chai';
import type { LightMyRequestResponse } from 'fastify';
import { AuditAction } from '../../domain/audit/audit-entry.model.js';
import type { ServiceItemInput } from '../../domain/service-item/service-item.schema.js';
import { createChangeRequestRepository } from '../../domain/service-item/change-request.repository.js';
import { createServiceItemRepository } from '../../domain/service-item/service-item.repository.js';
import { auditEntries, call, login } from '../support/api.js';
import { platform } from '../support/platform.js';
import { eventually } from '../support/staff.js';

type Json = Record<string, unknown>;
const days = (value: number) => ({ value, unit: 'working-days' as const });
const hours = (value: number) => ({ value, unit: 'working-hours' as const });
const person = { type: 'individual', name: '事项测试人', idNumber: '420700199202021234', phone: '13900002222' };

let counter = 0;
/** A code no other test of this run uses (item codes are upper case, digits and dashes). */
const freshCode = () => `T${Date.now().toString(36).toUpperCase()}${(counter += 1)}`;

/** An online item of the health department, so owner.health may propose it. */
function newItem(code: string, over: Partial<ServiceItemInput> = {}): ServiceItemInput {
  return {
    code, name: `测试事项${code}`, legalBasis: '《测试事项管理办法》第三条', category: 'online-application', handlingMode: 'direct',
    conditions: ['本市户籍居民'], materials: [{ name: '居民身份证', form: 'original-and-copy', count: 1, required: true }],
    stepLimits: { accept: hours(4), approve: days(10), verify: days(2), issue: days(2) }, totalLimit: days(20),
    departmentCode: 'DEPT-HEALTH', fees: '不收费', result: '核发测试证明', certificateType: 'TEST-CERT', processId: 'online-application', deemedApproval: false,
    ...over,
  };
}

const propose = async (username: string, code: string, body: Json) => call('POST', `/api/items/${code}/change-requests`, { token: await login(username), body });
const decide = async (username: string, requestId: string, verdict: 'approve' | 'reject', body: Json = {}) =>
  call('POST', `/api/change-requests/${requestId}/${verdict}`, { token: await login(username), body });
const itemOf = async (code: string) => (await call('GET', `/api/items/${code}`, { token: await login('office.zhang') })).json();
const fileFor = async (code: string, extra: Json = {}) => call('POST', '/api/applications', {
  token: await login('binhu.acceptor'), body: { itemCode: code, applicant: person, materials: [{ name: '居民身份证', provided: true }], ...extra },
});

function expectStatus(res: LightMyRequestResponse, status: number, code?: string) {
  expect(res.statusCode, res.body).to.equal(status);
  if (code) expect(res.json().code, res.body).to.equal(code);
  return res.json();
}

/** Proposes and has the other person approve: the four-eyes path in one step. */
async function through(proposer: string, approver: string, code: string, body: Json) {
  const proposed = expectStatus(await propose(proposer, code, body), 201);
  return expectStatus(await decide(approver, proposed.requestId, 'approve'), 200);
}
const opened = async (code: string, over: Partial<ServiceItemInput> = {}) => through('owner.health', 'office.zhang', code, { kind: 'open', reason: '群众需求，开通事项', item: newItem(code, over) });

/** The office year of the engine's clock, the clock applications are filed on. */
async function engineYear() {
  const now = await platform().services.now();
  return new Date(now.getTime() + platform().config.office.utcOffsetMinutes * 60_000).getUTCFullYear();
}

describe('service items: four-eyes lifecycle, versions, evaluations and public guides (seed 004 §12, 000 §16)', function () {
  this.timeout(120_000);

  it('opens a new item only when another person of the service office approves; the proposer cannot decide it', async () => {
    const code = freshCode();
    const proposed = expectStatus(await propose('office.zhang', code, { kind: 'open', reason: '社区居民需求较大，申请开通', item: newItem(code) }), 201);
    expect(proposed).to.include({ itemCode: code, kind: 'open', status: 'pending', fromStatus: null, toStatus: 'published', baseVersion: 1 });
    expect(proposed.requestId).to.match(/^CR\d{10}$/);

    // a draft until approved: no guide, no applications
    const draft = await itemOf(code);
    expect(draft).to.include({ status: 'draft', currentVersion: 1 });
    expectStatus(await call('GET', `/api/guides/${code}`), 404, 'GUIDE_NOT_FOUND');
    const early = expectStatus(await fileFor(code), 409, 'ITEM_NOT_OPEN');
    expect(early.message.zh).to.include('尚未开通');

    const own = expectStatus(await decide('office.zhang', proposed.requestId, 'approve'), 403, 'FOUR_EYES_REQUIRED');
    expect(own.message.zh).to.include('提出人以外');
    expectStatus(await decide('office.zhang', proposed.requestId, 'reject', { comment: '自己驳回自己' }), 403, 'FOUR_EYES_REQUIRED');
    expectStatus(await decide('owner.health', proposed.requestId, 'approve'), 403, 'ROLE_FORBIDDEN');
    expect((await itemOf(code)).status, 'nothing took effect').to.equal('draft');

    const approved = expectStatus(await decide('office.li', proposed.requestId, 'approve', { comment: '同意开通' }), 200);
    expect(approved).to.deep.include({ status: 'approved', resultVersion: 1, comment: '同意开通', decidedBy: { username: 'office.li', role: 'service-office' } });
    expectStatus(await decide('office.li', proposed.requestId, 'approve'), 409, 'REQUEST_ALREADY_DECIDED');
    expectStatus(await decide('office.li', proposed.requestId, 'reject', { comment: '再驳回' }), 409, 'REQUEST_ALREADY_DECIDED');

    const item = await itemOf(code);
    expect(item).to.include({ status: 'published', currentVersion: 1 });
    expect(item.changeRequests).to.have.length(1);
    expect(item.changeRequests[0]).to.deep.include({
      requestId: proposed.requestId, reason: '社区居民需求较大，申请开通', proposedBy: { username: 'office.zhang', role: 'service-office' },
      decidedBy: { username: 'office.li', role: 'service-office' },
    });
    expect(Date.parse(item.changeRequests[0].decidedAt)).to.be.at.least(Date.parse(item.changeRequests[0].proposedAt));
    expectStatus(await fileFor(code), 201);
    expect(expectStatus(await call('GET', `/api/guides/${code}`), 200)).to.include({ code, status: 'published', accepting: true });
  });

  it('a rejected request changes nothing; a rejected opening stays a draft until a later one is approved', async () => {
    const code = freshCode();
    const first = expectStatus(await propose('owner.health', code, { kind: 'open', reason: '申请开通', item: newItem(code) }), 201);
    expectStatus(await decide('office.li', first.requestId, 'reject', {}), 400, 'REQUEST_INVALID'); // a rejection gives its reason
    const rejected = expectStatus(await decide('office.li', first.requestId, 'reject', { comment: '法律依据不完整' }), 200);
    expect(rejected).to.deep.include({ status: 'rejected', comment: '法律依据不完整', resultVersion: null });
    expectStatus(await decide('office.zhang', first.requestId, 'approve'), 409, 'REQUEST_ALREADY_DECIDED');
    expect(await itemOf(code)).to.include({ status: 'draft' });

    await through('owner.health', 'office.zhang', code, { kind: 'open', reason: '补充依据后再次申请', item: newItem(code, { legalBasis: '《测试事项管理办法》第三条、第五条' }) });
    const item = await itemOf(code);
    expect(item).to.include({ status: 'published', currentVersion: 1 });
    expect(item.versions[0].legalBasis, 'the approved elements are the ones published').to.equal('《测试事项管理办法》第三条、第五条');
    expect(item.changeRequests.map((r: Json) => r.status)).to.deep.equal(['approved', 'rejected']);
  });

  it('a change publishes version n+1 and keeps version n; an application filed before it keeps version n and its limits', async () => {
    const code = freshCode();
    await opened(code);
    const before = expectStatus(await fileFor(code), 201);

    const changed = newItem(code, { stepLimits: { accept: hours(6), approve: days(3), verify: days(2), issue: days(2) }, totalLimit: days(8), fees: '工本费10元' });
    const proposed = expectStatus(await propose('owner.health', code, { kind: 'change', reason: '压缩审批时限（减时限）', item: changed }), 201);
    expect(proposed.changes).to.deep.equal(['stepLimits', 'totalLimit', 'fees']);
    expect((await itemOf(code)).currentVersion, 'proposing changes nothing').to.equal(1);
    const approved = expectStatus(await decide('office.li', proposed.requestId, 'approve'), 200);
    expect(approved).to.include({ resultVersion: 2, fromStatus: 'published', toStatus: 'published' });

    const item = await itemOf(code);
    expect(item).to.include({ status: 'published', currentVersion: 2 });
    expect(item.versions.map((v: Json) => [v.version, v.status, v.current])).to.deep.equal([[1, 'published', false], [2, 'published', true]]);
    expect(item.versions[0]).to.deep.include({ totalLimit: days(20), fees: '不收费' });
    expect(item.versions[0].stepLimits.approve).to.deep.equal(days(10));
    expect(item.versions[1]).to.deep.include({ totalLimit: days(8), fees: '工本费10元', requestId: proposed.requestId });
    expect((await call('GET', `/api/guides/${code}`)).json()).to.deep.include({ version: 2, fees: '工本费10元' });

    const after = expectStatus(await fileFor(code), 201);
    const store = platform().services.applications;
    expect((await store.get(before.applicationNumber)).itemVersion).to.equal(1);
    expect((await store.get(after.applicationNumber)).itemVersion).to.equal(2);

    // the running case moves on after the change: its next step and its legal limit still read version 1
    const window = await login('binhu.acceptor');
    const task = await eventually('the accept task', async () =>
      ((await call('GET', `/api/tasks?scope=queue&caseNumber=${before.applicationNumber}`, { token: window })).json().tasks as Json[]).find((t) => t.step === 'accept'));
    expectStatus(await call('POST', `/api/tasks/${task.userTaskKey}/claim`, { token: window }), 200);
    expect((await call('POST', `/api/tasks/${task.userTaskKey}/complete`, { token: window, body: { decision: 'accepted' } })).statusCode).to.equal(204);
    const limits = async (applicationNumber: string) => eventually('the deadlines', async () => {
      const entries = await auditEntries({ caseNumber: applicationNumber, action: AuditAction.DeadlineComputed });
      const byStep = Object.fromEntries(entries.map((e) => [e.detail!.step, e.detail!.limit]));
      return applicationNumber === before.applicationNumber ? (byStep.approve ? byStep : null) : (byStep.accept ? byStep : null);
    });
    expect(await limits(before.applicationNumber)).to.deep.equal({ accept: hours(4), approve: days(10) });
    expect(await limits(after.applicationNumber), 'a new case runs on version 2').to.deep.equal({ accept: hours(6) });
    const legal = (await call('GET', `/api/applications/${before.applicationNumber}`, { token: window })).json().legalDeadline;
    expect(legal.explanation.join('\n')).to.include('Limit 20 working day(s)');
  });

  it('suspending refuses new applications with a clear message in Chinese and English; resuming takes them again; terminating is final', async () => {
    const code = freshCode();
    await opened(code);
    const suspend = expectStatus(await propose('owner.health', code, { kind: 'suspend', reason: '上级部门调整办理依据，暂停受理' }), 201);
    expectStatus(await fileFor(code), 201); // proposed is not yet in effect
    expectStatus(await decide('office.li', suspend.requestId, 'approve'), 200);

    const refused = expectStatus(await fileFor(code), 409, 'ITEM_NOT_OPEN');
    expect(refused.message.zh).to.equal(`事项「测试事项${code}」（${code}）已暂停受理，恢复受理前不接受新的申请；已提交的办件照常办理`);
    expect(refused.message.en).to.include('is suspended').and.include('until it is resumed');
    const online = await call('POST', '/api/applications', { token: await login('citizen.wang'), body: { itemCode: code, communityCode: 'COM-BINHU', materials: [{ name: '居民身份证', provided: true }] } });
    expectStatus(online, 409, 'ITEM_NOT_OPEN');

    // the public list leaves it out; its guide says it is suspended
    expect((await call('GET', `/api/guides?q=${code}`)).json().guides).to.deep.equal([]);
    const guide = expectStatus(await call('GET', `/api/guides/${code}`), 200);
    expect(guide).to.include({ status: 'suspended', accepting: false });
    expect(guide.notice.zh).to.include('暂停受理');

    for (const kind of ['suspend', 'open', 'change']) {
      const res = await propose('owner.health', code, { kind, reason: '无效的状态变更', ...(kind === 'suspend' ? {} : { item: newItem(code, { fees: '另收费' }) }) });
      const problem = expectStatus(res, 409, 'ITEM_IS_SUSPENDED');
      expect(problem.message.zh, kind).to.include('已暂停受理');
    }

    await through('owner.health', 'office.zhang', code, { kind: 'resume', reason: '依据已明确，恢复受理' });
    expectStatus(await fileFor(code), 201);
    expectStatus(await propose('owner.health', code, { kind: 'resume', reason: '重复恢复' }), 409, 'ITEM_IS_PUBLISHED');
    expectStatus(await propose('owner.health', code, { kind: 'open', reason: '重复开通', item: newItem(code) }), 409, 'ITEM_IS_PUBLISHED');

    await through('office.li', 'office.zhang', code, { kind: 'suspend', reason: '再次暂停' });
    await through('owner.health', 'office.li', code, { kind: 'terminate', reason: '年度评估决定撤销该事项' });
    const ended = expectStatus(await fileFor(code), 409, 'ITEM_NOT_OPEN');
    expect(ended.message.zh).to.include('已终止，不再接受申请');
    expect(ended.message.en).to.include('terminated');
    for (const kind of ['resume', 'suspend', 'terminate']) expectStatus(await propose('office.zhang', code, { kind, reason: '终止后再变更' }), 409, 'ITEM_IS_TERMINATED');
    expectStatus(await propose('office.zhang', code, { kind: 'change', reason: '终止后再变更', item: newItem(code, { fees: '另收费' }) }), 409, 'ITEM_IS_TERMINATED');
    expect((await call('GET', `/api/guides/${code}`)).json()).to.include({ status: 'terminated', accepting: false });

    const item = await itemOf(code);
    expect(item).to.include({ status: 'terminated', currentVersion: 1 });
    expect(item.changeRequests.map((r: Json) => r.kind)).to.deep.equal(['terminate', 'suspend', 'resume', 'suspend', 'open']);

    // published → terminated directly is the other way to the end
    const other = freshCode();
    await opened(other);
    await through('owner.health', 'office.li', other, { kind: 'terminate', reason: '不再下沉社区' });
    expectStatus(await fileFor(other), 409, 'ITEM_NOT_OPEN');
  });

  it('one undecided request per item, and each request decided once, also when people act at the same moment', async () => {
    const code = freshCode();
    await opened(code);
    const [a, b] = await Promise.all([
      propose('owner.health', code, { kind: 'suspend', reason: '同时提出一' }),
      propose('owner.health', code, { kind: 'terminate', reason: '同时提出二' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).to.deep.equal([201, 409]);
    const winner = a.statusCode === 201 ? a.json() : b.json();
    expect((a.statusCode === 409 ? a : b).json().code).to.equal('ITEM_REQUEST_PENDING');

    // two approvals at once by the two people who may approve it
    const [x, y] = await Promise.all([decide('office.zhang', winner.requestId, 'approve'), decide('office.li', winner.requestId, 'approve')]);
    expect([x.statusCode, y.statusCode].filter((s) => s === 200), `${x.body} ${y.body}`).to.have.length(1);
    expect((x.statusCode === 200 ? y : x).json().code).to.equal('REQUEST_ALREADY_DECIDED');
    const item = await itemOf(code);
    expect(item.status).to.equal(winner.toStatus);
    const approvals = await auditEntries({ target: code, action: AuditAction.ItemChangeApproved });
    expect(approvals.filter((e) => (e.detail as Json).requestId === winner.requestId), 'the change took effect once').to.have.length(1);

    // two changes of the same version at once: one new version, not two
    const code2 = freshCode();
    await opened(code2);
    const [c1, c2] = await Promise.all([
      propose('owner.health', code2, { kind: 'change', reason: '调整收费一', item: newItem(code2, { fees: '工本费5元' }) }),
      propose('owner.health', code2, { kind: 'change', reason: '调整收费二', item: newItem(code2, { fees: '工本费8元' }) }),
    ]);
    expect([c1.statusCode, c2.statusCode].sort()).to.deep.equal([201, 409]);
    const change = (c1.statusCode === 201 ? c1 : c2).json();
    // an approval and a rejection at once: exactly one of them decides
    const [p, q] = await Promise.all([decide('office.li', change.requestId, 'approve'), decide('office.zhang', change.requestId, 'reject', { comment: '同时驳回' })]);
    expect([p.statusCode, q.statusCode].filter((s) => s === 200), `${p.body} ${q.body}`).to.have.length(1);
    expect((p.statusCode === 200 ? q : p).json().code).to.equal('REQUEST_ALREADY_DECIDED');
    const after = await itemOf(code2);
    const decided = after.changeRequests[0] as Json;
    expect(after.versions).to.have.length(decided.status === 'approved' ? 2 : 1);
    // once decided, the item takes its next request
    expectStatus(await propose('owner.health', code2, { kind: 'suspend', reason: '之后的暂停' }), 201);
  });

  it('an approval interrupted after taking the request, or after its effect, completes once when its approver tries again', async () => {
    const li = { username: 'office.li', role: 'service-office' };
    const requests = createChangeRequestRepository();
    const code = freshCode();
    await opened(code);
    // office.li took the request and stopped before anything changed
    const first = expectStatus(await propose('owner.health', code, { kind: 'suspend', reason: '中断的审核一' }), 201);
    expect(await requests.claim(first.requestId, li, new Date(), null)).to.equal(true);
    expectStatus(await decide('office.zhang', first.requestId, 'approve'), 409, 'REQUEST_ALREADY_DECIDED');
    expectStatus(await decide('office.zhang', first.requestId, 'reject', { comment: '驳回被占用的申请' }), 409, 'REQUEST_ALREADY_DECIDED');
    expect((await itemOf(code)).status).to.equal('published');
    expect(expectStatus(await decide('office.li', first.requestId, 'approve'), 200)).to.include({ status: 'approved', resultVersion: 1 });
    expect((await itemOf(code)).status).to.equal('suspended');

    // office.li took the request, the item was already resumed, and then it stopped
    const second = expectStatus(await propose('owner.health', code, { kind: 'resume', reason: '中断的审核二' }), 201);
    expect(await requests.claim(second.requestId, li, new Date(), null)).to.equal(true);
    expect(await createServiceItemRepository().setStatus(code, 1, ['suspended'], 'published', second.requestId)).to.equal(true);
    expectStatus(await decide('office.li', second.requestId, 'approve'), 200);
    expect((await itemOf(code)).status).to.equal('published');
    const approvals = await auditEntries({ target: code, action: AuditAction.ItemChangeApproved });
    expect(approvals.map((e) => (e.detail as Json).requestId)).to.deep.equal([approvals[0]!.detail!.requestId, first.requestId, second.requestId]);
  });

  it('checks who proposes and what: the own department only, complete and known elements, a real change, no unknown fields', async () => {
    const code = freshCode();
    expectStatus(await propose('owner.health', 'CJRZ', { kind: 'suspend', reason: '不是本部门事项' }), 403, 'ITEM_NOT_YOUR_DEPARTMENT');
    expectStatus(await propose('owner.health', code, { kind: 'open', reason: '为别的部门开通', item: newItem(code, { departmentCode: 'DEPT-DPF' }) }), 403, 'ITEM_NOT_YOUR_DEPARTMENT');
    expectStatus(await propose('owner.health', code, { kind: 'open', reason: '缺少要素' }), 422, 'ITEM_ELEMENTS_REQUIRED');
    expectStatus(await propose('owner.health', 'DSZN', { kind: 'suspend', reason: '多余要素', item: newItem('DSZN') }), 422, 'ITEM_ELEMENTS_NOT_EXPECTED');
    expectStatus(await propose('owner.health', code, { kind: 'open', reason: '编码不一致', item: newItem(`${code}X`) }), 422, 'ITEM_CODE_MISMATCH');
    expectStatus(await propose('owner.health', code, { kind: 'open', reason: '时限不全', item: newItem(code, { stepLimits: { accept: hours(4), approve: days(10), verify: days(2) } }) }), 422, 'STEP_LIMITS_MISMATCH');
    expectStatus(await propose('office.zhang', code, { kind: 'open', reason: '部门不存在', item: newItem(code, { departmentCode: 'DEPT-NONE' }) }), 422, 'DEPARTMENT_UNKNOWN');
    expectStatus(await propose('owner.health', 'NOSUCH', { kind: 'suspend', reason: '没有这个事项' }), 404, 'ITEM_NOT_FOUND');

    const extra = await propose('owner.health', code, { kind: 'open', reason: '多余字段', item: { ...newItem(code), status: 'published' } });
    expect(expectStatus(extra, 400, 'REQUEST_INVALID').errors[0]).to.deep.equal({ field: 'body/item/status', problem: 'is not an accepted field' });
    const material = newItem(code);
    const nested = await propose('owner.health', code, { kind: 'open', reason: '多余字段', item: { ...material, materials: [{ ...material.materials[0], $where: '1' }] } });
    expectStatus(nested, 400, 'REQUEST_INVALID');
    expectStatus(await propose('owner.health', code, { kind: 'open', reason: '未知环节', item: { ...material, stepLimits: { ...material.stepLimits, sneak: days(1) } } }), 400, 'REQUEST_INVALID');
    expectStatus(await propose('owner.health', code, { kind: 'publish', reason: '未知类型' }), 400, 'REQUEST_INVALID');
    expect((await call('GET', `/api/items/${code}`, { token: await login('office.zhang') })).statusCode, 'nothing was created').to.equal(404);

    await opened(code);
    expectStatus(await propose('owner.health', code, { kind: 'change', reason: '没有变化', item: newItem(code) }), 422, 'ITEM_UNCHANGED');
  });

  it('a network administrator proposes changes to the own unit’s items only, and another person of the service office decides them (seed 001 §19)', async () => {
    const code = freshCode();
    await opened(code);
    const proposed = expectStatus(await propose('netadmin', code, { kind: 'change', reason: '更新收费标准', item: newItem(code, { fees: '工本费5元' }) }), 201);
    expect(proposed).to.deep.include({ status: 'pending', changes: ['fees'], proposedBy: { username: 'netadmin', role: 'network-admin' } });
    expect((await itemOf(code)).status, 'nothing changes before the office decides').to.equal('published');
    expectStatus(await decide('netadmin', proposed.requestId, 'approve'), 403, 'ROLE_FORBIDDEN');
    expectStatus(await decide('office.li', proposed.requestId, 'approve'), 200);
    const history = await itemOf(code);
    expect(history.currentVersion).to.equal(2);
    expect(history.versions[1].fees).to.equal('工本费5元');

    // CJRZ is the disabled persons' federation's item, not the health department's
    const refused = expectStatus(await propose('netadmin', 'CJRZ', { kind: 'suspend', reason: '不是本单位事项' }), 403, 'ITEM_NOT_YOUR_DEPARTMENT');
    expect(refused.message.zh).to.include('DEPT-DPF').and.include('DEPT-HEALTH');
    expect(refused.message.en).to.include('DEPT-DPF').and.include('DEPT-HEALTH');
    const other = freshCode();
    expectStatus(await propose('netadmin', other, { kind: 'open', reason: '为别的部门开通', item: newItem(other, { departmentCode: 'DEPT-DPF' }) }), 403, 'ITEM_NOT_YOUR_DEPARTMENT');
    expect((await call('GET', '/api/change-requests?itemCode=CJRZ&status=pending', { token: await login('netadmin') })).json().changeRequests).to.deep.equal([]);
  });

  it('records one evaluation per item and year, counting the volume from the applications (practice cases not counted)', async () => {
    const code = freshCode();
    await opened(code);
    expectStatus(await fileFor(code), 201);
    expectStatus(await fileFor(code), 201);
    expectStatus(await fileFor(code, { practice: true }), 201);
    const year = await engineYear();
    const office = await login('office.zhang');
    const body = { year, demand: '社区居民需求稳定', problems: ['材料要求可进一步精简'], decision: 'adjust' };
    expectStatus(await call('POST', `/api/items/${code}/evaluations`, { token: office, body: { ...body, volume: 999 } }), 400, 'REQUEST_INVALID'); // nobody types the volume
    const recorded = expectStatus(await call('POST', `/api/items/${code}/evaluations`, { token: office, body }), 201);
    expect(recorded).to.deep.include({ itemCode: code, year, volume: 2, decision: 'adjust', itemVersion: 1, itemStatus: 'published', by: { username: 'office.zhang', role: 'service-office' } });
    const again = expectStatus(await call('POST', `/api/items/${code}/evaluations`, { token: await login('office.li'), body }), 409, 'EVALUATION_EXISTS');
    expect(again.message.zh).to.include(`${year} 年度评估已记录`);
    expect(expectStatus(await call('POST', `/api/items/${code}/evaluations`, { token: office, body: { ...body, year: year - 1, decision: 'keep' } }), 201).volume).to.equal(0);
    expectStatus(await call('POST', `/api/items/${code}/evaluations`, { token: office, body: { ...body, year: year + 1 } }), 422, 'EVALUATION_YEAR_IN_FUTURE');
    expectStatus(await call('POST', `/api/items/${code}/evaluations`, { token: office, body: { ...body, decision: 'abolish' } }), 400, 'REQUEST_INVALID');
    expectStatus(await call('POST', '/api/items/NOSUCH/evaluations', { token: office, body }), 404, 'ITEM_NOT_FOUND');

    const list = expectStatus(await call('GET', `/api/items/${code}/evaluations`, { token: await login('supervisor') }), 200);
    expect(list.evaluations.map((e: Json) => [e.year, e.volume, e.decision])).to.deep.equal([[year, 2, 'adjust'], [year - 1, 0, 'keep']]);
  });

  it('publishes guides to anyone: the standard elements of items taking applications, searchable by name or code, safely', async () => {
    // a draft and a suspended item of its own, which the list must leave out
    const draft = freshCode();
    expectStatus(await propose('owner.health', draft, { kind: 'open', reason: '待审核的开通', item: newItem(draft) }), 201);
    const suspended = freshCode();
    await opened(suspended);
    await through('owner.health', 'office.li', suspended, { kind: 'suspend', reason: '暂停受理' });
    const all = expectStatus(await call('GET', '/api/guides'), 200).guides as Json[];
    const dszn = all.find((g) => g.code === 'DSZN') as Json & { materials: Json[]; timeLimits: { total: Json; steps: Json[] } };
    expect(dszn).to.deep.include({
      name: '独生子女父母光荣证', legalBasis: '《中华人民共和国人口与计划生育法》；《湖北省人口与计划生育条例》', conditions: ['夫妻双方只生育一个子女', '子女未满十八周岁'],
      department: { code: 'DEPT-HEALTH', name: '区卫生健康局' }, fees: '不收费', result: '发放《独生子女父母光荣证》', handlingMode: { code: 'direct', zh: '直接办理' },
      status: 'published', accepting: true, notice: null,
    });
    expect(dszn.materials.map((m) => m.name)).to.deep.equal(['居民身份证', '户口簿', '结婚证', '近期免冠一寸照片']);
    expect(dszn.timeLimits.total).to.deep.equal({ value: 10, unit: 'working-days', text: '10个工作日' });
    expect(dszn.timeLimits.steps.map((s) => [s.step, s.text])).to.deep.equal([['accept', '2个工作小时'], ['review', '3个工作日'], ['decide', '2个工作日'], ['close', '1个工作日']]);
    expect(all.map((g) => g.code), 'only items that take applications are listed').to.not.include(draft).and.not.include(suspended);
    expect(all.filter((g) => g.status !== 'published')).to.deep.equal([]);
    expect(JSON.stringify(all), 'no people in the guides').to.not.match(/office\.|owner\.|proposedBy|username/);

    const byName = expectStatus(await call('GET', `/api/guides?q=${encodeURIComponent('光荣证')}`), 200).guides as Json[];
    expect(byName.map((g) => g.code)).to.deep.equal(['DSZN']);
    expect((await call('GET', '/api/guides?q=cjrz')).json().guides.map((g: Json) => g.code), 'codes match in any case').to.deep.equal(['CJRZ']);
    // regex-special words are plain text: ".*" matches no name, "(" does not break anything
    expect(expectStatus(await call('GET', `/api/guides?q=${encodeURIComponent('.*')}`), 200).guides).to.deep.equal([]);
    expect(expectStatus(await call('GET', `/api/guides?q=${encodeURIComponent('证(')}`), 200).guides).to.deep.equal([]);
    expectStatus(await call('GET', '/api/guides?q[$ne]=x'), 400, 'REQUEST_INVALID');
    expectStatus(await call('GET', '/api/guides?q[$regex]=.*'), 400, 'REQUEST_INVALID');
    expectStatus(await call('GET', '/api/guides?q='), 400, 'REQUEST_INVALID');
    expectStatus(await call('GET', `/api/guides?q=${'长'.repeat(51)}`), 400, 'REQUEST_INVALID');
    expectStatus(await call('GET', '/api/guides?status=suspended'), 400, 'REQUEST_INVALID');

    expect(expectStatus(await call('GET', '/api/guides/JZZ'), 200)).to.deep.include({ code: 'JZZ', name: '居住证', deemedApproval: true });
    expectStatus(await call('GET', '/api/guides/NOSUCH'), 404, 'GUIDE_NOT_FOUND');
    expectStatus(await call('GET', '/api/guides/%24ne'), 400, 'REQUEST_INVALID');
    const limited = await call('GET', '/api/guides/DSZN');
    expect(limited.headers['x-ratelimit-limit'], 'rate-limited like the other public routes').to.equal('60');
  });

  it('leaves audit entries for proposals, approvals, rejections and evaluations, with the actor, the item and its status and version', async () => {
    const code = freshCode();
    await opened(code);
    const proposed = expectStatus(await propose('owner.health', code, { kind: 'suspend', reason: '审计检查暂停' }), 201);
    expectStatus(await decide('office.li', proposed.requestId, 'reject', { comment: '不同意暂停' }), 200);
    await through('office.zhang', 'office.li', code, { kind: 'change', reason: '审计检查变更', item: newItem(code, { fees: '工本费3元' }) });
    expectStatus(await call('POST', `/api/items/${code}/evaluations`, { token: await login('office.zhang'), body: { year: await engineYear(), demand: '需求一般', problems: [], decision: 'keep' } }), 201);

    const entries = await auditEntries({ target: code });
    expect(entries.map((e) => e.action)).to.deep.equal([
      AuditAction.ItemChangeProposed, AuditAction.ItemChangeApproved, // the opening
      AuditAction.ItemChangeProposed, AuditAction.ItemChangeRejected,
      AuditAction.ItemChangeProposed, AuditAction.ItemChangeApproved,
      AuditAction.ItemEvaluated,
    ]);
    expect(entries.every((e) => e.target.kind === 'service-item' && e.target.id === code)).to.equal(true);
    const [openProposed, openApproved, , rejected, , changeApproved, evaluated] = entries;
    expect(openProposed!.actor).to.deep.equal({ kind: 'user', id: 'owner.health', role: 'business-owner' });
    expect(openProposed!.before).to.equal(null);
    expect(openApproved!).to.deep.include({ before: { status: null, version: null }, after: { status: 'published', version: 1 } });
    expect(openApproved!.actor).to.deep.equal({ kind: 'user', id: 'office.zhang', role: 'service-office' });
    expect(rejected!).to.deep.include({ before: { status: 'published', version: 1 }, after: { status: 'published', version: 1 } });
    expect(rejected!.detail).to.include({ requestId: proposed.requestId, kind: 'suspend', comment: '不同意暂停', proposedBy: 'owner.health' });
    expect(changeApproved!).to.deep.include({ before: { status: 'published', version: 1 }, after: { status: 'published', version: 2 } });
    expect(changeApproved!.detail).to.deep.include({ kind: 'change', changes: ['fees'], proposedBy: 'office.zhang' });
    expect(evaluated!.actor.id).to.equal('office.zhang');
    expect(evaluated!.after).to.deep.equal({ status: 'published', version: 2 });
    expect(evaluated!.detail).to.include({ decision: 'keep', volume: 0 });
    expect((await call('GET', '/api/audit/verify', { token: await login('auditor') })).json().intact, 'the chain still holds').to.equal(true);
  });
});
