import { call } from '../shared/api';

export interface Limit { value: number; unit: string }
export interface PackageItem { code: string; name: string; departmentCode: string; departmentName: string; totalLimit: Limit }
export interface ServicePackage { code: string; name: string; version: number; status: string; description: string; leadDepartment: string; leadDepartmentName: string; totalLimit: Limit; items: PackageItem[] }
export interface PackageForm extends ServicePackage { materials: { name: string; form: string; count: number; required: boolean; items: string[] }[] }
export interface Branch {
  n: number; itemCode: string; itemName: string; departmentCode: string; departmentName: string; unit: string; deemedApproval: boolean;
  decision: string | null; reasons: string[]; state: 'waiting' | 'open' | 'done'; userTaskKey: string | null; assignee: string | null; dueAt: string | null;
}
export interface PackageCase {
  packageNumber: string; packageCode: string; packageName: string; leadDepartment: string; channel: string; applicant: { name: string; idNumber: string };
  communityCode: string; status: string; filedAt: string; acceptedAt: string | null; acceptedBy: string | null; outcome: string | null;
  answer: { zh: string; en: string } | null; answeredAt: string | null; branches: Branch[];
}
export interface ChangeRequest {
  requestId: string; packageCode: string; kind: string; status: string; reason: string; changes: string[]; package: Record<string, unknown> | null;
  proposedBy: { username: string }; proposedAt: string; decidedBy: { username: string } | null; comment: string | null;
}

export const packageApi = {
  list: () => call<{ packages: ServicePackage[] }>('GET', '/api/packages').then((r) => r.packages),
  form: (code: string) => call<PackageForm>('GET', `/api/packages/${encodeURIComponent(code)}`),
  file: (body: Record<string, unknown>) => call<PackageCase>('POST', '/api/package-applications', { body }),
  get: (n: string) => call<PackageCase>('GET', `/api/package-applications/${encodeURIComponent(n)}`),
  mine: () => call<{ cases: PackageCase[] }>('GET', '/api/package-applications/mine').then((r) => r.cases),
  unit: () => call<{ cases: PackageCase[] }>('GET', '/api/package-applications/unit').then((r) => r.cases),
  requests: (status?: string) => call<{ requests: ChangeRequest[] }>('GET', `/api/package-requests${status ? `?status=${status}` : ''}`).then((r) => r.requests),
  propose: (code: string, body: Record<string, unknown>) => call<ChangeRequest>('POST', `/api/packages/${encodeURIComponent(code)}/requests`, { body }),
  approve: (id: string, comment?: string) => call<ChangeRequest>('POST', `/api/package-requests/${id}/approve`, { body: comment ? { comment } : {} }),
  reject: (id: string, comment: string) => call<ChangeRequest>('POST', `/api/package-requests/${id}/reject`, { body: { comment } }),
  claim: (key: string) => call<unknown>('POST', `/api/tasks/${encodeURIComponent(key)}/claim`),
  complete: (key: string, body: Record<string, unknown>) => call<void>('POST', `/api/tasks/${encodeURIComponent(key)}/complete`, { body }),
};
