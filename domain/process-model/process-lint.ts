import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const zeebeSchema = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;
const { Linter } = require('bpmnlint') as { Linter: new (options: { config: object; resolver: object }) => { lint(root: object): Promise<Record<string, LintReport[]>> } };
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as new () => object;
import { govRules } from './lint-rules/gov-rules.js';

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
  const moddle = new BpmnModdle({ zeebe: zeebeSchema });
  const { rootElement, warnings: parseWarnings } = await moddle.fromXML(xml, 'bpmn:Definitions');
  const linter = new Linter({ config: lintConfig(target), resolver: createResolver() });
  const reports = await linter.lint(rootElement);
  const errors: LintIssue[] = [];
  const warnings: LintIssue[] = [];
  for (const [rule, list] of Object.entries(reports)) {
    for (const r of list) {
      const issue = { rule, elementId: r.id ?? null, message: r.message };
      (r.category === 'warn' || r.category === 'info' ? warnings : errors).push(issue);
    }
  }
  return { errors, warnings, parseWarnings: parseWarnings.map((w: { message: string }) => w.message) };
}
