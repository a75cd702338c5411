import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Linter } = require('bpmnlint') as { Linter: new (options: { config: object; resolver: object }) => { lint(root: object): Promise<Record<string, LintReport[]>> } };
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as new () => object;
import { govRules } from './lint-rules/gov-rules.js';
import { readModel } from './model-reader.js';

/** Which engine the models are for: the embedded engine runs a subset of Camunda 8 BPMN. */
export type LintTarget = 'embedded' | 'camunda8';

/** bpmnlint's recommended rules, Camunda 8.8's compatibility rules, and our government rules (with the embedded engine's subset when it is the target). */
export function lintConfig(target: LintTarget = 'embedded') {
  return {
    extends: ['bpmnlint:recommended', 'plugin:camunda-compat/camunda-cloud-8-8'],
    rules: Object.fromEntries(Object.keys(govRules).filter((r) => target === 'embedded' || r !== 'engine-subset').map((r) => [`gov/${r}`, 'error'])),
  };
}
export const LINT_CONFIG = lintConfig('embedded');

/** Finds bpmnlint's and Camunda's rules as installed packages, and ours (plugin "gov") in this folder. */
function createResolver() {
  const node = new NodeResolver() as { resolveRule(pkg: string, name: string): unknown; resolveConfig(pkg: string, name: string): unknown };
  return {
    resolveRule(pkg: string, name: string) {
      if (pkg === 'bpmnlint-plugin-gov') {
        const rule = govRules[name];
        if (!rule) throw new Error(`unknown rule gov/${name}`);
        return rule;
      }
      return node.resolveRule(pkg, name);
    },
    resolveConfig: (pkg: string, name: string) => node.resolveConfig(pkg, name),
  };
}

interface LintReport { id?: string; message: string; category: 'error' | 'warn' | 'info' | 'rule-error' }
export interface LintIssue { rule: string; elementId: string | null; message: string }

/** Reads a BPMN file with the zeebe extensions and lints it; errors block deploy, warnings don't. */
export async function lintBpmn(xml: string, target: LintTarget = 'embedded'): Promise<{ errors: LintIssue[]; warnings: LintIssue[]; parseWarnings: string[] }> {
  // a file that is not a Camunda 8 BPMN model is refused here with a plain reason (422), never a server error
  const { definitions, warnings: parseWarnings } = await readModel(xml);
  const warnings: LintIssue[] = mendDiagramsForCheck(definitions as unknown as DiagramHolder);
  const linter = new Linter({ config: lintConfig(target), resolver: createResolver() });
  const reports = await linter.lint(definitions);
  const errors: LintIssue[] = [];
  for (const [rule, list] of Object.entries(reports)) {
    for (const r of list) {
      const issue = { rule, elementId: r.id ?? null, message: inBothLanguages(rule, r.message, r.category) };
      (r.category === 'warn' || r.category === 'info' ? warnings : errors).push(issue);
    }
  }
  return { errors, warnings, parseWarnings };
}

type DiagramHolder = {
  rootElements?: { $type: string }[];
  diagrams?: { id?: string; plane?: { bpmnElement?: unknown; planeElement?: { id?: string; bpmnElement?: unknown }[] } }[];
};

/**
 * A diagram that points at elements the model does not have (a process id renamed by hand, say) says nothing
 * about how the process runs, but the rules read it and would fail on it. For the check, a plane with a broken
 * reference is read as the drawing of the model's process, and shapes of missing elements are set aside; each
 * is reported as a warning, so the owner learns what to fix in the drawing.
 */
function mendDiagramsForCheck(definitions: DiagramHolder): LintIssue[] {
  const issues: LintIssue[] = [];
  const note = (id: string | undefined) => issues.push({
    rule: 'gov/diagram-reference', elementId: id ?? null,
    message: `图形 ${id ?? ''} 引用了模型中不存在的元素，检查时已按本模型的流程读取或略过；请在建模器中修正引用 — the diagram part ${id ?? ''} refers to an element the model does not have; the check read it as this model's process or left it out; fix the reference in the modeler`,
  });
  const drawn = (definitions.rootElements ?? []).find((e) => e.$type === 'bpmn:Collaboration') ?? (definitions.rootElements ?? []).find((e) => e.$type === 'bpmn:Process');
  for (const diagram of definitions.diagrams ?? []) {
    const plane = diagram.plane;
    if (!plane) continue;
    if (!plane.bpmnElement) {
      note(diagram.id);
      plane.bpmnElement = drawn;
    }
    if (plane.planeElement?.some((e) => !e.bpmnElement)) {
      for (const e of plane.planeElement.filter((x) => !x.bpmnElement)) note(e.id);
      plane.planeElement = plane.planeElement.filter((e) => e.bpmnElement);
    }
  }
  definitions.diagrams = (definitions.diagrams ?? []).filter((d) => !d.plane || d.plane.bpmnElement);
  return issues;
}

/** bpmnlint's and Camunda's rules speak English; the platform's users read Chinese first. */
export const RULES_ZH: Record<string, string> = {
  'label-required': '元素缺少名称',
  'fake-join': '隐式汇合：多条连线直接进入一个任务，请用网关汇合',
  'no-implicit-split': '隐式分支：带条件的多条出线，请用网关分支',
  'no-implicit-start': '元素没有入线，也不是开始事件',
  'no-implicit-end': '元素没有出线，也不是结束事件',
  'start-event-required': '流程缺少开始事件',
  'end-event-required': '流程缺少结束事件',
  'no-disconnected': '元素未与流程连接',
  'no-complex-gateway': '不支持复杂网关',
  'conditional-flows': '网关的出线缺少条件',
  'single-blank-start-event': '流程只能有一个空开始事件',
  'single-event-definition': '事件只能有一个事件定义',
  'superfluous-gateway': '多余的网关（只有一条入线和一条出线）',
  'no-gateway-join-fork': '网关不能同时汇合和分支',
  'no-duplicate-sequence-flows': '重复的连线',
  'no-bpmndi': '元素没有图形信息',
  'no-overlapping-elements': '元素相互重叠',
  'no-inclusive-gateway': '不支持包容网关',
  'superfluous-termination': '多余的终止结束事件',
  'sub-process-blank-start-event': '子流程须以空开始事件开始',
  'event-sub-process-typed-start-event': '事件子流程须以带类型的开始事件开始',
  'link-event': '链接事件须成对且名称一致',
  'ad-hoc-sub-process': '自由子流程的用法不正确',
  'event-based-gateway': '事件网关的用法不正确',
  global: '全局元素（消息、信号、错误等）的定义不正确',
  'superfluous-label': '多余的标签',
  // Camunda 8.8 compatibility (camunda-compat)
  implementation: '服务类任务缺少实现（作业类型）',
  'called-element': '调用活动缺少被调用的流程',
  'duplicate-task-headers': '任务头重复',
  'element-type': '此元素类型 Camunda 8.8 不支持',
  'error-reference': '错误事件缺少或引用了无效的错误定义',
  'event-based-gateway-target': '事件网关的出线只能连到中间捕获事件',
  'executable-process': '模型中须有可执行的流程',
  'loop-characteristics': '多实例设置不完整',
  'message-reference': '消息事件缺少或引用了无效的消息定义',
  'io-mapping': '输入输出映射不正确',
  'no-business-id': '此处不支持业务标识',
  'no-cancel-execution-listener': '不支持取消类执行监听器',
  'no-execution-listener-headers': '执行监听器不支持任务头',
  'no-expression': '此处不支持表达式',
  'no-job-priority-definition': '不支持作业优先级设置',
  'no-loop': '不支持标准循环',
  'no-multiple-none-start-events': '不能有多个空开始事件',
  'sequence-flow-condition': '连线的条件表达式不正确',
  'start-event-form': '开始事件的表单设置不正确',
  subscription: '消息订阅缺少关联键',
  timer: '计时器定义不正确',
  'user-task-definition': '用户任务定义不正确',
  'user-task-form': '用户任务的表单设置不正确',
  'variable-name': '变量名不正确',
  feel: 'FEEL 表达式有语法错误',
  'feel-compatibility': 'FEEL 表达式用了 Camunda 8.8 不支持的写法',
  'connector-properties': '连接器属性不正确',
  'escalation-boundary-event-attached-to-ref': '升级边界事件附着的元素不正确',
  'escalation-reference': '升级事件缺少或引用了无效的升级定义',
  'task-schedule': '任务的计划日期设置不正确',
  secrets: '密钥引用的写法不正确',
  'signal-reference': '信号事件缺少或引用了无效的信号定义',
  'wait-for-completion': '补偿事件须设置等待完成',
  'duplicate-execution-listeners': '执行监听器重复',
  'execution-listener': '执行监听器设置不正确',
  'no-before-all-execution-listener': '不支持 beforeAll 执行监听器',
  'priority-definition': '优先级设置不正确',
  'version-tag': '版本标签不正确',
  'zeebe-user-task': '用户任务须为 Camunda 用户任务（zeebe:UserTask）',
  'no-interrupting-event-subprocess': '此处不支持中断型事件子流程',
  'agent-tool-documentation': 'AI 代理工具缺少说明',
  'agent-tool-output-key': 'AI 代理工具缺少输出键',
  'agent-fromai-contract': 'AI 代理工具的 fromAi 参数不正确',
  'task-listener': '任务监听器设置不正确',
};
function inBothLanguages(rule: string, message: string, category: string): string {
  if (category === 'rule-error') return `检查规则 ${rule} 无法检查此模型 — the rule ${rule} could not check this model: ${message}`;
  if (rule.startsWith('gov/')) return message; // ours are written in both languages
  const name = rule.replace(/^(camunda-compat|bpmnlint)\//, '');
  const zh = RULES_ZH[name] ?? (rule.startsWith('camunda-compat/') ? '与 Camunda 8.8 不兼容' : '模型检查发现问题');
  return `${zh}（${name}） — ${message}`;
}
