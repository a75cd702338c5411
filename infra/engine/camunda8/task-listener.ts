/**
 * User-task events from user task listener jobs: the path that works on SaaS and on Self-Managed 8.8 alike.
 *
 * The models must declare the listener on each user task, with this fixed job type, one per lifecycle event:
 *
 *   <bpmn:userTask id="check" name="…">
 *     <bpmn:extensionElements>
 *       <zeebe:userTask />
 *       <zeebe:taskListeners>
 *         <zeebe:taskListener eventType="creating" type="platform-user-task-listener" retries="3" />
 *         <zeebe:taskListener eventType="assigning" type="platform-user-task-listener" retries="3" />
 *         <zeebe:taskListener eventType="completing" type="platform-user-task-listener" retries="3" />
 *         <zeebe:taskListener eventType="canceling" type="platform-user-task-listener" retries="3" />
 *       </zeebe:taskListeners>
 *     </bpmn:extensionElements>
 *   </bpmn:userTask>
 *
 * A user task without them gives no events on this path.
 *
 * What differs from the exporter's records:
 * - The events are the "-ing" ones: the engine pauses the transition until the listener job completes. The platform's
 *   listener never denies, so the transition follows unless another listener denies it or the task is canceled meanwhile.
 * - A job carries no timestamp: `at` is when the platform took the job.
 * - The key is `listener-${jobKey}` and seq the job key's per-partition counter (keys rise on a partition, and an instance
 *   lives on one). These are not comparable with the exporter's positions, so a Self-Managed cluster feeds user-task
 *   events through one path only: the exporter, or these listeners, not both.
 */
import type { EngineEvent, EngineEventKind } from '../../../domain/engine/engine.port.js';

/** The job type of the platform's user task listener; the models name it in <zeebe:taskListener type="…">. */
export const TASK_LISTENER_JOB_TYPE = 'platform-user-task-listener';

/**
 * A job as the REST job activation (POST /v2/jobs/activation) answers it from 8.8. `kind`, `listenerEventType` and
 * `userTask` are in the answer though not in the SDK's RestJob type; the user task's data is also in the job's headers
 * under reserved names (io.camunda.zeebe:assignee, …), which older gateways and the gRPC worker give as well.
 */
export interface TaskListenerJob {
  jobKey: string;
  type: string;
  kind?: string;
  listenerEventType?: string;
  processInstanceKey: string;
  processDefinitionId?: string;
  bpmnProcessId?: string;
  processDefinitionVersion?: number;
  elementId: string;
  elementInstanceKey: string;
  customHeaders?: Record<string, unknown>;
  userTask?: { userTaskKey?: string | null; assignee?: string | null; candidateGroups?: string[] | null } | null;
}

const LISTENER_EVENTS: Record<string, EngineEventKind | null> = {
  CREATING: 'user-task.created', ASSIGNING: 'user-task.assigned', COMPLETING: 'user-task.completed', CANCELING: 'user-task.canceled',
  UPDATING: null,
};
const RESERVED = 'io.camunda.zeebe:';
const PARTITION_BITS = 51n;

/** The candidate groups header is a JSON list; an older form is a comma-separated list. */
function groupsFromHeader(value: unknown): string[] {
  if (typeof value !== 'string' || value.trim() === '') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    // not JSON: a plain list
  }
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * A listener job as a user-task event; null for an event the platform does not follow (updating) or a job that is
 * not a task listener's. Throws when the job does not say which lifecycle event it stands for.
 */
export function toListenerEvent(job: TaskListenerJob, at: Date = new Date()): EngineEvent | null {
  if (job.kind !== undefined && job.kind !== 'TASK_LISTENER') return null;
  const eventType = job.listenerEventType?.toUpperCase();
  if (!eventType || eventType === 'UNSPECIFIED') {
    throw new Error(`job ${job.jobKey} of type ${job.type} names no listener event type (a user task listener job from a gateway before 8.8?)`);
  }
  const kind = LISTENER_EVENTS[eventType];
  if (!kind) return null;
  const headers = job.customHeaders ?? {};
  const userTaskKey = job.userTask?.userTaskKey ?? (headers[`${RESERVED}userTaskKey`] as string | undefined);
  if (!userTaskKey) throw new Error(`listener job ${job.jobKey} names no user task`);
  const assignee = job.userTask?.assignee ?? (headers[`${RESERVED}assignee`] as string | undefined) ?? '';
  const candidateGroups = job.userTask?.candidateGroups ?? groupsFromHeader(headers[`${RESERVED}candidateGroups`]);
  return {
    key: `listener-${job.jobKey}`,
    kind,
    seq: Number(BigInt(job.jobKey) & ((1n << PARTITION_BITS) - 1n)),
    at,
    processInstanceKey: String(job.processInstanceKey),
    processId: job.processDefinitionId ?? job.bpmnProcessId ?? '',
    processVersion: typeof job.processDefinitionVersion === 'number' ? job.processDefinitionVersion : null,
    elementId: job.elementId,
    elementType: 'USER_TASK',
    elementInstanceKey: String(job.elementInstanceKey),
    userTask: {
      key: String(userTaskKey),
      assignee: assignee === '' ? null : assignee,
      candidateGroups: candidateGroups.map(String),
      headers: Object.fromEntries(Object.entries(headers).filter(([k]) => !k.startsWith(RESERVED)).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
    },
  };
}
