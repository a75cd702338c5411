import { isDuplicateKey } from '../shared/domain-error.js';
import { IncidentModel, type Incident } from './incident.model.js';

export type IncidentRecord = Incident;

export function createIncidentRepository() {
  return {
    async get(incidentKey: string): Promise<IncidentRecord | null> {
      return IncidentModel.findOne({ incidentKey }, { _id: 0 }).lean<IncidentRecord>();
    },

    /** Stores a raised incident; false when it is stored already (the event came twice). */
    async insert(incident: Omit<IncidentRecord, 'resolvedAt'>): Promise<boolean> {
      try {
        await IncidentModel.create(incident);
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },

    /** Marks an open incident resolved; false when it was resolved already. */
    async markResolved(incidentKey: string, at: Date): Promise<boolean> {
      const r = await IncidentModel.updateOne({ incidentKey, state: 'open' }, { $set: { state: 'resolved', resolvedAt: at } });
      return r.modifiedCount === 1;
    },

    /** Newest first. */
    async list(state: 'open' | 'resolved' | 'all', limit: number): Promise<IncidentRecord[]> {
      return IncidentModel.find(state === 'all' ? {} : { state }, { _id: 0 }).sort({ createdAt: -1 }).limit(limit).lean<IncidentRecord[]>();
    },

    /** Oldest first, as they wait for an administrator. */
    async open(): Promise<IncidentRecord[]> {
      return IncidentModel.find({ state: 'open' }, { _id: 0 }).sort({ createdAt: 1 }).lean<IncidentRecord[]>();
    },

    async ofProcessInstance(processInstanceKey: string): Promise<IncidentRecord[]> {
      return IncidentModel.find({ processInstanceKey }, { _id: 0 }).lean<IncidentRecord[]>();
    },
  };
}
export type IncidentRepository = ReturnType<typeof createIncidentRepository>;
