import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import { SerialState } from '../../../domain/print-serial/print-serial.model.js';
import type { Principal } from '../../../domain/account/account.service.js';
import type { PrintSerial } from '../../../domain/print-serial/print-serial.repository.js';
import type { Requisition } from '../../../domain/requisition/requisition.model.js';
import type { DomainServices } from '../../../domain/services.js';
import { DomainError, ErrorKind } from '../../../domain/shared/domain-error.js';
import { principalOf } from '../../plugins/auth.js';
import { Strict, UnitCode, problems } from '../../schemas/common.js';

// Certificate stock (seed 000 §22–25): communities request, use and void; departments issue; auditors check.
const CertificateType = Type.String({ pattern: '^[A-Z0-9-]{2,40}$', description: '证件类型, e.g. DSZN-CERT' });
const Serial = Type.String({ pattern: '^[A-Z0-9-]{2,40}-\\d{1,9}$', description: '印字号 print serial' });
const RequisitionNumber = Type.String({ pattern: '^RQ\\d{10}$', description: '预领单号' });
const everyone = [Role.Auditor, Role.Supervisor];
const readers = { roles: [Role.WindowStaff, Role.DepartmentStaff, Role.DepartmentLeader, ...everyone] };
const RequisitionView = Type.Object({
  requisitionNumber: Type.String(), communityCode: Type.String(), departmentCode: Type.String(), certificateType: Type.String(),
  quantity: Type.Integer(), status: Type.String(), requestedBy: Type.String(), requestedAt: Type.String(),
  archiveMismatches: Type.Array(Type.Object({ kind: Type.String(), serial: Type.String(), applicationNumber: Type.String(), message: Type.String() })),
  returnedSerials: Type.Array(Type.String()), allocatedSerials: Type.Array(Type.String()), bookedCount: Type.Integer(),
  mismatches: Type.Array(Type.Object({ serials: Type.Array(Type.String()), at: Type.String() })),
});

const CertificateTypeView = Type.Object({ certificateType: Type.String(), itemCode: Type.String(), itemName: Type.String(), departmentCode: Type.String(), departmentName: Type.String() });
const StateName = Type.Union(Object.values(SerialState).map((s) => Type.Literal(s)), { description: 'allocated, in-stock, used, voided or returned' });
const At = Type.Union([Type.String(), Type.Null()]);
const SerialView = Type.Object({
  serial: Type.String(), certificateType: Type.String(), state: Type.String(), applicationNumber: Type.Union([Type.String(), Type.Null()]), usedAt: At,
  requisitionNumber: Type.Union([Type.String(), Type.Null()]), voidReason: Type.Union([Type.String(), Type.Null()]), voidedBy: Type.Union([Type.String(), Type.Null()]), voidedAt: At,
});
const SerialPage = Type.Object({
  communityCode: Type.String(), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer(),
  states: Type.Record(Type.String(), Type.Integer(), { description: 'how many serials are in each state' }), serials: Type.Array(SerialView),
});
const serialView = (s: PrintSerial) => ({
  serial: s.serial, certificateType: s.certificateType, state: s.state, applicationNumber: s.applicationNumber ?? null, usedAt: s.usedAt?.toISOString() ?? null,
  requisitionNumber: s.requisitionNumber ?? null, voidReason: s.voidReason ?? null, voidedBy: s.voidedBy ?? null, voidedAt: s.voidedAt?.toISOString() ?? null,
});

const view = (r: Requisition) => ({
  requisitionNumber: r.requisitionNumber, communityCode: r.communityCode, departmentCode: r.departmentCode, certificateType: r.certificateType,
  quantity: r.quantity, status: r.status, requestedBy: r.requestedBy, requestedAt: r.requestedAt.toISOString(),
  archiveMismatches: r.archiveMismatches.map((m) => ({ kind: m.kind ?? '', serial: m.serial ?? '', applicationNumber: m.applicationNumber ?? '', message: m.message ?? '' })),
  returnedSerials: r.returnedSerials, allocatedSerials: r.allocatedSerials, bookedCount: r.bookedCount,
  mismatches: r.mismatches.map((m) => ({ serials: m.serials, at: m.at?.toISOString() ?? '' })),
});

/** Auditors and supervisors see every unit's stock; staff and leaders their own unit's. */
function unitScope(me: Principal, asked?: string): string | undefined {
  if (everyone.includes(me.role as (typeof everyone)[number])) return asked;
  if (asked && asked !== me.unitCode) {
    throw new DomainError('NOT_YOUR_UNIT', ErrorKind.Forbidden, { zh: `只能查看本单位 ${me.unitCode} 的库存，不能查看 ${asked}`, en: `you see the stock of ${me.unitCode} only, not of ${asked}` });
  }
  return me.unitCode ?? undefined;
}

export const stockRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  const mustSee = (me: Principal, r: Requisition) => {
    if (everyone.includes(me.role as (typeof everyone)[number]) || me.unitCode === r.communityCode || me.unitCode === r.departmentCode) return;
    throw new DomainError('REQUISITION_NOT_FOUND', ErrorKind.NotFound, { zh: `证件预领单 ${r.requisitionNumber} 不存在`, en: `requisition ${r.requisitionNumber} does not exist` });
  };

  app.post('/api/stock/requisitions', {
    config: { access: { roles: [Role.WindowStaff] } },
    schema: {
      tags: ['stock'], summary: 'The community requests blank certificates (证件预领); the issuing department answers within a working day',
      body: Strict({ certificateType: CertificateType, quantity: Type.Integer({ minimum: 1, maximum: 500 }) }),
      response: { 201: RequisitionView, ...problems(400, 401, 403, 422) },
    },
  }, async (req, reply) => {
    const me = principalOf(req);
    const r = await services.requisitions.request({ communityCode: me.unitCode!, certificateType: req.body.certificateType, quantity: req.body.quantity, by: me }, await services.now());
    return reply.code(201).send(view(r));
  });

  app.get('/api/stock/requisitions', {
    config: { access: readers },
    schema: { tags: ['stock'], summary: 'Requisitions of my unit (all units for auditors and supervisors)', response: { 200: Type.Object({ requisitions: Type.Array(RequisitionView) }), ...problems(401, 403) } },
  }, async (req) => {
    const me = principalOf(req);
    const all = everyone.includes(me.role as (typeof everyone)[number]);
    return { requisitions: (await services.requisitions.list({ unitCode: me.unitCode, all })).map(view) };
  });

  app.get('/api/stock/requisitions/:requisitionNumber', {
    config: { access: readers },
    schema: { tags: ['stock'], summary: 'One requisition: answer, archive check, allocated and booked serials', params: Strict({ requisitionNumber: RequisitionNumber }), response: { 200: RequisitionView, ...problems(400, 401, 403, 404) } },
  }, async (req) => {
    const r = await services.requisitions.get(req.params.requisitionNumber);
    mustSee(principalOf(req), r);
    return view(r);
  });

  app.get('/api/stock/certificate-types', {
    config: { access: readers },
    schema: {
      tags: ['stock'], summary: 'The blank certificate types a community may request: one per on-site item, with the issuing department',
      response: { 200: Type.Object({ types: Type.Array(CertificateTypeView) }), ...problems(401, 403) },
    },
  }, async () => {
    const names = new Map((await services.units.list()).map((u) => [u.code, u.name]));
    return { types: (await services.requisitions.certificateTypes()).map((t) => ({ ...t, departmentName: names.get(t.departmentCode) ?? t.departmentCode })) };
  });

  app.get('/api/stock/communities', {
    config: { access: readers },
    schema: {
      tags: ['stock'], summary: 'The communities whose stock the caller may read: every one for auditors and supervisors, else the own unit if it is one',
      response: { 200: Type.Object({ communities: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })) }), ...problems(401, 403) },
    },
  }, async (req) => {
    const me = principalOf(req);
    const all = everyone.includes(me.role as (typeof everyone)[number]);
    const communities = (await services.units.list()).filter((u) => u.kind === 'community' && (all || u.code === me.unitCode));
    return { communities: communities.map((u) => ({ code: u.code, name: u.name })) };
  });

  app.get('/api/stock/serials', {
    config: { access: readers },
    schema: {
      tags: ['stock'], summary: 'The serials of a community as they stand (in stock, used, voided, returned), a page at a time, with the count in each state',
      querystring: Strict({
        communityCode: Type.Optional(UnitCode), certificateType: Type.Optional(CertificateType), state: Type.Optional(StateName),
        q: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]{1,40}$', description: 'part of the serial (letters, digits, -)' })),
        page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
      }),
      // 422 COMMUNITY_REQUIRED: a caller who sees every unit names the community
      response: { 200: SerialPage, ...problems(400, 401, 403, 422) },
    },
  }, async (req) => {
    const { certificateType, state, q, page = 1, pageSize = 20 } = req.query;
    const communityCode = unitScope(principalOf(req), req.query.communityCode);
    if (!communityCode) throw new DomainError('COMMUNITY_REQUIRED', ErrorKind.Validation, { zh: '请指定社区（communityCode）', en: 'say which community (communityCode)' });
    const found = await services.serials.serials({ communityCode, certificateType, state, contains: q?.toUpperCase() }, page, pageSize);
    return { ...found, communityCode, serials: found.serials.map(serialView) };
  });

  app.get('/api/stock/ledger', {
    config: { access: readers },
    schema: {
      tags: ['stock'], summary: 'The stock ledger of a community and certificate type: every serial in, used, voided, returned, and the balance',
      querystring: Strict({ communityCode: Type.Optional(UnitCode), certificateType: CertificateType }),
      // 422 COMMUNITY_REQUIRED: a caller who sees every unit names the community
      response: { 200: Type.Object({}, { additionalProperties: true }), ...problems(400, 401, 403, 422) },
    },
  }, async (req) => {
    const communityCode = unitScope(principalOf(req), req.query.communityCode);
    if (!communityCode) throw new DomainError('COMMUNITY_REQUIRED', ErrorKind.Validation, { zh: '请指定社区（communityCode）', en: 'say which community (communityCode)' });
    return services.serials.ledger({ communityCode, certificateType: req.query.certificateType });
  });

  app.post('/api/stock/serials/:serial/void', {
    config: { access: { roles: [Role.WindowStaff] } },
    schema: {
      tags: ['stock'], summary: 'Void (核销) a spoiled certificate of my community with a reason; a serial on an open case is replaced by the next one',
      params: Strict({ serial: Serial }), body: Strict({ reason: Type.String({ minLength: 2, maxLength: 500 }) }),
      response: { 200: Type.Object({ voided: Type.String(), replacement: Type.Union([Type.String(), Type.Null()]) }), ...problems(400, 401, 403, 404, 409) },
    },
  }, async (req) => {
    const me = principalOf(req);
    const now = await services.now();
    const voided = await services.serials.voidSerial({ serial: req.params.serial, reason: req.body.reason, operator: me.username, unitCode: me.unitCode ?? '', now });
    // an electronic certificate printed on the voided form is revoked with it, for the same reason
    await services.certificates.revokeOfSerial({ serial: voided.voided, reason: req.body.reason, operator: me.username, role: me.role, unitCode: me.unitCode ?? null, now });
    return voided;
  });

  app.get('/api/stock/one-to-one', {
    config: { access: { roles: [Role.Auditor, Role.Supervisor, Role.DepartmentLeader] } },
    schema: {
      tags: ['stock'], summary: 'One-to-one check (一一对应): applicant ↔ print serial ↔ certificate number, with every break listed',
      querystring: Strict({ communityCode: Type.Optional(UnitCode), certificateType: Type.Optional(CertificateType) }),
      response: { 200: Type.Object({}, { additionalProperties: true }), ...problems(400, 401, 403) },
    },
  }, async (req) => {
    const me = principalOf(req);
    const communityCode = me.role === Role.DepartmentLeader ? req.query.communityCode : unitScope(me, req.query.communityCode);
    return services.serials.oneToOne({ communityCode, certificateType: req.query.certificateType });
  });
};
