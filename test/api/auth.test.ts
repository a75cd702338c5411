import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { pino } from 'pino';
import { buildApp } from '../../api/app.js';
import { AUDIENCE, ISSUER } from '../../api/plugins/auth.js';
import { pingStore } from '../../infra/store.js';
import { SessionModel } from '../../domain/account/session.model.js';
import { DEMO_PASSWORD } from '../../domain/demo/demo-data.js';
import { call, login } from '../support/api.js';
import { platform, uniqueKey } from '../support/platform.js';

const body = (res: { body: string }) => JSON.parse(res.body);
const key = () => platform().config.security.jwt;
const signAs = (claims: object, options: jwt.SignOptions, secret = key().keys[key().currentKid]!) =>
  jwt.sign(claims, secret, { algorithm: 'HS256', keyid: key().currentKid, audience: AUDIENCE, issuer: ISSUER, subject: 'binhu.acceptor', expiresIn: 300, ...options });

async function freshApplicant() {
  const username = `citizen.${uniqueKey('t').replace(/[^a-z0-9]/g, '').slice(-12)}`;
  const res = await call('POST', '/api/accounts/register', { body: { username, realName: '测试申请人', idNumber: '420700199001017777', phone: '13800001111', password: 'Good#Pass1', applicantType: 'individual' } });
  expect(res.statusCode, res.body).to.equal(201);
  return username;
}

describe('api: authentication', function () {
  this.timeout(60_000);

  it('logs in, tells who I am, and refuses calls without a token', async () => {
    const res = await call('POST', '/api/auth/login', { body: { username: 'binhu.acceptor', password: DEMO_PASSWORD } });
    expect(res.statusCode).to.equal(200);
    const tokens = res.json();
    expect(tokens).to.include({ tokenType: 'Bearer', mustChangePassword: false });
    const me = await call('GET', '/api/me', { token: tokens.accessToken });
    expect(me.json()).to.include({ username: 'binhu.acceptor', role: 'window-staff', unitCode: 'COM-BINHU', activated: true });
    const anonymous = await call('GET', '/api/tasks');
    expect(anonymous.statusCode).to.equal(401);
    expect(anonymous.headers['content-type']).to.match(/application\/problem\+json/);
    expect(anonymous.json().message.zh).to.include('请先登录').and.include('Authorization');
  });

  it('refuses forged and broken tokens: none algorithm, wrong key, expired, wrong audience, tampered role, unknown key id', async () => {
    const sid = (await SessionModel.findOne({ username: 'binhu.acceptor', revokedAt: null }).lean())?.sessionId ?? 'none';
    const good = signAs({ sid, role: 'window-staff' }, {});
    expect((await call('GET', '/api/me', { token: good })).statusCode, 'a well-made token passes').to.equal(200);
    const [h, p] = good.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: key().currentKid })).toString('base64url')}.${p}.`;
    const tampered = (() => {
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
      claims.role = 'system-admin';
      claims.sub = 'admin';
      return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${good.split('.')[2]}`;
    })();
    const cases: Record<string, string> = {
      none: unsigned,
      'wrong key': signAs({ sid }, {}, 'x'.repeat(40)),
      expired: signAs({ sid }, { expiresIn: -10 }),
      'wrong audience': signAs({ sid }, { audience: 'someone-else' }),
      'wrong issuer': signAs({ sid }, { issuer: 'evil' }),
      tampered,
      'unknown kid': signAs({ sid }, { keyid: 'retired' }),
      garbage: 'not.a.token',
    };
    for (const [name, token] of Object.entries(cases)) {
      const res = await call('GET', '/api/me', { token });
      expect(res.statusCode, name).to.equal(401);
    }
  });

  it('holds off a source that keeps guessing, for known and unknown usernames alike, without locking the owner out elsewhere', async () => {
    const username = await freshApplicant();
    const from = (remoteAddress: string, user: string, password: string) =>
      platform().app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: user, password }) });
    const nobody = `nobody${Date.now().toString(36)}`;
    for (const user of [username, nobody]) {
      for (let i = 0; i < 5; i++) {
        const res = await from('127.0.0.5', user, 'Wrong#Pass9');
        expect(res.statusCode, `${user} attempt ${i + 1}`).to.equal(401);
        expect(res.json().code).to.equal('CREDENTIALS_INVALID');
      }
    }
    // the guessing source is held off, and answers the same whether the account exists or not
    const held = await from('127.0.0.5', username, 'Good#Pass1');
    const heldUnknown = await from('127.0.0.5', nobody, 'Good#Pass1');
    expect([held.statusCode, heldUnknown.statusCode]).to.deep.equal([429, 429]);
    expect(held.json().code).to.equal('LOGIN_THROTTLED');
    expect(heldUnknown.json().code).to.equal('LOGIN_THROTTLED');
    expect(held.json().message.zh).to.include('分钟后再试');
    // the owner, from their own window, still gets in: a stranger holds no lockout switch
    expect((await from('127.0.0.6', username, 'Good#Pass1')).statusCode).to.equal(200);
  });

  it('rotates refresh tokens, ends the session when one is reused, and logout stops the access token at once', async () => {
    const username = await freshApplicant();
    const first = body(await call('POST', '/api/auth/login', { body: { username, password: 'Good#Pass1' } }));
    const renewed = await call('POST', '/api/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(renewed.statusCode).to.equal(200);
    const second = renewed.json();
    expect(second.refreshToken).to.not.equal(first.refreshToken);
    const reuse = await call('POST', '/api/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(reuse.statusCode).to.equal(401);
    expect((await call('GET', '/api/me', { token: second.accessToken })).statusCode, 'the session ended with the reuse').to.equal(401);

    const again = body(await call('POST', '/api/auth/login', { body: { username, password: 'Good#Pass1' } }));
    expect((await call('POST', '/api/auth/logout', { token: again.accessToken })).statusCode).to.equal(204);
    expect((await call('GET', '/api/me', { token: again.accessToken })).statusCode).to.equal(401);
    expect((await call('POST', '/api/auth/refresh', { body: { refreshToken: again.refreshToken } })).statusCode).to.equal(401);
  });

  it('logs out a session left idle too long', async () => {
    const username = await freshApplicant();
    const t = body(await call('POST', '/api/auth/login', { body: { username, password: 'Good#Pass1' } }));
    const idle = platform().config.security.idleMinutes;
    await SessionModel.updateOne({ username }, { $set: { lastSeenAt: new Date(Date.now() - (idle + 1) * 60_000) } });
    const res = await call('GET', '/api/me', { token: t.accessToken });
    expect(res.statusCode).to.equal(401);
    expect(res.json().code).to.equal('SESSION_ENDED');
  });

  it('makes staff change the initial password first, and enforces the password rule', async () => {
    const admin = await login('admin');
    const username = `staff.${uniqueKey('s').replace(/[^a-z0-9]/g, '').slice(-10)}`;
    const weak = await call('POST', '/api/accounts', { token: admin, body: { username, realName: '新员工', idNumber: '420700199001018888', phone: '13800002222', role: 'window-staff', unitCode: 'COM-BINHU', password: 'password' } });
    expect(weak.statusCode).to.equal(422);
    expect(weak.json().detail).to.include('a digit').and.include('a symbol');
    const tooLong = await call('POST', '/api/accounts', { token: admin, body: { username, realName: '新员工', idNumber: '420700199001018888', phone: '13800002222', role: 'window-staff', unitCode: 'COM-BINHU', password: 'Abcdefghijk#123456789' } });
    // the schema takes the rule's lengths, so a password over 20 characters never reaches the rule
    expect(tooLong.statusCode).to.equal(400);
    expect(tooLong.json().errors).to.deep.include({ field: 'body/password', problem: 'must NOT have more than 20 characters' });
    const created = await call('POST', '/api/accounts', { token: admin, body: { username, realName: '新员工', idNumber: '420700199001018888', phone: '13800002222', role: 'window-staff', unitCode: 'COM-BINHU', password: 'Init#2026a' } });
    expect(created.statusCode, created.body).to.equal(201);
    expect(created.json()).to.include({ mustChangePassword: true, activated: false });

    const first = body(await call('POST', '/api/auth/login', { body: { username, password: 'Init#2026a' } }));
    expect(first.mustChangePassword).to.equal(true);
    const blocked = await call('GET', '/api/tasks', { token: first.accessToken });
    expect(blocked.statusCode).to.equal(403);
    expect(blocked.json().code).to.equal('PASSWORD_CHANGE_REQUIRED');
    expect((await call('POST', '/api/auth/password', { token: first.accessToken, body: { currentPassword: 'Init#2026a', newPassword: 'Mine#2026b' } })).statusCode).to.equal(204);
    const next = body(await call('POST', '/api/auth/login', { body: { username, password: 'Mine#2026b' } }));
    expect(next.mustChangePassword).to.equal(false);
    expect((await call('GET', '/api/tasks', { token: next.accessToken })).statusCode).to.equal(200);
  });

  it('verifies tokens of a retired key while it stays in the keyring, and refuses them once it is gone', async () => {
    const { config, services } = platform();
    const log = pino({ level: 'silent' });
    const checks = { store: pingStore, engine: async () => ({ ok: true, engine: 'embedded' }) };
    const oldKey = 'o'.repeat(40);
    const newKey = 'n'.repeat(40);
    const both = await buildApp({ config: { ...config, security: { ...config.security, jwt: { keys: { old: oldKey, new: newKey }, currentKid: 'new' } } }, log, checks, services });
    const onlyNew = await buildApp({ config: { ...config, security: { ...config.security, jwt: { keys: { new: newKey }, currentKid: 'new' } } }, log, checks, services });
    try {
      const session = await services.sessions.open('binhu.acceptor', new Date());
      const oldToken = jwt.sign({ sid: session.sessionId }, oldKey, { algorithm: 'HS256', keyid: 'old', audience: AUDIENCE, issuer: ISSUER, subject: 'binhu.acceptor', expiresIn: 300 });
      expect((await both.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${oldToken}` } })).statusCode).to.equal(200);
      expect((await onlyNew.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${oldToken}` } })).statusCode).to.equal(401);
      const login = await both.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'binhu.acceptor', password: DEMO_PASSWORD } });
      const header = JSON.parse(Buffer.from(login.json().accessToken.split('.')[0], 'base64url').toString());
      expect(header).to.include({ kid: 'new', alg: 'HS256' });
    } finally {
      await both.close();
      await onlyNew.close();
    }
  });
});
