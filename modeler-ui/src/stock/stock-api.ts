import { call } from '../shared/api';

/** 证件预领 (seed 000 §23): where a requisition stands, from the community's request to the serials booked into stock. */
export const REQUISITION_STATUSES = ['requested', 'exchanging', 'allocated', 'mismatch', 'booked', 'refused'] as const;
export type RequisitionStatus = (typeof REQUISITION_STATUSES)[number];
export interface Requisition {
  requisitionNumber: string; communityCode: string; departmentCode: string; certificateType: string; quantity: number;
  status: RequisitionStatus; requestedBy: string; requestedAt: string;
  archiveMismatches: { kind: string; serial: string; applicationNumber: string; message: string }[];
  returnedSerials: string[]; allocatedSerials: string[]; bookedCount: number;
  mismatches: { serials: string[]; at: string }[];
}
export interface CertificateType { certificateType: string; itemCode: string; itemName: string; departmentCode: string; departmentName: string }
export interface Community { code: string; name: string }

/** Where a blank certificate is (seed 000 §24–25); the order is the one the stock book reads in. */
export const SERIAL_STATES = ['in-stock', 'used', 'voided', 'returned', 'allocated'] as const;
export type SerialState = (typeof SERIAL_STATES)[number];
export interface Serial {
  serial: string; certificateType: string; state: SerialState; applicationNumber: string | null; usedAt: string | null;
  requisitionNumber: string | null; voidReason: string | null; voidedBy: string | null; voidedAt: string | null;
}
export interface SerialPage { communityCode: string; total: number; page: number; pageSize: number; states: Record<SerialState, number>; serials: Serial[] }
export interface SerialQuery { communityCode?: string; certificateType?: string; state?: string; q?: string; page: number; pageSize: number }

/** Only serials in stock or on a case can be voided; the platform refuses the rest with its cause. */
export const voidable = (s: Serial) => s.state === 'in-stock' || s.state === 'used';

const query = (q: object) => new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])).toString();

export const stockApi = {
  types: async () => (await call<{ types: CertificateType[] }>('GET', '/api/stock/certificate-types')).types,
  communities: async () => (await call<{ communities: Community[] }>('GET', '/api/stock/communities')).communities,
  requisitions: async () => (await call<{ requisitions: Requisition[] }>('GET', '/api/stock/requisitions')).requisitions,
  requisition: (n: string) => call<Requisition>('GET', `/api/stock/requisitions/${encodeURIComponent(n)}`),
  request: (body: { certificateType: string; quantity: number }) => call<Requisition>('POST', '/api/stock/requisitions', { body }),
  serials: (q: SerialQuery) => call<SerialPage>('GET', `/api/stock/serials?${query(q)}`),
  voidSerial: (serial: string, reason: string) =>
    call<{ voided: string; replacement: string | null }>('POST', `/api/stock/serials/${encodeURIComponent(serial)}/void`, { body: { reason } }),
};

export const STATUS_TYPE: Record<RequisitionStatus, 'info' | 'warning' | 'success' | 'danger' | 'primary'> = {
  requested: 'info', exchanging: 'primary', allocated: 'warning', mismatch: 'danger', booked: 'success', refused: 'danger',
};
export const STATE_TYPE: Record<SerialState, 'info' | 'warning' | 'success' | 'danger' | 'primary'> = {
  'in-stock': 'success', used: 'primary', voided: 'danger', returned: 'info', allocated: 'warning',
};
