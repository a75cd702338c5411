import { expect } from 'chai';
import { call, login } from '../support/api.js';
import { platform } from '../support/platform.js';

type Json = Record<string, unknown>;
const post = async (username: string, url: string, body: Json) => call('POST', url, { token: await login(username), body });

describe('api: package definitions (主题式/套餐式服务, seed 004 §19) through four-eyes change requests (seed 004 §12)', function () {
  this.timeout(120_000);

  it('the demo package 出生一件事 is published with three items of three departments and one merged form', async () => {
    const res = await call('GET', '/api/packages/CSYJS', { token: await login('citizen.wang') });
    expect(res.statusCode, res.body).to.equal(200);
    const p = res.json();
    expect(p).to.include({ name: '出生一件事', status: 'published', leadDepartment: 'DEPT-HEALTH' });
    expect(p.items.map((i: Json) => i.departmentCode)).to.deep.equal(['DEPT-HEALTH', 'DEPT-PSB', 'DEPT-HRSS']);
    // materials asked by several items are asked once, in the strictest form
    const names = p.materials.map((m: Json) => m.name);
    expect(names.filter((n: string) => n === '居民身份证')).to.have.length(1);
    expect(p.materials.find((m: Json) => m.name === '父母结婚证')).to.include({ form: 'original-and-copy', required: true });
  });

  it('a package is opened only when a second person of the service office approves it; its limit is checked against the longest item', async () => {
    const code = `PK${String(Date.now()).slice(-6)}`;
    const def = { code, name: '困难群众救助一件事', itemCodes: ['DIBAO', 'CJRZ'], leadDepartment: 'DEPT-CIVIL', totalLimit: { value: 40, unit: 'working-days' } };
    // longer than 最低生活保障's 30 working days: refused with the cause
    const tooLong = await post('office.zhang', `/api/packages/${code}/requests`, { kind: 'open', reason: '整合救助事项', package: def });
    expect(tooLong.statusCode).to.equal(422);
    expect(tooLong.json().code).to.equal('PACKAGE_LIMIT_TOO_LONG');
    expect(tooLong.json().message.zh).to.include('最低生活保障');
    // a business owner of another department cannot propose it
    const notLead = await post('owner.health', `/api/packages/${code}/requests`, { kind: 'open', reason: '整合救助事项', package: { ...def, totalLimit: { value: 20, unit: 'working-days' } } });
    expect(notLead.statusCode).to.equal(403);
    const proposed = await post('office.zhang', `/api/packages/${code}/requests`, { kind: 'open', reason: '整合救助事项', package: { ...def, totalLimit: { value: 20, unit: 'working-days' } } });
    expect(proposed.statusCode, proposed.body).to.equal(201);
    const requestId = proposed.json().requestId as string;
    expect((await call('GET', `/api/packages/${code}`, { token: await login('office.li') })).statusCode, 'nothing is open before approval').to.equal(404);
    const own = await post('office.zhang', `/api/package-requests/${requestId}/approve`, {});
    expect(own.statusCode).to.equal(403);
    expect(own.json().code).to.equal('FOUR_EYES_REQUIRED');
    const approved = await post('office.li', `/api/package-requests/${requestId}/approve`, { comment: '同意' });
    expect(approved.statusCode, approved.body).to.equal(200);
    expect(approved.json()).to.include({ status: 'approved' });
    const opened = await call('GET', `/api/packages/${code}`, { token: await login('citizen.wang') });
    expect(opened.json()).to.include({ status: 'published', version: 1 });
    const again = await post('office.li', `/api/package-requests/${requestId}/approve`, {});
    expect(again.statusCode).to.equal(409);
    // the item catalogue's own requests do not list the package's
    const itemRequests = await call('GET', '/api/change-requests', { token: await login('office.li') });
    expect(itemRequests.statusCode).to.equal(200);
    expect(JSON.stringify(itemRequests.json())).not.to.include(requestId);
    const trail = await platform().services.audit.search({ target: code }, 20);
    expect(trail.map((e) => `${e.action}:${e.actor.id}`)).to.include.members(['package.change-proposed:office.zhang', 'package.change-approved:office.li']);
  });

  it('the window accepts a package only with every required material of the merged form, told all at once', async () => {
    const res = await post('binhu.acceptor', '/api/package-applications', {
      packageCode: 'CSYJS', communityCode: 'COM-BINHU', applicant: { name: '王小明', idNumber: '420700199001011234' }, materials: ['居民身份证'],
    });
    expect(res.statusCode).to.equal(422);
    expect(res.json().code).to.equal('PACKAGE_MATERIALS_MISSING');
    for (const m of ['户口簿', '新生儿出生信息登记表', '父母结婚证']) expect(res.json().message.zh).to.include(m);
    const elsewhere = await post('dushan.acceptor', '/api/package-applications', {
      packageCode: 'CSYJS', communityCode: 'COM-BINHU', applicant: { name: '王小明', idNumber: '420700199001011234' }, materials: [],
    });
    expect(elsewhere.statusCode).to.equal(403);
  });
});
