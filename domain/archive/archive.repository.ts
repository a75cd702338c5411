import { isDuplicateKey } from '../shared/domain-error.js';
import { ArchiveModel, type Archive } from './archive.model.js';

export type ArchiveRecord = Archive;

export function createArchiveRepository() {
  return {
    /** Archives a case; false when it is archived already (the first archive stands). */
    async insert(archive: ArchiveRecord): Promise<boolean> {
      try {
        await ArchiveModel.create(archive);
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    async get(applicationNumber: string): Promise<ArchiveRecord | null> {
      return ArchiveModel.findOne({ applicationNumber }).lean<ArchiveRecord>();
    },
  };
}
export type ArchiveRepository = ReturnType<typeof createArchiveRepository>;
