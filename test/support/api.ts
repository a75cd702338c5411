import type { LightMyRequestResponse } from 'fastify';
import { DEMO_PASSWORD } from '../../domain/demo/demo-data.js';
import { platform } from './platform.js';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Calls the API in process, as a client would over HTTP. */
export async function call(method: Method, url: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
  return platform().app.inject({
    method, url,
    headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    payload: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
}

const tokens = new Map<string, { token: string; at: number }>();
/** Access tokens live 15 minutes by default; a run on a busy machine takes longer, so a token is reused for 10. */
const REUSE_MS = 10 * 60_000;
/** An access token for a demo account (logged in again when the one it has is getting old). */
export async function login(username: string, password = DEMO_PASSWORD): Promise<string> {
  const cached = tokens.get(username);
  if (cached && Date.now() - cached.at < REUSE_MS && password === DEMO_PASSWORD) return cached.token;
  const res = await call('POST', '/api/auth/login', { body: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const token = res.json().accessToken as string;
  if (password === DEMO_PASSWORD) tokens.set(username, { token, at: Date.now() });
  return token;
}

/** Audit entries as an auditor finds them through the API. */
export async function auditEntries(query: Record<string, string>): Promise<{ seq: number; formatVersion: number; caseNumber: string | null; caseKind: string | null; action: string; actor: { kind: string; id: string }; target: { kind: string; id: string }; outcome: string; post: string | null; unit: string | null; before: unknown; after: unknown; detail: Record<string, unknown> | null; hash: string }[]> {
  const res = await call('GET', `/api/audit/entries?${new URLSearchParams({ limit: '1000', ...query })}`, { token: await login('auditor') });
  if (res.statusCode !== 200) throw new Error(`audit search: ${res.statusCode} ${res.body}`);
  return res.json().entries;
}

/** A multipart/form-data body with one file part named "file", as the web app sends a material. */
export function multipart(file: Buffer, fileName: string, type: string): { body: Buffer; headers: { 'content-type': string } } {
  const boundary = '----gov-services-test-boundary';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Uploads one material file of an application as the web app does. */
export async function uploadFile(token: string, applicationNumber: string, material: string, file: Buffer, fileName: string, type = 'application/pdf'): Promise<LightMyRequestResponse> {
  const { body, headers } = multipart(file, fileName, type);
  return platform().app.inject({
    method: 'POST', url: `/api/applications/${applicationNumber}/files?material=${encodeURIComponent(material)}`,
    headers: { ...headers, authorization: `Bearer ${token}` }, payload: body,
  });
}
