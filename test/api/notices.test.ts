import { expect } from 'chai';
import { AuditAction } from '../../domain/audit/audit-entry.model.js';
import { NoticeKind } from '../../domain/notification/notice.model.js';
import { createSmsOutboxRepository } from '../../domain/notification/sms-outbox.repository.js';
import { call, login } from '../support/api.js';
import { platform, uniqueKey } from '../support/platform.js';
import { act, applicationWhere } from '../support/staff.js';

const HOUSING = '居住证明（房屋租赁合同或房产证明）';

describe('api: notices reach people: in the portal, and by text message through the SMS port', function () {
  this.timeout(120_000);
  const outbox = createSmsOutboxRepository();

  it('a supplement notice of an online application is in the applicant’s notices and in the text-message outbox once', async () => {
    const citizen = await login('citizen.wang');
    const filed = await call('POST', '/api/applications', {
      token: citizen, body: { itemCode: 'JZZ', communityCode: 'COM-DUSHAN', materials: [{ name: '居民身份证', provided: true }, { name: '近期免冠一寸照片', provided: true }] },
    });
    expect(filed.statusCode, filed.body).to.equal(201);
    const number = filed.json().applicationNumber as string;
    await act(number, 'accept', 'dushan.acceptor', { decision: 'not-accepted', missingMaterials: [HOUSING] });
    await applicationWhere(number, 'the supplement notice', (a) => a.status === 'supplement-requested');

    const mine = (await call('GET', '/api/notices/mine', { token: citizen })).json().notices as { kind: string; text: string; applicationNumber: string | null; texted: boolean }[];
    const notice = mine.find((n) => n.applicationNumber === number && n.kind === NoticeKind.SupplementNotice);
    expect(notice, 'the supplement notice is listed').to.not.equal(undefined);
    expect(notice!.text).to.include(HOUSING);
    expect(notice!.texted).to.equal(true);

    const phone = (await call('GET', `/api/applications/${number}`, { token: citizen })).json().applicant.phone as string;
    const stored = (await platform().services.notifications.of(number)).find((n) => n.kind === NoticeKind.SupplementNotice)!;
    expect(stored.channel).to.equal('sms:local');
    const texts = (await outbox.to(phone)).filter((m) => m.ref === stored.key);
    expect(texts.map((m) => m.text)).to.deep.equal([stored.text]);

    // nobody else reads it
    const other = (await call('GET', '/api/notices/mine', { token: await login('company.ezhou') })).json().notices as { applicationNumber: string | null }[];
    expect(other.map((n) => n.applicationNumber)).to.not.include(number);
  });

  it('a notice to a person about another service is stored, texted and recorded once, however often it is asked for', async () => {
    const { services } = platform();
    const key = uniqueKey('consultation-answer');
    const phone = `139${String(Date.now()).slice(-8)}`;
    const input = { key, kind: NoticeKind.ConsultationAnswered, username: 'citizen.wang', phone, subject: { kind: 'consultation', id: key }, text: '【咨询答复】您咨询的事项已答复，请登录查看。' };
    const first = await services.notifications.notifyPerson(input, new Date());
    const again = await services.notifications.notifyPerson(input, new Date());
    expect(again.createdAt.getTime()).to.equal(first.createdAt.getTime());
    expect((await outbox.to(phone)).map((m) => m.text)).to.deep.equal([input.text]);
    const entries = await services.audit.search({ target: key }, 10);
    expect(entries.map((e) => e.action)).to.deep.equal([AuditAction.NoticeSent]);

    const mine = (await call('GET', '/api/notices/mine', { token: await login('citizen.wang') })).json().notices as { kind: string; subject: { kind: string; id: string } | null }[];
    expect(mine.filter((n) => n.subject?.id === key).map((n) => n.kind)).to.deep.equal([NoticeKind.ConsultationAnswered]);
    const proxy = (await call('GET', '/api/notices/mine', { token: await login('proxy.li') })).json().notices as { subject: { id: string } | null }[];
    expect(proxy.some((n) => n.subject?.id === key)).to.equal(false);
  });

  it('refuses a bad limit and other roles', async () => {
    const citizen = await login('citizen.wang');
    const bad = await call('GET', '/api/notices/mine?limit=0', { token: citizen });
    expect(bad.statusCode).to.equal(400);
    expect((await call('GET', '/api/notices/mine', { token: await login('binhu.acceptor') })).statusCode).to.equal(403);
  });
});
