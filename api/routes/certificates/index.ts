import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import type { DomainServices } from '../../../domain/services.js';
import { principalOf } from '../../plugins/auth.js';
import { ApplicationNumber, Strict, problems } from '../../schemas/common.js';

// Electronic certificates (电子证照, seed 004 §40): anyone checks one without logging in; the holder and the
// case's staff download it; the department that handled the case revokes it.
const CertificateId = Type.String({ pattern: '^EC[0-9A-F]{20}$', description: '电子证照标识, EC and 20 hexadecimal digits (in the QR code)' });
const Words = Type.Object({ zh: Type.String(), en: Type.String() });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const PublicCertificate = Type.Object({
  certificateId: Type.String(), certificateNumber: Type.String({ description: '证照编号' }), certificateType: Type.String(), itemName: Type.String(),
  holder: Type.Object({ name: Type.String({ description: 'masked: 张*' }), idNumber: Type.String({ description: 'masked: 420***********1234' }) }),
  issuer: Type.String({ description: '发证单位' }), issuedAt: Type.String({ format: 'date-time' }), validUntil: Nullable(Type.String({ description: 'null: 长期有效, no end date' })),
  keyId: Type.String({ description: 'the id of the key that signed it' }),
  revokedAt: Nullable(Type.String({ format: 'date-time' })), revokeReason: Nullable(Type.String()),
}, { description: 'the public fields of an electronic certificate; the holder only masked' });
const Verdict = Type.Union(['genuine', 'revoked', 'not-genuine', 'not-found'].map((v) => Type.Literal(v)));
const Verification = Type.Object({
  verdict: Verdict, reason: Nullable(Type.String({ description: 'why it is not genuine: unknown-key, bad-signature, malformed, not-registered' })),
  message: Words, certificate: Type.Union([PublicCertificate, Type.Null()]),
});
const Signature = Strict({
  alg: Type.Literal('Ed25519'), keyId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$' }), value: Type.String({ minLength: 1, maxLength: 200, description: 'base64url' }),
});
const SignedDocument = Strict({
  payload: Type.Object({}, { additionalProperties: true, maxProperties: 40, description: 'the signed content exactly as issued' }),
  signature: Signature,
}, { description: 'an electronic certificate as downloaded (certificate.json): its content and its Ed25519 signature' });
// public and answered by the store: rate-limited per source like the other public routes
const publicAccess = { access: 'public' as const, rateLimit: { max: 30, timeWindow: '1 minute' } };
const staff = [Role.WindowStaff, Role.DepartmentStaff, Role.DepartmentLeader] as const;
const readers = { roles: [...staff, Role.Applicant, Role.ProxyAgent, Role.Supervisor, Role.Auditor] };

export const certificateRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  app.get('/api/verify/:certificateId', {
    config: publicAccess,
    schema: {
      tags: ['verify'], security: [],
      summary: '核验电子证照: whether the certificate of this id (from its QR code) is genuine or revoked, with its public fields and the holder masked; 404 when there is none',
      params: Strict({ certificateId: CertificateId }),
      response: { 200: Verification, ...problems(400, 404, 429) },
    },
  }, async (req) => {
    const result = await services.certificates.verify(req.params.certificateId).catch((err: unknown) => {
      req.log.info({ certificateId: req.params.certificateId, verdict: 'not-found' }, 'certificate verified');
      throw err;
    });
    req.log.info({ certificateId: req.params.certificateId, verdict: result.verdict }, 'certificate verified');
    return result;
  });

  app.post('/api/verify', {
    config: publicAccess,
    schema: {
      tags: ['verify'], security: [],
      summary: '核验电子证照文件: checks the signature of a signed certificate document (certificate.json) against the platform’s keys, then whether it is registered and still valid; a copy with any field changed is not genuine',
      body: SignedDocument,
      response: { 200: Verification, ...problems(400, 429) },
    },
  }, async (req) => {
    const result = await services.certificates.verifyDocument(req.body as Parameters<DomainServices['certificates']['verifyDocument']>[0]);
    req.log.info({ certificateId: result.certificate?.certificateId ?? null, verdict: result.verdict, reason: result.reason }, 'certificate document verified');
    return result;
  });

  app.get('/api/verify/keys', {
    config: publicAccess,
    schema: {
      tags: ['verify'], security: [],
      summary: 'The public keys electronic certificates are signed with (Ed25519, SPKI PEM) by key id, for checking a certificate offline; signingKeyId signs new ones',
      response: {
        200: Type.Object({ signingKeyId: Type.String(), keys: Type.Array(Type.Object({ keyId: Type.String(), algorithm: Type.String(), fingerprint: Type.String(), pem: Type.String() })) }),
        ...problems(429),
      },
    },
  }, async () => services.certificates.publicKeys());

  app.get('/api/applications/:applicationNumber/certificate', {
    config: { access: readers },
    schema: {
      tags: ['applications'],
      summary: 'The electronic certificate of a closed case (电子证照) for whoever may read the case: its public fields, status, verification address, signing key id and fingerprint, and the signed document itself (full holder data); 404 when none was issued',
      params: Strict({ applicationNumber: ApplicationNumber }),
      response: {
        200: Type.Intersect([PublicCertificate, Type.Object({
          verdict: Verdict, verifyUrl: Type.String(), fingerprint: Nullable(Type.String()),
          signed: Type.Object({ payload: Type.Object({}, { additionalProperties: true }), signature: Type.Object({ alg: Type.String(), keyId: Type.String(), value: Type.String() }) }),
        })]),
        ...problems(400, 401, 403, 404),
      },
    },
  }, async (req) => {
    const me = principalOf(req);
    const c = await services.certificates.ofApplication(me, req.params.applicationNumber);
    req.log.info({ applicationNumber: req.params.applicationNumber, reader: me.username, document: 'e-certificate' }, 'personal data read');
    return c;
  });

  app.get('/api/applications/:applicationNumber/certificate.pdf', {
    // the applicant themself and the staff of the case's units (a proxy agent for the cases they filed)
    config: { access: { roles: [...staff, Role.Applicant, Role.ProxyAgent] } },
    schema: {
      tags: ['applications'],
      summary: 'The electronic certificate as PDF: its data, the QR code of its public verification page, and the key id and fingerprint of the key that signed it. Each download is logged as a read of personal data',
      params: Strict({ applicationNumber: ApplicationNumber }),
      produces: ['application/pdf'],
      response: {
        200: Type.Unsafe<Buffer>({ description: 'the certificate as PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }),
        ...problems(400, 401, 403, 404, 503),
      },
    },
  }, async (req, reply) => {
    const me = principalOf(req);
    const printed = await services.certificates.pdf(me, req.params.applicationNumber, req.id, await services.now());
    req.log.info({ applicationNumber: req.params.applicationNumber, reader: me.username, document: 'e-certificate' }, 'personal data read');
    const name = encodeURIComponent(`${req.params.applicationNumber}-${printed.title}-电子证照.pdf`);
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${printed.fileName}"; filename*=UTF-8''${name}`)
      .header('cache-control', 'no-store')
      .send(printed.pdf);
  });

  app.post('/api/certificates/:certificateId/revoke', {
    config: { access: { roles: [Role.DepartmentStaff, Role.DepartmentLeader] } },
    schema: {
      tags: ['certificates'],
      summary: '撤销电子证照: staff of the department that handled the case revoke its certificate with a reason; the public verification then says revoked, with the time and this reason',
      params: Strict({ certificateId: CertificateId }),
      body: Strict({ reason: Type.String({ minLength: 2, maxLength: 200, description: 'shown on the public verification page: no personal data' }) }),
      response: { 200: PublicCertificate, ...problems(400, 401, 403, 404, 409) },
    },
  }, async (req) => services.certificates.revoke({ certificateId: req.params.certificateId, reason: req.body.reason, by: principalOf(req), now: await services.now() }));
};
