import { expect } from 'chai';
import { PASSWORD_MAX_LENGTH, passwordProblems } from '../../domain/account/password.js';
import { platform } from '../support/platform.js';

type Body = { content: Record<string, { schema: { properties?: Record<string, { minLength?: number; maxLength?: number; format?: string; description?: string }>; required?: string[] } }> };
type Op = { responses?: Record<string, { content?: Record<string, unknown> }>; security?: unknown[]; requestBody?: Body };

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

  it('declares the refusals every route can give: 400 where input is checked, 401 and 403 where a token is needed', () => {
    const paths = doc().paths;
    const statuses = (method: string, path: string) => Object.keys(paths[path]![method]!.responses ?? {});
    for (const [method, path] of [
      ['get', '/api/accounts'], ['get', '/api/processes/{processId}/versions/{version}'], ['post', '/api/processes/{processId}/versions/{version}/deploy'],
      ['delete', '/api/accounts/{username}/posts/{post}'], ['post', '/api/tasks/{userTaskKey}/claim'], ['post', '/api/tasks/{userTaskKey}/unclaim'],
      ['post', '/api/accounts/{username}/practice'],
    ] as const) {
      expect(statuses(method, path), `${method} ${path}`).to.include.members(['400', '401', '403', '503']);
    }
    expect(statuses('get', '/api/stock/ledger')).to.include('422');
    expect(statuses('post', '/api/auth/refresh'), 'rate-limited').to.include('429');
  });

  it('names a task’s and an audit entry’s case caseNumber + caseKind; the audit search keeps applicationNumber as a deprecated alias', () => {
    type Param = { name: string; in: string; deprecated?: boolean };
    type Schema = { properties?: Record<string, Schema>; items?: Schema };
    const op = (path: string) => doc().paths[path]!.get! as Op & { parameters: Param[] };
    const body = (path: string) => (op(path).responses!['200']!.content!['application/json'] as { schema: Schema }).schema;
    for (const path of ['/api/audit/entries', '/api/audit/export']) {
      const query = Object.fromEntries(op(path).parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));
      expect(query.caseNumber, path).to.not.have.property('deprecated');
      expect(query.applicationNumber, path).to.include({ deprecated: true });
    }
    expect(op('/api/tasks').parameters.map((p) => p.name)).to.include('caseNumber').and.not.include('applicationNumber');
    const task = body('/api/tasks').properties!.tasks!.items!.properties!;
    expect(task).to.include.keys('caseNumber', 'caseKind').and.not.have.property('applicationNumber');
    const entry = body('/api/audit/entries').properties!.entries!.items!.properties!;
    expect(entry).to.include.keys('caseNumber', 'caseKind', 'formatVersion').and.not.have.property('applicationNumber');
    // the unit leader's view and a claim or hand-over answer name the case the same way
    const unitTask = body('/api/units/{unitCode}/tasks').properties!.tasks!.items!.properties!;
    expect(unitTask).to.include.keys('caseNumber', 'caseKind').and.not.have.property('applicationNumber');
    const claimed = (doc().paths['/api/tasks/{userTaskKey}/claim']!.post!.responses!['200']!.content!['application/json'] as { schema: Schema }).schema;
    expect(claimed.properties).to.include.keys('caseNumber', 'caseKind').and.not.have.property('applicationNumber');
    // the list of applications is one of applications: there the number is an application's own
    expect(op('/api/audit/applications').parameters.find((p) => p.name === 'applicationNumber')).to.deep.nested.include({ 'schema.pattern': '^SQ\\d{10}$' });
  });

  it('documents the upload as a multipart form with one file', () => {
    const body = doc().paths['/api/applications/{applicationNumber}/files']!.post!.requestBody;
    const form = body?.content['multipart/form-data']?.schema;
    expect(form?.required).to.deep.equal(['file']);
    expect(form?.properties?.file).to.include({ format: 'binary' });
  });

  it('takes new passwords of the lengths the account rule takes, and says so', () => {
    const { minLength } = platform().services.accounts.passwordRule;
    for (const [path, field] of [['/api/accounts/register', 'password'], ['/api/accounts', 'password'], ['/api/auth/password', 'newPassword']]) {
      const schema = doc().paths[path]!.post!.requestBody!.content['application/json']!.schema.properties![field]!;
      expect(schema, path).to.include({ minLength, maxLength: PASSWORD_MAX_LENGTH });
      expect(schema.description, path).to.include(`${minLength}–${PASSWORD_MAX_LENGTH} characters`);
      expect(passwordProblems('Aa#45678901234567890'.slice(0, schema.maxLength), minLength), 'the longest the schema takes').to.deep.equal([]);
      expect(passwordProblems('Aa#45678901234567890'.slice(0, schema.minLength), minLength), 'the shortest the schema takes').to.deep.equal([]);
    }
  });
});
