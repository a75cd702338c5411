import { DomainError, ErrorKind } from '../shared/domain-error.js';
import type { ApplicationRepository } from '../application/application.repository.js';
import type { StepDeadlineService } from '../deadline/step-deadline.service.js';
import type { EngineHistoryService } from '../engine-history/engine-history.service.js';
import type { Card } from '../escalation/card.model.js';
import type { ProcessVersion } from '../process-model/process-version.model.js';
import type { Task } from '../task/task.model.js';
import type { AuditRepository } from './audit.repository.js';

export interface TimelineEvent {
  at: string; source: 'engine' | 'platform'; action: string; elementId: string | null;
  actor: string | null; summary: string; detail: unknown; seq: number | null;
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
    async timeline(applicationNumber: string) {
      const app = await deps.applications.get(applicationNumber);
      if (!app) throw new DomainError('APPLICATION_NOT_FOUND', ErrorKind.NotFound, `application ${applicationNumber} does not exist`);
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

      const events: TimelineEvent[] = [
        ...engine.map((e) => ({
          at: e.at.toISOString(), source: 'engine' as const, action: e.kind === 'timer.fired' ? 'timer.fired' : `${e.elementType?.toLowerCase() ?? 'element'}.${e.kind.replace('element.', '')}`,
          elementId: e.elementId, actor: 'engine', seq: null,
          summary: e.kind === 'timer.fired' ? `timer fired on ${e.elementId} (due ${e.dueDate?.toISOString() ?? '?'})` : `${e.elementType} ${e.elementId} ${e.kind.replace('element.', '')}`,
          detail: e.dueDate ? { dueDate: e.dueDate.toISOString() } : null,
        })),
        ...entries.map((e) => {
          const d = (e.detail ?? {}) as { step?: string; elementId?: string; level?: string; decision?: string };
          return {
            at: new Date(e.at).toISOString(), source: 'platform' as const, action: e.action, seq: e.seq,
            elementId: d.elementId ?? (d.step ? elementOfStep.get(d.step) ?? null : null), actor: `${e.actor.kind}:${e.actor.id}`,
            summary: [e.action, d.step, d.level, d.decision, e.outcome === 'failure' ? 'FAILED' : null].filter(Boolean).join(' · '),
            detail: { post: e.post, unit: e.unit, before: e.before, after: e.after, detail: e.detail, hash: e.hash },
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
        })),
        cards: cards.map((c) => ({ level: c.level, step: c.step, elementId: elementOfStep.get(c.step) ?? null, holder: c.holder, heldByQueue: c.heldByQueue, at: c.at, dueAt: c.dueAt })),
        events,
      };
    },
  };
}
export type AuditTimelineService = ReturnType<typeof createAuditTimelineService>;
