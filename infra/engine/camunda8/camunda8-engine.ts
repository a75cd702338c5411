/**
 * The engine port on a Camunda 8 cluster the operator brings (SaaS or Self-Managed, 8.8), through @camunda8/sdk 8.8.
 *
 * Commands: the gRPC client deploys, starts and cancels instances, publishes messages, runs job workers and resolves
 * incidents; the REST (v2) client serves user tasks, the topology and the incident search.
 *
 * Events reach the platform in one of two ways:
 * - Self-Managed only: the cluster's engine-records exporter (exporter/) posts its records to POST /internal/engine/records,
 *   which reads them with zeebe-records.ts and hands them to the platform; that path does not pass through here.
 * - SaaS and Self-Managed 8.8: user task listeners. After onEvent() and start(), a REST job worker takes the jobs of type
 *   `platform-user-task-listener` and hands them to the handler as user-task events (see task-listener.ts for what the
 *   models must declare). This path gives user-task events only: no incidents, element history or timers.
 */
import { hostname } from 'node:os';
import { Camunda8 } from '@camunda8/sdk';
import type { Logger } from 'pino';
import type { Config } from '../../../config/index.js';
import type { DeployedProcess, EngineEvent, EngineHealth, EnginePort, JobLike, JobSubscription } from '../../../domain/engine/engine.port.js';
import { TASK_LISTENER_JOB_TYPE, toListenerEvent, type TaskListenerJob } from './task-listener.js';

export type Camunda8Settings = NonNullable<Config['engine']['camunda8']>;
type SdkConfiguration = NonNullable<ConstructorParameters<typeof Camunda8>[0]>;
type Vars = Record<string, unknown>;

const DEFAULT_MESSAGE_TTL_MS = 3_600_000;
const HEALTH_TIMEOUT_MS = 3_000;
const LISTENER_RETRY_BACKOFF_MS = 10_000;

/**
 * The cluster refused a command. Carries the same codes as the embedded engine's refusals, and the HTTP status the
 * API answers with; the SDK's error is the cause.
 */
export class Camunda8CommandError extends Error {
  /** the cause in Chinese, for the API's problem document */
  readonly zh: string;

  constructor(readonly statusCode: 400 | 404 | 409, readonly code: 'ENGINE_REFUSED' | 'ENGINE_NOT_FOUND' | 'ENGINE_CONFLICT', message: string, options?: { cause?: unknown; zh?: string }) {
    super(message, options);
    this.zh = options?.zh ?? message;
    this.name = 'Camunda8CommandError';
  }
}

/** gRPC status codes of Zeebe's rejections: INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION (invalid state). */
const GRPC_STATUS: Record<number, 400 | 404 | 409> = { 3: 400, 5: 404, 6: 409, 9: 409 };
const CODE_OF = { 400: 'ENGINE_REFUSED', 404: 'ENGINE_NOT_FOUND', 409: 'ENGINE_CONFLICT' } as const;
const ZH_OF = { 400: 'Camunda 8 集群拒绝了命令', 404: 'Camunda 8 集群中没有命令所指的对象', 409: 'Camunda 8 集群因状态冲突拒绝了命令' } as const;

/** A rejection as a Camunda8CommandError; anything else (unreachable, unauthorised, overloaded) as it came. */
function translated(err: unknown, what: string): unknown {
  if (typeof err !== 'object' || err === null) return err;
  const e = err as { code?: unknown; statusCode?: unknown; details?: unknown; detail?: unknown; message?: unknown };
  const status = typeof e.statusCode === 'number'
    ? ([400, 404, 409].includes(e.statusCode) ? e.statusCode as 400 | 404 | 409 : undefined)
    : typeof e.code === 'number' ? GRPC_STATUS[e.code] : undefined;
  if (status === undefined) return err;
  const why = [e.detail, e.details, e.message].find((m) => typeof m === 'string' && m !== '') as string | undefined;
  return new Camunda8CommandError(status, CODE_OF[status], `${what}: ${why ?? 'refused by the cluster'}`, { cause: err, zh: `${ZH_OF[status]}：${what}（${why ?? '无说明'}）` });
}

async function command<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw translated(err, what);
  }
}

/** The SDK's logger interface, onto the platform's log (the SDK's info is chatty: debug here). */
function sdkLogger(log: Logger) {
  const at = (level: 'error' | 'warn' | 'debug') => (message: string | undefined, ...meta: unknown[]) => {
    log[level](meta.length ? { sdk: meta } : {}, message ?? '');
  };
  return { error: at('error'), warn: at('warn'), info: at('debug'), debug: at('debug'), trace: () => undefined };
}

/** The gRPC worker's logger: it hands over JSON strings. */
function zeebeLogger(log: Logger) {
  const read = (message: string): unknown => {
    try {
      return JSON.parse(message);
    } catch {
      return message;
    }
  };
  return {
    error: (message: string) => log.error({ zeebe: read(message) }, 'zeebe worker'),
    info: (message: string) => log.debug({ zeebe: read(message) }, 'zeebe worker'),
    debug: (message: string) => log.debug({ zeebe: read(message) }, 'zeebe worker'),
  };
}

/**
 * The gRPC address with its scheme, which sets TLS: grpcs:// (SaaS, TLS gateways) or grpc:// (plaintext).
 * A bare host:port stays plaintext, as before.
 */
function grpcAddress(address: string): string {
  if (/^grpcs?:\/\//.test(address)) return address;
  if (address.startsWith('https://')) return `grpcs://${address.slice('https://'.length)}`;
  if (address.startsWith('http://')) return `grpc://${address.slice('http://'.length)}`;
  return `grpc://${address}`;
}

const defined = <T extends Record<string, unknown>>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

function sdkConfiguration(settings: Camunda8Settings, log: Logger): SdkConfiguration {
  return {
    ZEEBE_GRPC_ADDRESS: grpcAddress(settings.grpcAddress),
    ZEEBE_REST_ADDRESS: settings.restAddress.replace(/\/+$/, ''),
    CAMUNDA_AUTH_STRATEGY: settings.authStrategy,
    // tokens stay in memory: a server's home directory may be read-only
    CAMUNDA_TOKEN_DISK_CACHE_DISABLE: true,
    CAMUNDA_LOG_LEVEL: 'warn',
    logger: sdkLogger(log.child({ component: 'camunda8-sdk' })),
    zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'ERROR' },
    ...(settings.authStrategy === 'OAUTH' ? defined({
      ZEEBE_CLIENT_ID: settings.clientId, ZEEBE_CLIENT_SECRET: settings.clientSecret, CAMUNDA_OAUTH_URL: settings.oauthUrl, ZEEBE_TOKEN_AUDIENCE: settings.tokenAudience,
    }) : {}),
    ...(settings.authStrategy === 'BASIC' ? defined({
      CAMUNDA_BASIC_AUTH_USERNAME: settings.basicUsername, CAMUNDA_BASIC_AUTH_PASSWORD: settings.basicPassword,
    }) : {}),
  };
}

/** GET /v2/topology as the REST API answers it (lower-case roles and health; the SDK types it as the gRPC answer). */
interface RestTopology {
  brokers?: { nodeId: number; host: string; port: number; version?: string; partitions?: { partitionId: number; role: string; health: string }[] }[];
  clusterSize?: number;
  partitionsCount?: number;
  replicationFactor?: number;
  gatewayVersion?: string;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The variable that carries an instance's business key on a cluster. */
const BUSINESS_KEY_VARIABLE = 'platformBusinessKey';

export function createCamunda8Engine(settings: Camunda8Settings, log: Logger): EnginePort & { start(): Promise<void> } {
  const camunda = new Camunda8(sdkConfiguration(settings, log));
  const zeebe = camunda.getZeebeGrpcApiClient();
  const rest = camunda.getCamundaRestClient();
  const workerName = `platform-${hostname()}-${process.pid}`;
  const subscriptions = new Set<JobSubscription>();
  let eventHandler: ((event: EngineEvent) => Promise<void>) | null = null;
  let listener: { stop(deadlineMs?: number): Promise<unknown> } | null = null;
  let started = false;
  let closed = false;

  /** Takes the platform's user task listener jobs: each one becomes a user-task event for the handler, then completes. */
  function startTaskListener() {
    if (listener || closed || !eventHandler) return;
    const worker = rest.createJobWorker({
      type: TASK_LISTENER_JOB_TYPE,
      worker: workerName,
      timeout: 60_000,
      maxJobsToActivate: 16,
      autoStart: false,
      logger: sdkLogger(log.child({ component: 'camunda8-task-listener' })),
      jobHandler: async (job) => {
        try {
          // the 8.8 activation answer carries kind, listenerEventType and userTask beyond the SDK's RestJob type
          const event = toListenerEvent(job as unknown as TaskListenerJob);
          if (event) await eventHandler!(event);
          // completed with no variables (a listener job may not set any) and no result: the transition goes ahead unchanged
          return await job.complete({});
        } catch (err) {
          log.error({ err, jobKey: job.jobKey, processInstanceKey: job.processInstanceKey, elementId: job.elementId }, 'user task listener job failed');
          // with no retries left the cluster raises an incident and the task's transition waits for its resolution
          return job.fail({ errorMessage: (err as Error).message ?? String(err), retries: Math.max(0, job.retries - 1), retryBackOff: LISTENER_RETRY_BACKOFF_MS });
        }
      },
    });
    worker.start();
    listener = worker;
    log.info({ type: TASK_LISTENER_JOB_TYPE, worker: workerName }, 'user task listener worker started');
  }

  const port: EnginePort & { start(): Promise<void> } = {
    kind: 'camunda8',

    async start() {
      started = true;
      const health = await port.health();
      if (health.ok) log.info({ version: health.version, detail: health.detail }, 'Camunda 8 cluster reachable');
      else log.warn({ error: health.error, detail: health.detail }, 'Camunda 8 cluster not healthy yet; the clients keep trying');
      startTaskListener();
    },

    async deploy(resources) {
      // a .form resource is a Camunda form (JSON), deployed as such; everything else is a BPMN model
      const answer = await command('deploy', () => zeebe.deployResources(resources.map((r) => (r.name.endsWith('.form')
        ? { name: r.name, form: Buffer.from(r.xml, 'utf8') }
        : { name: r.name, process: Buffer.from(r.xml, 'utf8') }))));
      const processes: DeployedProcess[] = (answer.deployments as { process?: { bpmnProcessId: string; version: number; processDefinitionKey: string | number } }[])
        .flatMap((d) => (d.process ? [{ processId: d.process.bpmnProcessId, version: d.process.version, definitionKey: String(d.process.processDefinitionKey) }] : []));
      return { deploymentKey: String(answer.key), processes };
    },

    async startInstance(processId, variables, options) {
      // The cluster knows no business key: it is kept as a variable and looked up before a start. Its search
      // reads secondary storage, which trails by a moment, so two starts at the very same moment are not caught.
      const businessKey = options?.businessKey;
      if (businessKey) {
        const found = await command(`find ${processId} ${businessKey}`, () => rest.searchProcessInstances({
          filter: { processDefinitionId: processId, variables: [{ name: BUSINESS_KEY_VARIABLE, value: JSON.stringify(businessKey) }] }, page: { from: 0, limit: 1 },
        }));
        const first = found.items[0];
        if (first) return String(first.processInstanceKey);
      }
      const r = await command(`start ${processId}`, () => zeebe.createProcessInstance({
        bpmnProcessId: processId, variables: (businessKey ? { ...variables, [BUSINESS_KEY_VARIABLE]: businessKey } : variables) as never,
      }));
      return String(r.processInstanceKey);
    },

    async publishMessage(m) {
      await command(`publish message ${m.name}`, () => zeebe.publishMessage({
        name: m.name, correlationKey: m.correlationKey, variables: (m.variables ?? {}) as never, timeToLive: m.timeToLiveMs ?? DEFAULT_MESSAGE_TTL_MS,
      }));
    },

    async cancelInstance(processInstanceKey) {
      await command(`cancel instance ${processInstanceKey}`, () => zeebe.cancelProcessInstance(processInstanceKey));
    },

    userTasks: {
      async assign(userTaskKey, assignee, override = false) {
        await command(`assign user task ${userTaskKey}`, () => rest.assignUserTask({ userTaskKey, assignee, allowOverride: override }));
      },
      async unassign(userTaskKey) {
        await command(`unassign user task ${userTaskKey}`, () => rest.unassignUserTask({ userTaskKey }));
      },
      async complete(userTaskKey, variables) {
        await command(`complete user task ${userTaskKey}`, () => rest.completeUserTask({ userTaskKey, variables }));
      },
    },

    subscribeJobs(type, handler, options) {
      const worker = zeebe.createWorker({
        taskType: type,
        id: workerName,
        timeout: options?.timeoutMs ?? 60_000,
        maxJobsToActivate: options?.maxJobs ?? 16,
        stdout: zeebeLogger(log.child({ component: 'camunda8-worker', type })),
        taskHandler: async (job) => {
          type Ack = Awaited<ReturnType<typeof job.complete>>;
          let ack: Ack | undefined;
          const keep = (p: Promise<Ack>) => p.then((a) => (ack = a));
          const like: JobLike = {
            key: String(job.key),
            type: job.type,
            processInstanceKey: String(job.processInstanceKey),
            elementId: job.elementId,
            retries: job.retries,
            variables: { ...(job.variables as Vars) },
            customHeaders: { ...(job.customHeaders as Record<string, string | number>) },
            complete: (variables) => keep(job.complete((variables ?? {}) as Parameters<typeof job.complete>[0])),
            fail: (config) => keep(job.fail({ errorMessage: config.errorMessage, retries: config.retries ?? job.retries - 1, retryBackOff: config.retryBackOff ?? 0 })),
            error: (code, message) => keep(job.error(code, message ?? '')),
          };
          try {
            await handler(like);
          } catch (err) {
            if (ack !== undefined) throw err;
            log.error({ err, jobKey: job.key, type }, 'job handler failed before acknowledging');
            return job.fail({ errorMessage: (err as Error).message ?? String(err), retries: job.retries - 1 });
          }
          if (ack === undefined) {
            log.error({ jobKey: job.key, type }, 'job handler returned without acknowledging');
            return job.fail({ errorMessage: `the worker for ${type} returned without acknowledging the job`, retries: job.retries - 1 });
          }
          return ack;
        },
      });
      const subscription: JobSubscription = {
        async close() {
          subscriptions.delete(subscription);
          await worker.close();
        },
      };
      subscriptions.add(subscription);
      return subscription;
    },

    onEvent(handler) {
      eventHandler = handler;
      if (started) startTaskListener();
    },

    /**
     * Gives the incident's job its retries back and resolves the incident. The job is found through the REST incident
     * search, which reads the cluster's secondary storage (eventually consistent, and absent on a cluster run without
     * one). Incidents without a job (an expression or mapping failed) need no retries: resolving retries the element.
     * When the search cannot find the incident, only the resolution is sent and the cluster judges it.
     */
    async resolveIncident(incidentKey, retries = 1) {
      let jobKey: string | null = null;
      try {
        const found = await rest.searchIncidents({ filter: { incidentKey }, page: { from: 0, limit: 1 } });
        const incident = found.items?.[0];
        if (incident?.jobKey && incident.jobKey !== '-1') jobKey = String(incident.jobKey);
        else if (!incident) log.warn({ incidentKey }, 'incident not in the search (yet); resolving without updating job retries');
      } catch (err) {
        log.warn({ err, incidentKey }, 'incident search failed; resolving without updating job retries');
      }
      if (jobKey) {
        const jk = jobKey;
        await command(`update retries of job ${jk}`, () => zeebe.updateJobRetries({ jobKey: jk, retries: Math.max(1, retries) }));
      }
      await command(`resolve incident ${incidentKey}`, () => zeebe.resolveIncident({ incidentKey }));
    },

    async health(): Promise<EngineHealth> {
      try {
        const t = (await withTimeout(rest.getTopology(), HEALTH_TIMEOUT_MS, 'the cluster topology')) as unknown as RestTopology;
        const brokers = t.brokers ?? [];
        const partitions = brokers.flatMap((b) => (b.partitions ?? []).map((p) => ({ nodeId: b.nodeId, partitionId: p.partitionId, role: p.role, health: p.health })));
        const ok = partitions.some((p) => p.role.toLowerCase() === 'leader' && p.health.toLowerCase() === 'healthy');
        return {
          ok, engine: 'camunda8', version: t.gatewayVersion ?? brokers[0]?.version,
          ...(ok ? {} : { error: brokers.length ? 'no partition has a healthy leader' : 'the cluster reports no brokers' }),
          detail: { brokers: brokers.length, partitions },
        };
      } catch (err) {
        return { ok: false, engine: 'camunda8', error: (err as Error).message, detail: { brokers: 0, partitions: [] } };
      }
    },

    /** The system clock: the platform does not move a Camunda cluster's clock. */
    async now() {
      return new Date();
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([...subscriptions].map((s) => s.close()));
      if (listener) await listener.stop(10_000).catch((err: unknown) => log.warn({ err }, 'user task listener worker did not stop cleanly'));
      await camunda.closeAllClients();
    },
  };
  return port;
}
