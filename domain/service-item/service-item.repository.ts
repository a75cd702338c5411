import { ServiceItemModel } from './service-item.model.js';
import type { ServiceItemInput } from './service-item.schema.js';

export interface ServiceItemRecord extends ServiceItemInput { version: number; status: string }

const toRecord = (doc: Record<string, unknown>): ServiceItemRecord => {
  const { _id, createdAt, updatedAt, ...rest } = doc;
  void _id; void createdAt; void updatedAt;
  const plain = (m: unknown) => (m instanceof Map ? Object.fromEntries(m) : m);
  return { ...(rest as unknown as ServiceItemRecord), stepLimits: plain(rest.stepLimits) as ServiceItemRecord['stepLimits'], stepUnits: plain(rest.stepUnits ?? undefined) as ServiceItemRecord['stepUnits'] };
};

export function createServiceItemRepository() {
  return {
    async latest(code: string): Promise<ServiceItemRecord | null> {
      const doc = await ServiceItemModel.findOne({ code }).sort({ version: -1 }).lean();
      return doc ? toRecord(doc as Record<string, unknown>) : null;
    },
    async version(code: string, version: number): Promise<ServiceItemRecord | null> {
      const doc = await ServiceItemModel.findOne({ code, version }).lean();
      return doc ? toRecord(doc as Record<string, unknown>) : null;
    },
    async listPublished(): Promise<ServiceItemRecord[]> {
      const docs = await ServiceItemModel.find({ status: 'published' }).sort({ code: 1, version: -1 }).lean();
      const seen = new Set<string>();
      return docs.filter((d) => !seen.has(d.code) && seen.add(d.code)).map((d) => toRecord(d as Record<string, unknown>));
    },
    /** Stores a first version; an existing code is left as it is (seeding runs on every start). */
    async insertFirstVersion(item: ServiceItemInput): Promise<boolean> {
      const res = await ServiceItemModel.updateOne({ code: item.code, version: 1 }, { $setOnInsert: { ...item, version: 1, status: 'published' } }, { upsert: true });
      return res.upsertedCount === 1;
    },
  };
}
export type ServiceItemRepository = ReturnType<typeof createServiceItemRepository>;
