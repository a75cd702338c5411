/**
 * The engine port: what the platform asks of a BPMN engine and hears from it, in the platform's own words.
 * Two adapters implement it: the embedded engine (the default) and a Camunda 8 cluster the operator brings.
 * Nothing outside infra/engine knows which one runs.
 */

/** One job handed to a worker; every path acknowledges it exactly once. */
export interface JobLike {
  key: string;
  type: string;
  processInstanceKey: string;
  elementId: string;
  /** retries left, this attempt included */
  retries: number;
  variables: Record<string, unknown>;
  customHeaders: Record<string, string | number>;
  complete(variables?: Record<string, unknown>): Promise<unknown>;
  /** fails the attempt; with retries 0 an incident is raised */
  fail(config: { errorMessage: string; retries?: number; retryBackOff?: number }): Promise<unknown>;
  /** throws a BPMN error that a boundary error event of the element catches by its code */
  error(code: string, message?: string): Promise<unknown>;
}

export type EngineEventKind =
  | 'user-task.created' | 'user-task.assigned' | 'user-task.completed' | 'user-task.canceled'
  | 'incident.raised' | 'incident.resolved'
  | 'element.activated' | 'element.completed' | 'element.terminated'
  | 'timer.fired';

/** Something the engine did. Delivered at least once: handlers must accept a repeat. */
export interface EngineEvent {
  /** unique across the engine; the same event delivered twice has the same key */
  key: string;
  kind: EngineEventKind;
  /** strictly increasing within one process instance */
  seq: number;
  at: Date;
  processInstanceKey: string;
  processId: string;
  processVersion: number | null;
  elementId: string;
  /** the element's BPMN type in upper snake case (USER_TASK, SERVICE_TASK, BOUNDARY_EVENT, PROCESS, …) */
  elementType: string | null;
  elementInstanceKey: string | null;
  userTask?: { key: string; assignee: string | null; candidateGroups: string[]; headers: Record<string, string> };
  incident?: { key: string; errorType: string; message: string };
  timer?: { dueAt: Date };
}

export interface DeployedProcess { processId: string; version: number; definitionKey: string }

export interface EngineHealth {
  ok: boolean;
  /** which adapter answers: 'embedded' or 'camunda8' */
  engine: string;
  version?: string;
  error?: string;
  detail?: Record<string, unknown>;
}

export interface JobSubscription { close(): Promise<void> }

export interface EnginePort {
  readonly kind: 'embedded' | 'camunda8';
  /** Deploys models; an unchanged model keeps its version. */
  deploy(resources: { name: string; xml: string }[]): Promise<{ deploymentKey: string; processes: DeployedProcess[] }>;
  /**
   * Starts an instance of the latest version of a process; returns its key. With a business key, a start
   * repeated after an interruption answers the instance already started for it instead of starting another.
   */
  startInstance(processId: string, variables: Record<string, unknown>, options?: { businessKey?: string }): Promise<string>;
  /** Publishes a message: it correlates to one open subscription, or waits for one up to its time to live. */
  publishMessage(message: { name: string; correlationKey: string; variables?: Record<string, unknown>; timeToLiveMs?: number }): Promise<void>;
  cancelInstance(processInstanceKey: string): Promise<void>;
  userTasks: {
    assign(userTaskKey: string, assignee: string, override?: boolean): Promise<void>;
    unassign(userTaskKey: string): Promise<void>;
    complete(userTaskKey: string, variables: Record<string, unknown>): Promise<void>;
  };
  /** Hands jobs of one type to a handler, which must acknowledge each one (complete, fail or error). */
  subscribeJobs(type: string, handler: (job: JobLike) => Promise<void>, options?: { maxJobs?: number; timeoutMs?: number }): JobSubscription;
  /** Registers the receiver of engine events (at least once, in order within an instance). */
  onEvent(handler: (event: EngineEvent) => Promise<void>): void;
  /**
   * Re-arms the timer boundary events attached to an element that waits (a step's warning, yellow and red card
   * timers) with their expressions read against `values` over the instance's variables: a step's due time moved
   * (a calendar change). Answers how many timers moved. Absent where the engine cannot move a running timer.
   */
  moveTimers?(processInstanceKey: string, elementId: string, values: Record<string, unknown>): Promise<number>;
  /** Gives a failed job its retries back, or retries what failed, and marks the incident resolved. */
  resolveIncident(incidentKey: string, retries?: number): Promise<void>;
  health(): Promise<EngineHealth>;
  /** The engine's time: timers fall due on it. */
  now(): Promise<Date>;
  close(): Promise<void>;
}

/** Tests only: moves the engine's clock forward; the timers that fall due fire before it resolves. */
export interface EngineTestClock {
  now(): Promise<Date>;
  advance(ms: number): Promise<Date>;
  moveTo(at: Date): Promise<Date>;
}
