/**
 * What the embedded engine runs: the supported subset of Camunda 8 BPMN, checked on the model's moddle tree.
 * The lint rule `gov/engine-subset` (check and save in the modeler) and the embedded engine's deploy both use it.
 */
import { extensionsOf, type BpmnNode } from './bpmn-node.js';

type Node = BpmnNode;
const ext = extensionsOf;

/** A problem that keeps a model off the embedded engine, in Chinese and English. */
export interface SubsetProblem { elementId: string; zh: string; en: string }

/** The supported subset, for documentation and the health detail. */
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
/** the job type of the task listener a Camunda 8 cluster reports user tasks through; the embedded engine reports them itself */
export const PLATFORM_TASK_LISTENER = 'platform-user-task-listener';
const onlyPlatformListeners = (e: Node) => e.$type === 'zeebe:TaskListeners' && ((e.listeners as Node[] | undefined) ?? []).every((l) => l.type === PLATFORM_TASK_LISTENER);
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
        if (UNSUPPORTED_EXTENSIONS.has(e.$type) && !onlyPlatformListeners(e)) add(node, `内置引擎不支持扩展 ${e.$type}`, `the embedded engine does not support ${e.$type}`);
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

