import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { createRequire } from 'node:module';
import { RULES_ZH } from '../../../domain/process-model/process-lint.js';

// Every refusal is read in Chinese first: each `new DomainError(…)` words its cause as { zh, en } where it is
// thrown, the Chinese in Chinese, naming every value the English names (the task key, the number, the limit).
const ROOT = join(import.meta.dirname, '../../..');
const FOLDERS = ['domain', 'api', 'infra', 'workers'];
const HAN = /[\u4e00-\u9fff]/;
const GLOBALS = new Set(['String', 'Number', 'JSON', 'Math', 'Object', 'Array', 'Boolean', 'undefined']);

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

const files = FOLDERS.flatMap(sources).map((path) => ({ path, source: ts.createSourceFile(path, readFileSync(join(ROOT, path), 'utf8'), ts.ScriptTarget.ES2022, true) }));

function visit(node: ts.Node, each: (n: ts.Node) => void) {
  each(node);
  node.forEachChild((c) => visit(c, each));
}

/** The text a reader sees of a message expression: its literal parts, without the values put in. */
function literalText(node: ts.Node): string {
  let text = '';
  visit(node, (n) => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) text += n.text;
    else if (ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) text += n.text;
  });
  return text;
}

/**
 * The values a message puts in: variables and property chains (`task.assignee`), the object of a method call
 * (`wrong.join(…)` gives `wrong`), each word table or language pick left out (`STATUS_ZH[status]` gives `status`,
 * `f.zh` and `f.en` both give `f`, `allowedZh` gives `allowed`).
 */
function facts(node: ts.Node): Set<string> {
  const found = new Set<string>();
  const norm = (text: string) => text.replace(/\s+/g, '').replace(/\?\./g, '.').replace(/\.(zh|en)$/, '').replace(/(Zh|En)$/, '').replace(/^(zh|en)$/, 'words');
  const walk = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      if (ts.isPropertyAccessExpression(callee)) walk(callee.expression);
      n.arguments.forEach(walk);
      return;
    }
    if (ts.isPropertyAccessExpression(n)) {
      found.add(norm(n.getText()));
      return;
    }
    if (ts.isIdentifier(n)) {
      if (!GLOBALS.has(n.text) && !/^[A-Z][A-Z0-9_]*$/.test(n.text)) found.add(norm(n.text));
      return;
    }
    if (ts.isArrowFunction(n)) return walk(n.body);
    if (ts.isAsExpression(n)) return walk(n.expression);
    if (ts.isTypeNode(n)) return;
    n.forEachChild(walk);
  };
  walk(node);
  return found;
}

type Site = { where: string; zh: ts.Expression; en: ts.Expression };
const problems: string[] = [];

/** A message given in both languages: Chinese text, and every value of the English in the Chinese too. */
function checkPair({ where, zh, en }: Site) {
  if (!HAN.test(literalText(zh))) problems.push(`${where}: the Chinese has no Chinese: ${zh.getText()}`);
  const missing = [...facts(en)].filter((f) => !facts(zh).has(f));
  if (missing.length) problems.push(`${where}: the Chinese leaves out ${missing.join(', ')} that the English names`);
}

const at = (path: string, node: ts.Node) => `${relative(ROOT, join(ROOT, path))}:${node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1}`;

/** The function a forwarding message sits in, the name it is called by, and where its zh and en parameters are. */
function forwarder(node: ts.Node, zh: string, en: string): { name: string; zhAt: number; enAt: number; isNew: boolean } | null {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (!(ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isFunctionDeclaration(n) || ts.isConstructorDeclaration(n))) continue;
    const names = n.parameters.map((p) => p.name.getText());
    const isNew = ts.isConstructorDeclaration(n);
    const name = isNew ? (n.parent as ts.ClassDeclaration).name?.text
      : ts.isFunctionDeclaration(n) ? n.name?.text
        : ts.isVariableDeclaration(n.parent) ? n.parent.name.getText() : undefined;
    if (!name || !names.includes(zh) || !names.includes(en)) return null;
    return { name, zhAt: names.indexOf(zh), enAt: names.indexOf(en), isNew };
  }
  return null;
}

const extendsDomainError = (node: ts.Node): boolean => {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isClassDeclaration(n)) return (n.heritageClauses ?? []).some((h) => h.types.some((t) => t.expression.getText() === 'DomainError'));
  }
  return false;
};

const sites: string[] = [];
for (const { path, source } of files) {
  visit(source, (n) => {
    const isDomainError = ts.isNewExpression(n) && n.expression.getText() === 'DomainError';
    const isSuper = ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.SuperKeyword && extendsDomainError(n);
    if (!isDomainError && !isSuper) return;
    const call = n as ts.NewExpression | ts.CallExpression;
    const where = at(path, n);
    sites.push(where);
    const words = call.arguments?.[2];
    if (!words || !ts.isObjectLiteralExpression(words)) {
      problems.push(`${where}: the message is not written as { zh, en } where it is thrown`);
      return;
    }
    const value = (name: string) => {
      const p = words.properties.find((q) => q.name?.getText() === name);
      return p && ts.isPropertyAssignment(p) ? p.initializer : p && ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
    };
    const zh = value('zh');
    const en = value('en');
    if (!zh || !en) {
      problems.push(`${where}: the message lacks ${zh ? 'en' : 'zh'}`);
      return;
    }
    // a refusal carried from a worker thread keeps the words of the DomainError it was
    if (ts.isPropertyAccessExpression(zh) && zh.name.text === 'zh') return;
    // a helper that takes both wordings from its callers: each call is checked instead
    const zhParam = [...facts(zh)].find((f) => !f.includes('.'));
    const enParam = ts.isIdentifier(en) ? en.text : undefined;
    const helper = zhParam && enParam ? forwarder(n, ts.isIdentifier(zh) ? zh.text : zhParam === 'words' ? 'zh' : zhParam, enParam) : null;
    if (helper) {
      let calls = 0;
      for (const other of files) {
        visit(other.source, (c) => {
          const named = (ts.isCallExpression(c) && !helper.isNew) || (ts.isNewExpression(c) && helper.isNew);
          if (!named || (c as ts.CallExpression).expression.getText() !== helper.name) return;
          const args = (c as ts.CallExpression).arguments ?? [];
          calls += 1;
          checkPair({ where: `${at(other.path, c)} (${helper.name})`, zh: args[helper.zhAt]!, en: args[helper.enAt]! });
        });
      }
      if (!calls) problems.push(`${where}: ${helper.name} forwards its words but nothing calls it`);
      return;
    }
    checkPair({ where, zh, en });
  });
}

describe('lint: every DomainError words its cause in Chinese and English', () => {
  it('finds the throw sites', () => {
    expect(sites.length, 'the scan reads the sources').to.be.greaterThan(100);
  });

  it('gives each a Chinese message naming the same values as the English', () => {
    expect(problems).to.deep.equal([]);
  });

  it('names every rule of the model check in Chinese (the platform’s own rules write both languages)', () => {
    const require = createRequire(import.meta.url);
    const rules = (config: { rules: Record<string, unknown> }) => Object.keys(config.rules).map((r) => r.replace(/^bpmnlint\//, ''));
    const used = [
      ...rules(require('bpmnlint/config/recommended') as { rules: Record<string, unknown> }),
      ...rules((require('bpmnlint-plugin-camunda-compat') as { configs: Record<string, { rules: Record<string, unknown> }> }).configs['camunda-cloud-8-8']!),
    ];
    expect(used.length).to.be.greaterThan(40);
    expect(used.filter((r) => !RULES_ZH[r])).to.deep.equal([]);
  });
});
