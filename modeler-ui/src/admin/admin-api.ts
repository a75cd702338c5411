import { call } from '../shared/api';

export type Activation = 'registered' | 'practised' | 'approved' | 'active';
export interface Account {
  username: string; realName: string; role: string; unitCode: string | null; posts: string[]; activated: boolean; mustChangePassword: boolean;
  idNumber: string; activation: Activation; practiceApplication: string | null; loginHeldUntil: string | null;
}
export interface Unit { code: string; name: string; level: string; kind: string; parentCode: string | null }
export interface Backup { post: string; primary: string; backup: string }
export interface NewAccount { username: string; realName: string; idNumber: string; phone: string; role: string; unitCode: string; password: string }

const user = (username: string) => `/api/accounts/${encodeURIComponent(username)}`;

/** What the system administrator reads and does with accounts, posts and backups. */
export const adminApi = {
  accounts: async (filter: { role?: string; unitCode?: string }) => {
    const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
    return (await call<{ accounts: Account[] }>('GET', `/api/accounts${q.toString() ? `?${q}` : ''}`)).accounts;
  },
  units: async () => (await call<{ units: Unit[] }>('GET', '/api/units')).units,
  register: (body: NewAccount) => call<Account>('POST', '/api/accounts', { body }),
  assignPosts: (username: string, posts: string[]) => call<Account>('POST', `${user(username)}/posts`, { body: { posts } }),
  withdrawPost: (username: string, post: string) => call<Account>('DELETE', `${user(username)}/posts/${encodeURIComponent(post)}`),
  resetPassword: (username: string) => call<{ username: string; oneTimePassword: string }>('POST', `${user(username)}/password-reset`),
  backups: async (unitCode: string) => (await call<{ backups: Backup[] }>('GET', `/api/units/${encodeURIComponent(unitCode)}/backups`)).backups,
  setBackup: (unitCode: string, body: Backup) => call<void>('PUT', `/api/units/${encodeURIComponent(unitCode)}/backups`, { body }),
};

/** The posts each operator role may hold, as the platform checks them (seed 000 §26–27). */
export const POSTS_OF_ROLE: Record<string, string[]> = {
  'window-staff': ['acceptor', 'closer', 'stock-keeper'],
  'department-staff': ['reviewer', 'decider', 'approver', 'verifier', 'issuer'],
};
/** Every role, for the list's filter. */
export const ROLES = [
  'window-staff', 'department-staff', 'department-leader', 'business-owner', 'service-office', 'supervisor', 'auditor',
  'network-admin', 'proxy-agent', 'system-admin', 'applicant',
];
/** The roles an administrator registers; applicants register themselves with their real name. */
export const STAFF_ROLES = ROLES.filter((r) => r !== 'applicant');
