import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import * as elements from 'bpmn-elements';
import Serializer, { TypeResolver } from 'moddle-context-serializer';

const require = createRequire(import.meta.url);
const zeebeSchema = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

type Node = { $type: string; id?: string; name?: string; [k: string]: unknown };
const ext = (node: Node, type: string): Node[] =>
  (((node.extensionElements as { values?: Node[] } | undefined)?.values) ?? []).filter((v) => v.$type === type);

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
}

export interface CompiledProcess {
  processId: string;
  name: string | null;
  hash: string;
  /** bpmn-engine's serialized source, with only this process executable */
  sourceContext: unknown;
  elements: Map<string, ElementInfo>;
}

/** A problem that keeps a model off the embedded engine, in Chinese and English. */
export interface SubsetProblem { elementId: string; zh: string; en: string }

/** Job-based tasks: the embedded engine waits at each until a worker completes its job. */
const JOB_TYPES = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:ScriptTask']);

/** bpmn-elements behaviours, with job-based tasks waiting for a signal as user tasks do. */
const behaviours = { ...elements, ServiceTask: elements.SignalTask, SendTask: elements.SignalTask, BusinessRuleTask: elements.SignalTask, ScriptTask: elements.SignalTask };

export const SUPPORTED = {
  elements: [
    'bpmn:StartEvent (none)', 'bpmn:EndEvent (none, error, terminate)', 'bpmn:IntermediateCatchEvent (timer, message)', 'bpmn:IntermediateThrowEvent (none)',
    'bpmn:BoundaryEvent (timer, message, error; interrupting or not)', 'bpmn:ServiceTask / SendTask (zeebe:taskDefinition)', 'bpmn:UserTask (zeebe:userTask)',
    'bpmn:Task / ManualTask (pass through)', 'bpmn:ExclusiveGateway', 'bpmn:ParallelGateway', 'bpmn:SubProcess (embedded)', 'bpmn:CallActivity (zeebe:calledElement)',
    'multi-instance on service and user tasks (zeebe:loopCharacteristics: inputCollection, inputElement, outputCollection, outputElement; parallel or sequential)', 'bpmn:SequenceFlow with FEEL conditions',
  ],
  extensions: ['zeebe:taskDefinition (type, retries)', 'zeebe:taskHeaders', 'zeebe:ioMapping', 'zeebe:userTask', 'zeebe:assignmentDefinition (assignee, candidateGroups, candidateUsers: FEEL or static)',
    'zeebe:formDefinition', 'zeebe:subscription (correlationKey)', 'zeebe:calledElement', 'zeebe:loopCharacteristics', 'zeebe:versionTag'],
} as const;

const ALLOWED_TYPES = new Set([
  'bpmn:StartEvent', 'bpmn:EndEvent', 'bpmn:IntermediateCatchEvent', 'bpmn:IntermediateThrowEvent', 'bpmn:BoundaryEvent', 'bpmn:ServiceTask', 'bpmn:SendTask',
  'bpmn:UserTask', 'bpmn:Task', 'bpmn:ManualTask', 'bpmn:ExclusiveGateway', 'bpmn:ParallelGateway', 'bpmn:SubProcess', 'bpmn:CallActivity', 'bpmn:SequenceFlow',
  'bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group', 'bpmn:DataObjectReference', 'bpmn:DataObject', 'bpmn:DataStoreReference',
]);
const UNSUPPORTED_EXTENSIONS = new Set(['zeebe:ExecutionListeners', 'zeebe:TaskListeners', 'zeebe:CalledDecision', 'zeebe:Script', 'zeebe:AdHoc', 'zeebe:TaskSchedule', 'zeebe:PriorityDefinition']);

function eventKinds(node: Node): string[] {
  return ((node.eventDefinitions as Node[] | undefined) ?? []).map((d) => d.$type.replace('bpmn:', '').replace('EventDefinition', '').toLowerCase());
}

/** The elements of a process model that the embedded engine cannot run, each with a reason. */
export function subsetProblems(process: Node): SubsetProblem[] {
  const problems: SubsetProblem[] = [];
  const add = (node: Node, zh: string, en: string) => problems.push({ elementId: node.id ?? '?', zh, en });
  const visit = (container: Node) => {
    for (const node of (container.flowElements as Node[] | undefined) ?? []) {
      const kinds = eventKinds(node);
      if (!ALLOWED_TYPES.has(node.$type)) {
        add(node, `内置引擎不支持元素类型 ${node.$type}`, `the embedded engine does not run ${node.$type}`);
        continue;
      }
      for (const e of (((node.extensionElements as { values?: Node[] } | undefined)?.values) ?? [])) {
        if (UNSUPPORTED_EXTENSIONS.has(e.$type)) add(node, `内置引擎不支持扩展 ${e.$type}`, `the embedded engine does not support ${e.$type}`);
      }
      if (kinds.length > 1) add(node, '内置引擎不支持多重事件定义', 'the embedded engine does not run events with several definitions');
      const kind = kinds[0];
      if (node.$type === 'bpmn:StartEvent' && kind) add(node, `内置引擎只支持空开始事件（此处为 ${kind}）`, `the embedded engine starts processes with a none start event only (this one is ${kind})`);
      if (node.$type === 'bpmn:EndEvent' && kind && !['error', 'terminate'].includes(kind)) add(node, `内置引擎不支持 ${kind} 结束事件`, `the embedded engine does not support ${kind} end events`);
      if (node.$type === 'bpmn:IntermediateCatchEvent' && !['timer', 'message'].includes(kind ?? '')) add(node, `内置引擎的中间捕获事件只支持定时器和消息`, 'the embedded engine catches only timer and message intermediate events');
      if (node.$type === 'bpmn:IntermediateThrowEvent' && kind) add(node, `内置引擎不支持 ${kind} 抛出事件`, `the embedded engine does not throw ${kind} events`);
      if (node.$type === 'bpmn:BoundaryEvent' && !['timer', 'message', 'error'].includes(kind ?? '')) add(node, `内置引擎的边界事件只支持定时器、消息和错误`, 'the embedded engine supports timer, message and error boundary events only');
      if (kind === 'timer') {
        const def = (node.eventDefinitions as Node[])[0]!;
        if (def.timeCycle) add(node, '内置引擎不支持循环定时器（timeCycle）', 'the embedded engine does not support cycle timers (timeCycle)');
      }
      if (kind === 'message' && !(node.eventDefinitions as Node[])[0]!.messageRef) add(node, '消息事件未引用消息', 'the message event references no message');
      if ((node.$type === 'bpmn:ServiceTask' || node.$type === 'bpmn:SendTask') && !ext(node, 'zeebe:TaskDefinition')[0]?.type) add(node, '服务任务缺少作业类型（zeebe:taskDefinition）', 'the service task has no job type (zeebe:taskDefinition)');
      if (node.$type === 'bpmn:UserTask' && !ext(node, 'zeebe:UserTask')[0]) add(node, '用户任务须为 Camunda 用户任务（zeebe:userTask）', 'the user task must be a Camunda user task (zeebe:userTask)');
      if (node.$type === 'bpmn:CallActivity' && !ext(node, 'zeebe:CalledElement')[0]?.processId) add(node, '调用活动未指明被调用流程（zeebe:calledElement）', 'the call activity names no called process (zeebe:calledElement)');
      if (node.$type === 'bpmn:SubProcess') {
        if (node.triggeredByEvent) add(node, '内置引擎不支持事件子流程', 'the embedded engine does not run event subprocesses');
        else visit(node);
      }
      const loop = node.loopCharacteristics as Node | undefined;
      if (loop) {
        if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics' || !['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:UserTask'].includes(node.$type)) {
          add(node, '内置引擎只支持服务任务和用户任务上的多实例', 'the embedded engine runs multi-instance on service and user tasks only');
        } else if (!ext(loop, 'zeebe:LoopCharacteristics')[0]?.inputCollection) {
          add(node, '多实例缺少输入集合（zeebe:loopCharacteristics inputCollection）', 'the multi-instance has no input collection (zeebe:loopCharacteristics inputCollection)');
        } else if (loop.completionCondition) {
          add(node, '内置引擎不支持多实例的完成条件', 'the embedded engine does not support a multi-instance completion condition');
        }
      }
    }
  };
  visit(process);
  return problems;
}

function elementInfo(node: Node, root: Node): ElementInfo {
  const headers = Object.fromEntries(((ext(node, 'zeebe:TaskHeaders')[0]?.values as { key: string; value: string }[] | undefined) ?? []).map((h) => [h.key, h.value]));
  const io = ext(node, 'zeebe:IoMapping')[0];
  const mappings = (list: unknown) => ((list as Mapping[] | undefined) ?? []).map((m) => ({ source: m.source, target: m.target }));
  const info: ElementInfo = { id: node.id!, type: node.$type, name: (node.name as string | undefined) ?? null, headers, inputs: mappings(io?.inputParameters), outputs: mappings(io?.outputParameters), errorBoundaries: [] };
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
