import { isDuplicateKey } from '../shared/domain-error.js';
import { EngineEventModel, type EngineHistoryRecord } from './engine-event.model.js';

export type { EngineHistoryRecord };

export function createEngineHistoryRepository() {
  return {
    /** Stores one event; false when it is stored already (the engine delivered it twice). */
    async insert(event: EngineHistoryRecord): Promise<boolean> {
      try {
        await EngineEventModel.create(event);
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    async ofProcessInstance(processInstanceKey: string): Promise<EngineHistoryRecord[]> {
      return EngineEventModel.find({ processInstanceKey }, { _id: 0 }).lean<EngineHistoryRecord[]>();
    },
  };
}
export type EngineHistoryRepository = ReturnType<typeof createEngineHistoryRepository>;
