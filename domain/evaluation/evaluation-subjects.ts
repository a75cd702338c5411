import type { ApplicationRepository } from '../application/application.repository.js';
import { Steps, type Category } from '../shared/constants.js';
import type { Task } from '../task/task.model.js';
import type { SubjectKind } from './evaluation.model.js';

/** An evaluated party: the operator who handled the case at the window, or a department that decided it. */
export interface Party { kind: 'operator' | 'department'; id: string; unitCode: string }

/** What a rating needs to know of its subject, whatever kind of case it is. */
export interface ResolvedSubject {
  itemCode: string;
  /** what the asker sees it as (the item's name, the consultation's topic) */
  title?: string | null;
  /** the account of the person who asked (applicant, consulter, booker); null when they have none (filed at a window) */
  askerUsername: string | null;
  parties: Party[];
  /** when the case ended; null while it is still running (not yet rated) */
  endedAt: Date | null;
  /** the proxy agent who filed it for the asker, who may rate it too */
  agentUsername?: string | null;
  /** the asker's name, kept with a rating given at the window by an asker without an account */
  askerName?: string | null;
  /** the service hall (community) that took the case: whose window evaluator may record its rating */
  windowUnit?: string | null;
}
export type SubjectResolver = (id: string) => Promise<ResolvedSubject | null>;

/**
 * The kinds of case that can be rated. Applications are registered here; consultations and appointments plug
 * in their own resolver with `register` when they exist.
 */
export function createSubjectRegistry() {
  const resolvers = new Map<string, SubjectResolver>();
  return {
    register(kind: SubjectKind, resolver: SubjectResolver) {
      resolvers.set(kind, resolver);
    },
    has: (kind: string) => resolvers.has(kind),
    kinds: () => [...resolvers.keys()],
    async resolve(kind: string, id: string): Promise<ResolvedSubject | null> {
      const resolver = resolvers.get(kind);
      return resolver ? resolver(id) : null;
    },
  };
}
export type SubjectRegistry = ReturnType<typeof createSubjectRegistry>;

/**
 * An application (办件) as a rating subject: the parties are read from its tasks, as the operator records keep
 * them: whoever completed a community step (accept, close, issue) and each department unit that completed a
 * step of its own ("whoever handles it answers for it", seed 004 §37).
 */
export function applicationSubject(deps: { applications: Pick<ApplicationRepository, 'get'>; tasksOf: (caseNumber: string) => Promise<Pick<Task, 'step' | 'unitCode' | 'state' | 'completedBy'>[]> }): SubjectResolver {
  return async (id) => {
    const app = await deps.applications.get(id);
    if (!app) return null;
    const unitOf = new Map<string, string>(Steps[app.category as Category].map((s) => [s.step, s.unit]));
    const parties: Party[] = [];
    const add = (p: Party) => {
      if (!parties.some((q) => q.kind === p.kind && q.id === p.id && q.unitCode === p.unitCode)) parties.push(p);
    };
    const done = (await deps.tasksOf(id)).filter((t) => t.state === 'completed');
    for (const t of done) if (unitOf.get(t.step) === 'community' && t.completedBy) add({ kind: 'operator', id: t.completedBy, unitCode: t.unitCode });
    for (const t of done) if (unitOf.get(t.step) === 'department') add({ kind: 'department', id: t.unitCode, unitCode: t.unitCode });
    // a case refused at the window never reached a department: it answers for nothing then; otherwise the item's department does
    if (!parties.some((p) => p.kind === 'department') && !done.length) add({ kind: 'department', id: app.departmentCode, unitCode: app.departmentCode });
    return {
      itemCode: app.itemCode, title: app.itemName, askerUsername: app.applicantUsername ?? null, agentUsername: app.filedBy && app.filedBy !== app.applicantUsername ? app.filedBy : null,
      askerName: app.applicant?.name ?? null, windowUnit: app.communityCode, parties,
      endedAt: app.status === 'closed' ? app.closedAt ?? null : null,
    };
  };
}
