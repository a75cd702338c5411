import { isDuplicateKey } from '../shared/domain-error.js';
import type { ApplicationRepository } from '../application/application.repository.js';
import { IncidentModel, type Incident } from './incident.model.js';

export interface IncidentEvent {
  key: string;
  intent: string;
  timestamp: number;
  value: { processInstanceKey: string; bpmnProcessId: string; elementId: string; errorType: string; errorMessage: string };
}

export function createIncidentService(deps: { applications: ApplicationRepository }) {
  return {
    /** Records a created incident, or marks it resolved; repeats change nothing. */
    async applyEngineEvent(event: IncidentEvent): Promise<'applied' | 'ignored'> {
      const v = event.value;
      if (event.intent === 'CREATED') {
        const app = await deps.applications.byProcessInstance(String(v.processInstanceKey));
        try {
          await IncidentModel.create({
            incidentKey: event.key, processInstanceKey: v.processInstanceKey, applicationNumber: app?.applicationNumber ?? null,
            bpmnProcessId: v.bpmnProcessId, elementId: v.elementId, errorType: v.errorType, errorMessage: v.errorMessage,
            state: 'open', createdAt: new Date(event.timestamp),
          });
          return 'applied';
        } catch (err) {
          if (isDuplicateKey(err)) return 'ignored';
          throw err;
        }
      }
      if (event.intent === 'RESOLVED') {
        const r = await IncidentModel.updateOne({ incidentKey: event.key, state: 'open' }, { $set: { state: 'resolved', resolvedAt: new Date(event.timestamp) } });
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
