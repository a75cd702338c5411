import type { UpdateQuery } from 'mongoose';
import { op } from '../shared/trusted.js';
import { PackageApplicationModel, type PackageApplication } from './package-application.model.js';

export type PackageApplicationRecord = PackageApplication;
const LIMIT = 200;

export function createPackageApplicationRepository() {
  return {
    async insert(a: Record<string, unknown>): Promise<PackageApplicationRecord> {
      return (await PackageApplicationModel.create(a)).toObject() as unknown as PackageApplicationRecord;
    },
    async get(packageNumber: string): Promise<PackageApplicationRecord | null> {
      return PackageApplicationModel.findOne({ packageNumber }, { _id: 0 }).lean<PackageApplicationRecord>();
    },
    async byProcessInstance(processInstanceKey: string): Promise<PackageApplicationRecord | null> {
      return PackageApplicationModel.findOne({ processInstanceKey }, { _id: 0 }).lean<PackageApplicationRecord>();
    },
    async ofApplicant(username: string): Promise<PackageApplicationRecord[]> {
      return PackageApplicationModel.find({ applicantUsername: username }, { _id: 0 }).sort({ filedAt: -1 }).limit(LIMIT).lean<PackageApplicationRecord[]>();
    },
    /** The cases a unit leads, takes part in (a branch of it) or filed (its community), newest first. */
    async ofUnit(unitCode: string): Promise<PackageApplicationRecord[]> {
      return PackageApplicationModel.find(op({ $or: [{ leadDepartment: unitCode }, { 'branches.unit': unitCode }, { communityCode: unitCode }] }), { _id: 0 })
        .sort({ filedAt: -1 }).limit(LIMIT).lean<PackageApplicationRecord[]>();
    },
    async update(packageNumber: string, update: UpdateQuery<PackageApplication>, guard: Record<string, unknown> = {}): Promise<PackageApplicationRecord | null> {
      return PackageApplicationModel.findOneAndUpdate({ packageNumber, ...guard }, update, { new: true, projection: { _id: 0 } }).lean<PackageApplicationRecord>();
    },
  };
}
export type PackageApplicationRepository = ReturnType<typeof createPackageApplicationRepository>;
