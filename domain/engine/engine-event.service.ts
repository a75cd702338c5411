import type { Logger } from 'pino';
import type { EngineHistoryService } from '../engine-history/engine-history.service.js';
import type { IncidentService } from '../incident/incident.service.js';
import type { TaskService } from '../task/task.service.js';
import type { EngineEvent } from './engine.port.js';

/** Takes every engine event into the platform: user tasks into the task mirror, incidents, and the element history. */
export function createEngineEventService(deps: { tasks: TaskService; incidents: IncidentService; history: EngineHistoryService; log: Logger }) {
  return {
    async apply(event: EngineEvent): Promise<'applied' | 'ignored' | 'not-ours'> {
      if (event.kind.startsWith('user-task.')) {
        const result = await deps.tasks.applyEngineEvent(event);
        if (result === 'not-ours') deps.log.warn({ userTaskKey: event.userTask?.key, candidateGroups: event.userTask?.candidateGroups }, 'user task without a post:unit candidate group is not mirrored');
        return result;
      }
      if (event.kind.startsWith('incident.')) {
        if (event.kind === 'incident.raised') deps.log.error({ processInstanceKey: event.processInstanceKey, elementId: event.elementId, incident: event.incident }, 'engine incident');
        return deps.incidents.applyEngineEvent(event);
      }
      return deps.history.applyEngineEvent(event);
    },
  };
}
export type EngineEventService = ReturnType<typeof createEngineEventService>;
