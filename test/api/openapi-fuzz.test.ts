import { expect } from 'chai';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_PASSWORD, demoOperators, demoPeople } from '../../domain/demo/demo-data.js';
import { call } from '../support/api.js';
import { platform } from '../support/platform.js';

/**
 * Requests generated from /openapi.json itself: for every operation, no token, every role it does not take, bad path
 * and query parameters and bad bodies. Every answer must be below 500, carry a status the operation declares, in a
 * media type declared for that status, and every error must be a problem document. Nothing here is random: the same
 * document gives the same requests, so a failure reproduces.
 *
 * A request is sent with a token that may pass only when its input is certain to fail validation (checked here
 * against the declared schema first) or is refused before any handler runs, so nothing in the shared data changes.
 */

type Schema = {
  type?: string; enum?: unknown[]; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; nullable?: boolean; default?: unknown;
  properties?: Record<string, Schema>; required?: string[]; additionalProperties?: boolean | Schema; items?: Schema;
  minLength?: number; maxLength?: number; pattern?: string; format?: string;
  minimum?: number; maximum?: number; exclusiveMinimum?: boolean; exclusiveMaximum?: boolean;
  minItems?: number; maxItems?: number; uniqueItems?: boolean;
};
type Parameter = { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: Schema };
type Operation = {
  parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> }; security?: unknown[]; 'x-roles'?: string[];
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};
type Document = { paths: Record<string, Record<string, Operation>> };

// ---------------------------------------------------------------- what fits a schema

const KNOWN = new Set(['type', 'enum', 'anyOf', 'oneOf', 'allOf', 'nullable', 'default', 'properties', 'required', 'additionalProperties', 'items',
  'minLength', 'maxLength', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'uniqueItems',
  'description', 'title', 'example', 'examples']);
const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$/;

const NOT = Symbol('not coercible');
/** The value the API's validator makes of v for a type (it coerces scalars, and wraps them in arrays), or NOT. */
function coerce(type: string, v: unknown): unknown {
  const t = typeOf(v);
  if (t === type || (t === 'number' && type === 'integer' && Number.isInteger(v))) return v;
  if (t === 'array' && type !== 'array') return (v as unknown[]).length === 1 && typeOf((v as unknown[])[0]) !== 'array' ? coerce(type, (v as unknown[])[0]) : NOT;
  switch (type) {
    case 'string':
      return t === 'number' || t === 'boolean' ? String(v) : t === 'null' ? '' : NOT;
    case 'number':
    case 'integer': {
      const n = t === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : t === 'boolean' ? Number(v) : t === 'null' ? 0 : NaN;
      return Number.isNaN(n) || (type === 'integer' && !Number.isInteger(n)) ? NOT : n;
    }
    case 'boolean':
      return v === 'true' || v === 1 ? true : v === 'false' || v === 0 || v === null ? false : NOT;
    case 'null':
      return v === '' || v === 0 || v === false ? null : NOT;
    case 'array':
      return [v];
    default:
      return NOT;
  }
}

/**
 * Whether a value fits a schema, as the API's validator judges it, coercion of types included. Anything this does not
 * understand counts as fitting, so "does not fit" is certain: only such input is sent with a token that would
 * otherwise let it through.
 */
function fits(s: Schema, value: unknown): boolean {
  let v = value;
  if (Object.keys(s).some((k) => !KNOWN.has(k))) return true;
  if (v === null && s.nullable) return true;
  if (s.anyOf && !s.anyOf.some((b) => fits(b, v))) return false;
  if (s.oneOf && !s.oneOf.some((b) => fits(b, v))) return false;
  if (s.allOf && !s.allOf.every((b) => fits(b, v))) return false;
  if (s.type && !(s.type === typeOf(v) || (s.type === 'integer' && typeof v === 'number' && Number.isInteger(v)) || (s.type === 'number' && typeof v === 'number'))) {
    v = coerce(s.type, v);
    if (v === NOT) return false;
  }
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) return false;
  const t = typeOf(v);
  if (t === 'string') {
    const length = [...(v as string)].length;
    if (s.minLength !== undefined && length < s.minLength) return false;
    if (s.maxLength !== undefined && length > s.maxLength) return false;
    if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(v as string)) return false;
    if (s.format === 'date-time' && (!DATE_TIME.test(v as string) || Number.isNaN(Date.parse(v as string)))) return false;
  }
  if (t === 'number') {
    const n = v as number;
    if (s.minimum !== undefined && (s.exclusiveMinimum ? n <= s.minimum : n < s.minimum)) return false;
    if (s.maximum !== undefined && (s.exclusiveMaximum ? n >= s.maximum : n > s.maximum)) return false;
  }
  if (t === 'array') {
    const a = v as unknown[];
    if (s.minItems !== undefined && a.length < s.minItems) return false;
    if (s.maxItems !== undefined && a.length > s.maxItems) return false;
    if (s.uniqueItems && new Set(a.map((x) => JSON.stringify(x))).size !== a.length) return false;
    if (s.items && !a.every((x) => fits(s.items!, x))) return false;
  }
  if (t === 'object') {
    const o = v as Record<string, unknown>;
    if (s.required?.some((k) => !(k in o))) return false;
    for (const [k, x] of Object.entries(o)) {
      const p = s.properties?.[k];
      if (p ? !fits(p, x) : s.additionalProperties === false) return false;
      if (!p && typeof s.additionalProperties === 'object' && !fits(s.additionalProperties, x)) return false;
    }
  }
  return true;
}


// ---------------------------------------------------------------- valid values, made from the schema

/** The first string a (simple) regular expression matches: first alternative, first character of a class, fewest repeats. */
function sampleRegex(pattern: string): string {
  let i = 0;
  const alternatives = (): string => {
    const first = sequence();
    while (pattern[i] === '|') {
      i += 1;
      sequence();
    }
    return first;
  };
  const sequence = (): string => {
    let out = '';
    while (i < pattern.length && pattern[i] !== '|' && pattern[i] !== ')') {
      const atom = single();
      const [min] = quantifier();
      out += atom.repeat(min);
    }
    return out;
  };
  const escaped = (c: string) => ({ d: '0', w: 'a', s: ' ' } as Record<string, string>)[c] ?? c;
  const single = (): string => {
    const c = pattern[i++]!;
    if (c === '^' || c === '$') return '';
    if (c === '\\') return escaped(pattern[i++]!);
    if (c === '.') return 'a';
    if (c === '(') {
      if (pattern.startsWith('?:', i)) i += 2;
      const inner = alternatives();
      i += 1; // ')'
      return inner;
    }
    if (c === '[') {
      const negated = pattern[i] === '^';
      if (negated) i += 1;
      const chars: string[] = [];
      while (pattern[i] !== ']') {
        let from = pattern[i++]!;
        if (from === '\\') from = escaped(pattern[i++]!);
        if (pattern[i] === '-' && pattern[i + 1] !== ']') {
          i += 1;
          let to = pattern[i++]!;
          if (to === '\\') to = escaped(pattern[i++]!);
          for (let code = from.charCodeAt(0); code <= to.charCodeAt(0); code += 1) chars.push(String.fromCharCode(code));
        } else chars.push(from);
      }
      i += 1; // ']'
      return negated ? ['a', '0', '_', '~'].find((x) => !chars.includes(x))! : chars[0]!;
    }
    return c;
  };
  const quantifier = (): [number] => {
    const c = pattern[i];
    if (c === '?' || c === '*') return (i += 1, [0]);
    if (c === '+') return (i += 1, [1]);
    if (c === '{') {
      const end = pattern.indexOf('}', i);
      const min = Number(pattern.slice(i + 1, end).split(',')[0]);
      i = end + 1;
      return [min];
    }
    return [1];
  };
  return alternatives();
}

/** A value that fits the schema, the same every run; undefined if none is found. */
function sample(s: Schema): unknown {
  const made = ((): unknown => {
    if (s.enum) return s.enum[0];
    if (s.anyOf ?? s.oneOf) return sample((s.anyOf ?? s.oneOf)![0]!);
    if (s.default !== undefined) return s.default;
    switch (s.type) {
      case 'string':
        if (s.format === 'date-time') return '2026-01-01T00:00:00Z';
        if (s.pattern) return sampleRegex(s.pattern);
        return 'x'.repeat(Math.max(s.minLength ?? 1, 1));
      case 'integer':
      case 'number':
        return s.minimum !== undefined ? s.minimum + (s.exclusiveMinimum ? 1 : 0) : 1;
      case 'boolean':
        return true;
      case 'array':
        return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items ?? {}));
      case 'object':
        return Object.fromEntries((s.required ?? []).map((k) => [k, sample(s.properties?.[k] ?? {})]));
      default:
        return s.nullable ? null : undefined;
    }
  })();
  return fits(s, made) ? made : undefined;
}

// ---------------------------------------------------------------- bad values

const HUGE = 'x'.repeat(100_000);
const typeName = (s: Schema): string | undefined => s.type ?? (s.anyOf ?? s.oneOf)?.map(typeName).find(Boolean);

/** Values a path or query parameter must refuse, each with what is wrong with it. */
function badRaw(s: Schema, where: 'path' | 'query'): [string, string][] {
  const t = typeName(s);
  const out: [string, string][] = [
    ['wrong type', t === 'string' ? '{"$ne":null}' : 'not-a-number'],
    ['too long', 'A'.repeat((s.maxLength ?? 0) + 1)],
    ['far too long', 'a'.repeat(where === 'path' ? 600 : 5_000)],
    ['out of enum', 'not-one-of-them'],
    ['not the pattern', '!!'],
    ['Chinese', '中文'],
    ['empty', ''],
    ['a number', '-1'],
    ['a fraction', '1.5'],
    ['a huge number', '99999999999999999999'],
  ];
  // (no dot segments: the client resolves them, so they name another path, not a bad value)
  if (where === 'path') out.push(['bad escape', '%E0%A4%A'], ['a lone percent', '%'], ['an encoded slash', 'a%2Fb']);
  else out.push(['an operator', '[$ne]=1']);
  if (s.maxLength) out.push(['just over the limit', 'A'.repeat(s.maxLength + 1)]);
  return out;
}

/** Values a body field must refuse. */
function badValues(s: Schema): [string, unknown][] {
  const out: [string, unknown][] = [
    ['null', null], ['a number', 12345], ['a boolean', true], ['an object', { $ne: null }], ['an array', ['x']], ['a string', 'x'],
    ['a huge string', HUGE], ['Chinese', '中文'], ['empty string', ''], ['negative', -1], ['fraction', 1.5], ['huge number', 1e300],
  ];
  if (s.maxLength !== undefined) out.push(['one character too many', 'A'.repeat(s.maxLength + 1)]);
  if (s.maxItems !== undefined) out.push(['one item too many', Array.from({ length: s.maxItems + 1 }, () => sample(s.items ?? {}) ?? 'x')]);
  if (s.minimum !== undefined) out.push(['below the minimum', s.minimum - 1]);
  if (s.maximum !== undefined) out.push(['above the maximum', s.maximum + 1]);
  return out;
}

// ---------------------------------------------------------------- requests and answers

type Request = { label: string; method: string; url: string; headers: Record<string, string>; payload?: string | Buffer };
type Case = {
  op: string; operation: Operation; request: Request; expect?: { status: number; code: string };
  /** sent with the token of a role the operation takes: the token must get it past the door */
  signedIn?: boolean;
};

let addressCount = 0;
/** Each request from an address of its own, so the public routes' rate limits never hold back the other tests. */
function address(): string {
  addressCount += 1;
  return `10.${(addressCount >> 16) & 255}.${(addressCount >> 8) & 255}.${addressCount & 255}`;
}

const mediaType = (res: LightMyRequestResponse) => String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
const excerpt = (s: string | Buffer | undefined, n = 300) => {
  const text = s === undefined ? '' : String(s);
  return text.length > n ? `${text.slice(0, n)}… (${text.length} chars)` : text;
};

/** the codes of the refusals before any handler: who is calling, and may their role */
const DOOR = ['TOKEN_MISSING', 'TOKEN_INVALID', 'SESSION_ENDED', 'ROLE_FORBIDDEN', 'PASSWORD_CHANGE_REQUIRED'];

/** What is wrong with an answer, if anything. */
function problemsWith(c: Case, res: LightMyRequestResponse): string[] {
  const wrong: string[] = [];
  const status = res.statusCode;
  const declared = c.operation.responses[String(status)];
  if (status >= 500) wrong.push(`status ${status} (never a 5xx)`);
  if (!declared) wrong.push(`status ${status} is not declared (declared: ${Object.keys(c.operation.responses).join(', ')})`);
  if (c.expect && status !== c.expect.status) wrong.push(`status ${status}, expected ${c.expect.status}`);
  if (c.signedIn && DOOR.some((code) => res.body.includes(`"code":"${code}"`))) wrong.push('a role the operation takes (x-roles) was refused at the door');
  const type = mediaType(res);
  if (declared) {
    const types = Object.keys(declared.content ?? {});
    if (types.length && !types.includes(type)) wrong.push(`media type ${type || '(none)'}, declared ${types.join(', ')}`);
    if (!types.length && res.body !== '') wrong.push(`a body where none is declared (${type})`);
    const schema = declared.content?.[type]?.schema;
    if (schema && type.endsWith('json') && status < 400) {
      let body: unknown;
      try {
        body = JSON.parse(res.body);
      } catch {
        wrong.push('a body that is not JSON');
      }
      if (body !== undefined && !fits(schema, body)) wrong.push('a body that does not fit the declared schema');
    }
  }
  if (status >= 400) {
    let p: Record<string, unknown> | undefined;
    try {
      p = JSON.parse(res.body) as Record<string, unknown>;
    } catch {
      wrong.push('an error body that is not JSON');
    }
    const message = p?.message as { zh?: unknown; en?: unknown } | undefined;
    if (type !== 'application/problem+json') wrong.push(`an error as ${type || '(none)'}, not application/problem+json`);
    if (p && (typeof p.type !== 'string' || typeof p.title !== 'string' || p.status !== status || typeof p.detail !== 'string'
      || typeof p.code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(p.code) || typeof message?.zh !== 'string' || !message.zh
      || typeof message.en !== 'string' || !message.en || p.requestId !== res.headers['x-request-id'])) {
      wrong.push('an error that is not a full problem document (type, title, status, code, detail, message {zh, en}, requestId)');
    }
    if (p && c.expect && p.code !== c.expect.code) wrong.push(`code ${String(p.code)}, expected ${c.expect.code}`);
  }
  return wrong;
}

async function run(cases: Case[]): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++]!;
      const { method, url, headers, payload } = c.request;
      const res = await platform().app.inject({ method: method as 'GET', url, headers, payload, remoteAddress: address() });
      const wrong = problemsWith(c, res);
      if (wrong.length) {
        const auth = headers.authorization ? ` [${headers.authorization.startsWith('Bearer ey') ? 'token' : headers.authorization}]` : '';
        failures.push(`${c.op} — ${c.request.label}: ${wrong.join('; ')}\n    sent ${method} ${excerpt(url, 200)}${auth}${headers['content-type'] ? ` (${headers['content-type']})` : ''} ${excerpt(payload, 200)}`
          + `\n    got ${res.statusCode} ${res.headers['content-type'] ?? ''} ${excerpt(res.body)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return failures.sort();
}

// ---------------------------------------------------------------- the generator

/** One seeded demo account per role. */
const accountOf = new Map<string, string>();
for (const a of [...demoOperators, ...demoPeople]) if (!accountOf.has(a.role)) accountOf.set(a.role, a.username);

type Op = { key: string; method: string; path: string; operation: Operation };

function operations(doc: Document): Op[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, operation })));
}

const pathParams = (op: Op) => (op.operation.parameters ?? []).filter((p) => p.in === 'path');
const queryParams = (op: Op) => (op.operation.parameters ?? []).filter((p) => p.in === 'query');
const jsonBody = (op: Op) => op.operation.requestBody?.content['application/json']?.schema;
const takesBody = (op: Op) => op.method !== 'GET' && op.method !== 'HEAD';
const isPublic = (op: Op) => Array.isArray(op.operation.security) && op.operation.security.length === 0;

/** The URL with the given raw (already encoded) path values and query pairs; the rest sampled from the schema. */
function url(op: Op, path: Record<string, string> = {}, query?: [string, string][]): string {
  let u = op.path;
  for (const p of pathParams(op)) {
    const value = p.name in path ? path[p.name]! : encodeURIComponent(String(sample(p.schema) ?? 'x'));
    u = u.replace(`{${p.name}}`, value);
  }
  const pairs = query ?? validQuery(op);
  return pairs.length ? `${u}?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&')}` : u;
}
/** The required query parameters, each with a sampled value. */
const validQuery = (op: Op): [string, string][] =>
  queryParams(op).filter((p) => p.required).map((p) => [p.name, encodeURIComponent(String(sample(p.schema) ?? 'x'))]);

function withToken(token: string | undefined, headers: Record<string, string> = {}) {
  return token ? { ...headers, authorization: `Bearer ${token}` } : headers;
}
const json = (token: string | undefined, payload: unknown): Pick<Request, 'headers' | 'payload'> =>
  ({ headers: withToken(token, { 'content-type': 'application/json' }), payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

/** (a) no token, or one that is no token */
function withoutToken(op: Op): Case[] {
  if (isPublic(op) || !op.path.startsWith('/api/')) return [];
  const unauthenticated = { status: 401, code: '' };
  return [
    ['no token', {}, 'TOKEN_MISSING'],
    ['a Basic header', { authorization: 'Basic YWRtaW46YWRtaW4=' }, 'TOKEN_MISSING'],
    ['a token that is not a JWT', { authorization: 'Bearer not-a-token' }, 'TOKEN_INVALID'],
    ['a JWT signed with no key', { authorization: 'Bearer eyJhbGciOiJub25lIiwia2lkIjoiazEifQ.eyJzdWIiOiJhZG1pbiJ9.' }, 'TOKEN_INVALID'],
  ].map(([label, headers, code]) => ({
    op: op.key, operation: op.operation, expect: { ...unauthenticated, code: code as string },
    request: { label: label as string, method: op.method, url: url(op), headers: headers as Record<string, string> },
  }));
}

/** (b) a signed-in user of every role the operation does not take */
function otherRoles(op: Op, tokens: Map<string, string>): Case[] {
  const roles = op.operation['x-roles'];
  if (!roles) return [];
  return [...tokens].filter(([role]) => !roles.includes(role)).map(([role, token]) => ({
    op: op.key, operation: op.operation, expect: { status: 403, code: 'ROLE_FORBIDDEN' },
    request: { label: `a ${role}'s token`, method: op.method, url: url(op), headers: withToken(token) },
  }));
}

/** (c) bad path and query parameters, from someone the operation takes */
function badParameters(op: Op, token: string | undefined): Case[] {
  const cases: Case[] = [];
  const add = (label: string, u: string) => cases.push({ op: op.key, operation: op.operation, signedIn: Boolean(token), request: { label, method: op.method, url: u, headers: withToken(token) } });
  for (const p of pathParams(op)) {
    for (const [what, raw] of badRaw(p.schema, 'path')) {
      let decoded: string | undefined;
      try {
        decoded = decodeURIComponent(raw);
      } catch {
        decoded = undefined; // not even a URL: refused before any route
      }
      // a value that fits would reach the handler with someone's token: only certain refusals are sent
      if (decoded !== undefined && fits(p.schema, decoded)) continue;
      add(`path ${p.name}: ${what}`, url(op, { [p.name]: raw }));
    }
  }
  for (const p of queryParams(op)) {
    const others = validQuery(op).filter(([k]) => k !== p.name);
    for (const [what, raw] of badRaw(p.schema, 'query')) {
      if (fits(p.schema, raw)) continue;
      add(`query ${p.name}: ${what}`, url(op, {}, [...others, [p.name, encodeURIComponent(raw)]]));
    }
    const good = encodeURIComponent(String(sample(p.schema) ?? 'x'));
    if (typeName(p.schema) !== 'array') add(`query ${p.name}: given twice`, url(op, {}, [...others, [p.name, good], [p.name, good]]));
    if (p.required) add(`query ${p.name}: missing`, url(op, {}, others));
  }
  // a parameter nobody declared: only where reading is all an operation does
  if (op.method === 'GET') add('an undeclared query parameter', url(op, {}, [...validQuery(op), ['unexpected', '1']]));
  return cases;
}

/** reads with well-formed input, from someone the operation takes: the answers must be declared too */
function reads(op: Op, token: string | undefined): Case[] {
  if (op.method !== 'GET') return [];
  return [{ op: op.key, operation: op.operation, signedIn: Boolean(token), request: { label: 'well-formed', method: op.method, url: url(op), headers: withToken(token) } }];
}

/** (d) bad bodies, from someone the operation takes, to an address it names well */
function badBodies(op: Op, token: string | undefined, limit: number): Case[] {
  if (!takesBody(op)) return [];
  const cases: Case[] = [];
  const add = (label: string, r: Pick<Request, 'headers' | 'payload'>, expected?: Case['expect']) =>
    cases.push({ op: op.key, operation: op.operation, signedIn: Boolean(token), expect: expected, request: { label, method: op.method, url: url(op), ...r } });
  // refused by the parser whatever the operation: never reach a handler
  const notJson = { status: 400, code: 'BODY_NOT_JSON' };
  const unsupported = { status: 415, code: 'MEDIA_TYPE_UNSUPPORTED' };
  add('not JSON', json(token, '{"unfinished": '), notJson);
  add('a prototype key', json(token, '{"__proto__": {"polluted": true}}'), notJson);
  add('plain text', { headers: withToken(token, { 'content-type': 'text/plain' }), payload: 'hello' }, unsupported);
  add('a form', { headers: withToken(token, { 'content-type': 'application/x-www-form-urlencoded' }), payload: 'a=1&b=2' }, unsupported);
  add('XML', { headers: withToken(token, { 'content-type': 'application/xml' }), payload: '<a>1</a>' }, unsupported);
  // (a route may take more than the usual limit: a process model does)
  add('over the size limit', json(token, `{"pad":"${'x'.repeat(limit)}"}`));
  const schema = jsonBody(op);
  if (!schema) return cases;
  // a form where JSON is asked for: no body at all, so refused by the schema (a route that asks for no body would take it)
  if (!op.operation.requestBody?.content['multipart/form-data'] && !fits(schema, null)) {
    add('a multipart form', { headers: withToken(token, { 'content-type': 'multipart/form-data; boundary=x' }), payload: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n' });
  }
  // refused by the body's schema: each sent only when it certainly does not fit
  const candidates: [string, unknown][] = [['empty', null], ['an array', []], ['a string', 'x'], ['a number', 1], ['true', true], ['an empty object', {}]];
  const base = sample(schema);
  const object = schema.type === 'object' ? schema : schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (object?.type === 'object' && base && typeof base === 'object') {
    const b = base as Record<string, unknown>;
    for (const k of object.required ?? []) candidates.push([`${k} missing`, Object.fromEntries(Object.entries(b).filter(([key]) => key !== k))]);
    for (const [k, p] of Object.entries(object.properties ?? {})) for (const [what, v] of badValues(p)) candidates.push([`${k}: ${what}`, { ...b, [k]: v }]);
    candidates.push(['an extra field', { ...b, unexpected: 1 }], ['an operator as a field', { ...b, $where: '1 == 1' }]);
  }
  for (const [label, body] of candidates) {
    if (fits(schema, body)) continue;
    add(label, body === null ? { headers: withToken(token, { 'content-type': 'application/json' }), payload: '' } : json(token, body));
  }
  return cases;
}

/** (d) for a multipart upload: forms that are not forms, to a case the uploader may read */
const MATERIAL = '居民身份证';

function badForms(op: Op, token: string | undefined, caseNumber: string | undefined): Case[] {
  if (!op.operation.requestBody?.content['multipart/form-data'] || !caseNumber) return [];
  // a material the case's item asks for, so the form itself is read
  const at = url(op, Object.fromEntries(pathParams(op).map((p) => [p.name, caseNumber])), [['material', encodeURIComponent(MATERIAL)]]);
  const boundary = '----fuzz-boundary';
  const forms: [string, string, string][] = [
    ['multipart without a boundary', 'multipart/form-data', 'hello'],
    ['multipart cut short', `multipart/form-data; boundary=${boundary}`, `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7`],
    ['multipart with no parts', `multipart/form-data; boundary=${boundary}`, `--${boundary}--\r\n`],
    ['multipart with a field, not a file', `multipart/form-data; boundary=${boundary}`, `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`],
    ['multipart with two files', `multipart/form-data; boundary=${boundary}`, [1, 2].map((n) => `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${n}.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n`).join('') + `--${boundary}--\r\n`],
    ['multipart with a header line of garbage', `multipart/form-data; boundary=${boundary}`, `--${boundary}\r\n\u0000\u0001garbage\r\n\r\nhello\r\n--${boundary}--\r\n`],
  ];
  return forms.map(([label, type, payload]) => ({ op: op.key, operation: op.operation, signedIn: true, request: { label, method: op.method, url: at, headers: withToken(token, { 'content-type': type }), payload } }));
}

describe('api: generated requests from the OpenAPI document', function () {
  this.timeout(120_000);
  let doc: Document;
  let ops: Op[];
  const tokens = new Map<string, string>();
  /** a token of the first role each operation takes */
  const allowed = (op: Op) => (op.operation['x-roles'] ? tokens.get(op.operation['x-roles'].find((r) => tokens.has(r))!) : undefined);
  let caseNumber: string | undefined;

  before(async () => {
    const res = await call('GET', '/openapi.json');
    doc = res.json() as Document;
    ops = operations(doc);
    // sessions of this test's own, not the ones other tests share: should a generated request ever get through to
    // a handler (a logout, say), nothing but this test is hurt
    for (const [role, username] of accountOf) {
      const res = await call('POST', '/api/auth/login', { body: { username, password: DEMO_PASSWORD } });
      expect(res.statusCode, res.body).to.equal(200);
      tokens.set(role, res.json().accessToken);
    }
    // a case of its own for the upload forms, filed at the window like any other
    const filed = await call('POST', '/api/applications', {
      token: tokens.get('window-staff'),
      body: { itemCode: 'LNYD', applicant: { type: 'individual', name: '生成测试', idNumber: '420700198807071234', phone: '13900007777' }, materials: [{ name: MATERIAL, provided: true }] },
    });
    expect(filed.statusCode, filed.body).to.equal(201);
    caseNumber = filed.json().applicationNumber;
  });

  const check = async (cases: Case[]) => {
    const failures = await run(cases);
    expect(failures.length, `${failures.length} of ${cases.length} answers are wrong:\n${failures.slice(0, 40).join('\n')}`).to.equal(0);
  };

  it('knows every role and every operation the document lists', () => {
    expect([...tokens.keys()]).to.have.length(11);
    expect(ops.length).to.be.greaterThan(50);
    const unroled = ops.filter((op) => op.path.startsWith('/api/') && !isPublic(op) && !op.operation['x-roles']).map((op) => op.key);
    expect(unroled, 'operations that need a token but name no roles (x-roles)').to.deep.equal([]);
  });

  it('bounds every string a client sends: a length, a pattern, a format or a list of values', () => {
    const unbounded: string[] = [];
    const walk = (s: Schema | undefined, where: string) => {
      if (!s) return;
      // a pattern bounds the length unless it repeats without end (*, + or {n,})
      const endless = (pattern: string) => /[*+]|\{\d+,\}/.test(pattern.replace(/\\./g, ''));
      if (s.type === 'string' && s.maxLength === undefined && !s.enum && s.format !== 'date-time' && (!s.pattern || endless(s.pattern))) unbounded.push(where);
      for (const [k, p] of Object.entries(s.properties ?? {})) walk(p, `${where}.${k}`);
      for (const b of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(b, where);
      walk(s.items, `${where}[]`);
    };
    for (const op of ops) {
      for (const p of op.operation.parameters ?? []) walk(p.schema, `${op.key} ${p.in} ${p.name}`);
      walk(jsonBody(op), `${op.key} body`);
    }
    expect(unbounded).to.deep.equal([]);
  });

  it('answers every operation with no token, or no real one, with 401', async () => {
    await check(ops.flatMap(withoutToken));
  });

  it('answers every operation with 403 to each role it does not take', async () => {
    await check(ops.flatMap((op) => otherRoles(op, tokens)));
  });

  it('answers well-formed reads as declared', async () => {
    await check(ops.flatMap((op) => reads(op, allowed(op))));
  });

  it('answers bad path and query parameters with a declared 4xx problem document', async () => {
    await check(ops.flatMap((op) => badParameters(op, allowed(op))));
  });

  it('answers bad bodies with a declared 4xx problem document', async () => {
    const limit = platform().app.initialConfig.bodyLimit ?? 1_048_576;
    await check(ops.flatMap((op) => [...badBodies(op, allowed(op), limit), ...badForms(op, allowed(op), caseNumber)]));
  });
});
