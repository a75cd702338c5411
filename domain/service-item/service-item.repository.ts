import { isDuplicateKey } from '../shared/domain-error.js';
import { op } from '../shared/trusted.js';
import { ItemStatus, ServiceItemModel } from './service-item.model.js';
import type { ServiceItemInput } from './service-item.schema.js';

export interface ServiceItemRecord extends ServiceItemInput {
  version: number; status: string; requestId?: string | null; lastRequestId?: string | null; createdAt?: Date; updatedAt?: Date;
}

const toRecord = (doc: Record<string, unknown>): ServiceItemRecord => {
  const { _id, ...rest } = doc;
  void _id;
  const plain = (m: unknown) => (m instanceof Map ? Object.fromEntries(m) : m);
  return { ...(rest as unknown as ServiceItemRecord), stepLimits: plain(rest.stepLimits) as ServiceItemRecord['stepLimits'], stepUnits: plain(rest.stepUnits ?? undefined) as ServiceItemRecord['stepUnits'] };
};

/** The update that makes a version carry exactly these elements (an absent stepUnits is removed, not kept). */
const elements = (item: ServiceItemInput, set: Record<string, unknown>) => ({
  $set: { ...item, ...set },
  ...(item.stepUnits === undefined ? { $unset: { stepUnits: 1 } } : {}),
});

export function createServiceItemRepository() {
  /** The newest version of every item, whatever its status (the catalogue is small: one read). */
  async function listLatest(): Promise<ServiceItemRecord[]> {
    const docs = await ServiceItemModel.find({}).sort({ code: 1, version: -1 }).lean();
    const seen = new Set<string>();
    return docs.filter((d) => !seen.has(d.code) && seen.add(d.code)).map((d) => toRecord(d as Record<string, unknown>));
  }

  return {
    async latest(code: string): Promise<ServiceItemRecord | null> {
      const doc = await ServiceItemModel.findOne({ code }).sort({ version: -1 }).lean();
      return doc ? toRecord(doc as Record<string, unknown>) : null;
    },
    async version(code: string, version: number): Promise<ServiceItemRecord | null> {
      const doc = await ServiceItemModel.findOne({ code, version }).lean();
      return doc ? toRecord(doc as Record<string, unknown>) : null;
    },
    /** Every version of an item, oldest first. */
    async versions(code: string): Promise<ServiceItemRecord[]> {
      const docs = await ServiceItemModel.find({ code }).sort({ version: 1 }).lean();
      return docs.map((d) => toRecord(d as Record<string, unknown>));
    },
    listLatest,
    /** Items whose newest version is published: an older published version of a suspended item does not count. */
    async listPublished(): Promise<ServiceItemRecord[]> {
      return (await listLatest()).filter((i) => i.status === ItemStatus.Published);
    },
    /** Stores a first version; an existing code is left as it is (seeding runs on every start). */
    async insertFirstVersion(item: ServiceItemInput): Promise<boolean> {
      const res = await ServiceItemModel.updateOne({ code: item.code, version: 1 }, { $setOnInsert: { ...item, version: 1, status: ItemStatus.Published } }, { upsert: true });
      return res.upsertedCount === 1;
    },
    /** Writes the draft first version of a new item; false when version 1 exists and is no longer a draft. */
    async saveDraft(item: ServiceItemInput, requestId: string): Promise<boolean> {
      try {
        const res = await ServiceItemModel.updateOne(
          { code: item.code, version: 1, status: ItemStatus.Draft },
          elements(item, { status: ItemStatus.Draft, requestId, lastRequestId: requestId }),
          { upsert: true },
        );
        return res.matchedCount + res.upsertedCount === 1;
      } catch (err) {
        if (isDuplicateKey(err)) return false; // version 1 exists with another status
        throw err;
      }
    },
    /** Publishes the draft first version with the approved elements, only while it is still a draft. */
    async publishDraft(item: ServiceItemInput, requestId: string): Promise<boolean> {
      const res = await ServiceItemModel.updateOne(
        { code: item.code, version: 1, status: ItemStatus.Draft },
        elements(item, { status: ItemStatus.Published, requestId, lastRequestId: requestId }),
      );
      return res.matchedCount === 1;
    },
    /** Adds version n of an item; false when that version exists already (the unique index decides). */
    async insertVersion(item: ServiceItemInput, version: number, requestId: string): Promise<boolean> {
      try {
        await ServiceItemModel.create({ ...item, version, status: ItemStatus.Published, requestId, lastRequestId: requestId });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    /** Moves one version from one of the given statuses to another, atomically; false when it is in none of them. */
    async setStatus(code: string, version: number, from: readonly string[], to: string, requestId: string): Promise<boolean> {
      const res = await ServiceItemModel.updateOne({ code, version, status: op({ $in: [...from] }) }, { $set: { status: to, lastRequestId: requestId } });
      return res.matchedCount === 1;
    },
  };
}
export type ServiceItemRepository = ReturnType<typeof createServiceItemRepository>;
