import { call as shared, download } from '../shared/api';

/** The platform API as the modeler and the audit page use it. */
export interface Issue { rule: string; elementId: string | null; message: string }
export interface ProcessSummary {
  processId: string; name: string | null;
  running: { version: number; engineVersion: number; deployedAt: string; deployedBy: string } | null;
  versions: { version: number; name?: string | null; author: string; comment: string; savedAt: string; checksum: string; errors: number; warnings: number; deployed: boolean; archived: { at: string; by: string; reason: string } | null }[];
  archivedVersions: number;
}
export interface Elem { id: string; type: string; name: string | null }

export interface Timeline {
  application: { applicationNumber: string; itemCode: string; itemName: string; itemVersion: number; processId: string; status: string; currentStep: string | null; outcome: string | null };
  diagram: { processId: string; version: number; engineVersion: number; xml: string } | null;
  elements: { elementId: string; state: 'active' | 'completed' | 'terminated' }[];
  deadlines: { step: string; warningAt: string | null; dueAt: string | null; redAt: string | null; explanation: string[] }[];
  cards: { level: string; step: string; elementId: string | null; holder: string; at: string }[];
  events: { at: string; source: 'engine' | 'platform'; action: string; elementId: string | null; actor: string | null; summary: string; detail: unknown; seq: number | null }[];
}
export interface VerifyReport { intact: boolean; entries: number; lastSeq: number | null; headHash: string; broken: { seq: number; problem: string; message: string } | null }

const call = <T>(method: string, url: string, body?: unknown) => shared<T>(method, url, body === undefined ? {} : { body });

export const api = {
  processes: () => call<{ processes: ProcessSummary[] }>('GET', '/api/processes'),
  version: (processId: string, version: number) => call<{ xml: string; errors: Issue[]; warnings: Issue[] }>('GET', `/api/processes/${processId}/versions/${version}`),
  compare: (processId: string, from: number, to: number) => call<{ added: Elem[]; removed: Elem[]; changed: (Elem & { fields: string[] })[] }>('GET', `/api/processes/${processId}/compare?from=${from}&to=${to}`),
  templates: () => call<unknown[]>('GET', '/api/processes/element-templates'),
  check: (xml: string) => call<{ errors: Issue[]; warnings: Issue[]; deployable: boolean }>('POST', '/api/processes/check', { xml }),
  save: (xml: string, comment: string) => call<{ processId: string; version: number; errors: Issue[]; warnings: Issue[] }>('POST', '/api/processes', { xml, comment }),
  timeline: (applicationNumber: string) => call<Timeline>('GET', `/api/audit/applications/${encodeURIComponent(applicationNumber)}/timeline`),
  verify: () => call<VerifyReport>('GET', '/api/audit/verify'),
  exportAudit: (applicationNumber: string, format: 'json' | 'csv') =>
    download(`/api/audit/export?format=${format}&applicationNumber=${encodeURIComponent(applicationNumber)}`, `audit-${applicationNumber}.${format}`),
  archive: (processId: string, version: number, reason: string) => call<null>('POST', `/api/processes/${processId}/versions/${version}/archive`, { reason }),
  deploy: (processId: string, version: number) => call<{ engineVersion: number; message: { zh: string; en: string }; engineAnswer: unknown }>('POST', `/api/processes/${processId}/versions/${version}/deploy`),
};
