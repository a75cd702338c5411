import { expect } from 'chai';
import { pino } from 'pino';
import { buildApp, type App } from '../../api/app.js';
import { pingStore } from '../../infra/store.js';
import { platform } from '../support/platform.js';

describe('api: /health and /ready', () => {
  let app: App;
  let broken: App;

  before(async () => {
    const { config, engine } = platform();
    const log = pino({ level: 'silent' });
    app = await buildApp({ config, log, checks: { store: pingStore, engine: () => engine.health() } });
    broken = await buildApp({
      config, log,
      checks: { store: async () => ({ ok: false, error: 'connection refused' }), engine: () => engine.health() },
    });
  });

  after(async () => {
    await app.close();
    await broken.close();
  });

  it('says the process is alive', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.include({ status: 'alive' });
    expect(res.headers['x-request-id']).to.be.a('string');
  });

  it('reports ready when the engine and the store answer, telling strangers no versions or counts', async () => {
    const res = await app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).to.equal(200);
    const body = res.json();
    expect(body.status).to.equal('ready');
    expect(body.store).to.deep.equal({ ok: true });
    expect(body.engine).to.deep.equal({ ok: true, engine: 'embedded' });
    // the full health stays inside the platform
    const full = await platform().engine.health();
    expect(full.detail).to.have.property('activeInstances').that.is.a('number');
    expect(res.body).to.not.include('activeInstances');
  });

  it('answers 503 not-ready with the reason when the store is down', async () => {
    const res = await broken.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).to.equal(503);
    expect(res.json()).to.deep.include({ status: 'not-ready', store: { ok: false, error: 'connection refused' } });
  });

  it('keeps a caller-supplied request id', async () => {
    const res = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'window-07-req-0001' } });
    expect(res.headers['x-request-id']).to.equal('window-07-req-0001');
  });

  it('answers an unknown route with problem+json and no stack', async () => {
    const res = await app.inject({ method: 'GET', url: '/no/such/route' });
    expect(res.statusCode).to.equal(404);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.json()).to.include({ code: 'ROUTE_NOT_FOUND', status: 404 });
    expect(res.json().requestId).to.equal(res.headers['x-request-id']);
    expect(res.body).to.not.match(/at .*\.ts:\d+/);
  });

  it('answers a known path asked with another method with 405 and the methods it takes', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/health' });
    expect(res.statusCode).to.equal(405);
    expect(res.headers.allow).to.equal('GET');
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.json()).to.include({ code: 'METHOD_NOT_ALLOWED', status: 405 });
    expect(res.json().message.zh).to.include('不支持 DELETE');
  });
});
