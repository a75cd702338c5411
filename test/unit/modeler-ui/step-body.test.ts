import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { stepBodyOf, type FormComponent } from '../../../modeler-ui/src/case/step-body.js';
import { toVariables } from '../../../domain/task/step-contract.js';

const form = (step: string) => JSON.parse(readFileSync(`processes/forms/${step}.form`, 'utf8')) as { components: FormComponent[] };

describe('step forms: what the answers become', () => {
  it('turns a text list into one reason a line, and the step contract takes the body', () => {
    const body = stepBodyOf(form('review'), { decision: 'not-approved', reasons: '照片不合格\r\n\n  户口簿信息不一致  \n' });
    expect(body).to.deep.equal({ decision: 'not-approved', reasons: ['照片不合格', '户口簿信息不一致'] });
    expect(toVariables('review', body)).to.deep.equal({ reviewDecision: 'not-approved', notApprovedReasons: ['照片不合格', '户口簿信息不一致'] });
  });

  it('leaves out an empty optional answer and keeps the ticked materials as they are', () => {
    expect(stepBodyOf(form('review'), { decision: 'approved', opinion: '  ' })).to.deep.equal({ decision: 'approved' });
    const accept = stepBodyOf(form('accept'), { decision: 'not-accepted', missingMaterials: ['结婚证', '户口簿'] });
    expect(toVariables('accept', accept)).to.deep.equal({ acceptDecision: 'not-accepted', missingMaterials: ['结婚证', '户口簿'] });
  });

  it('passes on a field the step does not know, for the server to refuse', () => {
    const body = stepBodyOf(form('close'), { handover: 'in-person', priority: '加急' });
    expect(body).to.deep.equal({ handover: 'in-person', priority: '加急' });
    expect(() => toVariables('close', body)).to.throw('/priority is not an accepted field');
  });
});
