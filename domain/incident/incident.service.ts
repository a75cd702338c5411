import { DomainError, ErrorKind, isDuplicateKey } from '../shared/domain-error.js';
import { ActorKind, AuditAction } from '../audit/audit-entry.model.js';
import { engineActor, type AuditService } from '../audit/audit.service.js';
import type { ApplicationRepository } from '../application/application.repository.js';
import { IncidentModel, type Incident } from './incident.model.js';
import type { EngineEvent } from '../engine/engine.port.js';

export function createIncidentService(deps: {
  applications: ApplicationRepository;
  /** the engine's command that gives a failed job its retries back */
  engine?: { resolveIncident(incidentKey: string, retries?: number): Promise<void> };
  audit?: AuditService;
}) {
  return {
    /** An administrator resolves an incident once its cause is fixed: the engine runs the job again. */
    async resolve(incidentKey: string, by: { username: string; role: string | null }, retries: number, now: Date): Promise<void> {
      const incident = await IncidentModel.findOne({ incidentKey }, { _id: 0 }).lean<Incident>();
      if (!incident) throw new DomainError('INCIDENT_NOT_FOUND', ErrorKind.NotFound, `incident ${incidentKey} does not exist`, undefined, `事件 ${incidentKey} 不存在`);
      if (incident.state !== 'open') throw new DomainError('INCIDENT_RESOLVED', ErrorKind.Conflict, `incident ${incidentKey} is resolved already`, undefined, `事件 ${incidentKey} 已经解决`);
      if (!deps.engine) throw new Error('no engine to resolve incidents with');
      await deps.engine.resolveIncident(incidentKey, retries);
      await IncidentModel.updateOne({ incidentKey, state: 'open' }, { $set: { state: 'resolved', resolvedAt: now } });
      await deps.audit?.record({
        at: now, actor: { kind: ActorKind.User, id: by.username, role: by.role }, action: AuditAction.IncidentResolved, key: `incident-resolved:${incidentKey}`,
        target: { kind: 'incident', id: incidentKey }, applicationNumber: incident.applicationNumber ?? null,
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
        try {
          await IncidentModel.create({
            incidentKey: key, processInstanceKey: v.processInstanceKey, applicationNumber: app?.applicationNumber ?? null,
            bpmnProcessId: v.bpmnProcessId, elementId: v.elementId, errorType: v.errorType, errorMessage: v.errorMessage,
            state: 'open', createdAt: event.at,
          });
          await deps.audit?.record({
            at: event.at, actor: engineActor, action: AuditAction.IncidentRaised, key: `incident-raised:${key}`, target: { kind: 'incident', id: key },
            applicationNumber: app?.applicationNumber ?? null, outcome: 'failure',
            detail: { elementId: v.elementId, errorType: v.errorType, errorMessage: v.errorMessage.slice(0, 2000), processInstanceKey: v.processInstanceKey },
          });
          return 'applied';
        } catch (err) {
          if (isDuplicateKey(err)) return 'ignored';
          throw err;
        }
      }
      if (event.kind === 'incident.resolved') {
        const r = await IncidentModel.updateOne({ incidentKey: key, state: 'open' }, { $set: { state: 'resolved', resolvedAt: event.at } });
        return r.modifiedCount === 1 ? 'applied' : 'ignored';
      }
      return 'ignored';
    },
    async list(state: 'open' | 'resolved' | 'all', limit = 200): Promise<Incident[]> {
      return IncidentModel.find(state === 'all' ? {} : { state }, { _id: 0 }).sort({ createdAt: -1 }).limit(limit).lean<Incident[]>();
    },
    async open(): Promise<Incident[]> {
      return IncidentModel.find({ state: 'open' }, { _id: 0 }).sort({ createdAt: 1 }).lean<Incident[]>();
    },
    async ofProcessInstance(processInstanceKey: string): Promise<Incident[]> {
      return IncidentModel.find({ processInstanceKey }, { _id: 0 }).lean<Incident[]>();
    },
  };
}
export type IncidentService = ReturnType<typeof createIncidentService>;
