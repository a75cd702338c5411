import { Type, type Static } from '@sinclair/typebox';
import { Category, HandlingMode } from '../shared/constants.js';

const Limit = Type.Object({
  // OpenAPI 3.0 has no numeric exclusiveMinimum: the smallest limit is a hundredth of a unit
  value: Type.Number({ minimum: 0.01, maximum: 365, description: 'more than 0 (at least 0.01), at most 365' }),
  unit: Type.Union([Type.Literal('working-days'), Type.Literal('working-hours')]),
}, { additionalProperties: false });

/** The standard elements of a service item (事项), seed 002 §13 and 004 §7–12; unknown fields are refused at every level. */
export const ServiceItemInput = Type.Object({
  code: Type.String({ pattern: '^[A-Z0-9-]{2,32}$', description: '事项编码' }),
  name: Type.String({ minLength: 2, maxLength: 100, description: '事项名称' }),
  legalBasis: Type.String({ minLength: 2, maxLength: 2000, description: '设定依据' }),
  category: Type.Union([Type.Literal(Category.OnsiteCertificate), Type.Literal(Category.OnlineApplication)]),
  handlingMode: Type.Union([Type.Literal(HandlingMode.Direct), Type.Literal(HandlingMode.AcceptHereProcessElsewhere)]),
  conditions: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 50, description: '办理条件' }),
  materials: Type.Array(Type.Object({
    name: Type.String({ minLength: 1, maxLength: 200 }),
    form: Type.Union([Type.Literal('original'), Type.Literal('copy'), Type.Literal('original-and-copy')]),
    count: Type.Integer({ minimum: 1, maximum: 20 }),
    required: Type.Boolean(),
  }, { additionalProperties: false }), { maxItems: 50, description: '申请材料' }),
  stepLimits: Type.Record(Type.String({ pattern: '^(accept|review|decide|close|approve|verify|issue)$' }), Limit, { description: '各环节时限', additionalProperties: false }),
  totalLimit: Limit,
  departmentCode: Type.String({ minLength: 2, maxLength: 32, description: '后台办理部门' }),
  /**
   * who handles each back-office step when it is not departmentCode (收办分离): a unit code, or the level of the
   * applicant's own government that does (@township, @district, @city), resolved over the unit tree when filed
   */
  stepUnits: Type.Optional(Type.Record(Type.String({ pattern: '^(review|decide|approve|verify)$' }), Type.String({ pattern: '^(@(township|district|city)|[A-Z0-9-]{2,32})$' }), { description: '各环节办理单位', additionalProperties: false })),
  fees: Type.String({ maxLength: 200, description: '收费标准' }),
  result: Type.String({ minLength: 1, maxLength: 200, description: '办理结果' }),
  certificateType: Type.String({ minLength: 1, maxLength: 64, description: '证照类型' }),
  processId: Type.String({ pattern: '^[a-z][a-z0-9-]{1,63}$' }),
  deemedApproval: Type.Boolean({ description: '超时默许 (seed 003 §5(2))' }),
}, { additionalProperties: false });
export type ServiceItemInput = Static<typeof ServiceItemInput>;
