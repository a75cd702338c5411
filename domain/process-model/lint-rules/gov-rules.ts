import { JOB_TYPES } from '../job-types.js';
import { Post } from '../../shared/constants.js';
import { PLATFORM_TASK_LISTENER, subsetProblems } from '../../engine/embedded-subset.js';
import { extensionsOf, headersOf } from '../../engine/bpmn-node.js';

// The government rules as bpmnlint rules (plugin "gov"): each rule is a factory returning a check.
type Node = { $type: string; id: string; [key: string]: unknown };
type Reporter = { report(id: string, message: string): void };
type Rule = () => { check(node: Node, reporter: Reporter): void };

const POSTS: readonly string[] = Object.values(Post);
const ext = (node: Node, type: string) => extensionsOf<Node>(node, type);
const header = (node: Node, key: string): string | undefined => headersOf(node)[key];

/** every user task is routed to a post (candidate group `post:unit`) */
const userTaskPost: Rule = () => ({
  check(node, reporter) {
    if (node.$type !== 'bpmn:UserTask') return;
    const groups = String(ext(node, 'zeebe:AssignmentDefinition')[0]?.candidateGroups ?? '');
    if (!POSTS.some((p) => groups.includes(`${p}:`))) {
      reporter.report(node.id, `用户任务须以岗位为候选组（${POSTS.join('、')} 之一） — a user task needs a post as candidate group (one of ${POSTS.join(', ')})`);
    }
  },
});

/** every user task carries the three escalation timers of seed 000 §29 */
const userTaskTimers: Rule = () => ({
  check(node, reporter) {
    if (node.$type !== 'bpmn:UserTask') return;
    // boundary events name their host; the host does not name them, so look among the process's elements
    const siblings = (((node.$parent as { flowElements?: Node[] } | undefined)?.flowElements) ?? []) as Node[];
    const boundaries = siblings.filter((b) => b.$type === 'bpmn:BoundaryEvent' && b.cancelActivity === false && (b.attachedToRef as Node | undefined)?.id === node.id);
    const timerOf = (b: Node) => String(((b.eventDefinitions as Node[] | undefined)?.[0]?.timeDate as { body?: string } | undefined)?.body ?? '');
    for (const mark of ['warningAt', 'dueAt', 'redAt']) {
      if (!boundaries.some((b) => timerOf(b).includes(mark))) {
        reporter.report(node.id, `缺少${mark}预警计时器 — the step lacks its non-interrupting ${mark} escalation timer (seed 000 §29)`);
      }
    }
  },
});

/** a not-accepted path sends the one-time supplement notice (一次性告知) first */
const supplementNotice: Rule = () => ({
  check(node, reporter) {
    if (node.$type !== 'bpmn:SequenceFlow') return;
    const condition = String((node.conditionExpression as { body?: string } | undefined)?.body ?? '');
    if (!condition.includes('not-accepted')) return;
    const target = node.targetRef as Node | undefined;
    const sendsNotice = target?.$type === 'bpmn:ServiceTask' && header(target, 'notice') === 'supplement-notice';
    if (!sendsNotice) reporter.report(node.id, '不予受理须一次性告知：这条路径须先发送补正通知（notify-party，notice=supplement-notice） — a not-accepted path must first send the supplement notice (notify-party, notice=supplement-notice)');
  },
});

/** every service task's job type is one a worker handles */
const jobTypeHasWorker: Rule = () => ({
  check(node, reporter) {
    if (node.$type !== 'bpmn:ServiceTask') return;
    const type = String(ext(node, 'zeebe:TaskDefinition')[0]?.type ?? '');
    if (!JOB_TYPES.includes(type)) reporter.report(node.id, `没有处理“${type || '（空）'}”的工作程序，可用的作业类型：${JOB_TYPES.join('、')} — no worker handles the job type "${type}"; use one of ${JOB_TYPES.join(', ')}`);
  },
});

/** no flow without both ends, no step that cannot be reached or left */
const noDanglingFlows: Rule = () => ({
  check(node, reporter) {
    if (node.$type === 'bpmn:SequenceFlow') {
      if (!node.sourceRef || !node.targetRef) reporter.report(node.id, '连线两端须连接 — a sequence flow must connect two elements');
      return;
    }
    const flowNode = ['bpmn:Task', 'bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:ExclusiveGateway', 'bpmn:IntermediateCatchEvent', 'bpmn:EndEvent'].includes(node.$type);
    if (flowNode && !((node.incoming as unknown[] | undefined)?.length)) reporter.report(node.id, '该环节无法到达 — nothing leads to this element');
    const leaves = ['bpmn:Task', 'bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:ExclusiveGateway', 'bpmn:IntermediateCatchEvent', 'bpmn:StartEvent', 'bpmn:BoundaryEvent'].includes(node.$type);
    if (leaves && !((node.outgoing as unknown[] | undefined)?.length)) reporter.report(node.id, '该环节没有出口 — nothing leaves this element');
  },
});

/** every execution or task listener's job type is one a worker handles (the platform's own task listener aside) */
const listenerHasWorker: Rule = () => ({
  check(node, reporter) {
    for (const kind of ['zeebe:ExecutionListeners', 'zeebe:TaskListeners']) {
      for (const l of ((ext(node, kind)[0]?.listeners as Node[] | undefined) ?? [])) {
        const type = String(l.type ?? '');
        if (type === PLATFORM_TASK_LISTENER || JOB_TYPES.includes(type)) continue;
        reporter.report(node.id, `监听器的作业类型“${type || '（空）'}”没有对应的工作程序 — no worker handles the listener job type "${type}"`);
      }
    }
  },
});

/** the platform deploys no DMN decisions: a business rule task that calls one could never run */
const decisionDeployed: Rule = () => ({
  check(node, reporter) {
    const called = ext(node, 'zeebe:CalledDecision')[0];
    if (called) reporter.report(node.id, `决策“${String(called.decisionId ?? '')}”未部署（平台不部署 DMN 决策） — the decision "${String(called.decisionId ?? '')}" is not deployed (the platform deploys no DMN decisions)`);
  },
});

/** the model stays inside what the embedded engine runs (only when the embedded engine is the target) */
const engineSubset: Rule = () => ({
  check(node, reporter) {
    if (node.$type !== 'bpmn:Process' || !node.isExecutable) return;
    for (const p of subsetProblems(node)) reporter.report(p.elementId, `${p.zh} — ${p.en}`);
  },
});

export const govRules: Record<string, Rule> = {
  'user-task-post': userTaskPost,
  'user-task-timers': userTaskTimers,
  'supplement-notice': supplementNotice,
  'job-type-has-worker': jobTypeHasWorker,
  'no-dangling-flows': noDanglingFlows,
  'engine-subset': engineSubset,
  'listener-has-worker': listenerHasWorker,
  'decision-deployed': decisionDeployed,
};
