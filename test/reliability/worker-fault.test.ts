import { expect } from 'chai';
import { AuditAction } from '../../domain/audit/audit-entry.model.js';
import { auditEntries, call, login } from '../support/api.js';
import { platform } from '../support/platform.js';
import { eventually, fileApplication } from '../support/staff.js';

// 滨湖社区 holds blank 就业失业登记证 (JYSY-CERT) that no other test uses: emptying it makes a real worker fail mid-case.
const COMMUNITY = 'COM-BINHU';
const TYPE = 'JYSY-CERT';

describe('reliability: a worker fails in the middle of a real case', function () {
  this.timeout(120_000);

  it('retries the job, then raises an incident with nothing half done; resolving it once the cause is fixed finishes the step', async () => {
    const { services, clock } = platform();
    // the community's stock runs out: earlier cases used every blank form
    const left = await services.serials.balance(COMMUNITY, TYPE);
    for (let i = 0; i < left; i += 1) {
      await services.serials.use({ communityCode: COMMUNITY, certificateType: TYPE, applicationNumber: `SQ2026${String(700_000 + i).padStart(6, '0')}`, now: await services.now() });
    }
    expect(await services.serials.balance(COMMUNITY, TYPE)).to.equal(0);

    const filed = await fileApplication('JYSY', COMMUNITY);
    const window = await login('binhu.acceptor');
    const accept = await eventually('the accept task', async () =>
      ((await call('GET', `/api/tasks?scope=queue&caseNumber=${filed.applicationNumber}`, { token: window })).json().tasks as { step: string; userTaskKey: string }[]).find((t) => t.step === 'accept'));
    expect((await call('POST', `/api/tasks/${accept.userTaskKey}/claim`, { token: window })).statusCode).to.equal(200);
    expect((await call('POST', `/api/tasks/${accept.userTaskKey}/complete`, { token: window, body: { decision: 'accepted' } })).statusCode).to.equal(204);

    // use-print-serial fails; each retry waits its back-off on the engine clock, and the last one raises an incident
    const admin = await login('admin');
    const openIncident = async () => ((await call('GET', '/api/incidents', { token: admin })).json().incidents as { incidentKey: string; processInstanceKey: string; state: string; errorMessage: string; elementId: string; retries?: number }[])
      .find((i) => i.processInstanceKey === filed.processInstanceKey && i.state === 'open');
    let advances = 0;
    const incident = await eventually('the incident', async () => {
      const found = await openIncident();
      if (found) return found;
      advances += 1;
      await clock.advance(6_000);
      return null;
    }, 60_000);
    expect(advances, 'the job was retried before the incident').to.be.greaterThan(1);
    expect(incident.errorMessage).to.include(`no blank ${TYPE} certificates in stock`);

    // nothing half done: no serial on the case, no serial entry, the case is not at review
    const stalled = await services.applications.get(filed.applicationNumber);
    expect(stalled.printSerial ?? null).to.equal(null);
    expect(await auditEntries({ caseNumber: filed.applicationNumber, action: AuditAction.SerialUsed })).to.have.length(0);
    expect((await services.tasks.list({ caseNumber: filed.applicationNumber, state: ['created', 'assigned'] })).map((t) => t.step)).to.deep.equal([]);

    // the cause is fixed (blank forms arrive), the administrator resolves the incident, the step finishes
    await services.serials.addStock(COMMUNITY, TYPE, ['JYSY-CERT-BINHU-900001']);
    const resolved = await call('POST', `/api/incidents/${incident.incidentKey}/resolve`, { token: admin, body: { retries: 1 } });
    expect(resolved.statusCode, resolved.body).to.equal(204);
    const review = await eventually('the review task', async () => (await services.tasks.list({ caseNumber: filed.applicationNumber, state: ['created'] })).find((t) => t.step === 'review'));
    expect(review.unitCode).to.equal('TOWN-FH'); // 就业失业登记 is reviewed by the community's township
    expect((await services.applications.get(filed.applicationNumber)).printSerial).to.equal('JYSY-CERT-BINHU-900001');
    expect((await auditEntries({ caseNumber: filed.applicationNumber, action: AuditAction.SerialUsed })).map((e) => e.after)).to.deep.equal([{ printSerial: 'JYSY-CERT-BINHU-900001' }]);
    expect(await openIncident()).to.equal(undefined);
  });
});
