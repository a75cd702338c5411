import { expect } from 'chai';
import { mayRead, readScopeOf } from '../../../domain/application/application-access.js';

const app = {
  applicantUsername: 'citizen.wang', filedBy: 'proxy.li', communityCode: 'COM-BINHU', departmentCode: 'DEPT-HEALTH',
  units: { accept: 'COM-BINHU', review: 'TOWN-FH', decide: 'DEPT-HEALTH', close: 'COM-BINHU' },
} as never;

describe('domain: who reads which application', () => {
  it('gives supervisors and auditors every case, applicants their own, proxy agents what they filed, staff their units\' cases', () => {
    expect(readScopeOf({ role: 'supervisor', username: 'supervisor' })).to.deep.equal({ all: true });
    expect(readScopeOf({ role: 'auditor', username: 'auditor' })).to.deep.equal({ all: true });
    expect(readScopeOf({ role: 'applicant', username: 'citizen.wang', unitCode: null })).to.deep.equal({ applicantUsername: 'citizen.wang' });
    expect(readScopeOf({ role: 'proxy-agent', username: 'proxy.li', unitCode: 'COM-BINHU' })).to.deep.equal({ filedBy: 'proxy.li' });
    expect(readScopeOf({ role: 'window-staff', username: 'binhu.acceptor', unitCode: 'COM-BINHU' })).to.deep.equal({ unitCode: 'COM-BINHU' });
    expect(readScopeOf({ role: 'department-staff', username: 'x', unitCode: null })).to.deep.equal({ unitCode: '__none__' });
  });

  it('lets a unit that handles any step read the case, and nobody else', () => {
    const reads = (role: string, username: string, unitCode: string | null) => mayRead({ role, username, unitCode }, app);
    expect(reads('window-staff', 'binhu.acceptor', 'COM-BINHU')).to.equal(true);
    expect(reads('department-staff', 'fenghuang.reviewer', 'TOWN-FH')).to.equal(true);
    expect(reads('department-staff', 'health.decider', 'DEPT-HEALTH')).to.equal(true);
    expect(reads('window-staff', 'dushan.acceptor', 'COM-DUSHAN')).to.equal(false);
    expect(reads('applicant', 'citizen.wang', null)).to.equal(true);
    expect(reads('applicant', 'citizen.zhao', null)).to.equal(false);
    expect(reads('proxy-agent', 'proxy.li', 'COM-BINHU')).to.equal(true);
    // a proxy agent of the same community who did not file it reads nothing of it
    expect(reads('proxy-agent', 'proxy.zhou', 'COM-BINHU')).to.equal(false);
  });
});
