import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateAllZeebe } from '@bpmn-io/element-templates-validator';
import { expect } from 'chai';
import { Post } from '../../../domain/shared/constants.js';
import { lintBpmn } from '../../../domain/process-model/process-lint.js';
import { workers } from '../../../workers/index.js';
import { JOB_TYPES } from '../../../domain/process-model/job-types.js';
import { elementTemplates } from '../../../domain/process-model/element-templates.js';

const dir = 'processes';
const files = readdirSync(dir).filter((f) => f.endsWith('.bpmn'));
const jobTypes = (xml: string) => [...xml.matchAll(/<zeebe:taskDefinition type="([^"]+)"/g)].map((m) => m[1]!);

describe('processes/: the BPMN models', function () {
  this.timeout(30_000);

  it('holds both service categories, each file named after its process id', () => {
    expect(files).to.include.members(['onsite-certificate.bpmn', 'online-application.bpmn']);
    for (const f of files) {
      const id = /<bpmn:process id="([^"]+)"/.exec(readFileSync(join(dir, f), 'utf8'))?.[1];
      expect(`${id}.bpmn`).to.equal(f);
    }
  });

  it('uses exactly the job types the worker registry handles, both ways', () => {
    const inModels = new Set(files.flatMap((f) => jobTypes(readFileSync(join(dir, f), 'utf8'))));
    const registered = new Set(workers.map((w) => w.type));
    expect([...inModels].sort()).to.deep.equal([...registered].sort());
    expect(registered.size, 'a job type is registered twice').to.equal(workers.length);
    expect([...registered].sort(), 'the domain’s list of job types (the lint rule uses it)').to.deep.equal([...JOB_TYPES].sort());
  });

  it('offers an element template for every job type, and one for a human step', () => {
    const templates = elementTemplates() as { id: string; properties: { value?: string; binding: { type: string; property?: string } }[] }[];
    const typed = templates.map((t) => t.properties.find((p) => p.binding.type === 'zeebe:taskDefinition')?.value).filter(Boolean);
    expect([...typed].sort()).to.deep.equal([...JOB_TYPES].sort());
    expect(templates.map((t) => t.id)).to.include('gov.human-step');
  });

  it('offers only templates that the Camunda 8 template schema accepts (the modeler drops the others)', () => {
    const forms = ['gov-accept', 'gov-review'];
    const { results } = validateAllZeebe(elementTemplates(forms));
    const invalid = results.filter((r) => !r.valid).map((r) => ({ id: (r.object as { id: string }).id, errors: r.errors?.map((e) => e.message) }));
    expect(invalid).to.deep.equal([]);
    expect(results.length).to.equal(elementTemplates().length);
    // the human step offers the platform's step forms as a list bound to zeebe:formDefinition formId
    const human = (elementTemplates(forms) as { id: string; properties: { binding: { type: string; property?: string }; choices?: { value: string }[] }[] }[])
      .find((t) => t.id === 'gov.human-step')!;
    const form = human.properties.find((p) => p.binding.type === 'zeebe:formDefinition');
    expect(form?.binding.property).to.equal('formId');
    expect(form?.choices?.map((c) => c.value)).to.deep.equal(forms);
  });

  for (const f of files) {
    it(`${f} passes bpmnlint with the Camunda 8.8 compatibility rules`, async () => {
      const result = await lintBpmn(readFileSync(join(dir, f), 'utf8'));
      expect(result.parseWarnings, 'unknown elements or attributes').to.deep.equal([]);
      expect(result.errors).to.deep.equal([]);
      // the drawing too: the card timers of a step sit side by side, no shape over another
      expect(result.warnings.filter((w) => w.rule === 'no-overlapping-elements').map((w) => w.elementId), 'overlapping shapes').to.deep.equal([]);
    });
  }

  it('gives every human step a post as candidate group and the three card timers', () => {
    for (const f of files) {
      const xml = readFileSync(join(dir, f), 'utf8');
      const tasks = [...xml.matchAll(/<bpmn:userTask id="([^"]+)"[\s\S]*?<\/bpmn:userTask>/g)];
      // a service category has several human steps; an appointment (confirm or move) and an online consultation
      // (the answer) have one
      // the supervision reports' schedule has no human step at all
      expect(tasks.length, f).to.be.greaterThan(f === 'supervision-reports.bpmn' ? -1 : ['appointment.bpmn', 'online-consultation.bpmn'].includes(f) ? 0 : 2);
      for (const [body, id] of tasks) {
        expect(body, id).to.include('<zeebe:userTask />');
        const [, step, branch] = /<zeebe:header key="step" value="([a-z]+)(?:-(\d+))?"/.exec(body)!;
        // a package's branch n (approve-n) goes to the unit its item was routed to, on its own clock deadline<n>
        const unit = branch ? `branches\\[${branch}\\]\\.unit` : `units\\.${step}`;
        expect(body, id).to.match(new RegExp(`candidateGroups="=\\[&#34;(${Object.values(Post).join('|')}):&#34; \\+ ${unit}\\]"`));
        for (const level of ['warningAt', 'dueAt', 'redAt']) {
          const boundary = [...xml.matchAll(/<bpmn:boundaryEvent[^>]*cancelActivity="false"[^>]*attachedToRef="([^"]+)"[\s\S]*?<\/bpmn:boundaryEvent>/g)].filter((m) => m[1] === id && m[0].includes(`=deadline${branch ?? ''}.${level}`));
          expect(boundary, `${f} ${id} lacks the ${level} timer`).to.have.length(1);
        }
      }
    }
  });
});
