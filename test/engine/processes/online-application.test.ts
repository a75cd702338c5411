import { expect } from 'chai';
import { demoItems } from '../../../domain/demo/demo-data.js';
import { NoticeModel } from '../../../domain/notification/notice.model.js';
import { platform } from '../../support/platform.js';
import { act, applicationWhere, eventually, fileApplication } from '../../support/staff.js';

// 残疾人证 at 杜山村, approved and verified by 区残疾人联合会 (no deemed approval for this item).
const COMMUNITY = 'COM-DUSHAN';

describe('online application (网上申请): apply → accept → approve → verify → issue', function () {
  this.timeout(120_000);

  it('not approved goes back to the community, is supplemented and approved; a verify mismatch is corrected; issued by courier', async () => {
    const { services } = platform();
    const filed = await fileApplication('CJRZ', COMMUNITY, { channel: 'online' });
    expect(filed.category).to.equal('online-application');
    await act(filed.applicationNumber, 'accept', 'dushan.acceptor', { decision: 'accepted' });
    await act(filed.applicationNumber, 'approve', 'dpf.approver', { decision: 'not-approved', reasons: ['残疾评定表缺少医疗机构盖章'] });

    const returned = await eventually('the reasons back to the community', () => NoticeModel.findOne({ applicationNumber: filed.applicationNumber, kind: 'not-approved' }).lean());
    expect(returned.to).to.equal('community');
    expect(returned.text).to.include('残疾评定表缺少医疗机构盖章');
    // the community brings the stamped form; the department approves this time
    const back = await applicationWhere(filed.applicationNumber, 'the case to wait for the community', (a) => a.status === 'returned-to-community');
    expect(back.pauses.at(-1)!.to, 'the clock stands still while the case is back at the community').to.equal(null);
    await services.applications.receiveSupplement(filed.applicationNumber, [{ name: '残疾评定表', provided: true }], await services.now());
    await act(filed.applicationNumber, 'approve', 'dpf.approver', { decision: 'approved' });

    const made = await applicationWhere(filed.applicationNumber, 'the certificate number', (a) => Boolean(a.documentNumber));
    expect(made.documentNumber).to.match(/^CJRZ-\d{4}-\d{6}$/);
    await act(filed.applicationNumber, 'verify', 'dpf.verifier', { result: 'mismatch', mismatches: ['纸质档案缺少照片'] });
    await act(filed.applicationNumber, 'verify', 'dpf.verifier', { result: 'match' });
    await act(filed.applicationNumber, 'issue', 'dushan.closer', { method: 'courier', courierTrackingNumber: 'SF1234567890' });

    const closed = await applicationWhere(filed.applicationNumber, 'the case to close', (a) => a.status === 'closed');
    expect(closed.outcome).to.equal('issued');
    const notices = await NoticeModel.find({ applicationNumber: filed.applicationNumber }).sort({ createdAt: 1 }).lean();
    expect(notices.map((n) => n.kind)).to.deep.equal(['pre-review-passed', 'not-approved', 'certificate-ready', 'verify-mismatch', 'pickup-notice', 'courier-dispatched']);
    expect(notices.at(-1)!.text).to.include('SF1234567890');
    expect(notices[3]!.text).to.include('纸质档案缺少照片');
    // the pre-review passed: the applicant is told to bring the originals of the materials when collecting
    expect(notices[0]).to.include({ to: 'applicant' });
    expect(notices[0]!.text).to.include('网上预审通过').and.include('原件').and.include('残疾评定表');
  });

  it('not accepted online: the supplement notice, the supplement, then accepted and approved', async () => {
    const { services } = platform();
    const filed = await fileApplication('JZZ', COMMUNITY, { channel: 'online', missing: ['居住证明（房屋租赁合同或房产证明）'] });
    await act(filed.applicationNumber, 'accept', 'dushan.acceptor', { decision: 'not-accepted', missingMaterials: ['居住证明（房屋租赁合同或房产证明）'] });
    const waiting = await applicationWhere(filed.applicationNumber, 'the supplement notice', (a) => a.status === 'supplement-requested');
    expect(waiting.supplementNotice!.text).to.include('1. 居住证明');
    await services.applications.receiveSupplement(filed.applicationNumber, [{ name: '居住证明（房屋租赁合同或房产证明）', provided: true }], await services.now());
    await act(filed.applicationNumber, 'accept', 'dushan.acceptor', { decision: 'accepted' });
    // 居住证 is a deemed-approval item: its approve step runs in the variant with the interrupting timer
    const approve = await act(filed.applicationNumber, 'approve', 'psb.approver', { decision: 'approved' });
    expect(approve.elementId).to.equal('approve-deemed');
    await applicationWhere(filed.applicationNumber, 'the certificate number', (a) => Boolean(a.documentNumber));
  });

  it('refused online: a written refusal with reasons, and the case is closed', async () => {
    const filed = await fileApplication('DIBAO', COMMUNITY, { channel: 'online' });
    await act(filed.applicationNumber, 'accept', 'dushan.acceptor', { decision: 'refused', reasons: ['家庭人均收入高于本地最低生活保障标准'] });
    const closed = await applicationWhere(filed.applicationNumber, 'the case to close', (a) => a.status === 'closed');
    expect(closed.outcome).to.equal('refused');
    const refusal = await eventually('the refusal', () => NoticeModel.findOne({ applicationNumber: filed.applicationNumber, kind: 'refusal' }).lean());
    expect(refusal.text).to.include('家庭人均收入高于本地最低生活保障标准');
  });

  for (const issueMethod of ['in-person', 'proxy'] as const) {
    it(`issues the certificate ${issueMethod === 'proxy' ? 'to a proxy' : 'in person'} without a courier notice`, async () => {
      const filed = await fileApplication('DIBAO', COMMUNITY, { channel: 'online' });
      await act(filed.applicationNumber, 'accept', 'dushan.acceptor', { decision: 'accepted' });
      await act(filed.applicationNumber, 'approve', 'civil.approver', { decision: 'approved' });
      await act(filed.applicationNumber, 'verify', 'civil.verifier', { result: 'match' });
      await act(filed.applicationNumber, 'issue', 'dushan.closer', { method: issueMethod, ...(issueMethod === 'proxy' ? { proxyName: '王大明' } : {}) });
      const closed = await applicationWhere(filed.applicationNumber, 'the case to close', (a) => a.status === 'closed');
      expect(closed.outcome).to.equal('issued');
      const kinds = (await NoticeModel.find({ applicationNumber: filed.applicationNumber }).sort({ createdAt: 1 }).lean()).map((n) => n.kind);
      expect(kinds, 'no courier notice').to.deep.equal(['pre-review-passed', 'certificate-ready', 'pickup-notice']);
    });
  }
});

describe('online pre-review (网上预审, seed 001 §4(4)): within 1 working day, cards when late', function () {
  this.timeout(120_000);

  it('an item setting a longer first step still gets its online pre-review within 1 working day, with the three cards when late', async () => {
    const { services, clock } = platform();
    const cjrz = demoItems.find((i) => i.code === 'CJRZ')!;
    const code = `PR${Date.now().toString(36).toUpperCase().slice(-6)}`;
    // an item whose own first-step limit (3 working days) is longer than the rule allows online
    const longer = { ...cjrz, code, name: `预审测试事项 ${code}`, stepLimits: { ...cjrz.stepLimits, accept: { value: 3, unit: 'working-days' as const } } };
    expect(await services.items.insertFirstVersion(longer)).to.equal(true);

    const filed = await fileApplication(code, COMMUNITY, { channel: 'online' });
    const deadline = await eventually('the pre-review deadline', async () => (await services.stepDeadlines.forCase(filed.applicationNumber)).find((d) => d.step === 'accept'));
    const derivation = deadline.derivation as { limit: unknown; explanationZh: string[] };
    expect(derivation.limit, 'the rule’s 1 working day, not the item’s 3').to.deep.equal({ value: 1, unit: 'working-days' });
    expect(derivation.explanationZh.join(' ')).to.include('以上限为准');
    const task = await eventually('the pre-review task', async () => (await services.tasks.list({ caseNumber: filed.applicationNumber })).find((t) => t.step === 'accept'));
    expect(task).to.include({ elementId: 'accept', post: 'acceptor', unitCode: COMMUNITY, deadlineId: deadline.id });

    await clock.moveTo(new Date(deadline.redAt!.getTime() + 60_000));
    const cards = await eventually('three cards', async () => {
      const all = await services.escalation.cardsOf(filed.applicationNumber);
      return all.length === 3 ? all : null;
    });
    expect(cards.map((c) => c.level).sort()).to.deep.equal(['red', 'warning', 'yellow']);
    for (const c of cards) expect(c).to.include({ step: 'accept', holder: `acceptor:${COMMUNITY}`, caseKind: 'application' });

    // late, the pre-review still answers: pass, and the applicant is told to bring the originals
    await act(filed.applicationNumber, 'accept', 'dushan.acceptor', { decision: 'accepted' });
    const told = await eventually('the pre-review notice', () => NoticeModel.findOne({ applicationNumber: filed.applicationNumber, kind: 'pre-review-passed' }).lean());
    expect(told.text).to.include('网上预审通过').and.include('居民身份证');
    await eventually('the approve step', async () => (await services.tasks.list({ caseNumber: filed.applicationNumber })).find((t) => t.step === 'approve'));
  });

  it('an item’s shorter limit stands: 居住证 is pre-reviewed within its 4 working hours', async () => {
    const { services } = platform();
    const filed = await fileApplication('JZZ', COMMUNITY, { channel: 'online' });
    const deadline = await eventually('the pre-review deadline', async () => (await services.stepDeadlines.forCase(filed.applicationNumber)).find((d) => d.step === 'accept'));
    expect((deadline.derivation as { limit: unknown }).limit).to.deep.equal({ value: 4, unit: 'working-hours' });
  });
});
