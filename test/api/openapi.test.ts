import { expect } from 'chai';
import { platform } from '../support/platform.js';

type Op = { responses?: Record<string, { content?: Record<string, unknown> }>; security?: unknown[] };

describe('api: the OpenAPI document', () => {
  const doc = () => platform().app.swagger() as unknown as { openapi: string; paths: Record<string, Record<string, Op>> };

  it('is OpenAPI 3.0.3 with no numeric exclusiveMinimum (3.0 wants a boolean)', () => {
    expect(doc().openapi).to.equal('3.0.3');
    const numeric: string[] = [];
    const walk = (o: unknown, path: string) => {
      if (!o || typeof o !== 'object') return;
      if (typeof (o as { exclusiveMinimum?: unknown }).exclusiveMinimum === 'number') numeric.push(path);
      for (const [k, v] of Object.entries(o)) walk(v, `${path}/${k}`);
    };
    walk(doc(), '');
    expect(numeric).to.deep.equal([]);
  });

  it('declares every error as application/problem+json, as the API sends it', () => {
    const wrong: string[] = [];
    let errors = 0;
    for (const [path, ops] of Object.entries(doc().paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          // /ready answers 503 with its readiness report, not a problem
          if (Number(status) < 400 || path === '/ready') continue;
          errors += 1;
          if (!response.content?.['application/problem+json'] || response.content['application/json']) wrong.push(`${method.toUpperCase()} ${path} ${status}`);
        }
      }
    }
    expect(errors).to.be.greaterThan(50);
    expect(wrong).to.deep.equal([]);
  });
});
