import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { createAuditRepository } from '../../domain/audit/audit.repository.js';
import { createAuditService } from '../../domain/audit/audit.service.js';
import { createProcessModelService } from '../../domain/process-model/process-model.service.js';
import { createProcessVersionRepository } from '../../domain/process-model/process-version.repository.js';
import { auditEntries } from '../support/api.js';
import { platform, uniqueKey } from '../support/platform.js';

// The engine's side is a fake here: a refusal the checks cannot foresee is hard to provoke in a real broker.
describe('process models: a deploy the engine refuses', function () {
  it('answers with the engine’s message, records no deployment, and leaves a failed entry in the audit trail', async () => {
    const refusal = "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors";
    // an audit service of its own, on the same trail: the platform's keeps the settlers of its own services
    const { config, log } = platform();
    const audit = createAuditService({ repo: createAuditRepository(), retentionDays: config.audit.retentionDays, log });
    const models = createProcessModelService({ versions: createProcessVersionRepository(), engine: { deploy: () => Promise.reject(new Error(refusal)) }, audit });
    const id = `refused-${uniqueKey('p').replace(/[^a-z0-9]/gi, '').slice(-8).toLowerCase()}`;
    const xml = readFileSync('processes/onsite-certificate.bpmn', 'utf8').replaceAll('onsite-certificate', id);
    const saved = await models.save(xml, 'owner.health', '引擎拒绝的部署', new Date());
    let thrown: Error | undefined;
    await models.deploy(id, saved.version, 'owner.health', new Date()).catch((err: Error) => (thrown = err));
    expect(thrown?.message).to.equal(refusal);
    expect((await models.get(id, saved.version)).deployments).to.deep.equal([]);
    const entries = await auditEntries({ target: `${id}:${saved.version}` });
    expect(entries.map((e) => [e.action, e.outcome])).to.deep.equal([['model.saved', 'success'], ['model.deployed', 'failure']]);
    expect(entries[1]!.detail).to.include({ engineAnswer: refusal });
  });
});
