import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import mongoose from 'mongoose';
import { Engine } from 'bpmn-engine';
import type { Logger } from 'pino';
import type {
  DeployedProcess, EngineEvent, EngineEventKind, EngineHealth, EnginePort, EngineTestClock, JobLike, JobSubscription,
} from '../../../domain/engine/engine.port.js';
import { DomainError, isDuplicateKey } from '../../../domain/shared/domain-error.js';
import { feelExpressions, feelValue, isFeel } from './feel.js';
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
  businessKey?: string;
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

  async state(): Promise<string> {
    const state = (await this.engine.getState()) as { definitions?: { source?: unknown }[] };
    for (const d of state.definitions ?? []) delete d.source;
    return JSON.stringify(state);
  }

  /** Ready for the next command after a save: what this one collected is written. */
  reset(timerDue: (id: string) => Date | undefined) {
    this.events = [];
    this.completedWaits.clear();
    this.timerDue = timerDue;
  }

  stop() {
    try { this.engine.stop(); } catch { /* already stopped */ }
  }
}

/** How many instances stay loaded after a command, so that the next command on them skips recovering the state. */
const WARM_INSTANCES = 32;

interface Subscriber { type: string; handler: (job: JobLike) => Promise<void>; max: number; timeoutMs: number; running: number; closed: boolean; polling: boolean }

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
  private readonly dispatching = new Map<string, Promise<void>>();
  private readonly workerId = randomBytes(6).toString('hex');
  private offsetMs = 0;
  private poller: NodeJS.Timeout | null = null;
  private timerWake: NodeJS.Timeout | null = null;
  private timersRunning: Promise<void> | null = null;
  private closed = false;
  private counter = 0;
  /** work started in the background: close() waits for it, and a failure is logged, never thrown at Node */
  private readonly pending = new Set<Promise<unknown>>();
  /** instances found half-projected by the last poll: repaired if still so at the next */
  private halfProjected = new Set<string>();
  /** instances kept loaded, by key, with the revision they match; any other revision in the store is loaded anew */
  private readonly warm = new Map<string, { live: Live; rev: number }>();

  private keepWarm(key: string, live: Live, rev: number) {
    this.warm.delete(key);
    this.warm.set(key, { live, rev });
    while (this.warm.size > WARM_INSTANCES) {
      const [oldest, entry] = this.warm.entries().next().value as [string, { live: Live }];
      this.warm.delete(oldest);
      entry.live.stop();
    }
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
    for (const w of this.warm.values()) w.live.stop();
    this.warm.clear();
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
      for (const s of this.subscribers) this.background(this.pump(s), 'handing out jobs');
      for (const p of await InstanceModel.find({ hasOutbox: true }, { _id: 1 }).limit(100).lean<{ _id: string }[]>()) this.background(this.dispatch(p._id), 'delivering events');
      await MessageModel.deleteMany({ expiresAt: trusted({ $lt: this.clockNow() }) });
      // an instance whose derived collections were not brought in line (a failed write) is repaired here
      const half = await InstanceModel.find({ projected: false }, { _id: 1 }).limit(100).lean<{ _id: string }[]>();
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
    const def = await DefinitionModel.findOne({ processId }).sort({ version: -1 }).lean();
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
        const rev = await this.save(doc, live, true);
        if (rev !== null && !live.ended) {
          live.reset(() => undefined);
          this.keepWarm(key, live, rev);
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
        const doc = await InstanceModel.findById(key).lean<InstanceDoc>();
        if (!doc) throw new EngineCommandError('not-found', `流程实例 ${key} 不存在`, `process instance ${key} does not exist`);
        if (doc.status !== 'active') throw new EngineCommandError('conflict', `流程实例 ${key} 已结束（${doc.status}）`, `process instance ${key} has ended (${doc.status})`);
        const process = await this.compiledDefinition(doc.definitionKey);
        const waitsById = new Map(doc.waits.filter((w) => w.kind === 'timer').map((w) => [w.executionId, new Date(w.data.dueAt as string)]));
        const timerDue = (id: string) => waitsById.get(id);
        // the instance as this process left it, if nobody has changed it since; else recovered from the store
        const warm = this.warm.get(key);
        this.warm.delete(key);
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
          const rev = await this.save(doc, live, false);
          if (rev !== null) {
            if (!live.ended) {
              this.keepWarm(key, live, rev);
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
  private async save(doc: InstanceDoc, live: Live, insert: boolean): Promise<number | null> {
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
    const set = {
      state, variables: JSON.stringify(live.vars), waits, status, projected: false, seq: doc.seq + events.length,
      ...(events.length ? { hasOutbox: true } : {}), ...(live.ended ? { endedAt: now } : {}),
    };
    let next: InstanceDoc | null;
    if (insert) {
      next = { ...doc, ...set, rev: 1, outbox: events } as InstanceDoc;
      await InstanceModel.create(next);
    } else {
      next = await InstanceModel.findOneAndUpdate(
        { _id: doc._id, rev: doc.rev },
        { $set: set, $inc: { rev: 1 }, ...(events.length ? { $push: { outbox: trusted({ $each: events }) } } : {}) },
        { new: true },
      ).lean<InstanceDoc>();
      if (!next) return null;
    }
    await this.project(next, insert ? [] : doc.waits);
    // the events go out in the background; one write then marks the instance projected and empties its outbox
    this.background(this.dispatch(doc._id, next.seq === doc.seq + events.length ? events : undefined, next), 'delivering events');
    for (const c of children) {
      await this.startInstance(c.processId, c.variables, { parent: { instanceKey: doc._id, waitKey: c.waitKey }, key: c.key }).catch(async (err: Error) => {
        await this.raiseIncident(doc._id, c.waitKey, null, 'CALLED_ELEMENT_ERROR', err.message);
      });
    }
    if (live.ended && next.parent) this.background(this.childEnded(next), 'continuing the calling instance');
    if (waits.some((w) => w.kind === 'job')) for (const s of this.subscribers) this.background(this.pump(s), 'handing out jobs');
    if (waits.some((w) => w.kind === 'timer')) this.scheduleTimers();
    return next.rev;
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
  private async project(doc: InstanceDoc, previous: Wait[] | null) {
    const models = { job: JobModel, timer: TimerModel, message: SubscriptionModel, 'user-task': UserTaskModel } as const;
    const current = new Set(doc.waits.map((w) => w.key));
    if (previous === null) {
      await Promise.all(Object.entries(models).map(([kind, model]) => (model as typeof JobModel).deleteMany({
        instanceKey: doc._id, _id: trusted({ $nin: doc.waits.filter((w) => w.kind === kind).map((w) => w.key) }),
      })));
    } else {
      for (const [kind, model] of Object.entries(models)) {
        const gone = previous.filter((w) => w.kind === kind && !current.has(w.key)).map((w) => w.key);
        if (gone.length) await (model as typeof JobModel).deleteMany({ _id: trusted({ $in: gone }) });
      }
    }
    const before = new Set((previous ?? []).map((w) => w.key));
    const now = this.clockNow();
    for (const w of doc.waits) {
      if (before.has(w.key)) continue;
      const d = w.data;
      if (w.kind === 'job') {
        await JobModel.updateOne({ _id: w.key }, { $setOnInsert: {
          instanceKey: doc._id, type: d.type, elementId: w.elementId, executionId: w.executionId, processId: doc.processId, retries: d.retries, state: 'activatable',
          availableAt: new Date(0), deadline: null, worker: null, errorMessage: null, variables: d.variables, headers: d.headers, createdAt: now,
        } }, { upsert: true });
      } else if (w.kind === 'timer') {
        await TimerModel.updateOne({ _id: w.key }, { $set: { instanceKey: doc._id, elementId: w.elementId, dueAt: new Date(d.dueAt as string) } }, { upsert: true });
      } else if (w.kind === 'message') {
        const inserted = await SubscriptionModel.updateOne({ _id: w.key }, { $setOnInsert: { instanceKey: doc._id, name: d.name, correlationKey: d.correlationKey, elementId: w.elementId, createdAt: now } }, { upsert: true });
        if (inserted.upsertedCount) this.background(this.correlateBuffered(String(d.name), String(d.correlationKey)), 'correlating a kept message');
      } else if (w.kind === 'user-task') {
        await UserTaskModel.updateOne({ _id: w.key }, { $setOnInsert: { instanceKey: doc._id, elementId: w.elementId, assignee: d.assignee ?? null } }, { upsert: true });
      }
    }
  }

  private async markProjected(doc: InstanceDoc) {
    await InstanceModel.updateOne({ _id: doc._id, rev: doc.rev }, { $set: { projected: true } });
  }

  // ——— events ———

  onEvent(handler: (event: EngineEvent) => Promise<void>): void {
    this.eventHandlers.push(handler);
  }

  /**
   * Delivers an instance's undelivered events in order, then removes what every handler took. `known` are the
   * events just saved, when nothing older is waiting (saves a read).
   */
  private dispatch(instanceKey: string, known?: StoredEvent[], saved?: InstanceDoc): Promise<void> {
    const running = this.dispatching.get(instanceKey);
    if (running) {
      return running.then(async () => {
        if (saved) await this.markProjected(saved);
        await this.dispatch(instanceKey);
      });
    }
    const run = (async () => {
      let delivered: number | null = null;
      let all = false;
      if (this.eventHandlers.length > 0) {
        const outbox = known ?? (await InstanceModel.findById(instanceKey, { outbox: 1 }).lean<{ outbox: StoredEvent[] }>())?.outbox ?? [];
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
      if (saved) {
        // the command's own write: projected, and the outbox emptied when everything went out and nothing came since
        const done = await InstanceModel.updateOne({ _id: instanceKey, rev: saved.rev },
          { $set: { projected: true, ...(all && delivered === saved.seq ? { outbox: [], hasOutbox: false } : {}) } });
        if (done.modifiedCount === 1 && all && delivered === saved.seq) return;
      }
      if (delivered === null) return;
      // nothing newer came meanwhile: empty the outbox in one write; else take out what was delivered
      const cleared = await InstanceModel.updateOne({ _id: instanceKey, seq: delivered }, { $set: { outbox: [], hasOutbox: false } });
      if (cleared.modifiedCount === 0) await InstanceModel.updateOne({ _id: instanceKey }, { $pull: { outbox: trusted({ seq: trusted({ $lte: delivered }) }) } });
    })().finally(() => this.dispatching.delete(instanceKey));
    this.dispatching.set(instanceKey, run);
    return run;
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
    const sub: Subscriber = { type, handler, max: options.maxJobs ?? 16, timeoutMs: options.timeoutMs ?? 60_000, running: 0, closed: false, polling: false };
    this.subscribers.add(sub);
    this.background(this.pump(sub), 'handing out jobs');
    return {
      close: async () => {
        sub.closed = true;
        this.subscribers.delete(sub);
      },
    };
  }

  private async pump(sub: Subscriber) {
    if (sub.polling || sub.closed || this.closed) return;
    sub.polling = true;
    try {
      while (!sub.closed && !this.closed && sub.running < sub.max) {
        const job = await JobModel.findOneAndUpdate(
          { type: sub.type, state: 'activatable', availableAt: trusted({ $lte: this.clockNow() }) },
          { $set: { state: 'activated', deadline: new Date(Date.now() + sub.timeoutMs), worker: this.workerId } },
          { new: true, sort: { availableAt: 1 } },
        ).lean<JobRecord & { _id: string }>();
        if (!job) break;
        sub.running += 1;
        void sub.handler(this.jobLike(job)).catch((err: unknown) => this.log.error({ err, jobKey: job._id }, 'job handler threw'))
          .finally(() => { sub.running -= 1; this.background(this.pump(sub), 'handing out jobs'); });
      }
    } catch (err) {
      this.log.warn({ err }, 'job activation failed; trying again');
    } finally {
      sub.polling = false;
    }
  }

  private jobLike(job: JobRecord & { _id: string }): JobLike {
    return {
      key: job._id, type: job.type, processInstanceKey: job.instanceKey, elementId: job.elementId, retries: job.retries,
      variables: JSON.parse(job.variables) as Vars, customHeaders: (job.headers ?? {}) as Record<string, string>,
      complete: (variables) => this.completeJob(job._id, variables ?? {}),
      fail: (c) => this.failJob(job._id, c.errorMessage, c.retries ?? job.retries - 1, c.retryBackOff ?? 0),
      error: (code, message) => this.throwError(job._id, code, message ?? ''),
    };
  }

  async completeJob(jobKey: string, result: Vars): Promise<void> {
    const job = await JobModel.findById(jobKey).lean();
    if (!job) throw jobGone(jobKey);
    await this.withInstance(job.instanceKey, (live, doc) => {
      const wait = doc.waits.find((w) => w.key === jobKey);
      const api = wait && live.find(wait.executionId);
      if (!wait || !api) throw jobGone(jobKey);
      this.applyOutput(live, wait, result, api);
      api.signal({});
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
      setTimeout(() => { for (const s of this.subscribers) if (s.type === job.type) this.background(this.pump(s), 'handing out jobs'); }, backOffMs + 5).unref();
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
    for (const s of this.subscribers) this.background(this.pump(s), 'handing out jobs');
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

  private scheduleTimers() {
    if (this.closed) return;
    this.background(this.fireDueTimers(), 'firing due timers');
  }

  /** Fires every timer due on the engine clock, then sleeps until the next one (or the next poll). */
  private fireDueTimers(): Promise<void> {
    if (this.timersRunning) return this.timersRunning.then(() => this.timersAgain());
    const run = (async () => {
      // each due timer is tried once per round: one that cannot fire waits for the next round, never spins
      const tried = new Set<string>();
      for (;;) {
        if (this.closed) return;
        const now = this.clockNow();
        const due = (await TimerModel.find({ dueAt: trusted({ $lte: now }) }).sort({ dueAt: 1 }).limit(64 + tried.size).lean()).filter((t) => !tried.has(t._id)).slice(0, 64);
        if (due.length === 0) break;
        for (const t of due) tried.add(t._id);
        await Promise.all(due.map((t) => this.fireTimer(t._id, t.instanceKey).catch((err: unknown) => {
          this.log.error({ err, timer: t._id }, 'a timer could not fire; it is tried again');
        })));
      }
      if (this.timerWake) clearTimeout(this.timerWake);
      const next = await TimerModel.findOne({}, { dueAt: 1 }).sort({ dueAt: 1 }).lean();
      if (next && !this.closed) {
        const wait = Math.min(Math.max(next.dueAt.getTime() - this.clockNow().getTime(), 0), 1000);
        this.timerWake = setTimeout(() => this.background(this.fireDueTimers(), 'firing due timers'), wait);
        this.timerWake.unref();
      }
    })().finally(() => { this.timersRunning = null; });
    this.timersRunning = run;
    return run;
  }

  private async timersAgain() {
    const due = await TimerModel.exists({ dueAt: trusted({ $lte: this.clockNow() }) });
    if (due) await this.fireDueTimers();
  }

  private async fireTimer(timerKey: string, instanceKey: string) {
    await this.fireTimerOnce(timerKey, instanceKey);
    // a moved test clock returns only once what the timers did has reached the platform
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
      this.warm.get(processInstanceKey)?.live.stop();
      this.warm.delete(processInstanceKey);
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
