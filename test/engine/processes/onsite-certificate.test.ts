import { expect } from 'chai';
import { ArchiveModel } from '../../../domain/archive/archive.model.js';
import { NoticeModel } from '../../../domain/notification/notice.model.js';
import { OperatorRecordModel } from '../../../domain/escalation/operator-record.model.js';
import { platform } from '../../support/platform.js';
import { act, applicationWhere, eventually, fileApplication, openTask } from '../../support/staff.js';

// 独生子女父母光荣证 at 滨湖社区: reviewed and decided by 区卫生健康局.
const ITEM = 'DSZN';
const COMMUNITY = 'COM-BINHU';

describe('on-site certificate (现场办证): apply → accept → review → decide → close', function () {
  this.timeout(120_000);

  it('hands over a certificate: print serial used, certificate number issued, archived, case closed', async () => {
    const { services } = platform();
    const stockBefore = await services.serials.balance(COMMUNITY, 'DSZN-CERT');
    const filed = await fileApplication(ITEM, COMMUNITY);
    expect(filed.applicationNumber).to.match(/^SQ\d{4}\d{6}$/);

    const accept = await act(filed.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'accepted' });
    expect(accept.processInstanceKey, 'the task belongs to the instance the filing started').to.equal(filed.processInstanceKey);
    expect(accept.post).to.equal('acceptor');
    expect(accept.unitCode).to.equal(COMMUNITY);
    expect(accept.dueAt, 'the accept task carries its due time').to.be.instanceOf(Date);
    expect(accept.dueAt!.getTime(), 'due after the task began').to.be.above(accept.createdAt.getTime());

    const review = await act(filed.applicationNumber, 'review', 'health.reviewer', { decision: 'approved' });
    expect(review.unitCode).to.equal('DEPT-HEALTH');
    await act(filed.applicationNumber, 'decide', 'health.decider', { decision: 'approved' });
    await act(filed.applicationNumber, 'close', 'binhu.closer', { handover: 'in-person' });

    const closed = await applicationWhere(filed.applicationNumber, 'the case to close', (a) => a.status === 'closed');
    expect(closed.outcome).to.equal('issued');
    expect(closed.printSerial).to.match(/^DSZN-CERT-BINHU-\d{6}$/);
    expect(closed.documentNumber).to.match(new RegExp(`^${ITEM}-\\d{4}-\\d{6}$`));
    expect(await services.serials.balance(COMMUNITY, 'DSZN-CERT')).to.equal(stockBefore - 1);
    const archive = await ArchiveModel.findOne({ applicationNumber: filed.applicationNumber }).lean();
    expect(archive!.paperLocation).to.match(new RegExp(`^${COMMUNITY}/${ITEM}/\\d{4}-\\d{2}/${filed.applicationNumber}$`));
    const notices = await NoticeModel.find({ applicationNumber: filed.applicationNumber }).lean();
    expect(notices.map((n) => n.kind)).to.deep.equal(['electronic-file-sent']);
    const completions = await OperatorRecordModel.find({ caseNumber: filed.applicationNumber, caseKind: 'application', kind: 'completion' }).lean();
    expect(completions.map((c) => c.operator).sort()).to.deep.equal(['binhu.acceptor', 'binhu.closer', 'health.decider', 'health.reviewer']);
    // every step was finished in time: no card
    expect(await services.escalation.cardsOf(filed.applicationNumber)).to.deep.equal([]);
  });

  it('not accepted: one complete supplement notice, the clock stands still, then accepted again; review refuses with reasons', async () => {
    const { services } = platform();
    const filed = await fileApplication(ITEM, COMMUNITY, { missing: ['结婚证', '户口簿'] });
    expect(filed.missingMaterials).to.deep.equal(['户口簿', '结婚证']);
    await act(filed.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'not-accepted', missingMaterials: ['户口簿（原件及复印件）', '结婚证（原件及复印件）'] });

    const waiting = await applicationWhere(filed.applicationNumber, 'the supplement notice', (a) => a.status === 'supplement-requested');
    expect(waiting.supplementNotice!.missing).to.deep.equal(['户口簿（原件及复印件）', '结婚证（原件及复印件）']);
    expect(waiting.supplementNotice!.text).to.include('一次性补齐').and.include('1. 户口簿').and.include('2. 结婚证');

    // the applicant comes back two hours later with everything
    await platform().clock.add(2 * 3600_000);
    await services.applications.receiveSupplement(filed.applicationNumber, [{ name: '户口簿', provided: true }, { name: '结婚证', provided: true }], await services.now());
    await act(filed.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'accepted' });
    const resumed = await applicationWhere(filed.applicationNumber, 'review to start', (a) => a.currentStep === 'review');
    expect(resumed.pauses).to.have.length(1);
    expect(resumed.pauses[0]!.to).to.be.instanceOf(Date);
    const legal = resumed.legalDeadline as { pauses: { workingMinutes: number }[]; explanation: string[] };
    expect(legal.pauses).to.have.length(1);
    expect(legal.explanation.join('\n')).to.include('not counted');

    await act(filed.applicationNumber, 'review', 'health.reviewer', { decision: 'not-approved', reasons: ['子女年龄不符合办理条件'] });
    const closed = await applicationWhere(filed.applicationNumber, 'the case to close', (a) => a.status === 'closed');
    expect(closed.outcome).to.equal('not-approved');
    const notices = await NoticeModel.find({ applicationNumber: filed.applicationNumber }).sort({ createdAt: 1 }).lean();
    expect(notices.map((n) => [n.kind, n.to])).to.deep.equal([['supplement-notice', 'applicant'], ['not-approved', 'community']]);
    expect(notices[1]!.text).to.include('子女年龄不符合办理条件');
  });

  it('refused at acceptance: a written refusal with reasons, and the case is closed', async () => {
    const filed = await fileApplication(ITEM, COMMUNITY);
    await act(filed.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'refused', reasons: ['申请人不属于本社区户籍'] });
    const closed = await applicationWhere(filed.applicationNumber, 'the case to close', (a) => a.status === 'closed');
    expect(closed.outcome).to.equal('refused');
    const notice = await eventually('the refusal', () => NoticeModel.findOne({ applicationNumber: filed.applicationNumber, kind: 'refusal' }).lean());
    expect(notice.text).to.include('不予受理').and.include('申请人不属于本社区户籍').and.include('书面凭证');
  });

  it('accept here, process elsewhere (收办分离): the township reviews, the department decides', async () => {
    const filed = await fileApplication('JYSY', 'COM-DUSHAN');
    expect(filed.units).to.deep.equal({ accept: 'COM-DUSHAN', review: 'TOWN-DS', decide: 'DEPT-HRSS', close: 'COM-DUSHAN' });
    await act(filed.applicationNumber, 'accept', 'dushan.acceptor', { decision: 'accepted' });
    const review = await act(filed.applicationNumber, 'review', 'dushanzhen.reviewer', { decision: 'approved' });
    expect(review.unitCode).to.equal('TOWN-DS');
    const decide = await act(filed.applicationNumber, 'decide', 'hrss.decider', { decision: 'approved' });
    expect(decide.unitCode).to.equal('DEPT-HRSS');
    await act(filed.applicationNumber, 'close', 'dushan.closer', { handover: 'proxy', proxyName: '王大明' });
    expect((await applicationWhere(filed.applicationNumber, 'the case to close', (a) => a.status === 'closed')).outcome).to.equal('issued');
  });

  it('refuses to let a second operator take a claimed task, or anyone complete it twice', async () => {
    const { services } = platform();
    const filed = await fileApplication(ITEM, COMMUNITY);
    const task = await openTask(filed.applicationNumber, 'accept');
    const acceptor = { username: 'binhu.acceptor', unitCode: COMMUNITY, posts: ['acceptor'], activated: true };
    const colleague = { username: 'binhu.acceptor2', unitCode: COMMUNITY, posts: ['acceptor'], activated: true };
    await services.tasks.claim(task.userTaskKey, acceptor);
    await expectCode(services.tasks.claim(task.userTaskKey, colleague), 'TASK_NOT_OPEN');
    await expectCode(services.tasks.complete(task.userTaskKey, colleague, { acceptDecision: 'accepted' }, new Date()), 'TASK_NOT_COMPLETABLE');
    await expectCode(services.tasks.claim(task.userTaskKey, { ...acceptor, username: 'health.reviewer', unitCode: 'DEPT-HEALTH', posts: ['reviewer'] }), 'TASK_NOT_YOUR_POST');
    await expectCode(services.tasks.claim(task.userTaskKey, { ...colleague, activated: false }), 'OPERATOR_NOT_ACTIVATED');
    await services.tasks.complete(task.userTaskKey, acceptor, { acceptDecision: 'refused', refusalReasons: ['测试'] }, new Date());
    await expectCode(services.tasks.complete(task.userTaskKey, acceptor, { acceptDecision: 'refused', refusalReasons: ['测试'] }, new Date()), 'TASK_NOT_COMPLETABLE');
    await applicationWhere(filed.applicationNumber, 'the case to close', (a) => a.status === 'closed');
  });
});

async function expectCode(promise: Promise<unknown>, code: string) {
  const err = await promise.then(() => null, (e: { code?: string }) => e);
  expect(err, `expected ${code}`).to.not.equal(null);
  expect(err!.code).to.equal(code);
}
