import { CaseKind } from '../shared/constants.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { ActorKind, AuditAction } from '../audit/audit-entry.model.js';
import { engineActor, type AuditService } from '../audit/audit.service.js';
import type { ApplicationRepository } from '../application/application.repository.js';
import type { IncidentRecord as Incident, IncidentRepository } from './incident.repository.js';
import type { EngineEvent } from '../engine/engine.port.js';

export function createIncidentService(deps: {
  incidents: IncidentRepository;
  applications: ApplicationRepository;
  /** the engine's command that gives a failed job its retries back */
  engine?: { resolveIncident(incidentKey: string, retries?: number): Promise<void> };
  audit?: AuditService;
}) {
  const { incidents } = deps;
  return {
    /** An administrator resolves an incident once its cause is fixed: the engine runs the job again. */
    async resolve(incidentKey: string, by: { username: string; role: string | null }, retries: number, now: Date): Promise<void> {
      const incident = await incidents.get(incidentKey);
      if (!incident) throw new DomainError('INCIDENT_NOT_FOUND', ErrorKind.NotFound, `incident ${incidentKey} does not exist`, undefined, `事件 ${incidentKey} 不存在`);
      if (incident.state !== 'open') throw new DomainError('INCIDENT_RESOLVED', ErrorKind.Conflict, `incident ${incidentKey} is resolved already`, undefined, `事件 ${incidentKey} 已经解决`);
      if (!deps.engine) throw new Error('no engine to resolve incidents with');
      await deps.engine.resolveIncident(incidentKey, retries);
      await incidents.markResolved(incidentKey, now);
      await deps.audit?.record({
        at: now, actor: { kind: ActorKind.User, id: by.username, role: by.role }, action: AuditAction.IncidentResolved, key: `incident-resolved:${incidentKey}`,
        target: { kind: 'incident', id: incidentKey }, caseNumber: incident.applicationNumber ?? null, caseKind: incident.applicationNumber ? CaseKind.Application : null,
        before: { state: 'open' }, after: { state: 'resolved', retries },
        detail: { elementId: incident.elementId, errorType: incident.errorType, errorMessage: incident.errorMessage, processInstanceKey: incident.processInstanceKey },
      });
    },
    /** Records a created incident, or marks it resolved; repeats change nothing. */
    async applyEngineEvent(event: EngineEvent): Promise<'applied' | 'ignored'> {
      if (!event.incident) return 'ignored';
      const v = { processInstanceKey: event.processInstanceKey, bpmnProcessId: event.processId, elementId: event.elementId, errorType: event.incident.errorType, errorMessage: event.incident.message };
      const key = event.incident.key;
      if (event.kind === 'incident.raised') {
        const app = await deps.applications.byProcessInstance(String(v.processInstanceKey));
        const stored = await incidents.insert({
          incidentKey: key, processInstanceKey: v.processInstanceKey, applicationNumber: app?.applicationNumber ?? null,
          bpmnProcessId: v.bpmnProcessId, elementId: v.elementId, errorType: v.errorType, errorMessage: v.errorMessage,
          state: 'open', createdAt: event.at,
        });
        if (!stored) return 'ignored';
        await deps.audit?.record({
          at: event.at, actor: engineActor, action: AuditAction.IncidentRaised, key: `incident-raised:${key}`, target: { kind: 'incident', id: key },
          caseNumber: app?.applicationNumber ?? null, caseKind: app ? CaseKind.Application : null, outcome: 'failure',
          detail: { elementId: v.elementId, errorType: v.errorType, errorMessage: v.errorMessage.slice(0, 2000), processInstanceKey: v.processInstanceKey },
        });
        return 'applied';
      }
      if (event.kind === 'incident.resolved') {
        return (await incidents.markResolved(key, event.at)) ? 'applied' : 'ignored';
      }
      return 'ignored';
    },
    async list(state: 'open' | 'resolved' | 'all', limit = 200): Promise<Incident[]> {
      return incidents.list(state, limit);
    },
    async open(): Promise<Incident[]> {
      return incidents.open();
    },
    async ofProcessInstance(processInstanceKey: string): Promise<Incident[]> {
      return incidents.ofProcessInstance(processInstanceKey);
    },
  };
}
export type IncidentService = ReturnType<typeof createIncidentService>;
