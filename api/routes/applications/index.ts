import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import { maskIdNumber } from '../../../domain/account/account.service.js';
import type { ApplicationRecord } from '../../../domain/application/application.repository.js';
import { AUTHORISATION_LETTER, statusWords } from '../../../domain/application/application.service.js';
import { DocumentKind } from '../../../domain/document/document.texts.js';
import { ACCEPTED_TYPES } from '../../../domain/material/material.service.js';
import type { DomainServices } from '../../../domain/services.js';
import { DomainError, ErrorKind } from '../../../domain/shared/domain-error.js';
import { principalOf } from '../../plugins/auth.js';
import { ApplicationNumber, Day, ItemCode, Strict, UnitCode, problems } from '../../schemas/common.js';

const staff = [Role.WindowStaff, Role.DepartmentStaff, Role.DepartmentLeader] as const;
const readers = { roles: [...staff, Role.Applicant, Role.ProxyAgent, Role.Supervisor, Role.Auditor] };

const Person = Strict({
  type: Type.Union([Type.Literal('individual'), Type.Literal('enterprise'), Type.Literal('organisation')]),
  name: Type.String({ minLength: 2, maxLength: 100 }),
  idNumber: Type.String({ pattern: '^[0-9A-Z]{15,18}$', description: 'resident ID (18) or unified social credit code (18)' }),
  phone: Type.String({ pattern: '^1\\d{10}$|^0\\d{2,3}-?\\d{7,8}$' }),
});
const Materials = Type.Array(Strict({ name: Type.String({ minLength: 1, maxLength: 200 }), provided: Type.Boolean() }), { maxItems: 50 });
const Words = Type.Object({ zh: Type.String(), en: Type.String() });

const Summary = Type.Object({
  applicationNumber: Type.String(), itemCode: Type.String(), itemName: Type.String(), category: Type.String(), communityCode: Type.String(),
  channel: Type.String(), practice: Type.Boolean(), status: Type.String(), statusText: Words, currentStep: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Union([Type.String(), Type.Null()]), filedAt: Type.String({ format: 'date-time' }),
  applicant: Type.Object({ type: Type.String(), name: Type.String(), idNumber: Type.String({ description: 'masked: 420***********1234' }) }),
});
const Detail = Type.Intersect([Summary, Type.Object({
  applicant: Type.Object({ type: Type.String(), name: Type.String(), idNumber: Type.String(), phone: Type.String() }),
  materials: Materials, missingMaterials: Type.Array(Type.String()), units: Type.Record(Type.String(), Type.String()),
  supplementNotice: Type.Union([Type.String(), Type.Null()]),
  supplementMissing: Type.Array(Type.String(), { description: 'every material the supplement notice asked for (一次性告知); empty when there was none' }),
  printSerial: Type.Union([Type.String(), Type.Null()]),
  documentNumber: Type.Union([Type.String(), Type.Null()]), deemedApprovals: Type.Array(Type.Object({ step: Type.String(), at: Type.String() })),
  legalDeadline: Type.Union([Type.Object({ dueAt: Type.Union([Type.String(), Type.Null()]), explanation: Type.Array(Type.String()) }), Type.Null()]),
  files: Type.Array(Type.Object({ material: Type.String(), fileName: Type.String(), contentType: Type.String(), size: Type.Integer(), sha256: Type.String() })),
  proxy: Type.Union([Type.Object({ agent: Type.String(), signedOn: Type.String(), validUntil: Type.String(), letterUploaded: Type.Boolean() }), Type.Null()], { description: '代办: the proxy agent and the client’s authorisation, null when the applicant acted for themself' }),
})]);

function summary(a: ApplicationRecord) {
  return {
    applicationNumber: a.applicationNumber, itemCode: a.itemCode, itemName: a.itemName, category: a.category, communityCode: a.communityCode,
    channel: a.channel, practice: a.practice ?? false, status: a.status, statusText: statusWords(a), currentStep: a.currentStep ?? null,
    outcome: a.outcome ?? null, filedAt: a.filedAt.toISOString(),
    applicant: { type: a.applicant!.type, name: a.applicant!.name, idNumber: maskIdNumber(a.applicant!.idNumber) },
  };
}

export const applicationRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  async function readable(req: { params: { applicationNumber: string } } & Parameters<typeof principalOf>[0]) {
    const me = principalOf(req);
    return { me, a: await services.applications.readableBy(me, req.params.applicationNumber) };
  }

  app.post('/api/applications', {
    config: { access: { roles: [Role.WindowStaff, Role.ProxyAgent, Role.Applicant] } },
    schema: {
      tags: ['applications'],
      summary: 'File an application: window staff for an applicant who is present (offline entry, seed 004 §18), a proxy agent for a client, or an applicant online for themself',
      body: Strict({
        itemCode: ItemCode,
        communityCode: Type.Optional(UnitCode),
        applicant: Type.Optional(Person),
        materials: Materials,
        practice: Type.Optional(Type.Boolean({ description: 'a practice case of an operator in activation; never counted' })),
        authorisation: Type.Optional(Strict({
          signedOn: Day, validUntil: Day,
        }, { description: '代办: the client’s written authorisation (授权委托书), required of a proxy agent and of nobody else; upload the letter as material 授权委托书 afterwards' })),
      }),
      response: {
        201: Type.Object({ applicationNumber: Type.String(), queryCode: Type.String({ description: 'give it to the applicant for the progress query; shown once' }), missingMaterials: Type.Array(Type.String()), status: Type.String() }),
        ...problems(400, 401, 403, 404, 409, 422),
      },
    },
  }, async (req, reply) => {
    const me = principalOf(req);
    const body = req.body;
    let applicant = body.applicant;
    let communityCode = body.communityCode;
    if (body.authorisation && me.role !== Role.ProxyAgent) {
      throw new DomainError('AUTHORISATION_PROXY_ONLY', ErrorKind.Validation, {
        zh: `只有代办员提交办件时需要授权委托书（authorisation），角色 ${me.role} 不需要`, en: `only a proxy agent files under an authorisation (authorisation), not the role ${me.role}`,
      });
    }
    if (me.role === Role.Applicant) {
      if (body.practice) throw new DomainError('PRACTICE_STAFF_ONLY', ErrorKind.Forbidden, { zh: '申请人不能提交模拟办件，模拟办件由窗口办事员提交', en: 'only staff file practice cases' });
      const account = await services.accounts.get(me.username);
      applicant = { type: (account.applicantType ?? 'individual') as 'individual', name: account.realName, idNumber: account.idNumber, phone: account.phone };
      if (!communityCode) throw new DomainError('COMMUNITY_REQUIRED', ErrorKind.Validation, { zh: '请指定为您办理的社区（communityCode）', en: 'say which community serves you (communityCode)' });
    } else {
      if (!applicant) throw new DomainError('APPLICANT_REQUIRED', ErrorKind.Validation, { zh: '请填写申请人的姓名、身份证号和电话（applicant）', en: 'give the applicant’s name, ID number and phone (applicant)' });
      if (me.role === Role.WindowStaff) communityCode = me.unitCode ?? undefined; // the window's own community
      if (!communityCode) {
        throw new DomainError('COMMUNITY_REQUIRED', ErrorKind.Validation, { zh: '请指定办件提交到哪个社区（communityCode）', en: 'say which community the application goes to (communityCode)' });
      }
      if (me.role === Role.ProxyAgent && !body.authorisation) {
        throw new DomainError('AUTHORISATION_REQUIRED', ErrorKind.Validation, {
          zh: '代办须有申请人的授权委托书：请填写委托书的签署日期和有效期（authorisation），并上传委托书', en: 'a proxy agent files only under the applicant’s written authorisation: give its dates (authorisation) and upload the letter',
        });
      }
      if (body.practice && me.role !== Role.WindowStaff) {
        throw new DomainError('PRACTICE_STAFF_ONLY', ErrorKind.Forbidden, { zh: `模拟办件只能由窗口办事员提交，角色 ${me.role} 不能`, en: `only window staff file practice cases, not the role ${me.role}` });
      }
    }
    const filed = await services.applications.file({
      itemCode: body.itemCode, communityCode, channel: me.role === Role.Applicant ? 'online' : 'window', applicant, materials: body.materials,
      practice: body.practice ?? false, applicantUsername: me.role === Role.Applicant ? me.username : null, filedBy: me.username, by: me,
      proxy: body.authorisation ? { agent: me.username, ...body.authorisation } : null,
    }, await services.now());
    return reply.code(201).send({ applicationNumber: filed.applicationNumber, queryCode: filed.queryCode, missingMaterials: filed.missingMaterials, status: filed.status });
  });

  app.get('/api/applications', {
    config: { access: readers },
    schema: {
      tags: ['applications'], summary: 'Applications I may see (my unit’s, or my own); ID numbers masked',
      querystring: Strict({ itemCode: Type.Optional(ItemCode), status: Type.Optional(Type.String({ pattern: '^[a-z-]{2,32}$' })), practice: Type.Optional(Type.Boolean()) }),
      response: { 200: Type.Object({ applications: Type.Array(Summary) }), ...problems(400, 401, 403) },
    },
  }, async (req) => {
    const list = await services.applications.list(principalOf(req), req.query);
    return { applications: list.map(summary) };
  });

  app.get('/api/applications/:applicationNumber', {
    config: { access: readers },
    schema: {
      tags: ['applications'], summary: 'One application with full personal data: every such read is logged',
      params: Strict({ applicationNumber: ApplicationNumber }), response: { 200: Detail, ...problems(400, 401, 403, 404) },
    },
  }, async (req) => {
    const { me } = await readable(req);
    const a = await services.applications.readFull(req.params.applicationNumber, me, req.id, new Date());
    req.log.info({ applicationNumber: a.applicationNumber, reader: me.username }, 'personal data read');
    const legal = a.legalDeadline as { dueAt: string | null; explanation: string[] } | null;
    return {
      ...summary(a),
      applicant: { type: a.applicant!.type, name: a.applicant!.name, idNumber: a.applicant!.idNumber, phone: a.applicant!.phone },
      materials: a.materials.map((m) => ({ name: m.name ?? '', provided: m.provided ?? false })), missingMaterials: a.missingMaterials,
      units: (a.units ?? {}) as unknown as Record<string, string>, supplementNotice: a.supplementNotice?.text ?? null,
      supplementMissing: [...(a.supplementNotice?.missing ?? [])],
      printSerial: a.printSerial ?? null, documentNumber: a.documentNumber ?? null,
      deemedApprovals: (a.deemedApprovals ?? []).map((d) => ({ step: d.step ?? '', at: d.at?.toISOString() ?? '' })),
      legalDeadline: legal ? { dueAt: legal.dueAt, explanation: legal.explanation } : null,
      files: (a.files ?? []).map((f) => ({ material: f.material ?? '', fileName: f.fileName ?? '', contentType: f.contentType ?? '', size: f.size ?? 0, sha256: f.sha256 ?? '' })),
      proxy: a.proxy ? { agent: a.proxy.agent, signedOn: a.proxy.signedOn, validUntil: a.proxy.validUntil, letterUploaded: (a.files ?? []).some((f) => f.material === AUTHORISATION_LETTER) } : null,
    };
  });

  const Stamp = Type.String({ format: 'date-time' });
  const MaybeStamp = Type.Union([Stamp, Type.Null()]);
  app.get('/api/applications/:applicationNumber/journey', {
    config: { access: readers },
    schema: {
      tags: ['applications'],
      summary: '办件进度 as the applicant follows it: each step with when it began, was done and is due; the expected completion (the legal limit on the working-day calendar, null while a supplement is awaited); the notices to the applicant (receipt, supplement, refusal, pick-up, courier). No personal data, no staff names',
      params: Strict({ applicationNumber: ApplicationNumber }),
      response: {
        200: Type.Object({
          applicationNumber: Type.String(), itemName: Type.String(), status: Type.String(), statusText: Words, filedAt: Stamp, closedAt: MaybeStamp,
          outcome: Type.Union([Type.String(), Type.Null()]),
          expected: Type.Union([Type.Object({ dueAt: MaybeStamp, limit: Type.Object({ value: Type.Number(), unit: Type.String() }) }), Type.Null()]),
          steps: Type.Array(Type.Object({
            step: Type.String(), state: Type.Union([Type.Literal('done'), Type.Literal('open')]), startedAt: Stamp, doneAt: MaybeStamp, dueAt: MaybeStamp,
            decision: Type.Union([Type.String(), Type.Null()]),
          })),
          notices: Type.Array(Type.Object({ kind: Type.String(), at: Stamp, text: Type.String() })),
        }),
        ...problems(400, 401, 403, 404),
      },
    },
  }, async (req) => {
    const j = await services.journeys.of(principalOf(req), req.params.applicationNumber);
    const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
    return {
      ...j, filedAt: j.filedAt.toISOString(), closedAt: iso(j.closedAt),
      expected: j.expected ? { dueAt: iso(j.expected.dueAt), limit: { value: j.expected.limit.value, unit: j.expected.limit.unit } } : null,
      steps: j.steps.map((s) => ({ ...s, startedAt: s.startedAt.toISOString(), doneAt: iso(s.doneAt), dueAt: iso(s.dueAt) })),
      notices: j.notices.map((n) => ({ ...n, at: n.at.toISOString() })),
    };
  });

  app.post('/api/applications/:applicationNumber/supplement', {
    config: { access: { roles: [Role.WindowStaff, Role.Applicant, Role.ProxyAgent] } },
    schema: {
      tags: ['applications'], summary: 'Hand in what the supplement notice asked for; the clock resumes and acceptance starts again',
      params: Strict({ applicationNumber: ApplicationNumber }), body: Strict({ materials: Materials }),
      response: { 200: Type.Object({ applicationNumber: Type.String(), status: Type.String() }), ...problems(400, 401, 403, 404, 409) },
    },
  }, async (req) => {
    const { me } = await readable(req);
    const a = await services.applications.receiveSupplement(req.params.applicationNumber, req.body.materials, await services.now(), me);
    return { applicationNumber: a.applicationNumber, status: a.status };
  });

  const UploadForm = {
    content: {
      'multipart/form-data': {
        schema: Strict({ file: Type.String({ format: 'binary', description: `the material file, one part named "file": ${ACCEPTED_TYPES.join(', ')}` }) }),
      },
    },
  };
  const FileView = Type.Object({
    material: Type.String(), fileName: Type.String(), contentType: Type.String(), size: Type.Integer(), sha256: Type.String(), uploadedBy: Type.String(), at: Type.String({ format: 'date-time' }),
  });

  app.post('/api/applications/:applicationNumber/files', {
    config: {
      access: { roles: [Role.WindowStaff, Role.Applicant, Role.ProxyAgent] },
      // the file is streamed by the handler, not validated as a body: the multipart form is for the document only
      swaggerTransform: ({ schema, url }) => ({ schema: { ...schema, body: UploadForm }, url }),
    },
    schema: {
      tags: ['applications'], summary: `Upload one material file (multipart/form-data, field "file"): ${ACCEPTED_TYPES.join(', ')}, checked by content; size limited; stored with its SHA-256`,
      consumes: ['multipart/form-data'],
      params: Strict({ applicationNumber: ApplicationNumber }), querystring: Strict({ material: Type.String({ minLength: 1, maxLength: 200, description: 'which of the item’s materials this is' }) }),
      response: { 201: FileView, ...problems(400, 401, 403, 404, 413, 415, 422) },
    },
  }, async (req, reply) => {
    const { me, a } = await readable(req);
    if (!req.isMultipart()) {
      throw new DomainError('MULTIPART_REQUIRED', ErrorKind.Validation, {
        zh: `请以 multipart/form-data 格式在字段 file 中上传文件（收到的内容类型为 ${req.headers['content-type'] ?? '未声明'}）`,
        en: `send the file as multipart/form-data in the field "file" (the content type was ${req.headers['content-type'] ?? 'none'})`,
      });
    }
    // a form that cannot be read (no boundary, or cut off mid-file) is the client's mistake, not ours
    const unreadable = (err: Error) => Object.assign(new Error(`the multipart form cannot be read: ${err.message}`), {
      statusCode: 400, code: 'MULTIPART_INVALID', zh: `上传的表单无法读取（不是完整的 multipart/form-data）：${err.message}`,
    });
    const part = await req.file().catch((err: Error & { statusCode?: number }) => {
      throw err.statusCode ? err : unreadable(err);
    });
    if (!part) throw new DomainError('FILE_MISSING', ErrorKind.Validation, { zh: '请求中没有文件：请在字段 file 中上传', en: 'no file in the request: send it in the field "file"' });
    const item = await services.items.version(a.itemCode, a.itemVersion);
    const stored = await services.materials.upload({
      applicationNumber: a.applicationNumber, material: req.query.material, fileName: part.filename, stream: part.file, uploadedBy: me.username,
      now: new Date(), allowedMaterials: [...(item?.materials ?? []).map((m) => m.name), ...(a.proxy ? [AUTHORISATION_LETTER] : [])],
    }).catch((err: Error) => {
      const broken = part.file.errored;
      throw broken ? unreadable(broken) : err;
    });
    return reply.code(201).send({ ...stored, at: stored.at.toISOString() });
  });

  const documents = Object.values(DocumentKind);
  app.get('/api/applications/:applicationNumber/documents/:document', {
    // the applicant themself and the staff of the case's units (a proxy agent for the cases they filed)
    config: { access: { roles: [...staff, Role.Applicant, Role.ProxyAgent] } },
    schema: {
      tags: ['applications'],
      summary: 'A written notice of the case as PDF, in Chinese, headed by the issuing unit: receipt.pdf (受理回执), supplement-notice.pdf (一次性告知书, every missing material) or refusal-notice.pdf (不予受理通知书, with the reasons); 404 when the case has no such notice. Each print is logged as a read of personal data',
      params: Strict({
        applicationNumber: ApplicationNumber,
        document: Type.Union(documents.map((d) => Type.Literal(`${d}.pdf`)), { description: documents.map((d) => `${d}.pdf`).join(', ') }),
      }),
      produces: ['application/pdf'],
      response: {
        200: Type.Unsafe<Buffer>({ description: 'the notice as PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }),
        ...problems(400, 401, 403, 404, 503),
      },
    },
  }, async (req, reply) => {
    const me = principalOf(req);
    const kind = req.params.document.replace(/\.pdf$/, '') as DocumentKind;
    const printed = await services.documents.print(kind, req.params.applicationNumber, me, req.id, await services.now());
    req.log.info({ applicationNumber: req.params.applicationNumber, reader: me.username, document: kind }, 'personal data read');
    const name = encodeURIComponent(`${req.params.applicationNumber}-${printed.title}.pdf`);
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${printed.fileName}"; filename*=UTF-8''${name}`)
      .header('cache-control', 'no-store')
      .send(printed.pdf);
  });

  app.get('/api/progress/:applicationNumber', {
    config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: {
      tags: ['progress'], summary: '办件查询: progress by application number plus the last six characters of the ID number or the query code', security: [],
      params: Strict({ applicationNumber: ApplicationNumber }),
      querystring: Strict({ secret: Type.String({ pattern: '^[0-9A-Za-z]{6,12}$', description: 'last 6 of the ID number, or the query code' }) }),
      response: {
        200: Type.Object({
          applicationNumber: Type.String(), itemName: Type.String(), status: Type.String(), statusText: Words, currentStep: Type.Union([Type.String(), Type.Null()]),
          dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]), supplementNotice: Type.Union([Type.String(), Type.Null()]),
          outcome: Type.Union([Type.String(), Type.Null()]), filedAt: Type.String({ format: 'date-time' }), closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
        }),
        ...problems(400, 404, 429),
      },
    },
  }, async (req) => {
    const p = await services.applications.progress(req.params.applicationNumber, req.query.secret, async (a) => {
      const steps = await services.stepDeadlines.forCase(a.applicationNumber);
      return steps.filter((d) => d.step === a.currentStep).at(-1)?.dueAt ?? null;
    });
    return { ...p, dueAt: p.dueAt?.toISOString() ?? null, filedAt: p.filedAt.toISOString(), closedAt: p.closedAt?.toISOString() ?? null };
  });

  app.get('/api/statistics', {
    config: { access: { roles: [Role.Supervisor, Role.Auditor, Role.DepartmentLeader] } },
    schema: {
      tags: ['supervision'], summary: 'Counts by item and outcome, and cards by level; practice cases are never counted',
      response: {
        200: Type.Object({
          applications: Type.Array(Type.Object({ itemCode: Type.String(), status: Type.String(), outcome: Type.Union([Type.String(), Type.Null()]), count: Type.Integer() })),
          cards: Type.Object({ warning: Type.Integer(), yellow: Type.Integer(), red: Type.Integer() }),
        }),
        ...problems(401, 403),
      },
    },
  }, async () => services.statistics());
};
