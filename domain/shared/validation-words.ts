import type { TSchema } from '@sinclair/typebox';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';

type LimitKeyword =
  | 'minLength' | 'maxLength' | 'minItems' | 'maxItems' | 'minProperties' | 'maxProperties'
  | 'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum' | 'multipleOf';

/**
 * One thing wrong with a value against its JSON schema, at a path inside it (`/items/0/name`, '' for the value
 * itself). Both the request schemas (ajv, in the API) and the step bodies (TypeBox, in the domain) are read into
 * faults, so a refusal names its field and rule in the same words wherever it comes from.
 */
export type Fault = { path: string } & (
  | { keyword: 'required' | 'additionalProperties'; property: string }
  /** none of the shapes a union takes: it needs one of these fields to tell which */
  | { keyword: 'requiredOneOf'; properties: string[] }
  | { keyword: LimitKeyword; limit: number }
  | { keyword: 'pattern'; pattern: string }
  | { keyword: 'format'; format: string }
  /** enum, const or a union of literals; `types` are the union's other members (null, say); `given` the values refused */
  | { keyword: 'oneOf'; values: unknown[]; types?: string[]; given?: unknown[] }
  | { keyword: 'type'; types: string[] }
  | { keyword: 'uniqueItems'; items?: [number, number] }
  /** a union none of whose shapes fits, with nothing more to say */
  | { keyword: 'union' }
  /** a rule this vocabulary does not know: the validator's own English */
  | { keyword: 'other'; en: string }
);

const TYPE_ZH: Record<string, string> = { string: '字符串', number: '数字', integer: '整数', boolean: '布尔值（true 或 false）', object: '对象', array: '数组', null: '空值（null）' };
const FORMAT_ZH: Record<string, string> = {
  'date-time': '日期时间', date: '日期', time: '时间', email: '电子邮箱地址', uri: '网址', url: '网址', uuid: 'UUID', ipv4: 'IPv4 地址', ipv6: 'IPv6 地址', hostname: '主机名',
};
const shown = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
const typeZh = (t: string) => TYPE_ZH[t] ?? t;

/** The field a fault is about, as the API names it (`body/password`), and what is wrong, in both languages. */
export function faultWords(part: string, f: Fault): { field: string; en: string; zh: string } {
  const field = `${part}${f.path}`;
  const n = 'limit' in f ? f.limit : 0;
  switch (f.keyword) {
    case 'required': return { field, en: `must have required property '${f.property}'`, zh: `缺少必填字段 ${f.property}` };
    case 'additionalProperties': return { field: `${field}/${f.property}`, en: 'is not an accepted field', zh: '不是可接受的字段' };
    case 'requiredOneOf': return { field, en: `must have one of the fields ${f.properties.join(', ')}`, zh: `须包含以下字段之一：${f.properties.join('、')}` };
    case 'minLength': return { field, en: `must NOT have fewer than ${n} characters`, zh: `长度不能少于 ${n} 个字符` };
    case 'maxLength': return { field, en: `must NOT have more than ${n} characters`, zh: `长度不能超过 ${n} 个字符` };
    case 'minItems': return { field, en: `must NOT have fewer than ${n} items`, zh: `至少要有 ${n} 项` };
    case 'maxItems': return { field, en: `must NOT have more than ${n} items`, zh: `不能超过 ${n} 项` };
    case 'minProperties': return { field, en: `must NOT have fewer than ${n} properties`, zh: `至少要有 ${n} 个字段` };
    case 'maxProperties': return { field, en: `must NOT have more than ${n} properties`, zh: `不能超过 ${n} 个字段` };
    case 'minimum': return { field, en: `must be >= ${n}`, zh: `不能小于 ${n}` };
    case 'maximum': return { field, en: `must be <= ${n}`, zh: `不能大于 ${n}` };
    case 'exclusiveMinimum': return { field, en: `must be > ${n}`, zh: `必须大于 ${n}` };
    case 'exclusiveMaximum': return { field, en: `must be < ${n}`, zh: `必须小于 ${n}` };
    case 'multipleOf': return { field, en: `must be a multiple of ${n}`, zh: `必须是 ${n} 的倍数` };
    case 'pattern': return { field, en: `must match pattern "${f.pattern}"`, zh: `格式不正确，须符合 ${f.pattern}` };
    case 'format': return { field, en: `must match format "${f.format}"`, zh: `必须是有效的${FORMAT_ZH[f.format] ?? ''}（${f.format} 格式）` };
    case 'type': return { field, en: `must be ${f.types.join(' or ')}`, zh: `必须是${f.types.map(typeZh).join('或')}` };
    case 'uniqueItems': {
      const [a, b] = f.items ?? [];
      return a === undefined || b === undefined
        ? { field, en: 'must NOT have duplicate items', zh: '不能有重复项' }
        : { field, en: `must NOT have duplicate items (item ${b + 1} repeats item ${a + 1})`, zh: `不能有重复项（第 ${b + 1} 项与第 ${a + 1} 项相同）` };
    }
    case 'oneOf': {
      const values = f.values.map(shown);
      const types = f.types ?? [];
      if (f.given?.length) {
        const given = f.given.map(shown);
        return { field, en: `has unknown value(s) ${given.join(', ')}; known: ${values.join(', ')}`, zh: `含未知的值 ${given.join('、')}；可选值：${values.join('、')}` };
      }
      const en = values.length === 1 ? `must be ${values[0]}` : `must be one of ${values.join(', ')}`;
      const zh = values.length === 1 ? `必须是 ${values[0]}` : `必须是 ${values.join('、')} 之一`;
      if (!types.length) return { field, en, zh };
      return { field, en: `${en}, or ${types.join(' or ')}`, zh: `${zh}，或为${types.map(typeZh).join('或')}` };
    }
    case 'union': return { field, en: 'does not match any of the accepted forms', zh: '不符合任何一种可接受的格式' };
    case 'other': return { field, en: f.en, zh: `不符合要求（${f.en}）` };
  }
}

const unique = <T>(xs: T[]) => [...new Map(xs.map((x) => [JSON.stringify(x), x])).values()];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
type Schema = Record<string, unknown>;
/** The values a schema takes when it names them (const or enum), else null. */
const literals = (s: Schema): unknown[] | null => ('const' in s ? [s.const] : Array.isArray(s.enum) ? s.enum : null);
const typesOf = (s: Schema): string[] => [s.type].flat().filter((t): t is string => typeof t === 'string');

/** A fault on a missing field makes any other fault on that same field noise. */
export function tidy(faults: Fault[]): Fault[] {
  const missing = new Set(faults.flatMap((f) => (f.keyword === 'required' ? [`${f.path}/${f.property}`] : [])));
  return unique(faults.filter((f) => f.keyword === 'required' || !missing.has(f.path)));
}

/**
 * What is wrong with a value none of a union's shapes takes. A union of values says which values; a union of
 * objects told apart by a field (`decision`, `method`) reports the faults of the shape whose field fits, or, when
 * none fits, which values that field takes. `anyOf` and `value` are the union's schemas and the value, when known.
 */
export function unionFaults(path: string, anyOf: unknown, value: unknown, branches: Fault[][]): Fault[] {
  const all = branches.flat();
  const shapes = Array.isArray(anyOf) && anyOf.every(isObject) ? (anyOf as Schema[]) : null;
  // a scalar: the values and types the union takes
  if (shapes && shapes.every((s) => literals(s) || !['object', 'array'].some((t) => typesOf(s).includes(t)))) {
    const values = shapes.flatMap((s) => literals(s) ?? []);
    const types = unique(shapes.filter((s) => !literals(s)).flatMap(typesOf));
    if (values.length) return [{ path, keyword: 'oneOf', values, ...(types.length ? { types } : {}) }];
    if (types.length) return [{ path, keyword: 'type', types }];
  }
  if (!shapes && all.length && all.every((f) => f.path === path && (f.keyword === 'oneOf' || f.keyword === 'type'))) {
    const values = unique(all.flatMap((f) => (f.keyword === 'oneOf' ? f.values : [])));
    const types = unique(all.flatMap((f) => (f.keyword === 'type' ? f.types : [])));
    return [values.length ? { path, keyword: 'oneOf', values, ...(types.length ? { types } : {}) } : { path, keyword: 'type', types }];
  }
  if (shapes && isObject(value)) {
    const tags = shapes.map((s) => Object.entries(isObject(s.properties) ? s.properties : {})
      .flatMap(([name, p]) => { const l = isObject(p) ? literals(p) : null; return l ? [[name, l] as const] : []; }));
    const fits = shapes.flatMap((_, i) => (tags[i]!.every(([name, l]) => name in value && l.some((x) => x === value[name])) ? [i] : []));
    if (fits.length && fits.length < shapes.length) return tidy(fits.flatMap((i) => branches[i] ?? []));
    const byName = new Map<string, unknown[]>();
    for (const [name, l] of tags.flat()) byName.set(name, unique([...(byName.get(name) ?? []), ...l]));
    const wrong = [...byName].filter(([name, l]) => name in value && !l.includes(value[name]));
    if (wrong.length) return wrong.map(([name, values]) => ({ path: `${path}/${name}`, keyword: 'oneOf', values }));
    if (byName.size && ![...byName.keys()].some((name) => name in value)) return [{ path, keyword: 'requiredOneOf', properties: [...byName.keys()] }];
  }
  // every shape refuses it for the same reason (not an object at all, say)
  const reasons = unique(all);
  if (reasons.length === 1) return reasons;
  return [{ path, keyword: 'union' }];
}

/** TypeBox's reading of a value against a schema, as faults. */
export function valueFaults(schema: TSchema, value: unknown): Fault[] {
  return tidy([...Value.Errors(schema, value)].flatMap(toFault));
}

function toFault(e: ValueError): Fault[] {
  const s = e.schema as Schema;
  const num = (k: string) => Number(s[k]);
  const parent = e.path.replace(/\/[^/]*$/, '');
  const last = e.path.slice(parent.length + 1).replace(/~1/g, '/').replace(/~0/g, '~');
  const at = { path: e.path };
  switch (e.type) {
    case ValueErrorType.ObjectRequiredProperty: return [{ path: parent, keyword: 'required', property: last }];
    case ValueErrorType.ObjectAdditionalProperties: return [{ path: parent, keyword: 'additionalProperties', property: last }];
    case ValueErrorType.StringMinLength: return [{ ...at, keyword: 'minLength', limit: num('minLength') }];
    case ValueErrorType.StringMaxLength: return [{ ...at, keyword: 'maxLength', limit: num('maxLength') }];
    case ValueErrorType.StringPattern: return [{ ...at, keyword: 'pattern', pattern: String(s.pattern) }];
    case ValueErrorType.StringFormat: return [{ ...at, keyword: 'format', format: String(s.format) }];
    case ValueErrorType.ArrayMinItems: return [{ ...at, keyword: 'minItems', limit: num('minItems') }];
    case ValueErrorType.ArrayMaxItems: return [{ ...at, keyword: 'maxItems', limit: num('maxItems') }];
    case ValueErrorType.ArrayUniqueItems: return [{ ...at, keyword: 'uniqueItems' }];
    case ValueErrorType.ObjectMinProperties: return [{ ...at, keyword: 'minProperties', limit: num('minProperties') }];
    case ValueErrorType.ObjectMaxProperties: return [{ ...at, keyword: 'maxProperties', limit: num('maxProperties') }];
    case ValueErrorType.IntegerMinimum: case ValueErrorType.NumberMinimum: return [{ ...at, keyword: 'minimum', limit: num('minimum') }];
    case ValueErrorType.IntegerMaximum: case ValueErrorType.NumberMaximum: return [{ ...at, keyword: 'maximum', limit: num('maximum') }];
    case ValueErrorType.IntegerExclusiveMinimum: case ValueErrorType.NumberExclusiveMinimum: return [{ ...at, keyword: 'exclusiveMinimum', limit: num('exclusiveMinimum') }];
    case ValueErrorType.IntegerExclusiveMaximum: case ValueErrorType.NumberExclusiveMaximum: return [{ ...at, keyword: 'exclusiveMaximum', limit: num('exclusiveMaximum') }];
    case ValueErrorType.IntegerMultipleOf: case ValueErrorType.NumberMultipleOf: return [{ ...at, keyword: 'multipleOf', limit: num('multipleOf') }];
    case ValueErrorType.Literal: return [{ ...at, keyword: 'oneOf', values: [s.const] }];
    case ValueErrorType.String: case ValueErrorType.Number: case ValueErrorType.Integer: case ValueErrorType.Boolean:
    case ValueErrorType.Object: case ValueErrorType.Array: case ValueErrorType.Null:
      return [{ ...at, keyword: 'type', types: typesOf(s) }];
    case ValueErrorType.Union: return unionFaults(e.path, s.anyOf, e.value, e.errors.map((it) => tidy([...it].flatMap(toFault))));
    default: return [{ ...at, keyword: 'other', en: e.message }];
  }
}
