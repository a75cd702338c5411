import { call } from '../shared/api';

export interface Limit { value: number; unit: 'working-days' | 'working-hours' }
export interface Material { name: string; form: 'original' | 'copy' | 'original-and-copy'; count: number; required: boolean }
/** The standard elements of an item (seed 002 §13, 004 §7–12), as the API takes them. */
export interface ItemElements {
  code: string; name: string; legalBasis: string; category: string; handlingMode: string; conditions: string[]; materials: Material[];
  stepLimits: Record<string, Limit>; totalLimit: Limit; departmentCode: string; stepUnits?: Record<string, string>; fees: string; result: string;
  certificateType: string; processId: string; deemedApproval: boolean;
}
export const ELEMENT_KEYS: (keyof ItemElements)[] = [
  'code', 'name', 'legalBasis', 'category', 'handlingMode', 'conditions', 'materials', 'stepLimits', 'totalLimit', 'departmentCode', 'stepUnits',
  'fees', 'result', 'certificateType', 'processId', 'deemedApproval',
];
export type ItemStatus = 'draft' | 'published' | 'suspended' | 'terminated';
export interface CatalogueItem { code: string; name: string; version: number; status: ItemStatus; category: string; departmentCode: string; pendingRequest: string | null }
export interface ItemVersion extends ItemElements { version: number; status: ItemStatus; current: boolean; requestId: string | null; createdAt: string | null }
export type Kind = 'open' | 'change' | 'suspend' | 'resume' | 'terminate';
export interface Person { username: string; role: string }
export interface ChangeRequest {
  requestId: string; itemCode: string; kind: Kind; status: 'pending' | 'approving' | 'approved' | 'rejected'; baseVersion: number | null; resultVersion: number | null;
  fromStatus: string | null; toStatus: string; reason: string; changes: string[]; item: ItemElements | null; proposedBy: Person; proposedAt: string;
  decidedBy: Person | null; decidedAt: string | null; comment: string | null;
}
export interface ItemHistory { code: string; status: ItemStatus; currentVersion: number; versions: ItemVersion[]; changeRequests: ChangeRequest[] }
export type Decision = 'keep' | 'adjust' | 'withdraw';
export interface Evaluation { itemCode: string; year: number; itemVersion: number; itemStatus: string; demand: string; volume: number; problems: string[]; decision: Decision; by: Person; at: string }

const item = (code: string) => `/api/items/${encodeURIComponent(code)}`;
const request = (id: string) => `/api/change-requests/${encodeURIComponent(id)}`;

/** The catalogue's governance as the service office and business owners use it (seed 004 §12, 000 §16). */
export const officeApi = {
  items: async () => (await call<{ items: CatalogueItem[] }>('GET', '/api/items')).items,
  item: (code: string) => call<ItemHistory>('GET', item(code)),
  pending: async () => (await call<{ changeRequests: ChangeRequest[] }>('GET', '/api/change-requests?status=pending')).changeRequests,
  propose: (code: string, body: { kind: Kind; reason: string; item?: ItemElements }) => call<ChangeRequest>('POST', `${item(code)}/change-requests`, { body }),
  approve: (id: string, comment?: string) => call<ChangeRequest>('POST', `${request(id)}/approve`, { body: comment ? { comment } : {} }),
  reject: (id: string, comment: string) => call<ChangeRequest>('POST', `${request(id)}/reject`, { body: { comment } }),
  evaluations: async (code: string) => (await call<{ evaluations: Evaluation[] }>('GET', `${item(code)}/evaluations`)).evaluations,
  evaluate: (code: string, body: { year: number; demand: string; problems: string[]; decision: Decision }) => call<Evaluation>('POST', `${item(code)}/evaluations`, { body }),
};

/** What may be proposed from each status (the platform's transitions). */
export const KINDS_FROM: Record<ItemStatus, Kind[]> = {
  draft: ['open'], published: ['change', 'suspend', 'terminate'], suspended: ['resume', 'terminate'], terminated: [],
};
export const STATUS_TYPE: Record<string, 'info' | 'success' | 'warning' | 'danger'> = { draft: 'info', published: 'success', suspended: 'warning', terminated: 'danger' };
export const REQUEST_TYPE: Record<string, 'info' | 'success' | 'warning' | 'danger'> = { pending: 'warning', approving: 'warning', approved: 'success', rejected: 'danger' };

/** Only the standard elements of a version, as a proposal sends them. */
export function elementsOf(v: ItemElements): ItemElements {
  const out: Record<string, unknown> = {};
  for (const k of ELEMENT_KEYS) if (v[k] !== undefined && v[k] !== null) out[k] = JSON.parse(JSON.stringify(v[k]));
  return out as unknown as ItemElements;
}
