import { isDuplicateKey } from '../shared/domain-error.js';
import type { ApplicationRepository } from '../application/application.repository.js';
import { IncidentModel, type Incident } from './incident.model.js';
import type { EngineEvent } from '../engine/engine.port.js';

export function createIncidentService(deps: { applications: ApplicationRepository }) {
  return {
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
    async open(): Promise<Incident[]> {
      return IncidentModel.find({ state: 'open' }, { _id: 0 }).sort({ createdAt: 1 }).lean<Incident[]>();
    },
    async ofProcessInstance(processInstanceKey: string): Promise<Incident[]> {
      return IncidentModel.find({ processInstanceKey }, { _id: 0 }).lean<Incident[]>();
    },
  };
}
export type IncidentService = ReturnType<typeof createIncidentService>;
