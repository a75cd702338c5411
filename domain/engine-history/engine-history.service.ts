import type { EngineEvent } from '../engine/engine.port.js';
import type { EngineHistoryRecord, EngineHistoryRepository } from './engine-history.repository.js';

export function createEngineHistoryService(deps: { history: EngineHistoryRepository }) {
  const { history } = deps;
  return {
    /** Stores one element or timer event; a repeat is ignored. */
    async applyEngineEvent(e: EngineEvent): Promise<'applied' | 'ignored'> {
      if (!e.kind.startsWith('element.') && e.kind !== 'timer.fired') return 'ignored';
      const stored = await history.insert({
        key: e.key, processInstanceKey: e.processInstanceKey, seq: e.seq, kind: e.kind as EngineHistoryRecord['kind'], elementId: e.elementId,
        elementType: e.kind === 'timer.fired' ? 'TIMER' : e.elementType, elementInstanceKey: e.elementInstanceKey, processVersion: e.processVersion,
        bpmnProcessId: e.processId, dueDate: e.timer?.dueAt ?? null, at: e.at,
      });
      return stored ? 'applied' : 'ignored';
    },
    async ofProcessInstance(processInstanceKey: string): Promise<EngineHistoryRecord[]> {
      const events = await history.ofProcessInstance(processInstanceKey);
      return events.sort((a, b) => a.seq - b.seq); // the instance's own order
    },
  };
}
export type EngineHistoryService = ReturnType<typeof createEngineHistoryService>;
