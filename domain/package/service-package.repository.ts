import { isDuplicateKey } from '../shared/domain-error.js';
import { ServicePackageModel, type ServicePackage } from './service-package.model.js';

export type ServicePackageRecord = ServicePackage;
export type PackageFields = Pick<ServicePackage, 'code' | 'name' | 'itemCodes' | 'leadDepartment' | 'totalLimit' | 'description'>;

export function createServicePackageRepository() {
  return {
    async get(code: string): Promise<ServicePackageRecord | null> {
      return ServicePackageModel.findOne({ code }, { _id: 0 }).lean<ServicePackageRecord>();
    },
    async list(): Promise<ServicePackageRecord[]> {
      return ServicePackageModel.find({}, { _id: 0 }).sort({ code: 1 }).lean<ServicePackageRecord[]>();
    },
    /** The first version (an approved opening, or the demo package); false when the code is taken. */
    async insertFirst(p: PackageFields, requestId: string | null): Promise<boolean> {
      try {
        await ServicePackageModel.create({ ...p, version: 1, status: 'published', requestId });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    /** Replaces version `base` by the next one; false when another change came first. */
    async replace(code: string, base: number, set: Partial<PackageFields> & { status?: string }, requestId: string): Promise<boolean> {
      const res = await ServicePackageModel.updateOne({ code, version: base }, { $set: { ...set, version: base + 1, requestId } });
      return res.modifiedCount === 1;
    },
  };
}
export type ServicePackageRepository = ReturnType<typeof createServicePackageRepository>;
