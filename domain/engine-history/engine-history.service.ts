import { isDuplicateKey } from '../shared/domain-error.js';
import { EngineEventModel, type EngineEvent } from './engine-event.model.js';

/** An element or timer record as the engine exports it (keys as strings). */
export interface ElementRecord {
  position: string; valueType: 'PROCESS_INSTANCE' | 'TIMER'; intent: string; key: string; timestamp: number;
  value: {
    processInstanceKey: string; elementId?: string; bpmnElementType?: string; bpmnProcessId?: string; version?: number;
    targetElementId?: string; elementInstanceKey?: string; dueDate?: number;
  };
}

export function createEngineHistoryService() {
  return {
    /** Stores one record; a repeat is ignored. */
    async applyEngineEvent(r: ElementRecord): Promise<'applied' | 'ignored'> {
      const timer = r.valueType === 'TIMER';
      try {
        await EngineEventModel.create({
          position: r.position, processInstanceKey: r.value.processInstanceKey, valueType: r.valueType, intent: r.intent,
          elementId: (timer ? r.value.targetElementId : r.value.elementId) ?? '', elementType: timer ? 'TIMER' : r.value.bpmnElementType ?? null,
          elementInstanceKey: timer ? r.value.elementInstanceKey ?? null : r.key, processVersion: r.value.version ?? null,
          bpmnProcessId: r.value.bpmnProcessId ?? null, dueDate: timer && r.value.dueDate ? new Date(r.value.dueDate) : null, at: new Date(r.timestamp),
        });
        return 'applied';
      } catch (err) {
        if (isDuplicateKey(err)) return 'ignored';
        throw err;
      }
    },
    async ofProcessInstance(processInstanceKey: string): Promise<EngineEvent[]> {
      const events = await EngineEventModel.find({ processInstanceKey }, { _id: 0 }).lean<EngineEvent[]>();
      return events.sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : 1)); // log order is the engine's order
    },
  };
}
export type EngineHistoryService = ReturnType<typeof createEngineHistoryService>;
