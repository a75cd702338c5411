import { Role } from '../account/account.model.js';
import type { ApplicationRecord } from './application.repository.js';

/** Who is reading: the signed-in person's role, name and unit. */
export interface Reader { role: string; username: string; unitCode?: string | null }

/** Whose applications a reader may see; nobody reads another unit's cases. */
export type ReadScope = { all: true } | { applicantUsername: string } | { filedBy: string } | { unitCode: string };

/** The back-office steps whose unit also handles the case. */
export const HANDLING_STEPS = ['review', 'decide', 'approve', 'verify'] as const;

export function readScopeOf(reader: Reader): ReadScope {
  switch (reader.role) {
    case Role.Supervisor:
    case Role.Auditor:
      return { all: true };
    case Role.Applicant:
      return { applicantUsername: reader.username };
    // a proxy agent (代办员) acts for clients, not for a unit: the applications they filed
    case Role.ProxyAgent:
      return { filedBy: reader.username };
    default:
      return { unitCode: reader.unitCode ?? '__none__' };
  }
}

/** Whether the reader may see this application: it is theirs, they filed it, or their unit handles it. */
export function mayRead(reader: Reader, app: Pick<ApplicationRecord, 'applicantUsername' | 'filedBy' | 'communityCode' | 'departmentCode' | 'units'>): boolean {
  const scope = readScopeOf(reader);
  if ('all' in scope) return true;
  if ('applicantUsername' in scope) return app.applicantUsername === scope.applicantUsername;
  if ('filedBy' in scope) return app.filedBy === scope.filedBy;
  const units = Object.values((app.units ?? {}) as unknown as Record<string, string>);
  return app.communityCode === scope.unitCode || app.departmentCode === scope.unitCode || units.includes(scope.unitCode);
}
