import { call, download } from '../shared/api';

/** The audit API as the auditor's page uses it. */
export interface Bilingual { zh: string; en: string }
export interface Person { username: string; realName: string; role: string; unitCode: string | null }
export interface Unit { code: string; name: string; kind: string }
export interface Item { code: string; name: string }
export interface CaseRow {
  applicationNumber: string; itemCode: string | null; itemName: string | null; unit: string | null; filedAt: string; filedBy: string;
  channel: string | null; practice: boolean; status: string | null; statusText: Bilingual | null; currentStep: string | null; outcome: string | null;
}
export interface Entry {
  seq: number; at: string; actor: { kind: string; id: string; role: string | null }; post: string | null; unit: string | null; action: string;
  target: { kind: string; id: string };
  /** the case the entry is about: an application (SQ…) or a certificate requisition (RQ…), as caseKind says */
  caseNumber: string | null; caseKind: 'application' | 'requisition' | null; formatVersion: number;
  itemCode: string | null; outcome: string;
  before: unknown; after: unknown; detail: unknown; hash: string;
}
export interface TimelineEvent {
  at: string; source: 'engine' | 'platform'; action: string; elementId: string | null; elementType: string | null; elementName: string | null;
  step: string | null; actorKind: string | null; actorId: string | null; actorRole: string | null; outcome: string | null; dueDate: string | null;
  summary: string; detail: unknown; seq: number | null;
}
export interface Timeline {
  application: {
    applicationNumber: string; itemCode: string; itemName: string; itemVersion: number; processId: string; status: string; statusText: Bilingual;
    currentStep: string | null; outcome: string | null; filedAt: string;
  };
  diagram: { processId: string; version: number; engineVersion: number; xml: string } | null;
  elements: { elementId: string; state: 'active' | 'completed' | 'terminated' }[];
  deadlines: { step: string; elementId: string | null; warningAt: string | null; dueAt: string | null; redAt: string | null; explanation: string[]; explanationZh: string[] | null }[];
  cards: { level: string; step: string; elementId: string | null; holder: string; at: string }[];
  events: TimelineEvent[];
  people: Record<string, string>;
}
export interface VerifyReport { intact: boolean; entries: number; lastSeq: number | null; headHash: string; broken: { seq: number; problem: string; message: string } | null }

/** Search fields shared by the case list and the trail. */
export interface Filters { actor?: string; unit?: string; itemCode?: string; from?: string; to?: string }

const query = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])).toString();

export const auditApi = {
  directory: () => call<{ people: Person[]; units: Unit[] }>('GET', '/api/audit/directory'),
  items: () => call<{ items: Item[] }>('GET', '/api/items'),
  cases: (f: Filters, page: number, pageSize: number) =>
    call<{ applications: CaseRow[]; total: number }>('GET', `/api/audit/applications?${query({ ...f, page, pageSize })}`),
  entries: (f: Filters, page: number, pageSize: number) =>
    call<{ entries: Entry[]; total: number }>('GET', `/api/audit/entries?${query({ ...f, order: 'desc', offset: (page - 1) * pageSize, limit: pageSize })}`),
  timeline: (applicationNumber: string) => call<Timeline>('GET', `/api/audit/applications/${encodeURIComponent(applicationNumber)}/timeline`),
  verify: () => call<VerifyReport>('GET', '/api/audit/verify'),
  /** The trail of one case (here an application), with the chain proof (json) or as a table (csv). */
  exportCase: (caseNumber: string, format: 'json' | 'csv') =>
    download(`/api/audit/export?${query({ format, caseNumber })}`, `audit-${caseNumber}.${format}`),
};
