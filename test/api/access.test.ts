import { expect } from 'chai';
import { call, login } from '../support/api.js';

/** One demo account per role. */
const as = {
  'window-staff': 'binhu.acceptor', 'department-staff': 'health.reviewer', 'department-leader': 'health.leader', 'network-admin': 'netadmin',
  'proxy-agent': 'proxy.li', supervisor: 'supervisor', 'business-owner': 'owner.health', auditor: 'auditor', 'system-admin': 'admin', applicant: 'citizen.wang',
  'service-office': 'office.zhang',
} as const;
type RoleName = keyof typeof as;
const ALL = Object.keys(as) as RoleName[];

const stockReaders = ['window-staff', 'department-staff', 'department-leader', 'auditor', 'supervisor'] as const;
const itemReaders = ['business-owner', 'network-admin', 'service-office', 'supervisor', 'auditor'] as const;

/**
 * Who may call what, and the answer an allowed caller gets to an empty request (no such record, or no body);
 * everyone else gets 403, and nobody gets in without a token.
 */
const matrix: [method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, allowed: readonly RoleName[], answer: number | Partial<Record<RoleName, number>>][] = [
  ['GET', '/api/me', ALL, 200],
  ['POST', '/api/auth/logout', [], 204], // checked separately: it ends the session
  ['GET', '/api/tasks', ['window-staff', 'department-staff'], 200],
  ['POST', '/api/tasks/1/claim', ['window-staff', 'department-staff'], 404],
  ['POST', '/api/tasks/1/unclaim', ['window-staff', 'department-staff'], 404],
  ['POST', '/api/tasks/1/complete', ['window-staff', 'department-staff'], 400],
  ['POST', '/api/tasks/1/handover', ['department-leader'], 400],
  ['GET', '/api/tasks/1/transfer-targets', ['window-staff', 'department-staff'], 404],
  ['POST', '/api/tasks/1/transfer', ['window-staff', 'department-staff'], 400],
  ['POST', '/api/applications', ['window-staff', 'proxy-agent', 'applicant'], 400],
  ['GET', '/api/applications', ['window-staff', 'department-staff', 'department-leader', 'applicant', 'proxy-agent', 'supervisor', 'auditor'], 200],
  ['GET', '/api/notices/mine', ['applicant', 'proxy-agent'], 200],
  ['GET', '/api/applications/SQ2026999999', ['window-staff', 'department-staff', 'department-leader', 'applicant', 'proxy-agent', 'supervisor', 'auditor'], 404],
  ['POST', '/api/applications/SQ2026999999/supplement', ['window-staff', 'applicant', 'proxy-agent'], 400],
  ['POST', '/api/applications/SQ2026999999/files', ['window-staff', 'applicant', 'proxy-agent'], 400],
  ['GET', '/api/applications/SQ2026999999/journey', ['window-staff', 'department-staff', 'department-leader', 'applicant', 'proxy-agent', 'supervisor', 'auditor'], 404],
  ['GET', '/api/statistics', ['supervisor', 'auditor', 'department-leader'], 200],
  ['POST', '/api/accounts', ['system-admin'], 400],
  ['GET', '/api/accounts', ['system-admin', 'department-leader'], 200],
  ['POST', '/api/accounts/someone/practice', ['window-staff', 'department-staff'], 400],
  ['POST', '/api/accounts/someone/approve', ['department-leader'], 404],
  ['POST', '/api/accounts/someone/posts', ['system-admin'], 400],
  ['DELETE', '/api/accounts/someone/posts/acceptor', ['system-admin'], 404],
  ['PUT', '/api/units/DEPT-HEALTH/backups', ['department-leader', 'system-admin'], 400],
  ['GET', '/api/processes', ['business-owner', 'system-admin', 'auditor', 'supervisor', 'department-leader', 'service-office'], 200],
  ['GET', '/api/processes/no-such-process/versions/1', ['business-owner', 'system-admin', 'auditor', 'supervisor', 'department-leader', 'service-office'], 404],
  ['GET', '/api/processes/no-such-process/compare?from=1&to=2', ['business-owner', 'system-admin', 'auditor', 'supervisor', 'department-leader', 'service-office'], 404],
  ['POST', '/api/processes/check', ['business-owner', 'system-admin', 'auditor', 'supervisor', 'department-leader', 'service-office'], 400],
  ['POST', '/api/processes', ['business-owner', 'system-admin'], 400],
  ['POST', '/api/processes/no-such-process/versions/1/deploy', ['business-owner', 'system-admin'], 404],
  ['GET', '/api/incidents', ['system-admin', 'supervisor'], 200],
  ['POST', '/api/incidents/no-such-incident/resolve', ['system-admin'], 404],
  ['GET', '/api/audit/entries', ['auditor'], 200],
  ['GET', '/api/audit/verify', ['auditor'], 200],
  ['GET', '/api/audit/applications/SQ2026999999/timeline', ['auditor', 'supervisor', 'department-leader'], { auditor: 404, supervisor: 404, 'department-leader': 403 }],
  ['GET', '/api/audit/export', ['auditor'], 200],
  ['POST', '/api/stock/requisitions', ['window-staff'], 400],
  ['GET', '/api/stock/requisitions', stockReaders, 200],
  ['GET', '/api/stock/requisitions/RQ2026999999', stockReaders, 404],
  // staff of a unit see its own stock; the supervision roles must name the community
  ['GET', '/api/stock/ledger?certificateType=DSZN-CERT', stockReaders, { 'window-staff': 200, 'department-staff': 200, 'department-leader': 200, auditor: 422, supervisor: 422 }],
  ['GET', '/api/stock/certificate-types', stockReaders, 200],
  ['GET', '/api/stock/communities', stockReaders, 200],
  ['GET', '/api/stock/serials?certificateType=DSZN-CERT', stockReaders, { 'window-staff': 200, 'department-staff': 200, 'department-leader': 200, auditor: 422, supervisor: 422 }],
  ['POST', '/api/stock/serials/DSZN-CERT-BINHU-999999/void', ['window-staff'], 400],
  ['GET', '/api/stock/one-to-one', ['auditor', 'supervisor', 'department-leader'], 200],
  // network administrators maintain their unit's items through the same pages (seed 001 §19)
  ['GET', '/api/items', itemReaders, 200],
  ['GET', '/api/items/NOSUCH', itemReaders, 404],
  ['POST', '/api/items/NOSUCH/change-requests', ['business-owner', 'network-admin', 'service-office'], 400],
  ['GET', '/api/change-requests', itemReaders, 200],
  ['GET', '/api/change-requests/CR2026999999', itemReaders, 404],
  ['POST', '/api/change-requests/CR2026999999/approve', ['service-office'], 404],
  ['POST', '/api/change-requests/CR2026999999/reject', ['service-office'], 400],
  ['GET', '/api/items/NOSUCH/evaluations', itemReaders, 404],
  ['POST', '/api/items/NOSUCH/evaluations', ['service-office'], 400],
  // online consultation (seed 001 §4(2)): the public reads the published answers, asking needs an account
  ['POST', '/api/consultations', ['applicant', 'proxy-agent'], 400],
  ['GET', '/api/consultations/mine', ['applicant', 'proxy-agent'], 200],
  ['GET', '/api/consultations/department', ['department-staff', 'department-leader'], 200],
  ['POST', '/api/consultations/ZX2026999999/take', ['department-staff'], 404],
  ['POST', '/api/consultations/ZX2026999999/answer', ['department-staff'], 400],
  ['POST', '/api/consultations/ZX2026999999/publish', ['department-staff', 'department-leader'], 404],
  // 投诉建议 (seed 004 §28–34): filed from the portal, a window or forwarded; the receiving unit handles it; supervision counts
  ['POST', '/api/complaints', ['applicant', 'proxy-agent', 'window-staff', 'service-office'], 400],
  ['GET', '/api/complaints/mine', ['applicant', 'proxy-agent'], 200],
  ['GET', '/api/complaints/units', ['applicant', 'proxy-agent', 'window-staff', 'service-office'], 200],
  ['GET', '/api/complaints/unit', ['department-staff', 'department-leader'], 200],
  ['GET', '/api/complaints/statistics', ['supervisor', 'service-office'], 400],
  ['GET', '/api/complaints/TS2026999999/complainant', ['department-staff', 'supervisor'], 404],
  ['POST', '/api/complaints/TS2026999999/intake', ['department-staff'], 400],
  ['POST', '/api/complaints/TS2026999999/take', ['department-staff'], 404],
  ['POST', '/api/complaints/TS2026999999/extension', ['department-staff'], 400],
  ['POST', '/api/complaints/TS2026999999/extension/decision', ['department-leader'], 400],
  ['POST', '/api/complaints/TS2026999999/answer', ['department-staff'], 400],
  ['POST', '/api/complaints/TS2026999999/follow-up', ['department-staff', 'applicant', 'proxy-agent'], 400],
  // 好差评: the applicant or proxy online, window staff on the evaluator; supervision, the office, audit and leaders read
  ['POST', '/api/evaluations', ['applicant', 'proxy-agent', 'window-staff'], 400],
  ['GET', '/api/evaluations/mine', ['applicant', 'proxy-agent'], 200],
  ['GET', '/api/evaluations', ['supervisor', 'service-office', 'auditor', 'department-leader'], 200],
  ['GET', '/api/evaluations/window/cases', ['window-staff'], 200],
  ['GET', '/api/evaluations/window/cases/SQ2026999999', ['window-staff'], 404],
  // 差评整改 (seed 004 §37): the reviewer follows, the handling unit works, the 好差评 office decides and visits, supervision ranks
  ['GET', '/api/rectifications/mine', ['applicant', 'proxy-agent'], 200],
  ['GET', '/api/rectifications/unit', ['department-staff', 'department-leader', 'window-staff'], 200],
  ['GET', '/api/rectifications/office', ['service-office'], 200],
  ['GET', '/api/rectifications/tally', ['supervisor', 'service-office'], 200],
  ['POST', '/api/rectifications/ZG2026999999/verify', ['department-staff', 'department-leader', 'window-staff'], 400],
  ['POST', '/api/rectifications/ZG2026999999/recheck', ['service-office'], 400],
  ['POST', '/api/rectifications/ZG2026999999/extend', ['department-staff', 'department-leader', 'window-staff'], 400],
  ['POST', '/api/rectifications/ZG2026999999/rectify', ['department-staff', 'department-leader', 'window-staff'], 400],
  ['POST', '/api/rectifications/ZG2026999999/follow-up', ['service-office'], 400],
  ['GET', '/api/forecast/tasks', ['window-staff', 'department-staff'], 200],
  ['GET', '/api/forecast/breaches', ['supervisor'], 200],
  ['GET', '/api/applications/SQ2026999999/forecast', ['window-staff', 'department-staff', 'department-leader', 'applicant', 'proxy-agent', 'supervisor', 'auditor'], 404],
  // online appointments (在线预约): applicants and proxy agents book, the window handles its community's bookings
  ['POST', '/api/appointments', ['applicant', 'proxy-agent'], 400],
  ['GET', '/api/appointments/mine', ['applicant', 'proxy-agent'], 200],
  ['POST', '/api/appointments/YY2026999999/cancel', ['applicant', 'proxy-agent'], 404],
  ['GET', '/api/appointments/window', ['window-staff'], 200],
  ['GET', '/api/appointments/YY2026999999', ['window-staff'], 404],
  ['POST', '/api/appointments/YY2026999999/confirm', ['window-staff'], 404],
  ['POST', '/api/appointments/YY2026999999/move', ['window-staff'], 400],
  ['POST', '/api/appointments/YY2026999999/check-in', ['window-staff'], 404],
  ['POST', '/api/appointments/YY2026999999/no-show', ['window-staff'], 404],
  ['PUT', '/api/appointments/YY2026999999/application', ['window-staff'], 400],
  // 国务院放假安排: the service office records the year's holiday notice; all staff read the calendar
  ['GET', '/api/calendar/years/2028', ['window-staff', 'department-staff', 'department-leader', 'network-admin', 'supervisor', 'business-owner', 'service-office', 'auditor', 'system-admin'], 200],
  ['POST', '/api/calendar/years/2028/preview', ['service-office'], 400],
  ['PUT', '/api/calendar/years/2028', ['service-office'], 400],
  ['DELETE', '/api/calendar/years/2099', ['service-office'], 404],
  // 量化考核 (seed 001 §13, §30): the ranking is reported to the units' leaders; only the service office sets the weights
  ['GET', '/api/assessment/dimensions', ['supervisor', 'service-office', 'department-leader'], 200],
  ['GET', '/api/assessment/rankings/2026-Q2', ['supervisor', 'service-office', 'department-leader'], 200],
  ['GET', '/api/assessment/weights', ['supervisor', 'service-office', 'department-leader'], 200],
  ['POST', '/api/assessment/weights', ['service-office'], 400],
  ['POST', '/api/assessment/weights/999999/approve', ['service-office'], 404],
  ['POST', '/api/assessment/weights/999999/reject', ['service-office'], 400],
  // 问责 (seed 001 §31): supervisors confirm, leaders read their unit's operators, an operator their own record
  ['GET', '/api/accountability/violations', ['supervisor', 'department-leader'], 200],
  ['GET', '/api/accountability/operators', ['supervisor', 'department-leader'], 200],
  ['GET', '/api/accountability/operators/someone', ['supervisor', 'department-leader', 'window-staff', 'department-staff'], 404],
  ['GET', '/api/accountability/mine', ['window-staff', 'department-staff'], 200],
  ['GET', '/api/accountability/pending-count', ['supervisor'], 200],
  ['POST', '/api/accountability/violations/WG2026999999/confirm', ['supervisor'], 400],
  ['POST', '/api/accountability/violations/WG2026999999/dismiss', ['supervisor'], 400],
  ['POST', '/api/accountability/violations/WG2026999999/statement', ['window-staff', 'department-staff'], 400],
  ['POST', '/api/accountability/refusals', ['supervisor'], 400],
  // the live board (实时监控) and 督办: supervision watches every unit, a leader their own; notices go to unit staff
  ['GET', '/api/supervision/board', ['supervisor', 'department-leader'], 200],
  ['GET', '/api/supervision/stream?seconds=0', ['supervisor', 'department-leader'], 400],
  ['POST', '/api/correction-notices', ['supervisor'], 400],
  ['GET', '/api/correction-notices', ['supervisor'], 200],
  ['GET', '/api/correction-notices/mine', ['window-staff', 'department-staff', 'department-leader'], 200],
  ['GET', '/api/correction-notices/DB2026999999', ['supervisor', 'window-staff', 'department-staff', 'department-leader'], 404],
  ['POST', '/api/correction-notices/DB2026999999/answer', ['window-staff', 'department-staff', 'department-leader'], 400],
  // 日统计、周通报、月总结、季考核 (seed 001 §30): supervision, the office and audit read all; a leader their unit's edition
  ['GET', '/api/reports', ['supervisor', 'service-office', 'auditor', 'department-leader'], 200],
  ['GET', '/api/reports/weekly/1999-W01/report.pdf', ['supervisor', 'service-office', 'auditor', 'department-leader'], 404],
  // 主题式/套餐式服务 (seed 004 §19): everyone reads the packages; the office (or the lead's business owner) proposes, the office decides
  ['GET', '/api/packages', ALL, 200],
  ['GET', '/api/packages/NOPKG', ALL, 404],
  ['POST', '/api/packages/NOPKG/requests', ['business-owner', 'service-office'], 400],
  ['GET', '/api/package-requests', ['business-owner', 'service-office', 'auditor'], 200],
  ['POST', '/api/package-requests/CR2026999999/approve', ['service-office'], 404],
  ['POST', '/api/package-requests/CR2026999999/reject', ['service-office'], 400],
  ['POST', '/api/package-applications', ['window-staff'], 400],
  ['GET', '/api/package-applications/mine', ['applicant', 'proxy-agent'], 200],
  ['GET', '/api/package-applications/unit', ['window-staff', 'department-staff', 'department-leader'], 200],
  ['GET', '/api/package-applications/TC2026999999', ALL, 404],
];

describe('api: every route says who may call it (role × route)', function () {
  this.timeout(120_000);
  const tokens = {} as Record<RoleName, string>;
  before(async () => {
    for (const role of ALL) tokens[role] = await login(as[role]);
  });

  for (const [method, url, allowed, answer] of matrix.filter(([, u]) => u !== '/api/auth/logout')) {
    it(`${method} ${url}: ${allowed.length === ALL.length ? 'every role' : allowed.join(', ') || 'nobody'}`, async () => {
      const anonymous = await call(method, url, { body: method === 'GET' || method === 'DELETE' ? undefined : {} });
      expect(anonymous.statusCode, 'without a token').to.equal(401);
      for (const role of ALL) {
        const res = await call(method, url, { token: tokens[role], body: method === 'GET' || method === 'DELETE' ? undefined : {} });
        if (allowed.includes(role)) {
          expect(res.statusCode, `${role} may call it (${res.body.slice(0, 120)})`).to.equal(typeof answer === 'number' ? answer : answer[role]);
        } else {
          expect(res.statusCode, `${role} may not`).to.equal(403);
          expect(res.json().code).to.equal('ROLE_FORBIDDEN');
        }
      }
    });
  }

  it('serves public routes without a token: health, ready, progress query, registration, login, guides, OpenAPI', async () => {
    expect((await call('GET', '/health')).statusCode).to.equal(200);
    expect((await call('GET', '/api/guides')).statusCode).to.equal(200);
    expect((await call('GET', '/api/guides/DSZN')).statusCode).to.equal(200);
    expect((await call('GET', '/api/appointments/slots?itemCode=DSZN&communityCode=COM-BINHU')).statusCode).to.equal(200);
    expect((await call('GET', '/ready')).statusCode).to.equal(200);
    expect((await call('GET', '/api/progress/SQ2026999999?secret=123456')).statusCode).to.equal(404);
    expect((await call('POST', '/api/auth/login', { body: { username: 'nobody.here', password: 'x' } })).statusCode).to.equal(401);
    const openapi = await call('GET', '/openapi.json');
    expect(openapi.statusCode).to.equal(200);
    const paths = Object.keys(openapi.json().paths);
    for (const [, url] of matrix) {
      const template = url.replace('/no-such-process/versions/1', '/{processId}/versions/{version}').replace('/no-such-process/compare?from=1&to=2', '/{processId}/compare').replace(/\/1\//, '/{userTaskKey}/').replace(/SQ2026999999/, '{applicationNumber}').replace(/someone/, '{username}').replace(/acceptor$/, '{post}').replace(/DEPT-HEALTH/, '{unitCode}')
        .replace(/RQ2026999999/, '{requisitionNumber}').replace(/DSZN-CERT-BINHU-999999/, '{serial}').replace(/\?.*$/, '')
        .replace(/YY2026999999/, '{appointmentNumber}').replace(/NOSUCH/, '{itemCode}').replace(/CR2026999999/, '{requestId}').replace(/no-such-incident/, '{incidentKey}').replace(/ZX2026999999/, '{consultationNumber}')
        .replace(/ZG2026999999/, '{rectificationId}').replace(/TS2026999999/, '{complaintNumber}')
        .replace(/\/calendar\/years\/\d{4}/, '/calendar/years/{year}')
        .replace(/rankings\/2026-Q2$/, 'rankings/{period}').replace(/weights\/999999/, 'weights/{version}')
        .replace(/WG2026999999/, '{violationId}')
        .replace(/DB2026999999/, '{noticeNumber}')
        .replace('/weekly/1999-W01/report.pdf', '/{kind}/{period}/{file}')
        .replace(/NOPKG/, '{code}').replace(/TC2026999999/, '{packageNumber}');
      expect(paths, `the OpenAPI document describes ${url}`).to.include(template);
    }
    expect((await call('GET', '/api/guides/DSZN/faq')).statusCode, 'published consultations').to.equal(200);
    for (const url of ['/api/guides', '/api/guides/{itemCode}', '/api/guides/{itemCode}/faq', '/api/appointments/slots']) expect(paths, `the OpenAPI document describes ${url}`).to.include(url);
    expect((await call('GET', '/docs/')).statusCode, 'browsable docs').to.equal(200);
  });

  it('sends security headers and refuses oversized bodies with 413', async () => {
    const res = await call('GET', '/health');
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect(res.headers['content-security-policy']).to.include("default-src 'self'");
    const huge = await call('POST', '/api/auth/login', { body: JSON.stringify({ username: 'a'.repeat(2_000_000), password: 'x' }) });
    expect(huge.statusCode).to.equal(413);
  });
});

describe('api: no query operator gets in through any input', function () {
  this.timeout(60_000);
  const payloads = [{ $ne: null }, { $gt: '' }, { $regex: '.*' }, { $where: '1 == 1' }, { nested: { $ne: 1 } }];

  it('refuses operators in every body field, with 400 and the field named', async () => {
    const window = await login('binhu.acceptor');
    const admin = await login('admin');
    const office = await login('office.zhang');
    const targets: [string, string, string | undefined, (p: unknown) => unknown][] = [
      ['POST', '/api/auth/login', undefined, (p) => ({ username: p, password: 'x' })],
      ['POST', '/api/auth/login', undefined, (p) => ({ username: 'binhu.acceptor', password: p })],
      ['POST', '/api/auth/refresh', undefined, (p) => ({ refreshToken: p })],
      ['POST', '/api/applications', window, (p) => ({ itemCode: p, applicant: { type: 'individual', name: '张三', idNumber: '420700198502021234', phone: '13900001234' }, materials: [] })],
      ['POST', '/api/applications', window, (p) => ({ itemCode: 'LNYD', applicant: { type: 'individual', name: p, idNumber: '420700198502021234', phone: '13900001234' }, materials: [] })],
      ['POST', '/api/applications', window, (p) => ({ itemCode: 'LNYD', applicant: { type: 'individual', name: '张三', idNumber: '420700198502021234', phone: '13900001234' }, materials: [{ name: p, provided: true }] })],
      ['POST', '/api/applications/SQ2026000001/supplement', window, (p) => ({ materials: [{ name: p, provided: true }] })],
      ['POST', '/api/tasks/1/complete', window, (p) => ({ decision: p })],
      ['POST', '/api/tasks/1/complete', window, (p) => ({ decision: 'refused', reasons: [p] })],
      ['POST', '/api/accounts', admin, (p) => ({ username: p, realName: 'x', idNumber: '420700198502021234', phone: '13900001234', role: 'window-staff', unitCode: 'COM-BINHU', password: 'A#1aaaaa' })],
      ['POST', '/api/accounts/binhu.acceptor/posts', admin, (p) => ({ posts: [p] })],
      ['PUT', '/api/units/COM-BINHU/backups', admin, (p) => ({ post: 'acceptor', primary: p, backup: 'binhu.closer' })],
      ['POST', '/api/items/DSZN/change-requests', office, (p) => ({ kind: p, reason: '注入尝试' })],
      ['POST', '/api/items/DSZN/change-requests', office, (p) => ({ kind: 'suspend', reason: p })],
      ['POST', '/api/change-requests/CR2026000001/reject', office, (p) => ({ comment: p })],
      ['POST', '/api/items/DSZN/evaluations', office, (p) => ({ year: 2026, demand: '注入尝试', problems: [], decision: p })],
    ];
    for (const [method, url, token, make] of targets) {
      for (const p of payloads) {
        const res = await call(method as 'POST', url, { token, body: make(p) });
        expect(res.statusCode, `${method} ${url} with ${JSON.stringify(p)}: ${res.body.slice(0, 200)}`).to.equal(400);
        expect(res.json().code).to.equal('REQUEST_INVALID');
      }
    }
  });

  it('refuses operators and unknown fields in query strings and path parameters', async () => {
    const window = await login('binhu.acceptor');
    const urls = [
      '/api/tasks?itemCode[$ne]=x', '/api/tasks?step[$regex]=.*', '/api/tasks?unknownField=1',
      '/api/applications?status[$ne]=closed', '/api/applications?itemCode[$gt]=',
      '/api/progress/SQ2026000001?secret[$ne]=1', '/api/progress/SQ2026000001?secret=123456&$where=1',
      '/api/applications/%7B%22%24ne%22%3Anull%7D',
      '/api/guides?q[$ne]=x', '/api/guides?q[$regex]=.*', '/api/guides/%7B%22%24ne%22%3Anull%7D',
    ];
    for (const url of urls) {
      const res = await call('GET', url, { token: window });
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).to.equal(400);
    }
    const office = await login('office.zhang');
    for (const url of ['/api/change-requests?status[$ne]=pending', '/api/change-requests?itemCode[$gt]=', '/api/items/%7B%22%24ne%22%3Anull%7D']) {
      const res = await call('GET', url, { token: office });
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).to.equal(400);
    }
  });

  it('checks materials against the item’s list, naming what the item does not ask for', async () => {
    const res = await call('POST', '/api/applications', { token: await login('binhu.acceptor'), body: { itemCode: 'LNYD', applicant: { type: 'individual', name: '张三', idNumber: '420700198502021234', phone: '13900001234' }, materials: [{ name: '营业执照', provided: true }] } });
    expect(res.statusCode).to.equal(422);
    expect(res.json()).to.include({ code: 'MATERIAL_UNKNOWN' });
    expect(res.json().detail).to.include('营业执照');
  });

  it('refuses unknown fields in bodies, naming them', async () => {
    const res = await call('POST', '/api/auth/login', { body: { username: 'binhu.acceptor', password: 'x', role: 'system-admin' } });
    expect(res.statusCode).to.equal(400);
    expect(res.json().errors[0]).to.deep.equal({ field: 'body/role', problem: 'is not an accepted field' });
  });
});
