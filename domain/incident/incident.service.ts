import { CaseKind } from '../shared/constants.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { ActorKind, AuditAction } from '../audit/audit-entry.model.js';
import { engineActor, type AuditInput, type AuditService } from '../audit/audit.service.js';
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
  // A resolution interrupted by a stop: the engine reports every incident it resolves, so one still open by the
  // time the mending looks was not resolved.
  deps.audit?.settleWith(AuditAction.IncidentResolved, async (input) => {
    const incident = await incidents.get(input.target.id);
    return incident?.state === 'resolved' ? { done: true } : { done: false, why: `the incident is ${incident?.state ?? 'gone'}; the engine did not resolve it` };
  });
  const raisedKey = (incidentKey: string) => `incident-raised:${incidentKey}`;
  const raisedEntry = (i: Omit<Incident, 'resolvedAt'>): AuditInput => ({
    at: i.createdAt, actor: engineActor, action: AuditAction.IncidentRaised, target: { kind: 'incident', id: i.incidentKey },
    caseNumber: i.applicationNumber ?? null, caseKind: i.applicationNumber ? CaseKind.Application : null, outcome: 'failure',
    detail: { elementId: i.elementId, errorType: i.errorType, errorMessage: (i.errorMessage ?? '').slice(0, 2000), processInstanceKey: i.processInstanceKey },
  });
  return {
    /** An administrator resolves an incident once its cause is fixed: the engine runs the job again. */
    async resolve(incidentKey: string, by: { username: string; role: string | null }, retries: number, now: Date): Promise<void> {
      const incident = await incidents.get(incidentKey);
      if (!incident) throw new DomainError('INCIDENT_NOT_FOUND', ErrorKind.NotFound, { zh: `事件 ${incidentKey} 不存在`, en: `incident ${incidentKey} does not exist` });
      if (incident.state !== 'open') throw new DomainError('INCIDENT_RESOLVED', ErrorKind.Conflict, { zh: `事件 ${incidentKey} 已经解决`, en: `incident ${incidentKey} is resolved already` });
      if (!deps.engine) throw new Error('no engine to resolve incidents with');
      const entry = await deps.audit?.intend({
        at: now, actor: { kind: ActorKind.User, id: by.username, role: by.role }, action: AuditAction.IncidentResolved,
        target: { kind: 'incident', id: incidentKey }, caseNumber: incident.applicationNumber ?? null, caseKind: incident.applicationNumber ? CaseKind.Application : null,
        before: { state: 'open' }, after: { state: 'resolved', retries },
        detail: { elementId: incident.elementId, errorType: incident.errorType, errorMessage: incident.errorMessage, processInstanceKey: incident.processInstanceKey },
      });
      try {
        await deps.engine.resolveIncident(incidentKey, retries);
      } catch (err) {
        if (entry) await deps.audit?.forget(entry);
        throw err;
      }
      await incidents.markResolved(incidentKey, now);
      if (entry) await deps.audit?.record(entry);
    },
    /** Records a created incident, or marks it resolved; repeats change nothing. */
    async applyEngineEvent(event: EngineEvent): Promise<'applied' | 'ignored'> {
      if (!event.incident) return 'ignored';
      const v = { processInstanceKey: event.processInstanceKey, bpmnProcessId: event.processId, elementId: event.elementId, errorType: event.incident.errorType, errorMessage: event.incident.message };
      const key = event.incident.key;
      if (event.kind === 'incident.raised') {
        const app = await deps.applications.byProcessInstance(String(v.processInstanceKey));
        const incident = {
          incidentKey: key, processInstanceKey: v.processInstanceKey, applicationNumber: app?.applicationNumber ?? null,
          bpmnProcessId: v.bpmnProcessId, elementId: v.elementId, errorType: v.errorType, errorMessage: v.errorMessage,
          state: 'open' as const, createdAt: event.at,
        };
        if (!(await incidents.insert(incident))) {
          // delivered again: the first delivery stored the incident but may have stopped before its entry
          const known = await incidents.get(key);
          if (known) await deps.audit?.recordMissing(raisedKey(key), new Date(), () => raisedEntry(known));
          return 'ignored';
        }
        await deps.audit?.record({ ...raisedEntry(incident), key: raisedKey(key) });
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
