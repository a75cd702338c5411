import { expect } from 'chai';
import { call, login } from '../support/api.js';
import { fileApplication } from '../support/staff.js';

const person = { type: 'individual', name: '张三', idNumber: '420700198001011234', phone: '13700001234' };
const materials = ['居民身份证', '户口簿', '结婚证', '近期免冠一寸照片'].map((name) => ({ name, provided: true }));

describe('api: a proxy agent reads the applications they filed, and no one else\'s', () => {
  it('lists and opens their own filing; another filing of the same community answers as missing', async () => {
    const proxy = await login('proxy.li');
    const filed = await call('POST', '/api/applications', { token: proxy, body: { itemCode: 'DSZN', communityCode: 'COM-BINHU', applicant: person, materials, authorisation: { signedOn: '2026-01-01', validUntil: '2099-12-31' } } });
    expect(filed.statusCode, filed.body).to.equal(201);
    const mine = filed.json().applicationNumber as string;
    const byWindow = await fileApplication('DSZN', 'COM-BINHU');

    const list = (await call('GET', '/api/applications', { token: proxy })).json().applications as { applicationNumber: string }[];
    expect(list.map((a) => a.applicationNumber)).to.include(mine).and.not.include(byWindow.applicationNumber);
    expect((await call('GET', `/api/applications/${mine}`, { token: proxy })).statusCode).to.equal(200);
    const other = await call('GET', `/api/applications/${byWindow.applicationNumber}`, { token: proxy });
    expect(other.statusCode).to.equal(404);
    expect(other.json().code).to.equal('APPLICATION_NOT_FOUND');
    // the community's window still sees both
    const window = (await call('GET', '/api/applications', { token: await login('binhu.acceptor') })).json().applications as { applicationNumber: string }[];
    expect(window.map((a) => a.applicationNumber)).to.include.members([mine, byWindow.applicationNumber]);
  });
});
