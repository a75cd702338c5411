import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { DomainServices } from '../../../domain/services.js';
import { ItemCode, Strict, problems } from '../../schemas/common.js';

const Words = Type.Object({ zh: Type.String(), en: Type.String() });
const Limit = Type.Object({ value: Type.Number(), unit: Type.String(), text: Type.String({ description: 'e.g. 10个工作日' }) });
const Guide = Type.Object({
  code: Type.String({ description: '事项编码' }), name: Type.String({ description: '事项名称' }), version: Type.Integer(),
  status: Type.String(), accepting: Type.Boolean({ description: 'takes new applications now' }), notice: Type.Union([Words, Type.Null()]),
  category: Type.Object({ code: Type.String(), zh: Type.String() }), handlingMode: Type.Object({ code: Type.String(), zh: Type.String() }),
  legalBasis: Type.String({ description: '设定依据' }), conditions: Type.Array(Type.String(), { description: '办理条件' }),
  materials: Type.Array(Type.Object({ name: Type.String(), form: Type.String(), formZh: Type.String(), count: Type.Integer(), required: Type.Boolean() }), { description: '申请材料' }),
  timeLimits: Type.Object({ total: Limit, steps: Type.Array(Type.Intersect([Type.Object({ step: Type.String(), zh: Type.String() }), Limit])) }, { description: '办理时限' }),
  department: Type.Object({ code: Type.String(), name: Type.String() }, { description: '办理部门' }),
  fees: Type.String({ description: '收费标准' }), result: Type.String({ description: '办理结果' }), deemedApproval: Type.Boolean({ description: '超时默许' }),
  online: Type.Boolean({ description: 'can be applied for online (网上申请类); every item is also taken at the window' }),
  places: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), township: Type.String() }), { description: '办理地点: the community windows that take it' }),
}, { description: '办事指南' });
// the public guides are read by anyone, so they are rate-limited like the other public routes
const publicAccess = { access: 'public' as const, rateLimit: { max: 60, timeWindow: '1 minute' } };

export const guideRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  app.get('/api/guides', {
    config: publicAccess,
    schema: {
      tags: ['guides'], summary: '办事指南: the items that take applications now, with their standard elements; q finds words in the name or code', security: [],
      querystring: Strict({ q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'words contained in the item’s name or code (plain text, not a pattern)' })) }),
      response: { 200: Type.Object({ guides: Type.Array(Guide) }), ...problems(400, 429) },
    },
  }, async (req) => ({ guides: await services.guides.list(req.query.q) }));

  app.get('/api/guides/:itemCode', {
    config: publicAccess,
    schema: {
      tags: ['guides'], summary: 'One item’s guide by code; a suspended or terminated item’s guide says so', security: [],
      params: Strict({ itemCode: ItemCode }), response: { 200: Guide, ...problems(400, 404, 429) },
    },
  }, async (req) => services.guides.byCode(req.params.itemCode));
};
