import { ApiError, call } from '../shared/api';
import type { Bilingual } from '../shared/api';

export interface Place { code: string; name: string; township: string }
export interface Guide {
  code: string; name: string; status: string; accepting: boolean; notice: Bilingual | null; online: boolean;
  category: { code: string; zh: string }; handlingMode: { code: string; zh: string };
  legalBasis: string; conditions: string[];
  materials: { name: string; formZh: string; count: number; required: boolean }[];
  timeLimits: { total: { text: string }; steps: { step: string; zh: string; text: string }[] };
  department: { code: string; name: string }; fees: string; result: string; deemedApproval: boolean; places: Place[];
}
export interface Summary {
  applicationNumber: string; itemCode: string; itemName: string; category: string; status: string; statusText: Bilingual; currentStep: string | null;
  outcome: string | null; filedAt: string; channel: string; applicant: { type: string; name: string; idNumber: string };
}
export interface Detail extends Summary {
  applicant: { type: string; name: string; idNumber: string; phone: string };
  materials: { name: string; provided: boolean }[]; missingMaterials: string[]; supplementNotice: string | null; supplementMissing: string[];
  files: { material: string; fileName: string; size: number }[];
}
export interface Journey {
  applicationNumber: string; itemName: string; status: string; statusText: Bilingual; filedAt: string; closedAt: string | null; outcome: string | null;
  expected: { dueAt: string | null; limit: { value: number; unit: string } } | null;
  steps: { step: string; state: 'done' | 'open'; startedAt: string; doneAt: string | null; dueAt: string | null; decision: string | null }[];
  notices: { kind: string; at: string; text: string }[];
}
export interface Progress {
  applicationNumber: string; itemName: string; status: string; statusText: Bilingual; currentStep: string | null; dueAt: string | null;
  supplementNotice: string | null; outcome: string | null; filedAt: string; closedAt: string | null;
}
export type ApplicantType = 'individual' | 'enterprise' | 'organisation';
export interface Person { type: ApplicantType; name: string; idNumber: string; phone: string }

/** The case's electronic certificate as its reader sees it (the public fields, its status and where to verify it). */
export interface ECertificate { certificateId: string; verdict: string; verifyUrl: string; fingerprint: string | null }

/** A notice to me: about one of my applications, or about a consultation or an appointment. */
export interface MyNotice { kind: string; at: string; text: string; texted: boolean; applicationNumber: string | null; subject: { kind: string; id: string } | null }

export const portalApi = {
  notices: () => call<{ notices: MyNotice[] }>('GET', '/api/notices/mine').then((r) => r.notices),
  /** null when the case has no electronic certificate (none issued) */
  certificate: (n: string) => call<ECertificate>('GET', `/api/applications/${encodeURIComponent(n)}/certificate`)
    .catch((err: unknown) => { if (err instanceof ApiError && err.status === 404) return null; throw err; }),
  guides: (q?: string) => call<{ guides: Guide[] }>('GET', `/api/guides${q ? `?q=${encodeURIComponent(q)}` : ''}`).then((r) => r.guides),
  guide: (code: string) => call<Guide>('GET', `/api/guides/${encodeURIComponent(code)}`),
  register: (body: { username: string; realName: string; idNumber: string; phone: string; password: string; applicantType: ApplicantType }) =>
    call<unknown>('POST', '/api/accounts/register', { body }),
  file: (body: { itemCode: string; communityCode: string; applicant?: Person; authorisation?: { signedOn: string; validUntil: string }; materials: { name: string; provided: boolean }[] }) =>
    call<{ applicationNumber: string; queryCode: string; missingMaterials: string[]; status: string }>('POST', '/api/applications', { body }),
  upload(applicationNumber: string, material: string, file: File) {
    const form = new FormData();
    form.append('file', file, file.name);
    return call<unknown>('POST', `/api/applications/${applicationNumber}/files?material=${encodeURIComponent(material)}`, { form });
  },
  mine: () => call<{ applications: Summary[] }>('GET', '/api/applications').then((r) => r.applications),
  detail: (n: string) => call<Detail>('GET', `/api/applications/${n}`),
  journey: (n: string) => call<Journey>('GET', `/api/applications/${n}/journey`),
  supplement: (n: string, materials: { name: string; provided: boolean }[]) => call<{ status: string }>('POST', `/api/applications/${n}/supplement`, { body: { materials } }),
  progress: (n: string, secret: string) => call<Progress>('GET', `/api/progress/${encodeURIComponent(n)}?secret=${encodeURIComponent(secret)}`),
};

/** A phone shown masked: the first 3 and last 4 digits. */
export const maskPhone = (p: string) => (p.length >= 11 ? `${p.slice(0, 3)}****${p.slice(-4)}` : p.replace(/\d(?=\d{4})/g, '*'));
/** An ID number or credit code shown masked: the first 3 and last 4 characters. */
import { maskId } from '../shared/format';
export { maskId };
