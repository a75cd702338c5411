import { DomainError, ErrorKind } from '../shared/domain-error.js';
import type { ApplicationRepository } from '../application/application.repository.js';
import type { StepDeadlineService } from '../deadline/step-deadline.service.js';
import type { EngineHistoryService } from '../engine-history/engine-history.service.js';
import type { Card } from '../escalation/card.model.js';
import type { ProcessVersion } from '../process-model/process-version.model.js';
import type { Task } from '../task/task.model.js';
import { AuditAction } from './audit-entry.model.js';
import type { AuditFilter, AuditRepository } from './audit.repository.js';

export interface TimelineEvent {
  at: string; source: 'engine' | 'platform'; action: string; elementId: string | null;
  actor: string | null; summary: string; detail: unknown; seq: number | null;
  /** what a reader needs to say it in words: the element's type and name, the step, who acted (kind, id, role), the outcome */
  elementType: string | null; elementName: string | null; step: string | null;
  actorKind: string | null; actorId: string | null; actorRole: string | null; outcome: string | null; dueDate: string | null;
}

/** A case as an auditor's list shows it: the filing (from the trail) and where the case stands now. */
export interface AuditCase {
  applicationNumber: string; itemCode: string | null; itemName: string | null; unit: string | null; filedAt: string; filedBy: string;
  channel: string | null; practice: boolean; status: string | null; currentStep: string | null; outcome: string | null;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#34;': '"', '&apos;': "'", '&#39;': "'", '&#10;': ' ' };
/** Element id → name, read straight from the model's XML (the timeline names elements as the diagram does). */
export function elementNames(xml: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?\w+\s[^>]*?\bid="([^"]+)"[^>]*?\bname="([^"]*)"/g)) {
    names.set(m[1]!, m[2]!.replace(/&(?:amp|lt|gt|quot|apos|#34|#39|#10);/g, (e) => ENTITIES[e]!));
  }
  return names;
}

/**
 * One application's history for an auditor: what the engine did (elements, timers) merged with the platform's
 * audit entries, each step's deadline derivation, and the cards — placed on the process version it ran on.
 */
export function createAuditTimelineService(deps: {
  applications: ApplicationRepository; audit: AuditRepository; deadlines: StepDeadlineService; history: EngineHistoryService;
  cardsOf(caseNumber: string): Promise<Card[]>; tasksOf(caseNumber: string): Promise<Task[]>;
  modelOf(processId: string, engineVersion: number): Promise<ProcessVersion | null>;
}) {
  return {
    /**
     * The applications on record, newest first, a page at a time: each one's filing as the trail holds it, with
     * where the case stands now. An auditor finds a case here without knowing its number.
     */
    async cases(filter: CaseFilter, page: number, pageSize: number): Promise<{ cases: AuditCase[]; total: number }> {
      // an application's filing is an entry about its case: the application's number is the case number there
      const { applicationNumber, ...rest } = filter;
      const f: AuditFilter = { ...rest, caseNumber: applicationNumber, action: [AuditAction.ApplicationFiled] };
      const [filings, total] = await Promise.all([deps.audit.search(f, pageSize, -1, (page - 1) * pageSize), deps.audit.count(f)]);
      const apps = await Promise.all(filings.map((e) => deps.applications.get(e.caseNumber!)));
      const cases = filings.map((e, i) => {
        const a = apps[i];
        const d = (e.detail ?? {}) as { channel?: string; practice?: boolean };
        return {
          applicationNumber: e.caseNumber!, itemCode: e.itemCode ?? null, itemName: a?.itemName ?? null, unit: e.unit ?? null,
          filedAt: new Date(e.at).toISOString(), filedBy: e.actor.id, channel: d.channel ?? null, practice: d.practice ?? false,
          status: a?.status ?? null, currentStep: a?.currentStep ?? null, outcome: a?.outcome ?? null,
        };
      });
      return { cases, total };
    },

    async timeline(applicationNumber: string) {
      const app = await deps.applications.get(applicationNumber);
      if (!app) throw new DomainError('APPLICATION_NOT_FOUND', ErrorKind.NotFound, { zh: `办件 ${applicationNumber} 不存在`, en: `application ${applicationNumber} does not exist` });
      const [engine, entries, deadlines, cards, tasks] = await Promise.all([
        app.processInstanceKey ? deps.history.ofProcessInstance(app.processInstanceKey) : Promise.resolve([]),
        deps.audit.search({ caseNumber: applicationNumber }, 5000), deps.deadlines.forCase(applicationNumber),
        deps.cardsOf(applicationNumber), deps.tasksOf(applicationNumber),
      ]);
      const engineVersion = engine.find((e) => e.processVersion)?.processVersion ?? tasks.find((t) => t.processDefinitionVersion)?.processDefinitionVersion ?? null;
      const model = engineVersion ? await deps.modelOf(app.processId, engineVersion) : null;

      // Element state on the diagram: the last thing the engine said about each element.
      const state = new Map<string, string>();
      for (const e of engine) {
        if (e.kind === 'timer.fired' || e.elementType === 'PROCESS') continue;
        const now = ({ 'element.activated': 'active', 'element.completed': 'completed', 'element.terminated': 'terminated' } as Record<string, string>)[e.kind];
        if (now && !(state.get(e.elementId) === 'completed' && now === 'terminated')) state.set(e.elementId, now);
      }
      const elementOfStep = new Map(tasks.map((t) => [t.step, t.elementId]));
      const stepOfElement = new Map(tasks.map((t) => [t.elementId, t.step]));
      const names = model ? elementNames(model.xml) : new Map<string, string>();

      const events: TimelineEvent[] = [
        ...engine.map((e) => ({
          at: e.at.toISOString(), source: 'engine' as const, action: e.kind === 'timer.fired' ? 'timer.fired' : `${e.elementType?.toLowerCase() ?? 'element'}.${e.kind.replace('element.', '')}`,
          elementId: e.elementId, actor: 'engine', seq: null,
          summary: e.kind === 'timer.fired' ? `timer fired on ${e.elementId} (due ${e.dueDate?.toISOString() ?? '?'})` : `${e.elementType} ${e.elementId} ${e.kind.replace('element.', '')}`,
          detail: e.dueDate ? { dueDate: e.dueDate.toISOString() } : null,
          elementType: e.elementType ?? null, elementName: names.get(e.elementId) ?? null, step: stepOfElement.get(e.elementId) ?? null,
          actorKind: 'engine', actorId: null, actorRole: null, outcome: null, dueDate: e.dueDate?.toISOString() ?? null,
        })),
        ...entries.map((e) => {
          const d = (e.detail ?? {}) as { step?: string; elementId?: string; level?: string; decision?: string };
          const elementId = d.elementId ?? (d.step ? elementOfStep.get(d.step) ?? null : null);
          return {
            at: new Date(e.at).toISOString(), source: 'platform' as const, action: e.action, seq: e.seq,
            elementId, actor: `${e.actor.kind}:${e.actor.id}`,
            summary: [e.action, d.step, d.level, d.decision, e.outcome === 'failure' ? 'FAILED' : null].filter(Boolean).join(' · '),
            detail: { post: e.post, unit: e.unit, before: e.before, after: e.after, detail: e.detail, hash: e.hash },
            elementType: null, elementName: elementId ? names.get(elementId) ?? null : null, step: d.step ?? null,
            actorKind: e.actor.kind, actorId: e.actor.id, actorRole: e.actor.role ?? null, outcome: e.outcome, dueDate: null,
          };
        }),
      ].sort((a, b) => a.at.localeCompare(b.at) || (a.source === b.source ? 0 : a.source === 'engine' ? -1 : 1));

      return {
        application: {
          applicationNumber, itemCode: app.itemCode, itemName: app.itemName, itemVersion: app.itemVersion, processId: app.processId,
          processInstanceKey: app.processInstanceKey ?? null, status: app.status, currentStep: app.currentStep ?? null, outcome: app.outcome ?? null, filedAt: app.filedAt,
        },
        diagram: model ? { processId: model.processId, version: model.version, engineVersion, xml: model.xml } : null,
        elements: [...state].map(([elementId, s]) => ({ elementId, state: s })),
        deadlines: deadlines.map((d) => ({
          id: d.id, step: d.step, elementId: elementOfStep.get(d.step) ?? null, warningAt: d.warningAt, dueAt: d.dueAt, redAt: d.redAt,
          computedAt: d.computedAt, explanation: (d.derivation as { explanation?: string[] }).explanation ?? [],
          // derivations stored before the Chinese lines existed have only the English ones
          explanationZh: (d.derivation as { explanationZh?: string[] }).explanationZh ?? null,
        })),
        cards: cards.map((c) => ({ level: c.level, step: c.step, elementId: elementOfStep.get(c.step) ?? null, holder: c.holder, heldByQueue: c.heldByQueue, at: c.at, dueAt: c.dueAt })),
        events,
      };
    },
  };
}
export type AuditTimelineService = ReturnType<typeof createAuditTimelineService>;
export interface CaseFilter { applicationNumber?: string; itemCode?: string; unit?: string; actor?: string; from?: Date; to?: Date }
