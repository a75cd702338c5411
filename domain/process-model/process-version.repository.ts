import { isDuplicateKey } from '../shared/domain-error.js';
import { op } from '../shared/trusted.js';
import { ProcessVersionModel, type ProcessVersion } from './process-version.model.js';

export type { ProcessVersion };
export interface Deployment { engineVersion: number; processDefinitionKey: string; deploymentKey: string; deployedAt: Date; deployedBy: string }

export function createProcessVersionRepository() {
  return {
    async get(processId: string, version: number): Promise<ProcessVersion | null> {
      return ProcessVersionModel.findOne({ processId, version }, { _id: 0 }).lean<ProcessVersion>();
    },

    /** Every saved version without its XML, by process and newest first. */
    async listWithoutXml(): Promise<Omit<ProcessVersion, 'xml'>[]> {
      return ProcessVersionModel.find({}, { xml: 0, _id: 0 }).sort({ processId: 1, version: -1 }).lean<Omit<ProcessVersion, 'xml'>[]>();
    },

    /** The ids of every process saved on the platform. */
    async processIds(): Promise<string[]> {
      return ProcessVersionModel.distinct('processId');
    },

    /** The newest version the platform shipped itself (from processes/), for its contract. */
    async latestShipped(processId: string): Promise<Pick<ProcessVersion, 'xml'> | null> {
      return ProcessVersionModel.findOne({ processId, author: 'platform' }, { xml: 1 }).sort({ version: -1 }).lean();
    },

    async latestVersion(processId: string): Promise<number | null> {
      return (await ProcessVersionModel.findOne({ processId }, { version: 1 }).sort({ version: -1 }).lean())?.version ?? null;
    },

    /** The saved version with this content, if any. */
    async withChecksum(processId: string, checksum: string): Promise<Pick<ProcessVersion, 'version' | 'deployments'> | null> {
      return ProcessVersionModel.findOne({ processId, checksum }, { version: 1, deployments: 1 }).lean<Pick<ProcessVersion, 'version' | 'deployments'>>();
    },

    /** The saved version the engine runs as `engineVersion`. */
    async byEngineVersion(processId: string, engineVersion: number): Promise<ProcessVersion | null> {
      return ProcessVersionModel.findOne({ processId, 'deployments.engineVersion': engineVersion }, { _id: 0 }).lean<ProcessVersion>();
    },

    /** Stores a version; false when its number or its content is taken (someone saved at the same moment, or the same model). */
    async insert(v: Omit<ProcessVersion, 'deployments'> & { deployments: [] }): Promise<boolean> {
      try {
        await ProcessVersionModel.create(v);
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },

    /** Puts a never-deployed draft away, or takes it back out (`archived` null); false when it is not in that state. */
    async setArchived(processId: string, version: number, archived: { at: Date; by: string; reason: string } | null): Promise<boolean> {
      const r = await ProcessVersionModel.updateOne(
        { processId, version, deployments: op({ $size: 0 }), archived: archived ? null : op({ $ne: null }) },
        { $set: { archived } },
      );
      return r.modifiedCount === 1;
    },

    async addDeployment(processId: string, version: number, d: Deployment): Promise<void> {
      await ProcessVersionModel.updateOne({ processId, version }, { $push: { deployments: d } });
    },

    async addDeploymentOfChecksum(processId: string, checksum: string, d: Deployment): Promise<void> {
      await ProcessVersionModel.updateOne({ processId, checksum }, { $push: { deployments: d } });
    },
  };
}
export type ProcessVersionRepository = ReturnType<typeof createProcessVersionRepository>;
