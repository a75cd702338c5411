import { expect } from 'chai';
import { call, login } from '../support/api.js';

describe('api: a JSON body is taken with the types it says, parameters as the types they declare', () => {
  it('refuses a number or a boolean sent where text belongs, naming the field', async () => {
    for (const username of [12345, true]) {
      const res = await call('POST', '/api/auth/login', { body: { username, password: 'Demo@2026gov' } });
      expect(res.statusCode, res.body).to.equal(400);
      expect(res.json().code).to.equal('REQUEST_INVALID');
      expect(res.json().message.en).to.include('username');
    }
    const proxy = await login('proxy.li');
    const filed = await call('POST', '/api/applications', { token: proxy, body: { itemCode: 'DSZN', communityCode: 'COM-BINHU', applicant: { type: 'individual', name: '张三', idNumber: 42070019800101, phone: '13700001234' }, materials: [] } });
    expect(filed.statusCode, filed.body).to.equal(400);
    expect(filed.json().message.en).to.include('idNumber');
  });

  it('still reads a query flag written as text', async () => {
    const res = await call('GET', '/api/applications?practice=false', { token: await login('binhu.acceptor') });
    expect(res.statusCode, res.body).to.equal(200);
  });
});
