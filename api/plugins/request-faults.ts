import type { FastifyRequest } from 'fastify';
import { faultWords, tidy, unionFaults, type Fault } from '../../domain/shared/validation-words.js';

/** One of ajv's errors, as Fastify hands them over in `err.validation`. */
export interface AjvError { keyword: string; instancePath: string; schemaPath: string; params: Record<string, unknown>; message?: string }

const LIMITS = ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const;

function toFault(e: AjvError): Fault {
  const p = e.params ?? {};
  const path = e.instancePath ?? '';
  if ((LIMITS as readonly string[]).includes(e.keyword)) return { path, keyword: e.keyword as (typeof LIMITS)[number], limit: Number(p.limit) };
  switch (e.keyword) {
    case 'required': return { path, keyword: 'required', property: String(p.missingProperty) };
    case 'additionalProperties': return { path, keyword: 'additionalProperties', property: String(p.additionalProperty) };
    case 'multipleOf': return { path, keyword: 'multipleOf', limit: Number(p.multipleOf) };
    case 'pattern': return { path, keyword: 'pattern', pattern: String(p.pattern) };
    case 'format': return { path, keyword: 'format', format: String(p.format) };
    case 'const': return { path, keyword: 'oneOf', values: [p.allowedValue] };
    case 'type': return { path, keyword: 'type', types: String(p.type).split(',') };
    case 'uniqueItems': {
      const [a, b] = [Number(p.i), Number(p.j)].sort((x, y) => x - y);
      return { path, keyword: 'uniqueItems', ...(Number.isInteger(a) && Number.isInteger(b) ? { items: [a!, b!] as [number, number] } : {}) };
    }
    case 'enum':
      if (Array.isArray(p.allowedValues)) {
        return { path, keyword: 'oneOf', values: p.allowedValues, ...(Array.isArray(p.unknownValues) ? { given: p.unknownValues } : {}) };
      }
  }
  return { path, keyword: 'other', en: e.message ?? 'is not valid' };
}

/** a schema path is a URI fragment; anything it cannot decode is taken as written */
function decodeFragment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Follows a JSON pointer (`#/properties/scope/anyOf` or `/items/0`) into a value; undefined where it leads nowhere. */
function at(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.replace(/^#/, '').split('/').slice(1)) {
    const key = (pointer.startsWith('#') ? decodeFragment(raw) : raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const PART_DATA: Record<string, (req: FastifyRequest) => unknown> = {
  body: (req) => req.body, querystring: (req) => req.query, params: (req) => req.params, headers: (req) => req.headers,
};

/**
 * What is wrong with a request its route's schema refused, field by field, in both languages. A union's many
 * errors (one per shape it takes) are read together into what the caller can act on: the values it takes, or the
 * faults of the shape the request meant.
 */
export function requestFaults(errors: AjvError[], part: string, req: FastifyRequest): { field: string; en: string; zh: string }[] {
  const schema = (req.routeOptions?.schema as Record<string, unknown> | undefined)?.[part];
  const data = PART_DATA[part]?.(req);
  const found: { schemaPath: string; faults: Fault[] }[] = [];
  for (const e of errors) {
    if (e.keyword !== 'anyOf') {
      found.push({ schemaPath: e.schemaPath ?? '', faults: [toFault(e)] });
      continue;
    }
    // the shapes' own errors come before the union's, with schema paths under it
    const prefix = `${e.schemaPath}/`;
    const inner = found.filter((f) => f.schemaPath.startsWith(prefix));
    const branches: Fault[][] = [];
    for (const f of inner) {
      const i = Number(f.schemaPath.slice(prefix.length).split('/')[0]);
      if (Number.isInteger(i)) (branches[i] ??= []).push(...f.faults);
    }
    found.splice(0, found.length, ...found.filter((f) => !inner.includes(f)));
    const shapes = [...branches].map((b) => tidy(b ?? []));
    found.push({ schemaPath: e.schemaPath, faults: unionFaults(e.instancePath, at(schema, e.schemaPath), at(data, e.instancePath), shapes) });
  }
  return tidy(found.flatMap((f) => f.faults)).map((f) => faultWords(part, f));
}
