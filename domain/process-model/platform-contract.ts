import type { LintIssue } from './process-lint.js';
import { extensionsOf, headersOf, type BpmnNode } from '../engine/bpmn-node.js';

type Node = BpmnNode;
const ext = extensionsOf;
const headers = headersOf;

/** What the domain relies on in one of the platform's own processes: its steps with their posts, and its job types. */
export interface ProcessContract { steps: string[]; jobTypes: string[] }

function walk(container: Node, visit: (n: Node) => void) {
  for (const node of (container.flowElements as Node[] | undefined) ?? []) {
    visit(node);
    if (node.$type === 'bpmn:SubProcess') walk(node, visit);
  }
}

export function contractOf(definitions: Node): ProcessContract {
  const steps = new Set<string>();
  const jobTypes = new Set<string>();
  for (const p of ((definitions.rootElements as Node[] | undefined) ?? []).filter((e) => e.$type === 'bpmn:Process' && e.isExecutable)) {
    walk(p, (n) => {
      if (n.$type === 'bpmn:UserTask') {
        const h = headers(n);
        steps.add(`${h.step ?? n.id}:${h.post ?? '?'}`);
      }
      const type = ext(n, 'zeebe:TaskDefinition')[0]?.type;
      if (type) jobTypes.add(String(type));
    });
  }
  return { steps: [...steps].sort(), jobTypes: [...jobTypes].sort() };
}

/**
 * A model saved under one of the platform's process ids must keep what the platform's own model of that id has:
 * every step with its post (and so its cards) and every job type. Each missing part is one error.
 */
export function contractIssues(has: ProcessContract, contract: ProcessContract): LintIssue[] {
  const issues: LintIssue[] = [];
  for (const step of contract.steps.filter((s) => !has.steps.includes(s))) {
    const [name, post] = step.split(':');
    issues.push({ rule: 'gov/platform-contract', elementId: null, message: `平台流程须保留环节“${name}”（岗位 ${post}） — the platform's process must keep the step "${name}" for the post ${post}` });
  }
  for (const type of contract.jobTypes.filter((t) => !has.jobTypes.includes(t))) {
    issues.push({ rule: 'gov/platform-contract', elementId: null, message: `平台流程须保留服务任务“${type}” — the platform's process must keep a service task of job type ${type}` });
  }
  return issues;
}
