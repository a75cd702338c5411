import { call } from '../shared/api';

export type Mark = 'none' | 'warning' | 'yellow' | 'red';
export interface UnitTask {
  userTaskKey: string; caseNumber: string | null; caseKind: 'application' | 'requisition' | null; itemCode: string | null; step: string; post: string; state: string;
  assignee: string | null; practice: boolean; createdAt: string; dueAt: string | null; escalation: Mark;
}
/** open tasks of a post and holder; warning counts every task past its warning, yellow those past due, red those past the red mark */
export interface WorkloadRow { post: string; assignee: string | null; open: number; warning: number; yellow: number; red: number }
export interface UnitAccount {
  username: string; realName: string; role: string; unitCode: string | null; posts: string[]; activated: boolean;
  activation: 'registered' | 'practised' | 'approved' | 'active'; practiceApplication: string | null;
}
export interface Backup { post: string; primary: string; backup: string }

const unit = (code: string) => `/api/units/${encodeURIComponent(code)}`;

/** What a department leader reads and does in their unit. */
export const leaderApi = {
  accounts: async () => (await call<{ accounts: UnitAccount[] }>('GET', '/api/accounts')).accounts,
  approve: (username: string) => call<void>('POST', `/api/accounts/${encodeURIComponent(username)}/approve`),
  tasks: (unitCode: string) => call<{ tasks: UnitTask[]; workload: WorkloadRow[] }>('GET', `${unit(unitCode)}/tasks`),
  backups: async (unitCode: string) => (await call<{ backups: Backup[] }>('GET', `${unit(unitCode)}/backups`)).backups,
  handOver: (userTaskKey: string, to: string, reason: string) =>
    call<UnitTask>('POST', `/api/tasks/${encodeURIComponent(userTaskKey)}/handover`, { body: { to, reason } }),
};

/** The open tasks of every row added up, and how many passed each mark. */
export function workloadTotals(rows: WorkloadRow[]) {
  return rows.reduce((s, r) => ({ open: s.open + r.open, warning: s.warning + r.warning, yellow: s.yellow + r.yellow, red: s.red + r.red }), { open: 0, warning: 0, yellow: 0, red: 0 });
}

export const OPERATOR_ROLES = ['window-staff', 'department-staff'];
