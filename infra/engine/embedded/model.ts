import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import * as elements from 'bpmn-elements';
import Serializer, { TypeResolver } from 'moddle-context-serializer';
import { subsetProblems, type SubsetProblem } from '../../../domain/engine/embedded-subset.js';
import { extensionsOf, headersOf, type BpmnNode } from '../../../domain/engine/bpmn-node.js';

const require = createRequire(import.meta.url);
const zeebeSchema = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

type Node = BpmnNode;
const ext = extensionsOf;

export interface Mapping { source: string; target: string }

/** What the adapter needs to know about one element, read once from its zeebe extensions. */
export interface ElementInfo {
  id: string;
  type: string;
  name: string | null;
  job?: { type: string; retries: number };
  userTask?: { candidateGroups: string | null; candidateUsers: string | null; assignee: string | null; formKey: string | null };
  headers: Record<string, string>;
  inputs: Mapping[];
  outputs: Mapping[];
  message?: { name: string; correlationKey: string };
  callActivity?: { processId: string; propagateAllChildVariables: boolean };
  multiInstance?: { inputCollection: string; inputElement: string | null; outputCollection: string | null; outputElement: string | null; sequential: boolean };
  /** error boundary events attached here: code null catches every error */
  errorBoundaries: { id: string; code: string | null }[];
  /** timer boundary events attached here, with their timeDate expression (null for other timers) */
  timerBoundaries: { id: string; timeDate: string | null }[];
}

export interface CompiledProcess {
  processId: string;
  name: string | null;
  hash: string;
  /** bpmn-engine's serialized source, with only this process executable */
  sourceContext: unknown;
  elements: Map<string, ElementInfo>;
}


/** Job-based tasks: the embedded engine waits at each until a worker completes its job. */
const JOB_TYPES = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:ScriptTask']);

/** bpmn-elements behaviours, with job-based tasks waiting for a signal as user tasks do. */
const behaviours = { ...elements, ServiceTask: elements.SignalTask, SendTask: elements.SignalTask, BusinessRuleTask: elements.SignalTask, ScriptTask: elements.SignalTask };


function elementInfo(node: Node, root: Node): ElementInfo {
  const headers = headersOf(node);
  const io = ext(node, 'zeebe:IoMapping')[0];
  const mappings = (list: unknown) => ((list as Mapping[] | undefined) ?? []).map((m) => ({ source: m.source, target: m.target }));
  const info: ElementInfo = { id: node.id!, type: node.$type, name: (node.name as string | undefined) ?? null, headers, inputs: mappings(io?.inputParameters), outputs: mappings(io?.outputParameters), errorBoundaries: [], timerBoundaries: [] };
  const task = ext(node, 'zeebe:TaskDefinition')[0];
  if (task?.type || JOB_TYPES.has(node.$type)) info.job = { type: String(task?.type ?? ''), retries: Number(task?.retries ?? 3) || 3 };
  if (node.$type === 'bpmn:UserTask') {
    const a = ext(node, 'zeebe:AssignmentDefinition')[0];
    const form = ext(node, 'zeebe:FormDefinition')[0];
    info.userTask = {
      candidateGroups: (a?.candidateGroups as string | undefined) ?? null, candidateUsers: (a?.candidateUsers as string | undefined) ?? null,
      assignee: (a?.assignee as string | undefined) ?? null, formKey: ((form?.externalReference ?? form?.formKey ?? form?.formId) as string | undefined) ?? null,
    };
  }
  const def = ((node.eventDefinitions as Node[] | undefined) ?? [])[0];
  if (def?.$type === 'bpmn:MessageEventDefinition' || node.$type === 'bpmn:ReceiveTask') {
    const message = (def?.messageRef ?? node.messageRef) as Node | undefined;
    const sub = message ? ext(message, 'zeebe:Subscription')[0] : undefined;
    info.message = { name: String(message?.name ?? message?.id ?? ''), correlationKey: String(sub?.correlationKey ?? '') };
  }
  if (node.$type === 'bpmn:CallActivity') {
    const called = ext(node, 'zeebe:CalledElement')[0];
    info.callActivity = { processId: String(called?.processId ?? ''), propagateAllChildVariables: called?.propagateAllChildVariables !== false };
  }
  const loop = node.loopCharacteristics as Node | undefined;
  const zloop = loop ? ext(loop, 'zeebe:LoopCharacteristics')[0] : undefined;
  if (loop && zloop) {
    info.multiInstance = {
      inputCollection: String(zloop.inputCollection ?? ''), inputElement: (zloop.inputElement as string | undefined) ?? null,
      outputCollection: (zloop.outputCollection as string | undefined) ?? null, outputElement: (zloop.outputElement as string | undefined) ?? null,
      sequential: Boolean(loop.isSequential),
    };
  }
  void root;
  return info;
}

function collect(container: Node, into: Map<string, ElementInfo>, root: Node) {
  for (const node of (container.flowElements as Node[] | undefined) ?? []) {
    if (!node.id || node.$type === 'bpmn:SequenceFlow') continue;
    into.set(node.id, elementInfo(node, root));
    if (node.$type === 'bpmn:SubProcess') collect(node, into, root);
  }
  for (const node of (container.flowElements as Node[] | undefined) ?? []) {
    if (node.$type !== 'bpmn:BoundaryEvent') continue;
    const def = ((node.eventDefinitions as Node[] | undefined) ?? [])[0];
    if (def?.$type === 'bpmn:TimerEventDefinition') {
      const timeDate = (def.timeDate as Node | undefined)?.body;
      into.get((node.attachedToRef as Node).id!)?.timerBoundaries.push({ id: node.id!, timeDate: typeof timeDate === 'string' ? timeDate : null });
      continue;
    }
    if (def?.$type !== 'bpmn:ErrorEventDefinition') continue;
    const attached = into.get((node.attachedToRef as Node).id!);
    attached?.errorBoundaries.push({ id: node.id!, code: ((def.errorRef as Node | undefined)?.errorCode as string | undefined) ?? null });
  }
}

/** Parses a model once: each executable process with its serialized source and its elements' settings. */
export async function compileModel(xml: string): Promise<{ processes: CompiledProcess[]; problems: SubsetProblem[] }> {
  if (/<!DOCTYPE/i.test(xml)) throw new Error('the model declares a DOCTYPE, which the engine never reads');
  const moddle = new BpmnModdle({ zeebe: zeebeSchema });
  const context = await moddle.fromXML(xml, 'bpmn:Definitions');
  const definitions = context.rootElement as unknown as Node;
  const processes = ((definitions.rootElements as Node[] | undefined) ?? []).filter((e) => e.$type === 'bpmn:Process');
  const executable = processes.filter((p) => p.isExecutable);
  const problems = executable.flatMap((p) => subsetProblems(p));
  // bpmn-elements reads a multi-instance's collection and element variable from the loop itself
  const loops = (container: Node) => {
    for (const node of (container.flowElements as Node[] | undefined) ?? []) {
      const loop = node.loopCharacteristics as Node | undefined;
      const z = loop ? ext(loop, 'zeebe:LoopCharacteristics')[0] : undefined;
      if (loop && z?.inputCollection) {
        loop.collection = z.inputCollection;
        loop.elementVariable = z.inputElement ?? 'item';
      }
      if (node.$type === 'bpmn:SubProcess') loops(node);
    }
  };
  executable.forEach(loops);
  const resolver = TypeResolver(behaviours as never, undefined);
  const compiled: CompiledProcess[] = [];
  for (const p of executable) {
    // serialize with only this process executable: one instance runs one process
    const saved = processes.map((q) => q.isExecutable);
    processes.forEach((q) => { q.isExecutable = q === p; });
    const sourceContext = Serializer(context as never, resolver);
    processes.forEach((q, i) => { q.isExecutable = saved[i]; });
    const map = new Map<string, ElementInfo>();
    collect(p, map, p);
    compiled.push({ processId: p.id!, name: (p.name as string | undefined) ?? null, hash: createHash('sha256').update(xml).digest('hex'), sourceContext, elements: map });
  }
  return { processes: compiled, problems };
}
