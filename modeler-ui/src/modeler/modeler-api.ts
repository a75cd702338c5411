import { call as shared } from '../shared/api';

/** The platform API as the modeler uses it. */
export interface Issue { rule: string; elementId: string | null; message: string }
export interface ProcessSummary {
  processId: string; name: string | null;
  running: { version: number; engineVersion: number; deployedAt: string; deployedBy: string } | null;
  versions: { version: number; name?: string | null; author: string; comment: string; savedAt: string; checksum: string; errors: number; warnings: number; deployed: boolean; archived: { at: string; by: string; reason: string } | null }[];
  archivedVersions: number;
}
export interface Elem { id: string; type: string; name: string | null }

const call = <T>(method: string, url: string, body?: unknown) => shared<T>(method, url, body === undefined ? {} : { body });

export const api = {
  processes: () => call<{ processes: ProcessSummary[] }>('GET', '/api/processes'),
  version: (processId: string, version: number) => call<{ xml: string; errors: Issue[]; warnings: Issue[] }>('GET', `/api/processes/${processId}/versions/${version}`),
  compare: (processId: string, from: number, to: number) => call<{ added: Elem[]; removed: Elem[]; changed: (Elem & { fields: string[] })[] }>('GET', `/api/processes/${processId}/compare?from=${from}&to=${to}`),
  templates: () => call<unknown[]>('GET', '/api/processes/element-templates'),
  check: (xml: string) => call<{ errors: Issue[]; warnings: Issue[]; deployable: boolean }>('POST', '/api/processes/check', { xml }),
  save: (xml: string, comment: string) => call<{ processId: string; version: number; errors: Issue[]; warnings: Issue[] }>('POST', '/api/processes', { xml, comment }),
  archive: (processId: string, version: number, reason: string) => call<null>('POST', `/api/processes/${processId}/versions/${version}/archive`, { reason }),
  deploy: (processId: string, version: number) => call<{ engineVersion: number; message: { zh: string; en: string }; engineAnswer: unknown }>('POST', `/api/processes/${processId}/versions/${version}/deploy`),
};
