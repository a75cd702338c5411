import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import mongoose, { type mongo } from 'mongoose';
import { Engine } from 'bpmn-engine';
import type { Logger } from 'pino';
import type {
  DeployedProcess, EngineEvent, EngineEventKind, EngineHealth, EnginePort, EngineTestClock, JobLike, JobSubscription,
} from '../../../domain/engine/engine.port.js';
import { DomainError, isDuplicateKey } from '../../../domain/shared/domain-error.js';
import { feelExpressions, feelValue, isFeel } from './feel.js';
import { GroupReader, GroupWriter, type GroupOp } from './group-commit.js';
import { compileModel, type CompiledProcess, type ElementInfo } from './model.js';
import {
  DefinitionModel, EngineIncidentModel, InstanceModel, JobModel, MessageModel, SubscriptionModel, TimerModel, UserTaskModel, type JobRecord,
} from './records.js';

const trusted = <T extends Record<string, unknown>>(o: T): T => mongoose.trusted(o) as T;
type Vars = Record<string, unknown>;
type Api = { id: string; type: string; content: { executionId: string; parent?: { executionId?: string } }; signal(m?: unknown): void; sendApiMessage(action: string, content?: unknown): void; discard(): void; getPostponed?(): Api[]; owner?: { isSubProcess?: boolean } };
type Wait = { kind: 'job' | 'user-task' | 'message' | 'timer' | 'call'; key: string; executionId: string; elementId: string; data: Record<string, unknown> };
type InstanceDoc = {
  _id: string; processId: string; version: number; definitionKey: string; parent: { instanceKey: string; waitKey: string } | null; status: string;
  state: string | null; variables: string; rev: number; seq: number; waits: Wait[]; outbox: StoredEvent[]; createdAt: Date; projected?: boolean;
  businessKey?: string; hasOutbox?: boolean; endedAt?: Date | null;
  /** which save wrote the document last (a group commit that cannot say whether a save matched reads it back) */
  saveId?: string;
};
type StoredEvent = Omit<EngineEvent, 'at' | 'timer'> & { at: string; timer?: { dueAt: string } };
type TimerRef = { id: string; elementId: string; owner: { expireAt?: Date | string; timerType?: string; timeout?: number }; cb: (...a: unknown[]) => void; args: unknown[] };

/** The engine refused a command: the kind maps to the API's status, the text says why in both languages. */
export class EngineCommandError extends DomainError {
  constructor(kind: 'not-found' | 'conflict' | 'validation', zh: string, message: string) {
    super(kind === 'not-found' ? 'ENGINE_NOT_FOUND' : kind === 'conflict' ? 'ENGINE_CONFLICT' : 'ENGINE_REFUSED', kind, { zh, en: message });
    this.name = 'EngineCommandError';
  }
}

/** where a multi-instance keeps its iterations' outputs until the body completes; never shown to jobs */
const MI_PREFIX = '$multiInstance:';
const visible = (vars: Vars): Vars => Object.fromEntries(Object.entries(vars).filter(([k]) => !k.startsWith(MI_PREFIX)));

const jobGone = (jobKey: string) => new EngineCommandError('not-found', `作业 ${jobKey} 不存在或已完成`, `job ${jobKey} does not exist or is done`);
const userTaskGone = (userTaskKey: string) => new EngineCommandError('not-found', `用户任务 ${userTaskKey} 不存在或已结束`, `user task ${userTaskKey} does not exist or has ended`);

/** the engineVersion bpmn-engine writes into its state, learnt from the first state it gives */
let bpmnEngineVersion: string | undefined;
const silentLogger = () => ({ debug() {}, error() {}, warn() {}, info() {} });
const elementType = (type: string) => type.replace(/^bpmn:/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

function setPath(target: Vars, path: string, value: unknown) {
  const parts = path.split('.');
  let at = target;
  for (const p of parts.slice(0, -1)) {
    if (typeof at[p] !== 'object' || at[p] === null) at[p] = {};
    at = at[p] as Vars;
  }
  at[parts.at(-1)!] = value;
}

function applyMappings(mappings: { source: string; target: string }[], context: Vars, into: Vars) {
  for (const m of mappings) setPath(into, m.target, isFeel(m.source) ? feelValue(m.source, context) : (context[m.source] ?? null));
}

function feelList(text: string | null, vars: Vars): string[] {
  if (!text) return [];
  const value: unknown = text.trimStart().startsWith('=') ? feelValue(text, vars) : text.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
  return [];
}

/** One instance loaded into bpmn-engine for one command, then written back and dropped. */
class Live {
  readonly timers = new Map<string, TimerRef>();
  events: { kind: EngineEventKind; elementId: string; elementType: string | null; elementInstanceKey: string | null; extra?: Partial<EngineEvent> }[] = [];
  readonly active = new Set<string>();
  readonly completedWaits = new Set<string>();
  readonly listener = new EventEmitter();
  resuming = false;
  ended = false;
  failure: Error | null = null;
  engine!: InstanceType<typeof Engine>;
  execution!: { getPostponed(): Api[]; getActivityById?(id: string): unknown; stop?(): void };

  constructor(readonly key: string, readonly process: CompiledProcess, public vars: Vars, public timerDue: (id: string) => Date | undefined) {
    const info = (id: string) => process.elements.get(id);
    const push = (kind: EngineEventKind, api: Api, extra?: Partial<EngineEvent>) => {
      const isProcess = api.type === 'bpmn:Process';
      this.events.push({ kind, elementId: api.id, elementType: isProcess ? 'PROCESS' : elementType(info(api.id)?.type ?? api.type), elementInstanceKey: isProcess ? key : `${key}.${api.content.executionId}`, extra });
    };
    const seenEnd = new Set<string>();
    this.listener.on('activity.start', (api: Api) => {
      if (this.resuming) return;
      this.active.add(api.content.executionId);
      push('element.activated', api);
    });
    this.listener.on('activity.end', (api: Api) => {
      const mi = info(api.id)?.multiInstance;
      if (!this.resuming && mi?.outputCollection && (api.content as { isRootScope?: boolean }).isRootScope) {
        const partsKey = `${MI_PREFIX}${api.content.executionId}`;
        const parts = (this.vars[partsKey] as unknown[] | undefined) ?? [];
        delete this.vars[partsKey];
        setPath(this.vars, mi.outputCollection, parts);
      }
      if (this.resuming || seenEnd.has(api.content.executionId) || !info(api.id)) return;
      seenEnd.add(api.content.executionId);
      this.active.delete(api.content.executionId);
      push('element.completed', api);
    });
    this.listener.on('activity.discard', (api: Api) => {
      if (this.resuming || !this.active.has(api.content.executionId)) return;
      this.active.delete(api.content.executionId);
      push('element.terminated', api);
    });
    this.listener.on('activity.leave', (api: Api) => {
      if (this.resuming || !this.active.has(api.content.executionId) || !info(api.id)) return;
      this.active.delete(api.content.executionId);
      push('element.terminated', api);
    });
    this.listener.on('activity.timeout', (api: Api) => {
      const ref = [...this.timers.values()].find((t) => t.elementId === api.id);
      const dueAt = ref ? this.timerDue(ref.id) : undefined;
      push('timer.fired', api, dueAt ? { timer: { dueAt } } : undefined);
    });
    this.listener.on('process.start', (api: Api) => { if (!this.resuming) push('element.activated', { ...api, id: process.processId, type: 'bpmn:Process' } as Api); });
    this.listener.on('process.end', (api: Api) => {
      this.ended = true;
      push('element.completed', { ...api, id: process.processId, type: 'bpmn:Process' } as Api);
    });
  }

  create() {
    const timers = {
      executing: [] as unknown[],
      register: (owner: TimerRef['owner'] & { executionId: string; id: string }) => ({
        setTimeout: (cb: TimerRef['cb'], _delay: number, ...args: unknown[]) => {
          const ref: TimerRef = { id: owner.executionId, elementId: owner.id, owner, cb, args };
          this.timers.set(ref.id, ref);
          return ref;
        },
        clearTimeout: (ref?: TimerRef) => { if (ref?.id) this.timers.delete(ref.id); },
      }),
      setTimeout: (cb: () => void, delay: number) => setTimeout(cb, delay),
      clearTimeout: (ref: TimerRef | NodeJS.Timeout | undefined) => {
        if (ref && typeof ref === 'object' && 'id' in ref) this.timers.delete(ref.id);
        else clearTimeout(ref as NodeJS.Timeout);
      },
    };
    this.engine = new Engine({
      name: this.key, sourceContext: this.process.sourceContext as never, Logger: silentLogger as never,
      expressions: feelExpressions(() => this.vars) as never, timers: timers as never,
    } as never);
    this.engine.on('error', (err: Error) => { this.failure ??= err; });
  }

  async start() {
    this.create();
    this.execution = (await this.engine.execute({ listener: this.listener } as never)) as never;
  }

  async resume(state: string) {
    this.create();
    this.resuming = true;
    this.engine.recover(JSON.parse(state));
    this.execution = (await this.engine.resume({ listener: this.listener } as never)) as never;
    this.resuming = false;
    for (const api of this.postponed()) this.active.add(api.content.executionId);
  }

  postponed(): Api[] {
    const out: Api[] = [];
    const walk = (list: Api[]) => {
      for (const api of list) {
        const info = this.process.elements.get(api.id);
        if (info?.multiInstance) {
          // the iterations wait, not the multi-instance body
          const activity = this.execution.getActivityById?.(api.id) as { execution?: { getPostponed(): Api[] } } | undefined;
          out.push(...(activity?.execution?.getPostponed() ?? []).filter((a) => a.content.executionId !== api.content.executionId && !(a.content as { isRootScope?: boolean }).isRootScope));
          continue;
        }
        out.push(api);
        if (info?.type === 'bpmn:SubProcess' && api.getPostponed) walk(api.getPostponed().filter((a) => a.id !== api.id));
      }
    };
    walk(this.execution.getPostponed());
    return out;
  }

  find(executionId: string): Api | undefined {
    return this.postponed().find((a) => a.content.executionId === executionId);
  }

  /**
   * bpmn-engine's state without the model: what engine.getState() gives, built without serializing each
   * definition's source to JSON only to drop it (the model is recovered from the deployed definition).
   */
  async state(): Promise<string> {
    const execution = this.engine.execution as unknown as {
      state: string; stopped: boolean; environment: { getState(): unknown }; definitions: { getState(): object }[];
    } | null;
    if (!execution || bpmnEngineVersion === undefined) {
      const state = (await this.engine.getState()) as { engineVersion?: string; definitions?: { source?: unknown }[] };
      for (const d of state.definitions ?? []) delete d.source;
      bpmnEngineVersion ??= state.engineVersion;
      return JSON.stringify(state);
    }
    return JSON.stringify({
      name: this.engine.name, state: execution.state, stopped: execution.stopped, engineVersion: bpmnEngineVersion,
      environment: execution.environment.getState(), definitions: execution.definitions.map((d) => d.getState()),
    });
  }

  /** Ready for the next command after a save: what this one collected is written. */
  reset(timerDue: (id: string) => Date | undefined) {
    this.events = [];
    this.completedWaits.clear();
    this.timerDue = timerDue;
  }

  stop() {
    if (this.ended) return; // nothing of an ended run is left to stop
    try { this.engine.stop(); } catch { /* already stopped */ }
  }
}

/**
 * Which instances stay loaded after a command, so that the next command on them skips recovering the state. Those
 * waiting for a job (a worker answers soon), as many as WARM_AT_JOBS_WEIGHT allows: a loaded instance holds about
 * 250 KiB plus 65 KiB per element of its process (bpmn-elements), so each weighs its process's elements plus 4 —
 * some 290 instances of a three-element process, 23 of the 83-element online application. Of the others (a person,
 * a timer or a message answers much later), the WARM_INSTANCES most recent. One that drops out is let go as it
 * stands (it has no timer of its own running, and nothing signals it any more).
 */
const WARM_AT_JOBS_WEIGHT = 2048;
const WARM_INSTANCES = 32;
const warmWeight = (live: Live) => live.process.elements.size + 4;

/** The driver's collection of a model (the engine's hot paths build their documents and filters themselves). */
function rawCollection(model: { collection: { collectionName: string }; db: mongoose.Connection }): () => mongo.Collection {
  let db: mongo.Db | undefined;
  let collection: mongo.Collection | undefined;
  return () => {
    const current = model.db.db;
    if (!current) throw new Error('the store is not connected');
    if (current !== db || !collection) {
      db = current;
      collection = current.collection(model.collection.collectionName);
    }
    return collection;
  };
}

interface Subscriber {
  type: string; handler: (job: JobLike) => Promise<void>; max: number; timeoutMs: number; running: number; closed: boolean; polling: boolean;
  /** there may be activatable jobs of its type in the store: the pump looks (set by whoever may have made one) */
  more: boolean;
  /** when a look last found none (jobs that other engine processes write are looked for again after LOOK_AGAIN_MS) */
  emptyAt: number;
}

/**
 * A subscriber busy with jobs looks for activatable ones (written by other engine processes, whose subscribers
 * are full) at most this often besides the poll; the jobs this process writes wake it at once.
 */
const LOOK_AGAIN_MS = 100;

/** How far ahead the timer loop looks, and so the longest it sleeps between looks (the poll also looks). */
const TIMER_HORIZON_MS = 1000;
/** timers firing at once in the timer loop */
const TIMER_BATCH = 32;
/** at most this many timers taken from one look at the store */
const TIMER_LOOK = 1024;

export interface EmbeddedEngineOptions {
  log: Logger;
  /** tests: the clock moves only by `advance` (plus real time); production: real time */
  clockControlled: boolean;
  /** how often other engine processes' work is looked for (jobs, timers, undelivered events) */
  pollMs?: number;
}

/** The embedded engine: bpmn-engine runs each instance, the store keeps it between wait points. */
export class EmbeddedEngine implements EnginePort {
  readonly kind = 'embedded' as const;
  private readonly log: Logger;
  private readonly compiled = new Map<string, Promise<CompiledProcess>>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly subscribers = new Set<Subscriber>();
  private readonly eventHandlers: ((e: EngineEvent) => Promise<void>)[] = [];
  private readonly dispatching = new Map<string, Promise<number | null>>();
  private readonly workerId = randomBytes(6).toString('hex');
  private offsetMs = 0;
  private poller: NodeJS.Timeout | null = null;
  private timerWake: NodeJS.Timeout | null = null;
  private timersRunning: Promise<void> | null = null;
  private timersNext: Promise<void> | null = null;
  /** the timer loop's last look at the store: every timer due before `until`, soonest first, less those fired */
  private timerLook: { until: number; timers: { _id: string; instanceKey: string; dueAt: Date }[] } | null = null;
  private closed = false;
  private counter = 0;
  /** work started in the background: close() waits for it, and a failure is logged, never thrown at Node */
  private readonly pending = new Set<Promise<unknown>>();
  /** instances found half-projected by the last poll: repaired if still so at the next */
  private halfProjected = new Set<string>();
  /** instances kept loaded, by key, with the revision they match; any other revision in the store is loaded anew */
  private readonly warm = new Map<string, { live: Live; rev: number }>();
  private readonly warmAtJobs = new Map<string, { live: Live; rev: number }>();
  private warmAtJobsWeight = 0;
  private readonly raw = {
    instances: rawCollection(InstanceModel), jobs: rawCollection(JobModel), timers: rawCollection(TimerModel),
    subscriptions: rawCollection(SubscriptionModel), userTasks: rawCollection(UserTaskModel), definitions: rawCollection(DefinitionModel),
  };
  /**
   * Group commit per collection (group-commit.ts): what the commands on many instances write at the same moment
   * goes to the store as one bulk write; each command still waits until its own write is acknowledged.
   */
  private readonly writers = {
    instances: new GroupWriter(this.raw.instances), jobs: new GroupWriter(this.raw.jobs), timers: new GroupWriter(this.raw.timers),
    subscriptions: new GroupWriter(this.raw.subscriptions), userTasks: new GroupWriter(this.raw.userTasks),
  };
  private saves = 0;
  /** reads by key grouped the same way: an instance as it is stored; the newest definition of a process */
  private readonly readers = {
    instances: new GroupReader<InstanceDoc>(async (keys) => {
      const docs = await this.raw.instances().find({ _id: { $in: keys as never[] } }).toArray() as unknown as InstanceDoc[];
      return new Map(docs.map((d) => [d._id, d]));
    }),
    definitions: new GroupReader<{ _id: string; version: number }>(async (processIds) => {
      // every version's key (small), newest first: the first of each process is its newest
      const defs = await this.raw.definitions().find({ processId: { $in: processIds } }, { projection: { _id: 1, version: 1, processId: 1 } }).sort({ processId: 1, version: -1 }).toArray() as unknown as { _id: string; version: number; processId: string }[];
      const newest = new Map<string, { _id: string; version: number }>();
      for (const d of defs) if (!newest.has(d.processId) || newest.get(d.processId)!.version < d.version) newest.set(d.processId, { _id: d._id, version: d.version });
      return newest;
    }),
  };

  private keepWarm(key: string, live: Live, rev: number, atJob: boolean) {
    this.takeWarm(key);
    if (atJob) {
      this.warmAtJobs.set(key, { live, rev });
      this.warmAtJobsWeight += warmWeight(live);
      while (this.warmAtJobsWeight > WARM_AT_JOBS_WEIGHT && this.warmAtJobs.size > 1) this.takeWarm(this.warmAtJobs.keys().next().value as string);
    } else {
      this.warm.set(key, { live, rev });
      while (this.warm.size > WARM_INSTANCES) this.takeWarm(this.warm.keys().next().value as string);
    }
    // one that drops out is let go as it stands: stopping it would only run its stop through the engine
  }

  /** The instance as this process left it after its last command, if kept; it is no longer kept. */
  private takeWarm(key: string) {
    const entry = this.warm.get(key) ?? this.warmAtJobs.get(key);
    this.warm.delete(key);
    if (this.warmAtJobs.delete(key)) this.warmAtJobsWeight -= warmWeight(entry!.live);
    return entry;
  }

  /**
   * An idempotent conditional update through the group commit; true when its filter matched. When the group cannot
   * say (another update in it did not match), the update runs again on its own, which answers.
   */
  private async updateMatched(writer: GroupWriter, collection: () => mongo.Collection, filter: Record<string, unknown>, update: Record<string, unknown>): Promise<boolean> {
    const outcome = await writer.write({ updateOne: { filter: filter as mongo.Filter<mongo.Document>, update } });
    if (outcome.matched !== null) return outcome.matched;
    return (await collection().updateOne(filter as mongo.Filter<mongo.Document>, update)).matchedCount === 1;
  }

  private background(work: Promise<unknown>, what: string) {
    const tracked = work.catch((err: unknown) => {
      if (!this.closed) this.log.warn({ err }, `${what} failed; it is tried again`);
    }).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  constructor(private readonly options: EmbeddedEngineOptions) {
    this.log = options.log.child({ component: 'engine' });
  }

  // ——— clock ———

  async now(): Promise<Date> {
    return this.clockNow();
  }

  private clockNow(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Tests only: the engine's clock, moved forward; due timers fire before `advance` resolves. */
  testClock(): EngineTestClock {
    if (!this.options.clockControlled) throw new Error('the engine clock is real time here (ENGINE_CLOCK_CONTROLLED is not true)');
    const advance = async (ms: number) => {
      if (ms < 0) throw new Error('the engine clock only moves forward');
      this.offsetMs += ms;
      await this.fireDueTimers();
      return this.clockNow();
    };
    return {
      now: async () => this.clockNow(),
      advance,
      moveTo: async (at: Date) => advance(Math.max(0, at.getTime() - this.clockNow().getTime())),
    };
  }

  private newKey(): string {
    this.counter = (this.counter + 1) % 1_679_616;
    return `${Date.now().toString(36)}${this.counter.toString(36).padStart(4, '0')}${randomBytes(3).toString('hex')}`;
  }

  // ——— lifecycle ———

  /** Repairs what a crash left half-done, then starts handing out jobs, firing timers and delivering events. */
  async start(options: { takeOverJobs?: boolean } = {}): Promise<void> {
    for (const doc of await InstanceModel.find({ projected: false }).lean<InstanceDoc[]>()) {
      await this.project(doc, null);
      await this.markProjected(doc);
    }
    // jobs a crashed worker process had taken run again at once (workers are idempotent); others wait for their deadline
    if (options.takeOverJobs !== false) await JobModel.updateMany({ state: 'activated' }, { $set: { state: 'activatable', deadline: null, worker: null } });
    const pending = await InstanceModel.find({ hasOutbox: true }, { _id: 1 }).lean<{ _id: string }[]>();
    for (const p of pending) await this.dispatch(p._id);
    const pollMs = this.options.pollMs ?? 500;
    this.poller = setInterval(() => this.background(this.poll(), 'the engine poll'), pollMs);
    this.poller.unref();
    this.background(this.fireDueTimers(), 'firing due timers');
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.poller) clearInterval(this.poller);
    if (this.timerWake) clearTimeout(this.timerWake);
    for (const s of this.subscribers) s.closed = true;
    for (const w of [...this.warm.values(), ...this.warmAtJobs.values()]) w.live.stop();
    this.warm.clear();
    this.warmAtJobs.clear();
    this.warmAtJobsWeight = 0;
    for (let i = 0; i < 5 && (this.pending.size || this.locks.size || this.dispatching.size || this.timersRunning); i++) {
      await Promise.allSettled([...this.pending, ...this.locks.values(), ...this.dispatching.values(), this.timersRunning]);
    }
  }

  private async poll() {
    if (this.closed) return;
    try {
      await JobModel.updateMany(
        { state: 'activated', deadline: trusted({ $lt: new Date() }) },
        { $set: { state: 'activatable', deadline: null, worker: null } },
      );
      for (const s of this.subscribers) this.wake(s);
      // what a command or a delivery of this process is working on is left to it: it delivers and marks projected
      const busy = (key: string) => this.locks.has(key) || this.dispatching.has(key);
      const limit = 100 + this.locks.size + this.dispatching.size;
      for (const p of await InstanceModel.find({ hasOutbox: true }, { _id: 1 }).limit(limit).lean<{ _id: string }[]>()) {
        if (!busy(p._id)) this.background(this.dispatch(p._id), 'delivering events');
      }
      await MessageModel.deleteMany({ expiresAt: trusted({ $lt: this.clockNow() }) });
      // an instance whose derived collections were not brought in line (a failed write) is repaired here
      const half = (await InstanceModel.find({ projected: false }, { _id: 1 }).limit(limit).lean<{ _id: string }[]>()).filter((x) => !busy(x._id));
      for (const h of half.filter((x) => this.halfProjected.has(x._id))) {
        await this.serial(h._id, async () => {
          const doc = await InstanceModel.findById(h._id).lean<InstanceDoc>();
          if (doc && !doc.projected) {
            await this.project(doc, null);
            await this.markProjected(doc);
          }
        });
      }
      this.halfProjected = new Set(half.map((x) => x._id));
      this.background(this.fireDueTimers(), 'firing due timers');
    } catch (err) {
      this.log.warn({ err }, 'engine poll failed; trying again');
    }
  }

  async health(): Promise<EngineHealth> {
    const state = mongoose.connection.readyState;
    if (state !== 1) return { ok: false, engine: 'embedded', error: 'the store is not connected' };
    const [instances, jobs, incidents] = await Promise.all([
      InstanceModel.countDocuments({ status: 'active' }), JobModel.countDocuments({ state: trusted({ $ne: 'failed' }) }), EngineIncidentModel.countDocuments({ state: 'open' }),
    ]).catch(() => [null, null, null]);
    return { ok: instances !== null, engine: 'embedded', version: ENGINE_VERSION, detail: { activeInstances: instances, openJobs: jobs, openIncidents: incidents } };
  }

  // ——— models ———

  private compiledDefinition(definitionKey: string): Promise<CompiledProcess> {
    let p = this.compiled.get(definitionKey);
    if (!p) {
      p = (async () => {
        const def = await DefinitionModel.findById(definitionKey).lean();
        if (!def) throw new EngineCommandError('not-found', `流程定义 ${definitionKey} 不存在`, `process definition ${definitionKey} does not exist`);
        const { processes } = await compileModel(def.xml);
        const found = processes.find((x) => x.processId === def.processId);
        if (!found) throw new Error(`definition ${definitionKey} has no process ${def.processId}`);
        return found;
      })();
      p.catch(() => this.compiled.delete(definitionKey));
      this.compiled.set(definitionKey, p);
    }
    return p;
  }

  async deploy(resources: { name: string; xml: string }[]): Promise<{ deploymentKey: string; processes: DeployedProcess[] }> {
    const out: DeployedProcess[] = [];
    const checked = [];
    for (const r of resources) {
      let compiled;
      try {
        compiled = await compileModel(r.xml);
      } catch (err) {
        throw new EngineCommandError('validation', `模型 ${r.name} 无法读取：${(err as Error).message}`, `the model ${r.name} cannot be read: ${(err as Error).message}`);
      }
      if (compiled.problems.length) {
        const list = compiled.problems;
        throw new EngineCommandError('validation',
          `模型 ${r.name} 使用了内置引擎不支持的部分：${list.map((p) => `${p.elementId}：${p.zh}`).join('；')}`,
          `the model ${r.name} uses what the embedded engine does not run: ${list.map((p) => `${p.elementId}: ${p.en}`).join('; ')}`);
      }
      if (compiled.processes.length === 0) throw new EngineCommandError('validation', `模型 ${r.name} 没有可执行的流程`, `the model ${r.name} has no executable process`);
      checked.push({ r, compiled });
    }
    for (const { r, compiled } of checked) {
      for (const p of compiled.processes) {
        // the same model deployed again keeps its version (a model from the modeler carries its own version tag)
        const same = await DefinitionModel.findOne({ processId: p.processId, hash: p.hash }).sort({ version: -1 }).lean();
        if (same) {
          out.push({ processId: p.processId, version: same.version, definitionKey: same._id });
          continue;
        }
        const latest = await DefinitionModel.findOne({ processId: p.processId }).sort({ version: -1 }).lean();
        const version = (latest?.version ?? 0) + 1;
        const definitionKey = `${p.processId}:${version}`;
        await DefinitionModel.create({ _id: definitionKey, processId: p.processId, version, name: p.name, resourceName: r.name, hash: p.hash, xml: r.xml, deployedAt: this.clockNow() });
        this.compiled.set(definitionKey, Promise.resolve(p));
        out.push({ processId: p.processId, version, definitionKey });
      }
    }
    return { deploymentKey: this.newKey(), processes: out };
  }

  // ——— instances ———

  async startInstance(processId: string, variables: Vars, options: { businessKey?: string; parent?: { instanceKey: string; waitKey: string }; key?: string } = {}): Promise<string> {
    const { businessKey, parent, key = this.newKey() } = options;
    if (businessKey) {
      const started = await InstanceModel.findOne({ businessKey }, { _id: 1 }).lean<{ _id: string }>();
      if (started) return started._id;
    }
    // the newest version's key, not its model (the compiled model is kept by key)
    const def = await this.readers.definitions.load(processId);
    if (!def) throw new EngineCommandError('not-found', `流程 ${processId} 尚未部署`, `process ${processId} is not deployed`);
    const process = await this.compiledDefinition(def._id);
    const live = new Live(key, process, structuredClone(variables), () => undefined);
    const doc: InstanceDoc = {
      _id: key, processId, version: def.version, definitionKey: def._id, parent: parent ?? null, status: 'active', state: null,
      variables: '{}', rev: 0, seq: 0, waits: [], outbox: [], createdAt: this.clockNow(), ...(businessKey ? { businessKey } : {}),
    };
    try {
      await this.serial(key, async () => {
        await live.start();
        if (live.failure) throw new EngineCommandError('validation', `流程 ${processId} 无法启动：${live.failure.message}`, `process ${processId} could not start: ${live.failure.message}`);
        const saved = await this.save(doc, live, true);
        if (saved && !live.ended) {
          live.reset(() => undefined);
          this.keepWarm(key, live, saved.rev, saved.atJob);
        }
      });
    } catch (err) {
      // the same business key started at the same moment elsewhere: that instance is the one
      const started = businessKey && isDuplicateKey(err) ? await InstanceModel.findOne({ businessKey }, { _id: 1 }).lean<{ _id: string }>() : null;
      if (started) return started._id;
      throw err;
    }
    return key;
  }

  /** Runs one command on one instance: load, act, save; a concurrent save elsewhere makes it run again. */
  private async withInstance<T>(key: string, act: (live: Live, doc: InstanceDoc) => T | Promise<T>): Promise<T> {
    return this.serial(key, async () => {
      for (let attempt = 0; ; attempt++) {
        const doc = await this.readers.instances.load(key);
        if (!doc) throw new EngineCommandError('not-found', `流程实例 ${key} 不存在`, `process instance ${key} does not exist`);
        if (doc.status !== 'active') throw new EngineCommandError('conflict', `流程实例 ${key} 已结束（${doc.status}）`, `process instance ${key} has ended (${doc.status})`);
        const process = await this.compiledDefinition(doc.definitionKey);
        const waitsById = new Map(doc.waits.filter((w) => w.kind === 'timer').map((w) => [w.executionId, new Date(w.data.dueAt as string)]));
        const timerDue = (id: string) => waitsById.get(id);
        // the instance as this process left it, if nobody has changed it since; else recovered from the store
        const warm = this.takeWarm(key);
        let live: Live;
        if (warm && warm.rev === doc.rev) {
          live = warm.live;
          live.reset(timerDue);
        } else {
          warm?.live.stop();
          live = new Live(key, process, JSON.parse(doc.variables) as Vars, timerDue);
        }
        let kept = false;
        try {
          if (live !== warm?.live) await live.resume(doc.state!);
          const result = await act(live, doc);
          if (live.failure) {
            throw new EngineCommandError('conflict', `流程实例 ${key} 执行出错：${live.failure.message}`, `process instance ${key} failed to continue: ${live.failure.message}`);
          }
          const saved = await this.save(doc, live, false);
          if (saved) {
            if (!live.ended) {
              this.keepWarm(key, live, saved.rev, saved.atJob);
              kept = true;
            }
            return result;
          }
        } finally {
          if (!kept) live.stop();
        }
        if (attempt >= 20) throw new Error(`instance ${key} kept changing under this command`);
      }
    });
  }

  /** One command at a time per instance inside this process. */
  private serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.locks.get(key) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(fn);
    const tail = run.catch(() => undefined);
    this.locks.set(key, tail);
    void tail.then(() => { if (this.locks.get(key) === tail) this.locks.delete(key); });
    return run;
  }

  /** Works out the instance's wait points, writes the instance in one update, then the collections derived from it. */
  private async save(doc: InstanceDoc, live: Live, insert: boolean): Promise<{ rev: number; atJob: boolean } | null> {
    const now = this.clockNow();
    const old = new Map(doc.waits.map((w) => [w.executionId, w]));
    const waits: Wait[] = [];
    const children: { key: string; processId: string; variables: Vars; waitKey: string }[] = [];
    const stillThere = new Set<string>();
    if (!live.ended) {
      for (const api of live.postponed()) {
        const executionId = api.content.executionId;
        const info = live.process.elements.get(api.id);
        if (!info) continue;
        const existing = old.get(executionId);
        if (existing && existing.kind !== 'timer') {
          waits.push(existing);
          stillThere.add(executionId);
          continue;
        }
        const content = api.content as Record<string, unknown> & { index?: number; parent?: { executionId?: string } };
        const iteration = info.multiInstance ? { [info.multiInstance.inputElement ?? 'item']: content[info.multiInstance.inputElement ?? 'item'] ?? null, loopCounter: Number(content.index ?? 0) + 1 } : undefined;
        const wait = this.newWait(live, doc, info, executionId, children, iteration);
        if (wait) waits.push(wait);
      }
      for (const t of live.timers.values()) {
        const existing = old.get(t.id);
        const dueAt = existing?.kind === 'timer' ? new Date(existing.data.dueAt as string)
          : t.owner.timerType === 'timeDate' && t.owner.expireAt ? new Date(t.owner.expireAt) : new Date(now.getTime() + Math.max(0, Number(t.owner.timeout ?? 0)));
        stillThere.add(t.id);
        waits.push({ kind: 'timer', key: `${doc._id}.${t.id}`, executionId: t.id, elementId: t.elementId, data: { dueAt: dueAt.toISOString() } });
      }
    }
    for (const w of doc.waits) {
      if (stillThere.has(w.executionId)) continue;
      if (w.kind === 'user-task' && !live.completedWaits.has(w.key)) {
        live.events.push({ kind: 'user-task.canceled', elementId: w.elementId, elementType: 'USER_TASK', elementInstanceKey: `${doc._id}.${w.executionId}`, extra: { userTask: userTaskOf(w) } });
      }
    }
    const status = live.ended ? 'completed' : 'active';
    const events = stamp(doc, now, live.events.map((e) => ({
      kind: e.kind, elementId: e.elementId, elementType: e.elementType, elementInstanceKey: e.elementInstanceKey,
      ...(e.extra as object), ...(e.extra?.timer ? { timer: { dueAt: e.extra.timer.dueAt.toISOString() } } : {}),
    }) as Unstamped));
    const state = live.ended ? null : await live.state();
    const saveId = `${this.workerId}.${(this.saves += 1).toString(36)}`;
    const set = {
      state, variables: JSON.stringify(live.vars), waits, status, projected: false, seq: doc.seq + events.length, saveId,
      ...(events.length ? { hasOutbox: true } : {}), ...(live.ended ? { endedAt: now } : {}),
    };
    // one write of the instance, through the group commit: acknowledged (in the store) before anything follows
    let next: InstanceDoc;
    if (insert) {
      next = { hasOutbox: false, endedAt: null, ...doc, ...set, rev: 1, outbox: events };
      await this.writers.instances.write({ insertOne: { document: next as never } });
    } else {
      const outcome = await this.writers.instances.write({ updateOne: {
        filter: { _id: doc._id as never, rev: doc.rev },
        update: { $set: set, $inc: { rev: 1 }, ...(events.length ? { $push: { outbox: { $each: events } } } : {}) } as never,
      } });
      // the group could not say whether this save matched: the document says whether it is this save's
      const matched = outcome.matched ?? (await this.raw.instances().findOne({ _id: doc._id as never }, { projection: { saveId: 1 } }))?.saveId === saveId;
      if (!matched) return null;
      // the document as the store now has it (the update matched, so it changed nothing else)
      next = { ...doc, ...set, rev: doc.rev + 1, outbox: [...doc.outbox, ...events] };
    }
    const unclaimed = await this.project(next, insert ? [] : doc.waits);
    // the events go out in the background; one write then marks the instance projected and empties its outbox
    this.background(this.dispatch(doc._id, next.seq === doc.seq + events.length ? events : undefined, next), 'delivering events');
    for (const c of children) {
      await this.startInstance(c.processId, c.variables, { parent: { instanceKey: doc._id, waitKey: c.waitKey }, key: c.key }).catch(async (err: Error) => {
        await this.raiseIncident(doc._id, c.waitKey, null, 'CALLED_ELEMENT_ERROR', err.message);
      });
    }
    if (live.ended && next.parent) this.background(this.childEnded(next), 'continuing the calling instance');
    for (const type of unclaimed) for (const s of this.subscribers) if (s.type === type) this.wake(s);
    // a timer due soon gets the timer loop's attention now; one due later is found by the loop's next look
    const soon = now.getTime() + TIMER_HORIZON_MS + (this.options.pollMs ?? 500);
    if (waits.some((w) => w.kind === 'timer' && Date.parse(w.data.dueAt as string) <= soon)) this.scheduleTimers();
    return { rev: next.rev, atJob: waits.some((w) => w.kind === 'job') };
  }

  private newWait(live: Live, doc: InstanceDoc, info: ElementInfo, executionId: string, children: { key: string; processId: string; variables: Vars; waitKey: string }[], iteration?: Vars): Wait | null {
    const key = `${doc._id}.${executionId}`;
    const locals: Vars = { ...iteration };
    applyMappings(info.inputs, { ...visible(live.vars), ...locals }, locals);
    const scope = { ...visible(live.vars), ...locals };
    if (info.type === 'bpmn:UserTask' && info.userTask) {
      const u = info.userTask;
      const assignee = u.assignee ? String(isFeel(u.assignee) ? feelValue(u.assignee, scope) ?? '' : u.assignee) || null : null;
      const wait: Wait = { kind: 'user-task', key, executionId, elementId: info.id, data: { candidateGroups: feelList(u.candidateGroups, scope), candidateUsers: feelList(u.candidateUsers, scope), assignee, headers: info.headers, formKey: u.formKey, locals } };
      live.events.push({ kind: 'user-task.created', elementId: info.id, elementType: 'USER_TASK', elementInstanceKey: key, extra: { userTask: userTaskOf(wait) } });
      if (assignee) live.events.push({ kind: 'user-task.assigned', elementId: info.id, elementType: 'USER_TASK', elementInstanceKey: key, extra: { userTask: userTaskOf(wait) } });
      return wait;
    }
    if (info.job && info.job.type) {
      return { kind: 'job', key, executionId, elementId: info.id, data: { type: info.job.type, retries: info.job.retries, headers: info.headers, variables: JSON.stringify(scope), locals } };
    }
    if (info.message) {
      const correlationKey = String(feelValue(info.message.correlationKey, scope) ?? '');
      return { kind: 'message', key, executionId, elementId: info.id, data: { name: info.message.name, correlationKey, locals } };
    }
    if (info.callActivity) {
      const childKey = this.newKey();
      children.push({ key: childKey, processId: info.callActivity.processId, variables: scope, waitKey: key });
      return { kind: 'call', key, executionId, elementId: info.id, data: { childKey } };
    }
    return null;
  }

  /**
   * Brings the job, timer, subscription and user-task collections in line with the instance document: only what
   * changed since `previous` (the waits before the command), or everything when `previous` is null (repair).
   */
  private async project(doc: InstanceDoc, previous: Wait[] | null): Promise<Set<string>> {
    /** the types of jobs written activatable (no subscriber of this process took them): the pumps look for them */
    const unclaimed = new Set<string>();
    const models = { job: JobModel, timer: TimerModel, message: SubscriptionModel, 'user-task': UserTaskModel } as const;
    const writers = { job: this.writers.jobs, timer: this.writers.timers, message: this.writers.subscriptions, 'user-task': this.writers.userTasks } as const;
    const current = new Set(doc.waits.map((w) => w.key));
    // the writes go through the group commit together (each collection's in one bulk write with other instances'):
    // they touch different documents, so their order does not matter; all are acknowledged before this returns
    const writes: Promise<unknown>[] = [];
    if (previous === null) {
      await Promise.all(Object.entries(models).map(([kind, model]) => (model as typeof JobModel).deleteMany({
        instanceKey: doc._id, _id: trusted({ $nin: doc.waits.filter((w) => w.kind === kind).map((w) => w.key) }),
      })));
    } else {
      for (const kind of Object.keys(writers) as (keyof typeof writers)[]) {
        const gone = previous.filter((w) => w.kind === kind && !current.has(w.key)).map((w) => w.key);
        if (gone.length === 1) writes.push(writers[kind].write({ deleteOne: { filter: { _id: gone[0] as never } } }));
        else if (gone.length) writes.push(writers[kind].write({ deleteMany: { filter: { _id: { $in: gone as never[] } } } }));
      }
    }
    const before = new Set((previous ?? []).map((w) => w.key));
    const now = this.clockNow();
    const upsert = (writer: GroupWriter, key: string, update: Record<string, unknown>) => writer.write({ updateOne: { filter: { _id: key as never }, update, upsert: true } } as GroupOp);
    for (const w of doc.waits) {
      if (before.has(w.key)) continue;
      const d = w.data;
      if (w.kind === 'job') {
        // a subscriber of this process with room takes the job as it is written (activated for it, as the pump
        // would): no search and no second write; it is handed out once the store has it
        const type = String(d.type);
        const sub = [...this.subscribers].find((x) => x.type === type && !x.closed && x.running < x.max);
        if (sub) sub.running += 1;
        else unclaimed.add(type);
        const job = {
          instanceKey: doc._id, type, elementId: w.elementId, executionId: w.executionId, processId: doc.processId, retries: d.retries as number,
          state: sub ? 'activated' as const : 'activatable' as const, availableAt: new Date(0), deadline: sub ? new Date(Date.now() + sub.timeoutMs) : null,
          worker: sub ? this.workerId : null, errorMessage: null, variables: String(d.variables), headers: d.headers ?? {}, createdAt: now,
        };
        writes.push(upsert(this.writers.jobs, w.key, { $setOnInsert: job }).then((written) => {
          if (!sub) return;
          if (written.upserted) this.handOut(sub, { _id: w.key, ...job });
          else this.release(sub); // the job was there already (written before): it keeps its own state
        }, (err: unknown) => {
          if (sub) this.release(sub);
          throw err;
        }));
      } else if (w.kind === 'timer') {
        writes.push(upsert(this.writers.timers, w.key, { $set: { instanceKey: doc._id, elementId: w.elementId, dueAt: new Date(d.dueAt as string) } }));
      } else if (w.kind === 'message') {
        writes.push(upsert(this.writers.subscriptions, w.key, { $setOnInsert: { instanceKey: doc._id, name: d.name, correlationKey: d.correlationKey, elementId: w.elementId, createdAt: now } }).then((inserted) => {
          if (inserted.upserted) this.background(this.correlateBuffered(String(d.name), String(d.correlationKey)), 'correlating a kept message');
        }));
      } else if (w.kind === 'user-task') {
        writes.push(upsert(this.writers.userTasks, w.key, { $setOnInsert: { instanceKey: doc._id, elementId: w.elementId, assignee: d.assignee ?? null } }));
      }
    }
    // every write is awaited (a failed one is thrown once all have settled: the instance stays unprojected)
    const settled = await Promise.allSettled(writes);
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    return unclaimed;
  }

  private async markProjected(doc: InstanceDoc) {
    await this.writers.instances.write({ updateOne: { filter: { _id: doc._id as never, rev: doc.rev }, update: { $set: { projected: true } } } });
  }

  // ——— events ———

  onEvent(handler: (event: EngineEvent) => Promise<void>): void {
    this.eventHandlers.push(handler);
  }

  /**
   * Delivers an instance's undelivered events in order, then removes what every handler took. `known` are the
   * events just saved, when nothing older is waiting (saves a read). Deliveries of one instance run one after the
   * other; one that follows a delivery which handed out everything before its own events needs no read either.
   */
  private dispatch(instanceKey: string, known?: StoredEvent[], saved?: InstanceDoc): Promise<void> {
    const before = this.dispatching.get(instanceKey);
    const run = (before ?? Promise.resolve(null)).then((through) => {
      const first = known?.[0]?.seq;
      const usable = before === undefined || (through !== null && first !== undefined && through >= first - 1);
      return this.deliver(instanceKey, usable ? known : undefined, saved);
    });
    // what the next delivery of the instance waits for (never a rejection: a failed one knows nothing delivered)
    const tail: Promise<number | null> = run.catch(() => null).finally(() => { if (this.dispatching.get(instanceKey) === tail) this.dispatching.delete(instanceKey); });
    this.dispatching.set(instanceKey, tail);
    return run.then(() => undefined);
  }

  /** One delivery (see dispatch); the seq up to which every event of the instance has gone out, when known. */
  private async deliver(instanceKey: string, known?: StoredEvent[], saved?: InstanceDoc): Promise<number | null> {
    let delivered: number | null = null;
    let all = false;
    if (this.eventHandlers.length > 0) {
      const outbox = known ?? (await this.raw.instances().findOne({ _id: instanceKey as never }, { projection: { outbox: 1 } }) as { outbox?: StoredEvent[] } | null)?.outbox ?? [];
      all = true;
      for (const e of outbox) {
        const event: EngineEvent = { ...e, at: new Date(e.at), timer: e.timer ? { dueAt: new Date(e.timer.dueAt) } : undefined };
        try {
          for (const h of this.eventHandlers) await h(event);
        } catch (err) {
          this.log.warn({ err, event: e.key }, 'an engine event was not taken; it is delivered again');
          all = false;
          break;
        }
        delivered = e.seq;
      }
      if (delivered === null) all = false;
    }
    const through = all ? delivered : null;
    const { instances } = this.writers;
    if (saved) {
      // the command's own write: projected, and the outbox emptied when everything went out and nothing came since
      const done = await this.updateMatched(instances, this.raw.instances, { _id: instanceKey, rev: saved.rev },
        { $set: { projected: true, ...(all && delivered === saved.seq ? { outbox: [], hasOutbox: false } : {}) } });
      if (done && all && delivered === saved.seq) return through;
    }
    if (delivered === null) return through;
    // nothing newer came meanwhile: empty the outbox in one write; else take out what was delivered
    const cleared = await this.updateMatched(instances, this.raw.instances, { _id: instanceKey, seq: delivered }, { $set: { outbox: [], hasOutbox: false } });
    if (!cleared) await instances.write({ updateOne: { filter: { _id: instanceKey as never }, update: { $pull: { outbox: { seq: { $lte: delivered } } } } as never } });
    return through;
  }

  /** Appends events to an instance whose state does not change (incidents). */
  private async appendEvents(instanceKey: string, make: (doc: InstanceDoc) => Unstamped[]) {
    await this.serial(instanceKey, async () => {
      for (;;) {
        const doc = await InstanceModel.findById(instanceKey).lean<InstanceDoc>();
        if (!doc) return;
        const events = stamp(doc, this.clockNow(), make(doc));
        const r = await InstanceModel.updateOne({ _id: instanceKey, rev: doc.rev }, { $inc: { rev: 1 }, $set: { seq: doc.seq + events.length, hasOutbox: true }, $push: { outbox: trusted({ $each: events }) } });
        if (r.modifiedCount === 1) break;
      }
    });
    this.background(this.dispatch(instanceKey), 'delivering events');
  }

  // ——— jobs ———

  subscribeJobs(type: string, handler: (job: JobLike) => Promise<void>, options: { maxJobs?: number; timeoutMs?: number } = {}): JobSubscription {
    const sub: Subscriber = { type, handler, max: options.maxJobs ?? 16, timeoutMs: options.timeoutMs ?? 60_000, running: 0, closed: false, polling: false, more: true, emptyAt: 0 };
    this.subscribers.add(sub);
    this.wake(sub);
    return {
      close: async () => {
        sub.closed = true;
        this.subscribers.delete(sub);
      },
    };
  }

  /** There may be activatable jobs for the subscriber (new, failed back, timed out, or of another process): look. */
  private wake(sub: Subscriber) {
    sub.more = true;
    this.background(this.pump(sub), 'handing out jobs');
  }

  /** Activates jobs for the subscriber while it has room and the store may have some; a look that finds none rests. */
  private async pump(sub: Subscriber) {
    if (sub.polling || sub.closed || this.closed) return;
    sub.polling = true;
    try {
      while (sub.more && !sub.closed && !this.closed && sub.running < sub.max) {
        sub.more = false; // a job made while this look runs sets it again, so the loop looks once more
        const job = await this.raw.jobs().findOneAndUpdate(
          { type: sub.type, state: 'activatable', availableAt: { $lte: this.clockNow() } },
          { $set: { state: 'activated', deadline: new Date(Date.now() + sub.timeoutMs), worker: this.workerId } },
          { returnDocument: 'after', sort: { availableAt: 1 } },
        ) as (JobRecord & { _id: string }) | null;
        if (!job) {
          sub.emptyAt = Date.now();
          continue;
        }
        sub.more = true; // there may be more behind it
        sub.running += 1;
        this.handOut(sub, job);
      }
    } catch (err) {
      sub.more = true;
      this.log.warn({ err }, 'job activation failed; trying again');
    } finally {
      sub.polling = false;
    }
  }

  /** Runs an activated job's handler on a place already counted for the subscriber. */
  private handOut(sub: Subscriber, job: JobRecord & { _id: string }) {
    if (sub.closed || this.closed) {
      // the subscription went before the job reached it: the job is free again at once, not at its deadline
      this.release(sub);
      this.background(this.raw.jobs().updateOne({ _id: job._id as never, state: 'activated', worker: this.workerId }, { $set: { state: 'activatable', deadline: null, worker: null } }), 'releasing a job');
      return;
    }
    void Promise.resolve().then(() => sub.handler(this.jobLike(job))).catch((err: unknown) => this.log.error({ err, jobKey: job._id }, 'job handler threw'))
      .finally(() => this.release(sub));
  }

  /** A place of the subscriber is free again: the pump looks if there may be jobs waiting. */
  private release(sub: Subscriber) {
    sub.running -= 1;
    if (!sub.more && Date.now() - sub.emptyAt >= LOOK_AGAIN_MS) sub.more = true;
    if (sub.more) this.background(this.pump(sub), 'handing out jobs');
  }

  private jobLike(job: JobRecord & { _id: string }): JobLike {
    return {
      key: job._id, type: job.type, processInstanceKey: job.instanceKey, elementId: job.elementId, retries: job.retries,
      variables: JSON.parse(job.variables) as Vars, customHeaders: (job.headers ?? {}) as Record<string, string>,
      complete: (variables) => this.completeJobOf(job._id, job.instanceKey, variables ?? {}),
      fail: (c) => this.failJob(job._id, c.errorMessage, c.retries ?? job.retries - 1, c.retryBackOff ?? 0),
      error: (code, message) => this.throwError(job._id, code, message ?? ''),
    };
  }

  async completeJob(jobKey: string, result: Vars): Promise<void> {
    const job = await JobModel.findById(jobKey).lean();
    if (!job) throw jobGone(jobKey);
    await this.completeJobOf(jobKey, job.instanceKey, result);
  }

  /** The instance says whether the job is still open (its wait): a job handed out needs no read of its record. */
  private async completeJobOf(jobKey: string, instanceKey: string, result: Vars): Promise<void> {
    await this.withInstance(instanceKey, (live, doc) => {
      const wait = doc.waits.find((w) => w.key === jobKey);
      const api = wait && live.find(wait.executionId);
      if (!wait || !api) throw jobGone(jobKey);
      this.applyOutput(live, wait, result, api);
      api.signal({});
    }).catch(async (err: unknown) => {
      // an instance that ended or went took its jobs with it: the worker hears that the job is gone, as before
      if (err instanceof EngineCommandError && !(await JobModel.exists({ _id: jobKey }))) throw jobGone(jobKey);
      throw err;
    });
  }

  private applyOutput(live: Live, wait: Wait, result: Vars, api?: Api) {
    const info = live.process.elements.get(wait.elementId)!;
    const locals = (wait.data.locals as Vars | undefined) ?? {};
    const mi = info.multiInstance;
    if (mi?.outputCollection && api) {
      // an iteration's output element goes into its place of the output collection
      const content = api.content as { index?: number; parent?: { executionId?: string } };
      const partsKey = `${MI_PREFIX}${content.parent?.executionId ?? ''}`;
      const parts = ((live.vars[partsKey] as unknown[] | undefined) ?? []).slice();
      const scope = { ...visible(live.vars), ...locals, ...result };
      parts[Number(content.index ?? 0)] = mi.outputElement ? (isFeel(mi.outputElement) ? feelValue(mi.outputElement, scope) : scope[mi.outputElement] ?? null) : null;
      live.vars[partsKey] = parts;
    }
    if (info.outputs.length) {
      applyMappings(info.outputs, { ...visible(live.vars), ...locals, ...result }, live.vars);
    } else {
      Object.assign(live.vars, structuredClone(result));
    }
  }

  private async failJob(jobKey: string, errorMessage: string, retries: number, backOffMs: number): Promise<void> {
    const job = await JobModel.findById(jobKey).lean();
    if (!job) return;
    if (retries > 0) {
      await JobModel.updateOne({ _id: jobKey }, { $set: { state: 'activatable', retries, errorMessage, deadline: null, worker: null, availableAt: new Date(this.clockNow().getTime() + backOffMs) } });
      setTimeout(() => { for (const s of this.subscribers) if (s.type === job.type) this.wake(s); }, backOffMs + 5).unref();
      return;
    }
    await JobModel.updateOne({ _id: jobKey }, { $set: { state: 'failed', retries: 0, errorMessage, deadline: null, worker: null } });
    await this.raiseIncident(job.instanceKey, jobKey, job.elementId, 'JOB_NO_RETRIES', errorMessage);
  }

  private async throwError(jobKey: string, code: string, message: string): Promise<void> {
    const job = await JobModel.findById(jobKey).lean();
    if (!job) throw jobGone(jobKey);
    const process = await this.withInstance(job.instanceKey, async (live, doc) => {
      const wait = doc.waits.find((w) => w.key === jobKey);
      const api = wait && live.find(wait.executionId);
      if (!wait || !api) throw jobGone(jobKey);
      const info = live.process.elements.get(wait.elementId)!;
      if (!info.errorBoundaries.some((b) => b.code === null || b.code === code)) return false;
      api.sendApiMessage('error', { message: message || code, code });
      return true;
    });
    if (!process) {
      await JobModel.updateOne({ _id: jobKey }, { $set: { state: 'failed', retries: 0, errorMessage: `BPMN error ${code}: ${message}` } });
      await this.raiseIncident(job.instanceKey, jobKey, job.elementId, 'UNHANDLED_ERROR_EVENT', `no boundary event catches error ${code}: ${message}`);
    }
  }

  private async raiseIncident(instanceKey: string, jobKey: string | null, elementId: string | null, errorType: string, message: string) {
    const key = `${instanceKey}.i${this.newKey()}`;
    await EngineIncidentModel.create({ _id: key, instanceKey, jobKey, elementId: elementId ?? '?', errorType, message, state: 'open', createdAt: this.clockNow() });
    await this.appendEvents(instanceKey, () => [{ kind: 'incident.raised', elementId: elementId ?? '?', elementType: null, elementInstanceKey: jobKey, incident: { key, errorType, message } }]);
  }

  async resolveIncident(incidentKey: string, retries = 1): Promise<void> {
    const incident = await EngineIncidentModel.findOneAndUpdate({ _id: incidentKey, state: 'open' }, { $set: { state: 'resolved' } }, { new: true }).lean();
    if (!incident) throw new EngineCommandError('not-found', `事件 ${incidentKey} 不存在或已解决`, `incident ${incidentKey} does not exist or is resolved`);
    if (incident.jobKey) {
      await JobModel.updateOne({ _id: incident.jobKey, state: 'failed' }, { $set: { state: 'activatable', retries: Math.max(1, retries), availableAt: new Date(0) } });
    }
    await this.appendEvents(incident.instanceKey, () => [{ kind: 'incident.resolved', elementId: incident.elementId, elementType: null, elementInstanceKey: incident.jobKey ?? null, incident: { key: incidentKey, errorType: incident.errorType, message: incident.message } }]);
    for (const s of this.subscribers) this.wake(s);
  }

  // ——— user tasks ———

  private async userTaskWait(userTaskKey: string) {
    const task = await UserTaskModel.findById(userTaskKey).lean();
    if (!task) throw userTaskGone(userTaskKey);
    return task;
  }

  userTasks = {
    assign: async (userTaskKey: string, assignee: string, override = false) => {
      const task = await this.userTaskWait(userTaskKey);
      await this.withInstance(task.instanceKey, (live, doc) => {
        const wait = doc.waits.find((w) => w.key === userTaskKey);
        if (!wait) throw userTaskGone(userTaskKey);
        const current = wait.data.assignee as string | null;
        if (current && current !== assignee && !override) throw new EngineCommandError('conflict', `用户任务已由 ${current} 认领`, `the user task is assigned to ${current}`);
        wait.data.assignee = assignee;
        live.events.push({ kind: 'user-task.assigned', elementId: wait.elementId, elementType: 'USER_TASK', elementInstanceKey: wait.key, extra: { userTask: userTaskOf(wait) } });
      });
      await UserTaskModel.updateOne({ _id: userTaskKey }, { $set: { assignee } });
    },
    unassign: async (userTaskKey: string) => {
      const task = await this.userTaskWait(userTaskKey);
      await this.withInstance(task.instanceKey, (live, doc) => {
        const wait = doc.waits.find((w) => w.key === userTaskKey);
        if (!wait) throw userTaskGone(userTaskKey);
        wait.data.assignee = null;
        live.events.push({ kind: 'user-task.assigned', elementId: wait.elementId, elementType: 'USER_TASK', elementInstanceKey: wait.key, extra: { userTask: userTaskOf(wait) } });
      });
      await UserTaskModel.updateOne({ _id: userTaskKey }, { $set: { assignee: null } });
    },
    complete: async (userTaskKey: string, variables: Vars) => {
      const task = await this.userTaskWait(userTaskKey);
      await this.withInstance(task.instanceKey, (live, doc) => {
        const wait = doc.waits.find((w) => w.key === userTaskKey);
        const api = wait && live.find(wait.executionId);
        if (!wait || !api) throw userTaskGone(userTaskKey);
        this.applyOutput(live, wait, variables, api);
        live.completedWaits.add(wait.key);
        live.events.push({ kind: 'user-task.completed', elementId: wait.elementId, elementType: 'USER_TASK', elementInstanceKey: wait.key, extra: { userTask: userTaskOf(wait) } });
        api.signal({});
      });
    },
  };

  // ——— messages ———

  async publishMessage(m: { name: string; correlationKey: string; variables?: Vars; timeToLiveMs?: number }): Promise<void> {
    const variables = m.variables ?? {};
    if (await this.correlate(m.name, m.correlationKey, variables)) return;
    const ttl = m.timeToLiveMs ?? 3_600_000;
    if (ttl <= 0) return;
    const now = this.clockNow();
    await MessageModel.create({ _id: this.newKey(), name: m.name, correlationKey: m.correlationKey, variables: JSON.stringify(variables), publishedAt: now, expiresAt: new Date(now.getTime() + ttl) });
    // a subscription may have opened meanwhile
    await this.correlateBuffered(m.name, m.correlationKey);
  }

  /** Correlates to the oldest open subscription; true when one took the message. */
  private async correlate(name: string, correlationKey: string, variables: Vars): Promise<boolean> {
    for (const sub of await SubscriptionModel.find({ name, correlationKey }).sort({ createdAt: 1 }).limit(10).lean()) {
      // taking the subscription first makes a message correlate to one subscription only
      const taken = await SubscriptionModel.deleteOne({ _id: sub._id });
      if (taken.deletedCount !== 1) continue;
      const ok = await this.withInstance(sub.instanceKey, (live, doc) => {
        const wait = doc.waits.find((w) => w.key === sub._id);
        const api = wait && live.find(wait.executionId);
        if (!wait || !api) return false;
        this.applyOutput(live, wait, variables);
        api.signal({});
        return true;
      }).catch(() => false);
      if (ok) return true;
    }
    return false;
  }

  private async correlateBuffered(name: string, correlationKey: string) {
    const messages = await MessageModel.find({ name, correlationKey, expiresAt: trusted({ $gte: this.clockNow() }) }).sort({ publishedAt: 1 }).lean();
    for (const msg of messages) {
      if (!(await SubscriptionModel.exists({ name, correlationKey }))) return;
      const taken = await MessageModel.deleteOne({ _id: msg._id });
      if (taken.deletedCount !== 1) continue;
      if (!(await this.correlate(name, correlationKey, JSON.parse(msg.variables) as Vars))) {
        await MessageModel.create(msg); // nobody took it after all: keep it for its time to live
        return;
      }
    }
  }

  // ——— timers ———

  /** A save wrote a timer due soon: the timer loop looks at the store again now. */
  private scheduleTimers() {
    if (this.closed) return;
    this.timerLook = null;
    this.background(this.fireDueTimers(), 'firing due timers');
  }

  /**
   * Fires every timer due on the engine clock, then sleeps until the next one due within a second; a timer due
   * later is found by a later run (the poll starts one every pollMs), which sets its wake once it is that close.
   *
   * The store is asked for what falls due within TIMER_HORIZON_MS, and that answer serves the runs until then (a
   * range the local store answers only by a scan of every timer: one look per second of engine time, not one per
   * handful of timers falling due). A timer this process writes due within it makes the loop look again at once;
   * one another engine process writes is found by the next look, at most TIMER_HORIZON_MS later.
   */
  private fireDueTimers(): Promise<void> {
    if (this.timersRunning) {
      // one more run once this one is done, shared by everyone who asks meanwhile
      this.timersNext ??= this.timersRunning.catch(() => undefined).then(() => {
        this.timersNext = null;
        return this.fireDueTimers();
      });
      return this.timersNext;
    }
    const run = (async () => {
      // each due timer is tried once per round: one that cannot fire waits for the next look, never spins
      const tried = new Set<string>();
      // up to TIMER_BATCH timers fire at once; the next due one starts as soon as one of them is done
      let firing = 0;
      let freed: (() => void) | null = null;
      for (;;) {
        if (this.closed) break;
        const now = this.clockNow().getTime();
        let look = this.timerLook;
        if (!look || now >= look.until) {
          const limit = TIMER_LOOK + tried.size;
          const found = await TimerModel.find({ dueAt: trusted({ $lte: new Date(now + TIMER_HORIZON_MS) }) }, { instanceKey: 1, dueAt: 1 })
            .sort({ dueAt: 1 }).limit(limit).lean<{ _id: string; instanceKey: string; dueAt: Date }[]>();
          // complete up to its horizon, or (cut at the limit) up to its last timer's due time
          look = { until: found.length < limit ? now + TIMER_HORIZON_MS + 1 : found.at(-1)!.dueAt.getTime(), timers: found.filter((t) => !tried.has(t._id)) };
          this.timerLook = look;
        }
        while (firing < TIMER_BATCH && look.timers.length && look.timers[0]!.dueAt.getTime() <= now) {
          const t = look.timers.shift()!;
          tried.add(t._id);
          firing += 1;
          void this.fireTimer(t._id, t.instanceKey).catch((err: unknown) => {
            this.log.error({ err, timer: t._id }, 'a timer could not fire; it is tried again');
          }).finally(() => {
            firing -= 1;
            freed?.();
          });
        }
        if (firing === 0) break; // nothing due, and everything fired is done
        await new Promise<void>((r) => { freed = r; });
        freed = null;
      }
      // a closing engine still waits for what it fired
      while (firing > 0) {
        await new Promise<void>((r) => { freed = r; });
        freed = null;
      }
      if (this.closed) return;
      if (this.timerWake) clearTimeout(this.timerWake);
      const next = this.timerLook?.timers[0]?.dueAt;
      if (next && !this.closed) {
        const wait = Math.min(Math.max(next.getTime() - this.clockNow().getTime(), 0), TIMER_HORIZON_MS);
        this.timerWake = setTimeout(() => this.background(this.fireDueTimers(), 'firing due timers'), wait);
        this.timerWake.unref();
      }
    })().finally(() => { this.timersRunning = null; });
    this.timersRunning = run;
    return run;
  }

  private async fireTimer(timerKey: string, instanceKey: string) {
    await this.fireTimerOnce(timerKey, instanceKey);
    // a moved test clock returns only once what the timers did has reached the platform: the save's own delivery
    // when it handed out everything it had, else one that reads what is undelivered
    const delivering = this.dispatching.get(instanceKey);
    if (delivering && (await delivering) !== null) return;
    await this.dispatch(instanceKey);
  }

  private async fireTimerOnce(timerKey: string, instanceKey: string) {
    const fired = await this.withInstance(instanceKey, (live, doc) => {
      const wait = doc.waits.find((w) => w.key === timerKey);
      const ref = wait && live.timers.get(wait.executionId);
      if (!wait || !ref) return false;
      ref.cb(...ref.args);
      return true;
    }).catch(async (err: unknown) => {
      if (err instanceof EngineCommandError && err.kind !== 'validation') {
        await TimerModel.deleteOne({ _id: timerKey }); // the instance ended: its timer goes with it
        return true;
      }
      throw err;
    });
    // a timer the instance no longer waits for is a leftover: drop it
    if (fired === false) await TimerModel.deleteOne({ _id: timerKey });
  }

  async moveTimers(processInstanceKey: string, elementId: string, values: Vars): Promise<number> {
    let moved: { key: string; dueAt: string }[] = [];
    await this.withInstance(processInstanceKey, (live, doc) => {
      moved = [];
      const boundaries = new Map((live.process.elements.get(elementId)?.timerBoundaries ?? []).map((b) => [b.id, b.timeDate]));
      const scope = { ...visible(live.vars), ...values };
      doc.waits = doc.waits.map((w) => {
        const expression = w.kind === 'timer' ? boundaries.get(w.elementId) : undefined;
        if (!expression) return w;
        const at = new Date(String(feelValue(expression, scope)));
        if (Number.isNaN(at.getTime())) return w;
        moved.push({ key: w.key, dueAt: at.toISOString() });
        return { ...w, data: { ...w.data, dueAt: at.toISOString() } };
      });
    });
    // the instance keeps its timers' keys, so the timer collection is set here; the timer loop looks again
    for (const m of moved) await TimerModel.updateOne({ _id: m.key }, { $set: { dueAt: new Date(m.dueAt) } });
    this.scheduleTimers();
    return moved.length;
  }

  // ——— call activities and cancel ———

  private async childEnded(child: InstanceDoc) {
    const parent = child.parent!;
    const variables = JSON.parse(child.variables) as Vars;
    await this.withInstance(parent.instanceKey, (live, doc) => {
      const wait = doc.waits.find((w) => w.key === parent.waitKey);
      const api = wait && live.find(wait.executionId);
      if (!wait || !api) return;
      const info = live.process.elements.get(wait.elementId)!;
      if (info.callActivity?.propagateAllChildVariables !== false || info.outputs.length) this.applyOutput(live, wait, variables);
      api.signal({});
    }).catch((err: unknown) => this.log.error({ err, child: child._id }, 'the calling instance could not go on'));
  }

  async cancelInstance(processInstanceKey: string): Promise<void> {
    await this.serial(processInstanceKey, async () => {
      this.takeWarm(processInstanceKey)?.live.stop();
      const doc = await InstanceModel.findById(processInstanceKey).lean<InstanceDoc>();
      if (!doc) throw new EngineCommandError('not-found', `流程实例 ${processInstanceKey} 不存在`, `process instance ${processInstanceKey} does not exist`);
      if (doc.status !== 'active') throw new EngineCommandError('conflict', `流程实例 ${processInstanceKey} 已结束（${doc.status}）`, `process instance ${processInstanceKey} has ended (${doc.status})`);
      const events = stamp(doc, this.clockNow(), [
        ...doc.waits.filter((w) => w.kind !== 'timer').map((w) => ({
          kind: (w.kind === 'user-task' ? 'user-task.canceled' : 'element.terminated') as EngineEventKind, elementId: w.elementId, elementType: null, elementInstanceKey: w.key,
          ...(w.kind === 'user-task' ? { userTask: userTaskOf(w) } : {}),
        })),
        { kind: 'element.terminated' as const, elementId: doc.processId, elementType: 'PROCESS', elementInstanceKey: doc._id },
      ]);
      const next = await InstanceModel.findOneAndUpdate({ _id: doc._id, rev: doc.rev }, {
        $set: { status: 'canceled', state: null, waits: [], endedAt: this.clockNow(), projected: false, hasOutbox: true, seq: doc.seq + events.length },
        $inc: { rev: 1 }, $push: { outbox: trusted({ $each: events }) },
      }, { new: true }).lean<InstanceDoc>();
      if (!next) throw new EngineCommandError('conflict', '流程实例正在变化，请重试', 'the process instance changed meanwhile; try again');
      await this.project(next, doc.waits);
      await this.markProjected(next);
      for (const w of doc.waits.filter((x) => x.kind === 'call')) await this.cancelInstance(String(w.data.childKey)).catch(() => undefined);
    });
    this.background(this.dispatch(processInstanceKey), 'delivering events');
  }

  /** Tests and operators: the instance as the engine keeps it. */
  async inspect(processInstanceKey: string) {
    const doc = await InstanceModel.findById(processInstanceKey).lean<InstanceDoc>();
    if (!doc) return null;
    return { key: doc._id, processId: doc.processId, version: doc.version, status: doc.status, variables: JSON.parse(doc.variables) as Vars, waits: doc.waits.map((w) => ({ kind: w.kind, key: w.key, elementId: w.elementId, data: w.data })) };
  }
}

type Unstamped = Omit<StoredEvent, 'key' | 'seq' | 'at' | 'processInstanceKey' | 'processId' | 'processVersion'>;
/** An instance's next events with their keys, order and instance, numbered after the events it already has. */
function stamp(doc: InstanceDoc, at: Date, events: Unstamped[]): StoredEvent[] {
  return events.map((e, i) => ({
    ...e, key: `${doc._id}.${doc.seq + i + 1}`, seq: doc.seq + i + 1, at: at.toISOString(), processInstanceKey: doc._id, processId: doc.processId, processVersion: doc.version,
  }) as StoredEvent);
}

function userTaskOf(w: Wait) {
  return { key: w.key, assignee: (w.data.assignee as string | null) ?? null, candidateGroups: (w.data.candidateGroups as string[]) ?? [], headers: (w.data.headers as Record<string, string>) ?? {} };
}

export const ENGINE_VERSION = 'bpmn-engine 25';
