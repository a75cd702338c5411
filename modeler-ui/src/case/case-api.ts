import { call } from '../shared/api';
import type { TaskRow } from '../todo/task-view';
import type { FormComponent } from './step-body';

export interface ApplicationDetail {
  applicationNumber: string; itemCode: string; itemName: string; category: string; communityCode: string; channel: string; practice: boolean;
  status: string; statusText: { zh: string; en: string }; currentStep: string | null; outcome: string | null; filedAt: string;
  applicant: { type: string; name: string; idNumber: string; phone: string };
  /** 代办: the proxy agent and the applicant's authorisation */
  proxy?: { agent: string; signedOn: string; validUntil: string; letterUploaded: boolean } | null;
  materials: { name: string; provided: boolean }[]; missingMaterials: string[]; units: Record<string, string>;
  supplementNotice: string | null; printSerial: string | null; documentNumber: string | null;
  deemedApprovals: { step: string; at: string }[];
  legalDeadline: { dueAt: string | null; explanation: string[] } | null;
  files: { material: string; fileName: string; contentType: string; size: number; sha256: string }[];
}
export interface StepRecord {
  userTaskKey: string; step: string; by: string | null; at: string | null; decision: string | null; opinion: string | null;
  reasons: string[]; details: Record<string, string>;
}
export interface TaskForm { userTaskKey: string; step: string; formId: string; schema: { id: string; components: FormComponent[] }; data: Record<string, unknown> }

export const getApplication = (n: string) => call<ApplicationDetail>('GET', `/api/applications/${encodeURIComponent(n)}`);
/** The open tasks of a case (an application or a certificate requisition) in the operator's reach. */
export const caseTasks = (n: string) => call<{ tasks: TaskRow[] }>('GET', `/api/tasks?scope=all&caseNumber=${encodeURIComponent(n)}`).then((r) => r.tasks);
/** The steps done on an application (only applications keep a step history here). */
export const stepHistory = (n: string) => call<{ steps: StepRecord[] }>('GET', `/api/tasks/history?applicationNumber=${encodeURIComponent(n)}`).then((r) => r.steps);
export const taskForm = (key: string) => call<TaskForm>('GET', `/api/tasks/${encodeURIComponent(key)}/form`);
export const completeTask = (key: string, body: Record<string, unknown>) => call<void>('POST', `/api/tasks/${encodeURIComponent(key)}/complete`, { body });
export interface TransferTarget { code: string; name: string; level: string }
/** Where a mis-routed step of mine may go (转办), and the transfer itself. */
export const transferTargets = (key: string) => call<TransferTarget[]>('GET', `/api/tasks/${encodeURIComponent(key)}/transfer-targets`);
export const transferTask = (key: string, to: string, reason: string) => call<unknown>('POST', `/api/tasks/${encodeURIComponent(key)}/transfer`, { body: { to, reason } });

/** Opens an uploaded material in a new tab (the file is fetched with the session's token). */
export async function openFile(userTaskKey: string, sha256: string) {
  const tab = window.open('', '_blank');
  const res = await call<Response>('GET', `/api/tasks/${encodeURIComponent(userTaskKey)}/files/${sha256}`, { raw: true });
  const url = URL.createObjectURL(await res.blob());
  if (tab) tab.location.href = url;
  else window.location.assign(url);
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Personal data stays masked on screen: 420***********1234, 138****0000. */
import { maskId } from '../shared/format';
export { maskId };
export const maskPhone = (p: string) => (p.length >= 11 ? `${p.slice(0, 3)}****${p.slice(-4)}` : p.replace(/\d(?=\d{2})/g, '*'));
