import { call, download } from '../shared/api';

/** An item's guide as the window needs it: what it is and which materials it asks for. */
export interface Guide {
  code: string; name: string; accepting: boolean;
  category: { code: string; zh: string };
  materials: { name: string; form: string; formZh: string; count: number; required: boolean }[];
  timeLimits: { total: { text: string } };
  department: { name: string };
}

export type ApplicantType = 'individual' | 'enterprise' | 'organisation';
export interface Applicant { type: ApplicantType; name: string; idNumber: string; phone: string }
export interface Filed { applicationNumber: string; queryCode: string; missingMaterials: string[]; status: string }

export interface CaseDetail {
  applicationNumber: string; itemCode: string; itemName: string; status: string; statusText: { zh: string; en: string };
  currentStep: string | null; outcome: string | null; filedAt: string; channel: string; communityCode: string;
  applicant: { type: string; name: string; idNumber: string; phone: string };
  materials: { name: string; provided: boolean }[]; missingMaterials: string[];
  supplementNotice: string | null; supplementMissing: string[];
  files: { material: string; fileName: string; size: number }[];
}

export const DOCUMENTS = { receipt: '受理回执', 'supplement-notice': '一次性告知书', 'refusal-notice': '不予受理通知书' } as const;
export type DocumentName = keyof typeof DOCUMENTS;

/** A personal number shown on screen: only its first three and last four characters, as the platform shows it everywhere. */
import { maskId } from '../shared/format';
export { maskId };
export const maskPhone = maskId;

export const filingApi = {
  guides: () => call<{ guides: Guide[] }>('GET', '/api/guides').then((r) => r.guides.filter((g) => g.accepting)),
  file: (body: { itemCode: string; applicant: Applicant; materials: { name: string; provided: boolean }[]; practice?: boolean }) =>
    call<Filed>('POST', '/api/applications', { body }),
  upload(applicationNumber: string, material: string, file: File) {
    const form = new FormData();
    form.append('file', file, file.name);
    return call<{ material: string; fileName: string }>('POST', `/api/applications/${applicationNumber}/files?material=${encodeURIComponent(material)}`, { form });
  },
  detail: (applicationNumber: string) => call<CaseDetail>('GET', `/api/applications/${encodeURIComponent(applicationNumber)}`),
  supplement: (applicationNumber: string, materials: { name: string; provided: boolean }[]) =>
    call<{ applicationNumber: string; status: string }>('POST', `/api/applications/${applicationNumber}/supplement`, { body: { materials } }),
  print: (applicationNumber: string, document: DocumentName) =>
    download(`/api/applications/${applicationNumber}/documents/${document}.pdf`, `${applicationNumber}-${DOCUMENTS[document]}.pdf`),
};

/** Uploads the chosen scans one by one; the ones that failed come back with the reason, to be tried again. */
export async function uploadAll(applicationNumber: string, files: Record<string, File[]>, messageOf: (err: unknown) => string) {
  const failed: { material: string; file: File; reason: string }[] = [];
  let done = 0;
  for (const [material, list] of Object.entries(files)) {
    for (const file of list) {
      try {
        await filingApi.upload(applicationNumber, material, file);
        done += 1;
      } catch (err) {
        failed.push({ material, file, reason: messageOf(err) });
      }
    }
  }
  return { done, failed };
}
