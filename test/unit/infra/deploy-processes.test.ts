import { expect } from 'chai';
import { pino } from 'pino';
import type { EnginePort } from '../../../domain/engine/engine.port.js';
import { deployProcesses } from '../../../infra/engine/index.js';

/** An engine that only records what it is asked to deploy. */
function recording(kind: 'embedded' | 'camunda8') {
  const deployments: string[][] = [];
  const engine = {
    kind,
    deploy: async (resources: { name: string; xml: string }[]) => {
      deployments.push(resources.map((r) => r.name));
      const id = /<bpmn:process id="([^"]+)"/.exec(resources[0]!.xml)?.[1];
      return { deploymentKey: String(deployments.length), processes: id ? [{ processId: id, version: 1, definitionKey: id }] : [] };
    },
  } as unknown as EnginePort;
  return { engine, deployments };
}

describe('deploying processes/ at start', () => {
  it('gives a Camunda 8 cluster the step forms before the models that link them (formId)', async () => {
    const { engine, deployments } = recording('camunda8');
    const deployed = await deployProcesses(engine, 'processes', pino({ level: 'silent' }));
    expect(deployments[0]).to.include.members(['accept.form', 'decide.form', 'close.form']);
    expect(deployments[0]!.every((n) => n.endsWith('.form'))).to.equal(true);
    expect(deployments.slice(1).flat()).to.deep.equal(['appointment.bpmn', 'bad-review-rectification.bpmn', 'certificate-requisition.bpmn', 'complaint.bpmn', 'online-application.bpmn', 'online-consultation.bpmn', 'onsite-certificate.bpmn', 'package-approval.bpmn', 'supervision-reports.bpmn']);
    expect(deployed.map((d) => d.processId)).to.deep.equal(['appointment', 'bad-review-rectification', 'certificate-requisition', 'complaint', 'online-application', 'online-consultation', 'onsite-certificate', 'package-approval', 'supervision-reports']);
  });

  it('gives the embedded engine the models only: the platform reads the forms itself', async () => {
    const { engine, deployments } = recording('embedded');
    await deployProcesses(engine, 'processes', pino({ level: 'silent' }));
    expect(deployments.flat()).to.deep.equal(['appointment.bpmn', 'bad-review-rectification.bpmn', 'certificate-requisition.bpmn', 'complaint.bpmn', 'online-application.bpmn', 'online-consultation.bpmn', 'onsite-certificate.bpmn', 'package-approval.bpmn', 'supervision-reports.bpmn']);
  });
});
