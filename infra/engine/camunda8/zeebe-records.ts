/**
 * Zeebe records, as a Self-Managed cluster's engine-records exporter posts them, read into the platform's engine events.
 *
 * Self-Managed only: a SaaS cluster runs no custom exporter (there, user-task events come from task listeners,
 * see task-listener.ts). The exporter (exporter/EngineRecordsExporter.java) posts `record.toJson()` of every EVENT
 * record of the value types USER_TASK, INCIDENT, PROCESS_INSTANCE and TIMER to POST /internal/engine/records (before:
 * /internal/engine/user-task-events, still answered as a deprecated alias for one release).
 */
import type { EngineEvent, EngineEventKind } from '../../../domain/engine/engine.port.js';

/**
 * A Zeebe record as JSON. 64-bit keys and positions arrive as strings when the reader kept them lossless
 * (the engine-events route does), or as numbers; both are read.
 */
export interface ZeebeRecord {
  partitionId?: number;
  position: string | number;
  key?: string | number;
  timestamp: number;
  valueType: string;
  recordType: string;
  intent: string;
  value: Record<string, unknown>;
}

const USER_TASK_INTENTS: Record<string, EngineEventKind> = {
  CREATED: 'user-task.created', ASSIGNED: 'user-task.assigned', COMPLETED: 'user-task.completed', CANCELED: 'user-task.canceled',
};
const INCIDENT_INTENTS: Record<string, EngineEventKind> = { CREATED: 'incident.raised', RESOLVED: 'incident.resolved' };
const ELEMENT_INTENTS: Record<string, EngineEventKind> = {
  ELEMENT_ACTIVATED: 'element.activated', ELEMENT_COMPLETED: 'element.completed', ELEMENT_TERMINATED: 'element.terminated',
};

const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
/** A key as a string; Zeebe writes -1 where there is none, read here as null. */
const keyOrNull = (v: unknown): string | null => {
  if (v === undefined || v === null || v === '') return null;
  const s = String(v);
  return s === '-1' ? null : s;
};
const intOrNull = (v: unknown): number | null => {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null;
};

/**
 * The partition a record was written on: the record says so; failing that, Zeebe keys carry their partition
 * in the bits above 51 (Protocol.decodePartitionId).
 */
function partitionOf(record: ZeebeRecord): number | null {
  if (typeof record.partitionId === 'number' && Number.isInteger(record.partitionId)) return record.partitionId;
  const key = keyOrNull(record.key);
  if (key === null || !/^\d+$/.test(key)) return null;
  return Number(BigInt(key) >> 51n);
}

/**
 * One record as an engine event, or null for records the platform does not follow (other value types, other
 * intents, commands and rejections). Positions are per partition, so the event key is `${partitionId}-${position}`;
 * an instance lives on one partition, so its records' positions order its events (seq).
 */
export function toEngineEvent(record: ZeebeRecord): EngineEvent | null {
  if (record.recordType !== 'EVENT' || typeof record.value !== 'object' || record.value === null) return null;
  const kind = (record.valueType === 'USER_TASK' ? USER_TASK_INTENTS
    : record.valueType === 'INCIDENT' ? INCIDENT_INTENTS
      : record.valueType === 'PROCESS_INSTANCE' ? ELEMENT_INTENTS
        : record.valueType === 'TIMER' && record.intent === 'TRIGGERED' ? { TRIGGERED: 'timer.fired' as const }
          : {})[record.intent];
  if (!kind) return null;
  const partition = partitionOf(record);
  const position = String(record.position);
  if (partition === null || !/^\d+$/.test(position)) return null;
  const v = record.value;
  const base = {
    key: `${partition}-${position}`,
    kind,
    seq: Number(position),
    at: new Date(record.timestamp),
    // a timer start event's record has no instance yet: -1
    processInstanceKey: text(v.processInstanceKey),
    processId: text(v.bpmnProcessId),
  };
  switch (record.valueType) {
    case 'USER_TASK': {
      const assignee = text(v.assignee);
      const headers = (typeof v.customHeaders === 'object' && v.customHeaders !== null ? v.customHeaders : {}) as Record<string, unknown>;
      return {
        ...base,
        processVersion: intOrNull(v.processDefinitionVersion),
        elementId: text(v.elementId),
        elementType: 'USER_TASK',
        elementInstanceKey: keyOrNull(v.elementInstanceKey),
        userTask: {
          key: text(v.userTaskKey),
          assignee: assignee === '' ? null : assignee,
          candidateGroups: Array.isArray(v.candidateGroupsList) ? v.candidateGroupsList.map(String) : [],
          headers: Object.fromEntries(Object.entries(headers).map(([k, h]) => [k, text(h)])),
        },
      };
    }
    case 'INCIDENT':
      return {
        ...base,
        processVersion: null,
        elementId: text(v.elementId),
        elementType: null,
        elementInstanceKey: keyOrNull(v.elementInstanceKey),
        incident: { key: text(record.key), errorType: text(v.errorType), message: text(v.errorMessage) },
      };
    case 'PROCESS_INSTANCE':
      return {
        ...base,
        processVersion: intOrNull(v.version),
        elementId: text(v.elementId),
        elementType: text(v.bpmnElementType) || null,
        // a process-instance record's key is the element instance's key
        elementInstanceKey: keyOrNull(record.key),
      };
    default: {
      // TIMER TRIGGERED: the element is the timer's catch event; the record names neither its type nor the process id (processId '')
      const due = typeof v.dueDate === 'string' ? Number(v.dueDate) : v.dueDate;
      return {
        ...base,
        processVersion: null,
        elementId: text(v.targetElementId),
        elementType: null,
        elementInstanceKey: keyOrNull(v.elementInstanceKey),
        ...(typeof due === 'number' && Number.isFinite(due) ? { timer: { dueAt: new Date(due) } } : {}),
      };
    }
  }
}
