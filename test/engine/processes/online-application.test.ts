import { expect } from 'chai';
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
    expect(notices.map((n) => n.kind)).to.deep.equal(['not-approved', 'certificate-ready', 'verify-mismatch', 'pickup-notice', 'courier-dispatched']);
    expect(notices.at(-1)!.text).to.include('SF1234567890');
    expect(notices[2]!.text).to.include('纸质档案缺少照片');
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
      expect(kinds, 'no courier notice').to.deep.equal(['certificate-ready', 'pickup-notice']);
    });
  }
});
