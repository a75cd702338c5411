import type { UpdateQuery } from 'mongoose';
import { ApplicationModel, type Application } from './application.model.js';

export type ApplicationRecord = Application & { createdAt?: Date; updatedAt?: Date };

export function createApplicationRepository() {
  return {
    async insert(app: Record<string, unknown>): Promise<void> {
      await ApplicationModel.create(app);
    },
    async get(applicationNumber: string): Promise<ApplicationRecord | null> {
      return ApplicationModel.findOne({ applicationNumber }, { _id: 0 }).lean<ApplicationRecord>();
    },
    async byProcessInstance(processInstanceKey: string): Promise<ApplicationRecord | null> {
      return ApplicationModel.findOne({ processInstanceKey }, { _id: 0 }).lean<ApplicationRecord>();
    },
    /** Applies an update only where the filter still holds; returns the document after it, or null. */
    async update(applicationNumber: string, update: UpdateQuery<Application>, guard: Record<string, unknown> = {}): Promise<ApplicationRecord | null> {
      return ApplicationModel.findOneAndUpdate({ applicationNumber, ...guard }, update, { new: true, projection: { _id: 0 } }).lean<ApplicationRecord>();
    },
  };
}
export type ApplicationRepository = ReturnType<typeof createApplicationRepository>;
