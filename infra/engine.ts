import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Camunda8 } from '@camunda8/sdk';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';

export type EngineSettings = Config['engine'];

/** One SDK instance per process; the gRPC client runs workers and starts instances, REST serves user tasks. */
export function createEngineClient(settings: EngineSettings) {
  const camunda = new Camunda8({
    ZEEBE_GRPC_ADDRESS: settings.grpcAddress.replace(/^grpcs?:\/\//, ''),
    ZEEBE_REST_ADDRESS: settings.restAddress,
    CAMUNDA_AUTH_STRATEGY: settings.authStrategy,
    CAMUNDA_SECURE_CONNECTION: false,
    CAMUNDA_LOG_LEVEL: 'none',
    zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'ERROR' },
  });
  const zeebe = camunda.getZeebeGrpcApiClient();
  const rest = camunda.getCamundaRestClient();
  const clock = engineClock(settings.managementAddress);
  return {
    zeebe,
    rest,
    /** The engine's time: its controlled clock in tests, the system clock otherwise. */
    async now(): Promise<Date> {
      return settings.clockControlled ? clock.now() : new Date();
    },
    /** Starts an instance of the latest version of a process; returns its key. */
    async startInstance(processId: string, variables: Record<string, unknown>): Promise<string> {
      const r = await zeebe.createProcessInstance({ bpmnProcessId: processId, variables: variables as never });
      return String(r.processInstanceKey);
    },
    async publishMessage(name: string, correlationKey: string, variables: Record<string, unknown>): Promise<void> {
      await zeebe.publishMessage({ name, correlationKey, variables: variables as never, timeToLive: 3_600_000 });
    },
    /** Deploys one BPMN model; the engine's answer, keys as strings. */
    async deployModel(name: string, xml: string) {
      const r = await zeebe.deployResources([{ name, process: Buffer.from(xml, 'utf8') }]);
      const processes = (r.deployments as { process?: { bpmnProcessId: string; version: number; processDefinitionKey: string } }[])
        .flatMap((d) => (d.process ? [{ processId: d.process.bpmnProcessId, version: d.process.version, processDefinitionKey: String(d.process.processDefinitionKey) }] : []));
      return { deploymentKey: String(r.key), processes };
    },
    /** Camunda user tasks through the REST user-task API (needs no secondary storage). */
    userTasks: {
      assign: (userTaskKey: string, assignee: string, override = false) => rest.assignUserTask({ userTaskKey, assignee, allowOverride: override }),
      unassign: (userTaskKey: string) => rest.unassignUserTask({ userTaskKey }),
      complete: (userTaskKey: string, variables: Record<string, unknown>) => rest.completeUserTask({ userTaskKey, variables }),
    },
    async topology(): Promise<{ ok: boolean; brokers?: number; partitions?: { partitionId: number; role: string; health: string }[]; version?: string; error?: string }> {
      try {
        const res = await fetch(`${settings.restAddress}/v2/topology`, { signal: AbortSignal.timeout(3000) });
        if (!res.ok) return { ok: false, error: `topology answered ${res.status}` };
        const t = (await res.json()) as { brokers: { version: string; partitions: { partitionId: number; role: string; health: string }[] }[] };
        const partitions = t.brokers.flatMap((b) => b.partitions);
        return { ok: partitions.some((p) => p.role === 'leader' && p.health === 'healthy'), brokers: t.brokers.length, partitions, version: t.brokers[0]?.version };
      } catch (err) {
        return { ok: false, error: (err as Error).message };
      }
    },
    async close() {
      await zeebe.close();
    },
  };
}
export type EngineClient = ReturnType<typeof createEngineClient>;

/** Deploys every BPMN file of a folder in one deployment; the engine keeps a new version only where a file changed. */
export async function deployProcesses(engine: EngineClient, dir: string, log: Logger) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.bpmn')).sort();
  if (files.length === 0) return [];
  const result = await engine.zeebe.deployResources(files.map((f) => ({ processFilename: join(dir, f) })));
  const processes = (result.deployments as { process?: { bpmnProcessId: string; version: number; processDefinitionKey: string } }[])
    .flatMap((d) => (d.process ? [d.process] : []));
  for (const p of processes) log.info({ processId: p.bpmnProcessId, version: p.version }, 'process deployed');
  return processes.map((p) => ({ processId: p.bpmnProcessId, version: p.version, key: String(p.processDefinitionKey), file: join(dir, `${p.bpmnProcessId}.bpmn`) }));
}

/** The engine's controlled clock (only when the broker runs with ZEEBE_CLOCK_CONTROLLED=true). */
export function engineClock(managementAddress: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${managementAddress}/actuator/clock${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`engine clock ${method} ${path} answered ${res.status}: ${await res.text()}`);
    return res.status === 204 ? undefined : ((await res.json()) as { epochMilli: number; instant: string });
  };
  return {
    async now(): Promise<Date> {
      const r = await call('GET', '');
      return new Date(r!.epochMilli);
    },
    async add(ms: number): Promise<Date> {
      const r = await call('POST', '/add', { offsetMilli: ms });
      return new Date(r!.epochMilli);
    },
    /**
     * Moves the clock to about `at` by an offset, and it keeps ticking. (Pinning would freeze it, and with
     * it the broker's own scheduling: timers would then never be checked.)
     */
    async moveTo(at: Date): Promise<Date> {
      const r0 = await call('GET', '');
      const r = await call('POST', '/add', { offsetMilli: at.getTime() - r0!.epochMilli });
      return new Date(r!.epochMilli);
    },
    async reset(): Promise<void> {
      await call('DELETE', '');
    },
  };
}
