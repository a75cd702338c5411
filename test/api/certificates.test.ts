import { generateKeyPairSync } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { pino } from 'pino';
import { loadKeyRing } from '../../domain/certificate/certificate-keys.js';
import { createCertificateRenderer } from '../../domain/certificate/certificate-pdf.js';
import { createCertificateRepository } from '../../domain/certificate/certificate.repository.js';
import { createCertificateService } from '../../domain/certificate/certificate.service.js';
import { createApplicationRepository } from '../../domain/application/application.repository.js';
import { signPayload } from '../../domain/certificate/certificate-signature.js';
import { AuditAction } from '../../domain/audit/audit-entry.model.js';
import { auditEntries, call, login } from '../support/api.js';
import { ARTIFACTS } from '../support/browser.js';
import { pdfFirstPagePng, pdfText } from '../support/pdf.js';
import { platform } from '../support/platform.js';
import { act, eventually, fileApplication } from '../support/staff.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A real on-site case walked to its end by the demo operators: accepted, reviewed, decided, handed over. */
async function closedOnSiteCase() {
  const filed = await fileApplication('DSZN', 'COM-BINHU');
  const n = filed.applicationNumber;
  await act(n, 'accept', 'binhu.acceptor', { decision: 'accepted' });
  await act(n, 'review', 'health.reviewer', { decision: 'approved', opinion: '材料齐全' });
  await act(n, 'decide', 'health.decider', { decision: 'approved' });
  await act(n, 'close', 'binhu.closer', { handover: 'in-person' });
  const certificate = await eventually(`the electronic certificate of ${n}`, async () => {
    const res = await call('GET', `/api/applications/${n}/certificate`, { token: await login('binhu.closer') });
    return res.statusCode === 200 ? res.json() as Json : null;
  }, 60_000);
  return { app: await platform().services.applications.get(n), certificate };
}

/** A public check from a source of its own, so other tests' checks do not count against its rate limit. */
let source = 0;
const verifyFrom = (url: string, body?: unknown, remoteAddress = `10.15.0.${(source += 1) % 250}`) => platform().app.inject({
  method: body === undefined ? 'GET' : 'POST', url, remoteAddress,
  ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) }),
});

describe('electronic certificates (电子证照): issued at close, verified by anyone, revoked by the issuing department', function () {
  this.timeout(180_000);
  let onsite: Awaited<ReturnType<typeof closedOnSiteCase>>;

  before(async () => {
    onsite = await closedOnSiteCase();
  });

  it('a real closed on-site case gets its signed certificate: number, serial, holder, issuer, and the verification address', async () => {
    const { app, certificate: c } = onsite;
    expect(app.outcome).to.equal('issued');
    expect(c.signed.payload).to.include({ certificateNumber: app.documentNumber, printSerial: app.printSerial, applicationNumber: app.applicationNumber, validUntil: null });
    expect(c.signed.payload.holder).to.deep.equal({ type: app.applicant!.type, name: app.applicant!.name, idNumber: app.applicant!.idNumber });
    expect(c.signed.payload.issuer.code).to.equal('DEPT-HEALTH');
    expect(c.verifyUrl).to.equal(`${platform().config.certificates.publicBaseUrl}/verify/${c.certificateId}`);
    expect(c.signed.signature).to.include({ alg: 'Ed25519', keyId: c.keyId });
    expect(c.fingerprint).to.match(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const issued = await auditEntries({ caseNumber: app.applicationNumber, action: AuditAction.CertificateIssued });
    expect(issued).to.have.length(1);
    expect(issued[0]!.target).to.deep.equal({ kind: 'e-certificate', id: c.certificateId });
  });

  it('the public check by id needs no login, says genuine, and shows the holder masked only', async () => {
    const { app, certificate: c } = onsite;
    const res = await verifyFrom(`/api/verify/${c.certificateId}`);
    expect(res.statusCode, res.body).to.equal(200);
    const v = res.json();
    expect(v.verdict).to.equal('genuine');
    expect(v.message.zh).to.equal('真实有效');
    expect(v.certificate).to.include({ certificateNumber: app.documentNumber, certificateId: c.certificateId });
    expect(v.certificate.holder.idNumber).to.match(/^\d{3}\*+\d{4}$/);
    expect(v.certificate.holder.name).to.equal(`${[...app.applicant!.name][0]}${'*'.repeat([...app.applicant!.name].length - 1)}`);
    expect(res.body, 'no full ID number, no full name, no phone').to.not.include(app.applicant!.idNumber).and.not.include(app.applicant!.phone);
    expect(res.body).to.not.include(`"${app.applicant!.name}"`);

    const unknown = await verifyFrom('/api/verify/EC00000000000000000000');
    expect(unknown.statusCode).to.equal(404);
    expect(unknown.json()).to.include({ code: 'CERTIFICATE_NOT_FOUND' });
    expect(unknown.json().message.zh).to.include('EC00000000000000000000');
    expect((await verifyFrom('/api/verify/not-an-id')).statusCode).to.equal(400);
  });

  it('the signed document verifies; a copy with one field changed, or signed by an unknown key, is refused as not genuine', async () => {
    const { signed } = onsite.certificate;
    const genuine = await verifyFrom('/api/verify', signed);
    expect(genuine.statusCode, genuine.body).to.equal(200);
    expect(genuine.json()).to.include({ verdict: 'genuine', reason: null });

    const tampered = { payload: { ...signed.payload, validUntil: '2099-12-31T00:00:00.000Z' }, signature: signed.signature };
    const refused = await verifyFrom('/api/verify', tampered);
    expect(refused.statusCode, refused.body).to.equal(200);
    expect(refused.json()).to.include({ verdict: 'not-genuine', reason: 'bad-signature', certificate: null });
    expect(refused.json().message.zh).to.include('无法核验');

    const renamed = { payload: { ...signed.payload, holder: { ...signed.payload.holder, name: '李四' } }, signature: signed.signature };
    expect((await verifyFrom('/api/verify', renamed)).json()).to.include({ verdict: 'not-genuine', reason: 'bad-signature' });

    const stranger = generateKeyPairSync('ed25519');
    const forged = signPayload(signed.payload, { keyId: 'forger-1', privateKey: stranger.privateKey });
    expect((await verifyFrom('/api/verify', forged)).json()).to.include({ verdict: 'not-genuine', reason: 'unknown-key' });
    const posing = { ...forged, signature: { ...forged.signature, keyId: signed.signature.keyId } };
    expect((await verifyFrom('/api/verify', posing)).json()).to.include({ verdict: 'not-genuine', reason: 'bad-signature' });
    expect((await verifyFrom('/api/verify', { payload: signed.payload })).statusCode, 'no signature: refused by the schema').to.equal(400);
  });

  it('the case’s staff download the PDF with the QR code, key id and fingerprint; another community’s staff cannot', async () => {
    const { app, certificate: c } = onsite;
    const res = await call('GET', `/api/applications/${app.applicationNumber}/certificate.pdf`, { token: await login('binhu.closer') });
    expect(res.statusCode, res.body.slice(0, 300)).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/pdf');
    await mkdir(ARTIFACTS, { recursive: true });
    await writeFile(join(ARTIFACTS, '15-certificate.pdf'), res.rawPayload);
    await pdfFirstPagePng(join(ARTIFACTS, '15-certificate.pdf'), join(ARTIFACTS, '15-certificate-pdf'), 80);
    const text = (await pdfText(res.rawPayload)).replace(/\s+/g, ' ');
    const unbroken = text.replace(/ /g, '');
    expect(text).to.include(app.documentNumber!).and.include(c.keyId);
    // long values wrap at the line's end: the fingerprint and the address are compared without the breaks
    expect(unbroken).to.include(c.fingerprint).and.include(c.verifyUrl);
    expect(text).to.include('长期有效').and.include(app.applicant!.name);
    expect(res.rawPayload.includes(Buffer.from('/Subtype /Image')), 'the QR code is an image in the PDF').to.equal(true);

    const other = await call('GET', `/api/applications/${app.applicationNumber}/certificate.pdf`, { token: await login('dushan.acceptor') });
    expect(other.statusCode).to.equal(404);
    expect((await call('GET', `/api/applications/${app.applicationNumber}/certificate`, { token: await login('company.ezhou') })).statusCode).to.equal(404);
    expect((await call('GET', `/api/applications/${app.applicationNumber}/certificate.pdf`)).statusCode, 'no token').to.equal(401);
  });

  it('rotation: after a new key becomes the signer, the certificate signed by the old key still verifies', async () => {
    const { certificate: c } = onsite;
    const dir = await mkdtemp(join(tmpdir(), 'cert-rotation-'));
    try {
      // the old signer is kept by its public key only; a new private key signs from now on
      await copyFile(join(platform().config.certificates.keyDir, `${c.keyId}.pub.pem`), join(dir, `${c.keyId}.pub.pem`));
      await writeFile(join(dir, 'k2027.key.pem'), generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
      const services = platform().services;
      const rotated = createCertificateService({
        certificates: createCertificateRepository(), applications: createApplicationRepository(), items: services.items, units: services.units, audit: services.audit,
        keys: () => loadKeyRing({ keyDir: dir, keyDirConfigured: true, signingKeyId: 'k2027' }), renderer: createCertificateRenderer(platform().config.documents),
        publicBaseUrl: platform().config.certificates.publicBaseUrl, utcOffsetMinutes: 480, log: pino({ level: 'silent' }),
      });
      expect((await rotated.publicKeys()).signingKeyId).to.equal('k2027');
      expect((await rotated.verify(c.certificateId)).verdict).to.equal('genuine');
      expect((await rotated.verifyDocument(c.signed)).verdict).to.equal('genuine');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the handling department revokes with a reason: verification says revoked, with time and reason; audited once', async () => {
    const { app, certificate: c } = onsite;
    const path = `/api/certificates/${c.certificateId}/revoke`;
    const otherDept = await call('POST', path, { token: await login('dpf.leader'), body: { reason: '发证有误' } });
    expect(otherDept.statusCode, otherDept.body).to.equal(403);
    expect(otherDept.json().message.zh).to.include(c.certificateId).and.include('DEPT-DPF');
    expect((await call('POST', path, { token: await login('binhu.closer'), body: { reason: '发证有误' } })).statusCode, 'window staff may not').to.equal(403);

    const revoked = await call('POST', path, { token: await login('health.leader'), body: { reason: '申请材料虚假，依法撤销' } });
    expect(revoked.statusCode, revoked.body).to.equal(200);
    expect(revoked.json().revokeReason).to.equal('申请材料虚假，依法撤销');
    const again = await call('POST', path, { token: await login('health.decider'), body: { reason: '重复撤销' } });
    expect(again.statusCode).to.equal(409);
    expect(again.json().code).to.equal('CERTIFICATE_ALREADY_REVOKED');

    const v = (await verifyFrom(`/api/verify/${c.certificateId}`)).json();
    expect(v.verdict).to.equal('revoked');
    expect(v.message.zh).to.equal('已撤销');
    expect(v.certificate.revokeReason).to.equal('申请材料虚假，依法撤销');
    expect(Date.parse(v.certificate.revokedAt)).to.be.a('number').and.not.NaN;
    expect((await verifyFrom('/api/verify', c.signed)).json().verdict, 'the signed document checks as revoked too').to.equal('revoked');
    const entries = await auditEntries({ caseNumber: app.applicationNumber, action: AuditAction.CertificateRevoked });
    expect(entries).to.have.length(1);
    expect(entries[0]!.actor.id).to.equal('health.leader');
    expect(entries[0]!.detail).to.include({ reason: '申请材料虚假，依法撤销' });
  });

  it('voiding the print serial of a certificate revokes its electronic certificate with the same reason', async () => {
    const { app, certificate: c } = await closedOnSiteCase();
    const revoked = await platform().services.certificates.revokeOfSerial({
      serial: app.printSerial!, reason: '证件污损核销', operator: 'binhu.keeper', role: 'window-staff', unitCode: 'COM-BINHU', now: await platform().services.now(),
    });
    expect(revoked).to.deep.equal([c.certificateId]);
    const v = (await verifyFrom(`/api/verify/${c.certificateId}`)).json();
    expect(v).to.include({ verdict: 'revoked' });
    expect(v.certificate.revokeReason).to.equal('证件污损核销');
    const entries = await auditEntries({ caseNumber: app.applicationNumber, action: AuditAction.CertificateRevoked });
    expect(entries.map((e) => e.detail?.voidedSerial)).to.deep.equal([app.printSerial]);
  });

  it('an online case issued to its applicant: the applicant downloads the certificate PDF; another applicant cannot', async () => {
    const citizen = await login('citizen.wang');
    const filed = await call('POST', '/api/applications', { token: citizen, body: {
      itemCode: 'CJRZ', communityCode: 'COM-DUSHAN',
      materials: [{ name: '居民身份证', provided: true }, { name: '户口簿', provided: true }, { name: '近期免冠一寸照片', provided: true }, { name: '残疾评定表', provided: true }],
    } });
    expect(filed.statusCode, filed.body).to.equal(201);
    const n = filed.json().applicationNumber as string;
    await act(n, 'accept', 'dushan.acceptor', { decision: 'accepted' });
    await act(n, 'approve', 'dpf.approver', { decision: 'approved' });
    await act(n, 'verify', 'dpf.verifier', { result: 'match' });
    await act(n, 'issue', 'dushan.closer', { method: 'courier', courierTrackingNumber: 'SF2026112699' });
    const mine = await eventually(`the electronic certificate of ${n}`, async () => {
      const res = await call('GET', `/api/applications/${n}/certificate`, { token: citizen });
      return res.statusCode === 200 ? res.json() as Json : null;
    }, 60_000);
    expect(mine.signed.payload).to.include({ printSerial: null, itemCode: 'CJRZ' });
    expect(mine.signed.payload.issuer.code).to.equal('DEPT-DPF');
    expect((await verifyFrom(`/api/verify/${mine.certificateId}`)).json().verdict).to.equal('genuine');
    const pdf = await call('GET', `/api/applications/${n}/certificate.pdf`, { token: citizen });
    expect(pdf.statusCode).to.equal(200);
    expect((await pdfText(pdf.rawPayload)).replace(/\s+/g, '')).to.include(mine.certificateId);
    expect((await call('GET', `/api/applications/${n}/certificate.pdf`, { token: await login('company.ezhou') })).statusCode).to.equal(404);
  });

  it('the public check is rate-limited per source: 429 with a problem document in both languages', async () => {
    const from = `10.99.${process.pid % 250}.${Date.now() % 250}`;
    const url = `/api/verify/${onsite.certificate.certificateId}`;
    const answers: number[] = [];
    for (let i = 0; i < 30; i += 1) answers.push((await verifyFrom(url, undefined, from)).statusCode);
    expect(answers.every((s) => s === 200), answers.join(',')).to.equal(true);
    const limited = await verifyFrom(url, undefined, from);
    expect(limited.statusCode).to.equal(429);
    expect(limited.headers['content-type']).to.include('application/problem+json');
    expect(limited.json().message.zh).to.include('请求过于频繁');
    expect(limited.json().message.en).to.include('too many requests');
    expect((await verifyFrom(url, undefined, `10.98.${process.pid % 250}.${Date.now() % 250}`)).statusCode, 'another source is not held back').to.equal(200);
  });
});
