import { isDuplicateKey } from '../shared/domain-error.js';
import type { EngineEvent } from '../engine/engine.port.js';
import { EngineEventModel, type EngineHistoryRecord } from './engine-event.model.js';

export function createEngineHistoryService() {
  return {
    /** Stores one element or timer event; a repeat is ignored. */
    async applyEngineEvent(e: EngineEvent): Promise<'applied' | 'ignored'> {
      if (!e.kind.startsWith('element.') && e.kind !== 'timer.fired') return 'ignored';
      try {
        await EngineEventModel.create({
          key: e.key, processInstanceKey: e.processInstanceKey, seq: e.seq, kind: e.kind, elementId: e.elementId,
          elementType: e.kind === 'timer.fired' ? 'TIMER' : e.elementType, elementInstanceKey: e.elementInstanceKey, processVersion: e.processVersion,
          bpmnProcessId: e.processId, dueDate: e.timer?.dueAt ?? null, at: e.at,
        });
        return 'applied';
      } catch (err) {
        if (isDuplicateKey(err)) return 'ignored';
        throw err;
      }
    },
    async ofProcessInstance(processInstanceKey: string): Promise<EngineHistoryRecord[]> {
      const events = await EngineEventModel.find({ processInstanceKey }, { _id: 0 }).lean<EngineHistoryRecord[]>();
      return events.sort((a, b) => a.seq - b.seq); // the instance's own order
    },
  };
}
export type EngineHistoryService = ReturnType<typeof createEngineHistoryService>;
