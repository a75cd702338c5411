import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { TSchema } from '@sinclair/typebox';
import { loadFormDirectory } from '../../../api/routes/tasks/form-directory.js';
import { subsetProblems } from '../../../domain/engine/embedded-subset.js';
import { extensionsOf, headersOf, type BpmnNode } from '../../../domain/engine/bpmn-node.js';
import { readModel } from '../../../domain/process-model/model-reader.js';
import { StepBodies, type StepName } from '../../../domain/task/step-contract.js';

type Component = { type: string; key?: string; values?: { value: string }[]; properties?: Record<string, string> };
const forms = loadFormDirectory(join('processes', 'forms'));
const variantsOf = (step: StepName) => { const s = StepBodies[step] as TSchema; return ('anyOf' in s ? s.anyOf : [s]) as TSchema[]; };
const fieldsOf = (step: StepName) => new Set(variantsOf(step).flatMap((v) => Object.keys(v.properties as object)));

async function userTasks(): Promise<{ file: string; id: string; step: string; formId: string | null; process: BpmnNode }[]> {
  const out = [];
  for (const file of readdirSync('processes').filter((f) => f.endsWith('.bpmn'))) {
    const { definitions } = await readModel(readFileSync(join('processes', file), 'utf8'));
    for (const p of (definitions.rootElements as BpmnNode[]).filter((e) => e.$type === 'bpmn:Process')) {
      for (const n of (p.flowElements as BpmnNode[]).filter((e) => e.$type === 'bpmn:UserTask')) {
        out.push({ file, id: n.id!, step: headersOf(n).step!, formId: (extensionsOf(n, 'zeebe:FormDefinition')[0]?.formId as string | undefined) ?? null, process: p });
      }
    }
  }
  return out;
}

describe('processes/forms: the step forms linked from the models', () => {
  it('links every user task to a form of its own step, the Camunda 8 way (formId), which the embedded engine runs', async () => {
    const tasks = await userTasks();
    expect(tasks.length).to.be.greaterThan(8);
    // the online consultation's reply, the steps of a bad review's rectification and of a complaint are done on
    // their own pages, which complete their tasks; no step form
    const ownPages = ['online-consultation.bpmn', 'bad-review-rectification.bpmn', 'complaint.bpmn'];
    for (const t of tasks.filter((x) => !ownPages.includes(x.file))) {
      expect(t.formId, `${t.file} ${t.id}`).to.equal(`gov-${t.step}`);
      expect(forms.byId(t.formId!), `${t.formId} in processes/forms`).to.not.equal(null);
      expect(subsetProblems(t.process), t.file).to.deep.equal([]);
    }
    expect(forms.ids.sort()).to.deep.equal([...new Set(tasks.filter((t) => t.formId).map((t) => t.formId!))].sort());
    expect(tasks.filter((t) => t.file === 'online-consultation.bpmn').map((t) => [t.id, t.step, t.formId])).to.deep.equal([['answer', 'reply', null]]);
    expect(tasks.filter((t) => t.file === 'bad-review-rectification.bpmn').map((t) => [t.step, t.formId])).to.deep.equal([['verify', null], ['recheck', null], ['rectify', null], ['visit', null]]);
    expect(tasks.filter((t) => t.file === 'complaint.bpmn').map((t) => [t.id, t.step, t.formId])).to.deep.equal([['intake', 'intake', null], ['handle', 'handle', null], ['visit', 'visit', null]]);
  });

  it('asks only for fields the step contract takes, and offers only the decisions it knows: the form never widens the API', () => {
    for (const formId of forms.ids) {
      const step = formId.replace(/^gov-/, '') as StepName;
      expect(StepBodies[step], formId).to.not.equal(undefined);
      const allowed = fieldsOf(step);
      const keyed = (forms.byId(formId)!.components as Component[]).filter((c) => c.key);
      for (const c of keyed) expect(allowed.has(c.key!), `${formId}: ${c.key}`).to.equal(true);
      for (const c of keyed.filter((x) => x.values)) {
        const literals = variantsOf(step).map((v) => (v.properties as Record<string, { const?: unknown }>)[c.key!]?.const).filter((x) => x !== undefined);
        expect(c.values!.map((v) => v.value), `${formId}: ${c.key}`).to.have.members(literals);
      }
      // a list the step takes as an array is written one item a line
      for (const c of keyed.filter((x) => x.type === 'textarea')) {
        const isList = variantsOf(step).some((v) => (v.properties as Record<string, { type?: string }>)[c.key!]?.type === 'array');
        expect(c.properties?.bodyType === 'lines', `${formId}: ${c.key}`).to.equal(isList);
      }
    }
  });
});
