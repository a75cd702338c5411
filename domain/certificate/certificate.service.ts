import { CaseKind } from '../shared/constants.js';
import { randomBytes } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';
import type { Logger } from 'pino';
import { maskIdNumber } from '../account/account.service.js';
import { HANDLING_STEPS, mayRead, type Reader } from '../application/application-access.js';
import { stepUnit, type ApplicationRecord, type ApplicationRepository } from '../application/application.repository.js';
import { ActorKind, AuditAction } from '../audit/audit-entry.model.js';
import { workerActor, type AuditInput, type AuditService } from '../audit/audit.service.js';
import { officeClock } from '../document/document.texts.js';
import type { UnitRepository } from '../organisation/unit.repository.js';
import { JobType } from '../process-model/job-types.js';
import type { ServiceItemRepository } from '../service-item/service-item.repository.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import type { KeyRing } from './certificate-keys.js';
import type { CertificateRenderer } from './certificate-pdf.js';
import { checkSignature, signPayload, type CertificatePayload, type SignedCertificate } from './certificate-signature.js';
import { CertificateStatus } from './certificate.model.js';
import type { CertificateRepository, StoredCertificate } from './certificate.repository.js';

/** What a check of a certificate found, in the words the public verification page shows. */
export const Verdict = { Genuine: 'genuine', Revoked: 'revoked', NotGenuine: 'not-genuine', NotFound: 'not-found' } as const;
export type Verdict = (typeof Verdict)[keyof typeof Verdict];

/** The personal data an electronic certificate carries, for the read log when it is downloaded. */
const CERTIFICATE_FIELDS = ['applicant.name', 'applicant.idNumber'];

/** The public face of a certificate: no full name, no full ID number (seed 004 §42). */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 8))}`;
}

export function publicView(c: Pick<StoredCertificate, 'certificateId' | 'payload' | 'status' | 'revokedAt' | 'revokeReason' | 'signature'>) {
  const p = c.payload as CertificatePayload;
  return {
    certificateId: c.certificateId, certificateNumber: p.certificateNumber, certificateType: p.certificateType, itemName: p.itemName,
    holder: { name: maskName(p.holder.name), idNumber: maskIdNumber(p.holder.idNumber) },
    issuer: p.issuer.name, issuedAt: p.issuedAt, validUntil: p.validUntil, keyId: c.signature.keyId,
    revokedAt: c.revokedAt ? c.revokedAt.toISOString() : null, revokeReason: c.revokeReason ?? null,
  };
}
export type PublicCertificate = ReturnType<typeof publicView>;

const VERDICT_WORDS: Record<Verdict, { zh: string; en: string }> = {
  genuine: { zh: '真实有效', en: 'genuine and valid' },
  revoked: { zh: '已撤销', en: 'revoked' },
  'not-genuine': { zh: '无法核验：签名不符，内容可能被篡改或并非本平台签发', en: 'cannot be verified: the signature does not match; the content may have been altered or was not issued here' },
  'not-found': { zh: '无法核验：没有这份电子证照', en: 'cannot be verified: no such electronic certificate' },
};
const REASON_WORDS: Record<string, { zh: string; en: string }> = {
  'unknown-key': { zh: '签名密钥未知', en: 'it was signed by a key this platform does not know' },
  'bad-signature': { zh: '签名与内容不符', en: 'the signature does not match the content' },
  malformed: { zh: '签名格式不正确', en: 'the signature is not well formed' },
  'not-registered': { zh: '本平台没有签发这份内容', en: 'this platform issued no certificate with this content' },
};

function notFound(certificateId: string): DomainError {
  return new DomainError('CERTIFICATE_NOT_FOUND', ErrorKind.NotFound, {
    zh: `电子证照 ${certificateId} 不存在，无法核验`, en: `electronic certificate ${certificateId} does not exist and cannot be verified`,
  });
}

/**
 * Electronic certificates (电子证照, seed 004 §40): made and signed once when a case closes with its certificate
 * handed over, checked by anyone (by id or by the signed document itself), revoked by the issuing department.
 */
export function createCertificateService(deps: {
  certificates: CertificateRepository;
  applications: Pick<ApplicationRepository, 'get' | 'recordPiiRead'>;
  items: Pick<ServiceItemRepository, 'version'>;
  units: Pick<UnitRepository, 'get'>;
  audit: AuditService;
  keys: () => Promise<KeyRing>;
  renderer: CertificateRenderer;
  publicBaseUrl: string;
  utcOffsetMinutes: number;
  log: Logger;
}) {
  const { certificates, applications, audit } = deps;
  const clock = officeClock(deps.utcOffsetMinutes);
  const verifyUrlOf = (certificateId: string) => `${deps.publicBaseUrl}/verify/${certificateId}`;
  const issuerCode = (app: ApplicationRecord) => stepUnit(app, 'decide') ?? stepUnit(app, 'approve') ?? app.departmentCode;

  // a revocation interrupted by a stop: the certificate says whether, when and by whom it was revoked
  audit.settleWith(AuditAction.CertificateRevoked, async (input) => {
    const c = await certificates.get(input.target.id);
    const done = c?.status === CertificateStatus.Revoked && c.revokedBy === input.actor.id && c.revokedAt?.getTime() === input.at.getTime();
    return done ? { done: true, after: { status: CertificateStatus.Revoked } } : { done: false, why: `the certificate is ${c?.status ?? 'unknown'}; it was not revoked` };
  });

  /** Checks the stored certificate's own signature as well: a record changed in the store is not genuine either. */
  async function verdictOf(c: StoredCertificate): Promise<{ verdict: Verdict; reason: string | null }> {
    const check = checkSignature({ payload: c.payload, signature: c.signature }, (await deps.keys()).known);
    if (!check.valid) return { verdict: Verdict.NotGenuine, reason: check.reason };
    return { verdict: c.status === CertificateStatus.Revoked ? Verdict.Revoked : Verdict.Genuine, reason: null };
  }
  const answer = (verdict: Verdict, reason: string | null, c: StoredCertificate | null) => ({
    verdict, reason, message: reason ? { zh: `${VERDICT_WORDS[verdict].zh}（${REASON_WORDS[reason]?.zh ?? reason}）`, en: `${VERDICT_WORDS[verdict].en} (${REASON_WORDS[reason]?.en ?? reason})` } : VERDICT_WORDS[verdict],
    certificate: c ? publicView(c) : null,
  });

  async function revokeOne(c: StoredCertificate, by: { actor: { kind: typeof ActorKind.User; id: string; role: string | null }; unit: string | null; reason: string; now: Date; detail?: Record<string, unknown> }) {
    const entry = await audit.intend({
      at: by.now, actor: by.actor, action: AuditAction.CertificateRevoked, target: { kind: 'e-certificate', id: c.certificateId },
      caseNumber: c.applicationNumber, caseKind: CaseKind.Application, itemCode: (c.payload as CertificatePayload).itemCode, unit: by.unit,
      before: { status: c.status }, detail: { reason: by.reason, ...by.detail },
    });
    const revoked = await certificates.revoke(c.certificateId, { at: by.now, by: by.actor.id, reason: by.reason });
    if (!revoked) {
      await audit.forget(entry);
      return null;
    }
    await audit.record({ ...entry, after: { status: revoked.status, revokedAt: by.now } });
    return revoked;
  }

  async function readable(reader: Reader, applicationNumber: string) {
    const app = await applications.get(applicationNumber);
    if (!app || !mayRead(reader, app)) throw new DomainError('APPLICATION_NOT_FOUND', ErrorKind.NotFound, { zh: `办件 ${applicationNumber} 不存在`, en: `application ${applicationNumber} does not exist` });
    const c = await certificates.ofApplication(applicationNumber);
    if (!c) {
      throw new DomainError('CERTIFICATE_NOT_ISSUED', ErrorKind.NotFound, {
        zh: `办件 ${applicationNumber} 没有电子证照：只有办结并发证的办件才有`, en: `application ${applicationNumber} has no electronic certificate: only cases closed with a certificate issued have one`,
      });
    }
    return { app, c };
  }

  return {
    verifyUrlOf,

    /**
     * Makes and signs the electronic certificate of a case closed with its certificate issued; asking again answers
     * the one made first (a job delivered twice signs once).
     */
    async issue(applicationNumber: string, now: Date): Promise<{ certificateId: string; reused: boolean }> {
      const key = `certificate:${applicationNumber}`;
      const existing = await certificates.ofApplication(applicationNumber);
      const app = await applications.get(applicationNumber);
      if (!app) throw new Error(`application ${applicationNumber} does not exist`);
      const entry = (c: StoredCertificate): AuditInput => ({
        at: c.issuedAt, actor: workerActor(JobType.CloseCase), action: AuditAction.CertificateIssued, target: { kind: 'e-certificate', id: c.certificateId },
        caseNumber: applicationNumber, caseKind: CaseKind.Application, itemCode: app.itemCode, unit: (c.payload as CertificatePayload).issuer.code,
        after: { certificateId: c.certificateId, certificateNumber: (c.payload as CertificatePayload).certificateNumber, printSerial: c.printSerial ?? null, keyId: c.signature.keyId },
      });
      if (existing) {
        await audit.recordMissing(key, now, () => entry(existing));
        return { certificateId: existing.certificateId, reused: true };
      }
      if (app.outcome !== 'issued' || !app.documentNumber) {
        throw new Error(`application ${applicationNumber} closed ${app.outcome ?? 'open'} with certificate number ${app.documentNumber ?? 'none'}: no certificate to sign`);
      }
      const item = await deps.items.version(app.itemCode, app.itemVersion);
      const code = issuerCode(app);
      const issuer = await deps.units.get(code);
      const certificateId = `EC${randomBytes(10).toString('hex').toUpperCase()}`;
      const payload: CertificatePayload = {
        kind: 'e-certificate', version: 1, certificateId, certificateNumber: app.documentNumber, printSerial: app.printSerial ?? null,
        certificateType: item?.certificateType ?? app.itemCode, itemCode: app.itemCode, itemName: app.itemName, applicationNumber,
        holder: { type: app.applicant!.type, name: app.applicant!.name, idNumber: app.applicant!.idNumber },
        issuer: { code, name: issuer?.name ?? code }, issuedAt: now.toISOString(), validUntil: null, verifyUrl: verifyUrlOf(certificateId),
      };
      const signed = signPayload(payload, (await deps.keys()).signer);
      const record: StoredCertificate = {
        certificateId, applicationNumber, printSerial: payload.printSerial, payload, signature: signed.signature, issuedAt: now,
        status: CertificateStatus.Valid, revokedAt: null, revokedBy: null, revokeReason: null,
      };
      if (!(await certificates.insert(record))) {
        // another delivery of the same job signed first: that one is the certificate
        const first = (await certificates.ofApplication(applicationNumber))!;
        await audit.recordMissing(key, now, () => entry(first));
        return { certificateId: first.certificateId, reused: true };
      }
      await audit.record({ ...entry(record), key });
      deps.log.info({ applicationNumber, certificateId, keyId: signed.signature.keyId }, 'electronic certificate issued');
      return { certificateId, reused: false };
    },

    /** The public check by certificate id: genuine, revoked, or (signature broken) not genuine; unknown ids are 404. */
    async verify(certificateId: string) {
      const c = await certificates.get(certificateId);
      if (!c) throw notFound(certificateId);
      const { verdict, reason } = await verdictOf(c);
      return answer(verdict, reason, c);
    },

    /** The public check of a signed document someone holds: its signature first, then whether it is ours and still valid. */
    async verifyDocument(doc: { payload: Record<string, unknown>; signature: { alg: string; keyId: string; value: string } }) {
      const check = checkSignature(doc, (await deps.keys()).known);
      if (!check.valid) return answer(Verdict.NotGenuine, check.reason, null);
      const id = typeof doc.payload.certificateId === 'string' ? doc.payload.certificateId : '';
      const c = id ? await certificates.get(id) : null;
      if (!c || canonicalize(c.payload) !== canonicalize(doc.payload)) return answer(Verdict.NotGenuine, 'not-registered', null);
      const { verdict, reason } = await verdictOf(c);
      return answer(verdict, reason, c);
    },

    /** The certificate of a case for someone who may read the case: the signed document and how to check it. */
    async ofApplication(reader: Reader, applicationNumber: string) {
      const { c } = await readable(reader, applicationNumber);
      const ring = await deps.keys();
      const { verdict } = await verdictOf(c);
      const signed: SignedCertificate = { payload: c.payload as CertificatePayload, signature: c.signature as SignedCertificate['signature'] };
      return { ...publicView(c), verdict, verifyUrl: verifyUrlOf(c.certificateId), fingerprint: ring.known.get(c.signature.keyId)?.fingerprint ?? null, signed };
    },

    /** The certificate as PDF with its QR code, key id and fingerprint; a read of the holder's personal data, logged as one. */
    async pdf(reader: Reader, applicationNumber: string, requestId: string | null, now: Date) {
      const { app, c } = await readable(reader, applicationNumber);
      const p = c.payload as CertificatePayload;
      const ring = await deps.keys();
      const revoked = c.status === CertificateStatus.Revoked;
      const pdf = await deps.renderer.render({
        title: p.itemName, issuer: p.issuer.name, verifyUrl: p.verifyUrl, keyId: c.signature.keyId,
        fingerprint: ring.known.get(c.signature.keyId)?.fingerprint ?? '（未知密钥 unknown key）', signature: c.signature.value,
        fields: [
          ['证照编号', p.certificateNumber], ['持证人', p.holder.name], ['证件号码', p.holder.idNumber], ['证照类型', p.certificateType],
          ...(p.printSerial ? [['印字号', p.printSerial] as [string, string]] : []),
          ['发证单位', p.issuer.name], ['发证日期', clock.date(new Date(p.issuedAt))], ['有效期', p.validUntil ? `至 ${clock.date(new Date(p.validUntil))}` : '长期有效'],
          ['电子证照标识', c.certificateId],
          ...(revoked ? [['状态', `已撤销（${clock.dateTime(c.revokedAt!)}：${c.revokeReason ?? ''}）`] as [string, string]] : []),
        ],
        footer: `办件编号 ${app.applicationNumber} · 本电子证照经 Ed25519 数字签名，扫码或访问核验地址可查验真伪`,
      });
      await applications.recordPiiRead({ applicationNumber, reader: reader.username, role: reader.role, fields: CERTIFICATE_FIELDS, requestId, at: now });
      await audit.record({
        at: now, actor: { kind: ActorKind.User, id: reader.username, role: reader.role }, action: AuditAction.PersonalDataRead,
        target: { kind: 'application', id: applicationNumber }, caseNumber: applicationNumber, caseKind: CaseKind.Application, itemCode: app.itemCode, unit: reader.unitCode ?? null,
        detail: { fields: CERTIFICATE_FIELDS, requestId, document: 'e-certificate', certificateId: c.certificateId },
      });
      return { pdf, fileName: `${applicationNumber}-e-certificate.pdf`, title: p.itemName };
    },

    /** 撤销: staff of the department that handled the case revoke its certificate with a reason; verification then says so. */
    async revoke(input: { certificateId: string; reason: string; by: Reader; now: Date }) {
      const c = await certificates.get(input.certificateId);
      if (!c) throw notFound(input.certificateId);
      const app = await applications.get(c.applicationNumber);
      const units = app ? [app.departmentCode, ...HANDLING_STEPS.map((s) => stepUnit(app, s))] : [];
      if (!input.by.unitCode || !units.includes(input.by.unitCode)) {
        throw new DomainError('NOT_YOUR_CERTIFICATE', ErrorKind.Forbidden, {
          zh: `电子证照 ${input.certificateId} 不是本单位（${input.by.unitCode ?? '无单位'}）办理的办件所发，不能撤销`,
          en: `electronic certificate ${input.certificateId} was not issued on a case your unit (${input.by.unitCode ?? 'none'}) handled; you cannot revoke it`,
        });
      }
      const revoked = await revokeOne(c, { actor: { kind: ActorKind.User, id: input.by.username, role: input.by.role }, unit: input.by.unitCode, reason: input.reason, now: input.now });
      if (!revoked) {
        throw new DomainError('CERTIFICATE_ALREADY_REVOKED', ErrorKind.Conflict, {
          zh: `电子证照 ${input.certificateId} 已于 ${c.revokedAt ? clock.dateTime(c.revokedAt) : '此前'} 撤销`, en: `electronic certificate ${input.certificateId} was revoked already${c.revokedAt ? ` on ${c.revokedAt.toISOString()}` : ''}`,
        });
      }
      return publicView(revoked);
    },

    /** A voided print serial (核销) takes the electronic certificate printed on it with it. */
    async revokeOfSerial(input: { serial: string; reason: string; operator: string; role: string | null; unitCode: string | null; now: Date }): Promise<string[]> {
      const revoked: string[] = [];
      for (const c of await certificates.ofSerial(input.serial)) {
        if (c.status !== CertificateStatus.Valid) continue;
        const done = await revokeOne(c, {
          actor: { kind: ActorKind.User, id: input.operator, role: input.role }, unit: input.unitCode, reason: input.reason, now: input.now, detail: { voidedSerial: input.serial },
        });
        if (done) revoked.push(c.certificateId);
      }
      return revoked;
    },

    /**
     * Reads the keys at start, so a broken key stops the start with the reason; unconfigured, the development pair
     * is made now (once) and said so.
     */
    async ready(configured: boolean) {
      const ring = await deps.keys();
      const known = [...ring.known.keys()];
      if (configured) deps.log.info({ signingKeyId: ring.signer.keyId, known }, 'electronic certificate keys loaded');
      else deps.log.warn({ signingKeyId: ring.signer.keyId, known, fingerprint: ring.signer.fingerprint }, 'electronic certificates are signed with the development key under DATA_DIR: set CERT_KEY_DIR for real certificates');
    },

    /** The public keys a certificate may be signed with, and which one signs now. */
    async publicKeys() {
      const ring = await deps.keys();
      return { signingKeyId: ring.signer.keyId, keys: [...ring.known.values()].map((k) => ({ keyId: k.keyId, algorithm: 'Ed25519', fingerprint: k.fingerprint, pem: k.pem })) };
    },
  };
}
export type CertificateService = ReturnType<typeof createCertificateService>;
