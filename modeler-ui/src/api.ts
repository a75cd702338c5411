/** The platform API as the modeler uses it; the token lives only in this tab. */
export interface Issue { rule: string; elementId: string | null; message: string }
export interface ProcessSummary {
  processId: string; name: string | null;
  running: { version: number; engineVersion: number; deployedAt: string; deployedBy: string } | null;
  versions: { version: number; author: string; comment: string; savedAt: string; checksum: string; errors: number; warnings: number; deployed: boolean; archived: { at: string; by: string; reason: string } | null }[];
  archivedVersions: number;
}
export interface Elem { id: string; type: string; name: string | null }
export interface Me { username: string; realName: string; role: string }

export interface Timeline {
  application: { applicationNumber: string; itemCode: string; itemName: string; itemVersion: number; processId: string; status: string; currentStep: string | null; outcome: string | null };
  diagram: { processId: string; version: number; engineVersion: number; xml: string } | null;
  elements: { elementId: string; state: 'active' | 'completed' | 'terminated' }[];
  deadlines: { step: string; warningAt: string | null; dueAt: string | null; redAt: string | null; explanation: string[] }[];
  cards: { level: string; step: string; elementId: string | null; holder: string; at: string }[];
  events: { at: string; source: 'engine' | 'platform'; action: string; elementId: string | null; actor: string | null; summary: string; detail: unknown; seq: number | null }[];
}
export interface VerifyReport { intact: boolean; entries: number; lastSeq: number | null; headHash: string; broken: { seq: number; problem: string; message: string } | null }

let token = sessionStorage.getItem('token') ?? '';

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = res.status === 204 ? undefined : await res.json();
  if (!res.ok) throw Object.assign(new Error((data as { message?: { zh: string; en: string } })?.message?.en ?? res.statusText), { problem: data, status: res.status });
  return data as T;
}

export const api = {
  get loggedIn() { return Boolean(token); },
  async login(username: string, password: string) {
    const r = await call<{ accessToken: string }>('POST', '/api/auth/login', { username, password });
    token = r.accessToken;
    sessionStorage.setItem('token', token);
  },
  logout() { token = ''; sessionStorage.removeItem('token'); },
  me: () => call<Me>('GET', '/api/me'),
  processes: () => call<{ processes: ProcessSummary[] }>('GET', '/api/processes'),
  version: (processId: string, version: number) => call<{ xml: string; errors: Issue[]; warnings: Issue[] }>('GET', `/api/processes/${processId}/versions/${version}`),
  compare: (processId: string, from: number, to: number) => call<{ added: Elem[]; removed: Elem[]; changed: (Elem & { fields: string[] })[] }>('GET', `/api/processes/${processId}/compare?from=${from}&to=${to}`),
  templates: () => call<unknown[]>('GET', '/api/processes/element-templates'),
  check: (xml: string) => call<{ errors: Issue[]; warnings: Issue[]; deployable: boolean }>('POST', '/api/processes/check', { xml }),
  save: (xml: string, comment: string) => call<{ processId: string; version: number; errors: Issue[]; warnings: Issue[] }>('POST', '/api/processes', { xml, comment }),
  timeline: (applicationNumber: string) => call<Timeline>('GET', `/api/audit/applications/${encodeURIComponent(applicationNumber)}/timeline`),
  verify: () => call<VerifyReport>('GET', '/api/audit/verify'),
  /** The audit entries of one case (an application here), with the chain proof (json) or as a table (csv). */
  async exportAudit(caseNumber: string, format: 'json' | 'csv'): Promise<Blob> {
    const res = await fetch(`/api/audit/export?format=${format}&caseNumber=${encodeURIComponent(caseNumber)}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`export failed: ${res.status}`);
    return res.blob();
  },
  archive: (processId: string, version: number, reason: string) => call<null>('POST', `/api/processes/${processId}/versions/${version}/archive`, { reason }),
  deploy: (processId: string, version: number) => call<{ engineVersion: number; message: { zh: string; en: string }; engineAnswer: unknown }>('POST', `/api/processes/${processId}/versions/${version}/deploy`),
};
