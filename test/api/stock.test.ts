import { expect } from 'chai';
import { call, login } from '../support/api.js';

type Serial = { serial: string; state: string; voidReason: string | null; voidedBy: string | null };
type Page = { communityCode: string; total: number; page: number; pageSize: number; states: Record<string, number>; serials: Serial[] };

const serials = async (username: string, query: string) => call('GET', `/api/stock/serials?${query}`, { token: await login(username) });
const pageOf = async (username: string, query: string): Promise<Page> => {
  const res = await serials(username, query);
  expect(res.statusCode, res.body).to.equal(200);
  return res.json();
};

// The stock book by serial (seed 000 §24–25): the keeper reads the unit's serials a page at a time and voids a spoiled one.
describe('api: the certificate stock by serial, and voiding with its refusals', function () {
  this.timeout(120_000);

  it('lists the blank certificate types a community may request, with the issuing department', async () => {
    const res = await call('GET', '/api/stock/certificate-types', { token: await login('binhu.keeper') });
    expect(res.statusCode, res.body).to.equal(200);
    const types = res.json().types as { certificateType: string; itemName: string; departmentCode: string }[];
    expect(types.map((t) => t.certificateType)).to.include.members(['DSZN-CERT', 'LNYD-CERT', 'JYSY-CERT']);
    expect(types.find((t) => t.certificateType === 'DSZN-CERT')).to.include({ itemName: '独生子女父母光荣证', departmentCode: 'DEPT-HEALTH' });
    // online items hand out what the department makes; the community keeps no blank stock of them
    expect(types.map((t) => t.certificateType)).not.to.include('JZZ-CARD');
  });

  it('gives the keeper the unit’s serials a page at a time, filtered by type, state and part of the number, with the count per state', async () => {
    const first = await pageOf('dushan.keeper', 'certificateType=JYSY-CERT&pageSize=10');
    expect(first.communityCode).to.equal('COM-DUSHAN');
    expect(first.serials).to.have.length(10);
    expect(first.serials.every((s) => s.serial.startsWith('JYSY-CERT-DUSHAN-'))).to.equal(true);
    expect(first.total).to.equal(Object.values(first.states).reduce((a, b) => a + b, 0));
    const second = await pageOf('dushan.keeper', 'certificateType=JYSY-CERT&pageSize=10&page=2');
    expect(second.serials[0]!.serial > first.serials[9]!.serial, 'page two goes on where page one ended').to.equal(true);

    const found = await pageOf('dushan.keeper', 'certificateType=JYSY-CERT&q=dushan-00004');
    expect(found.serials.map((s) => s.serial)).to.deep.equal(Array.from({ length: 10 }, (_, i) => `JYSY-CERT-DUSHAN-00004${i}`));
    const inStock = await pageOf('dushan.keeper', 'certificateType=JYSY-CERT&state=in-stock&pageSize=100');
    expect(inStock.total).to.equal(inStock.states['in-stock']);
    expect(inStock.serials.every((s) => s.state === 'in-stock')).to.equal(true);
  });

  it('names the communities whose stock the caller reads: the own one for its staff, every one for auditors', async () => {
    const mine = await call('GET', '/api/stock/communities', { token: await login('binhu.keeper') });
    expect(mine.json().communities.map((c: { code: string }) => c.code)).to.deep.equal(['COM-BINHU']);
    const all = (await call('GET', '/api/stock/communities', { token: await login('auditor') })).json().communities.map((c: { code: string }) => c.code);
    expect(all).to.include.members(['COM-BINHU', 'COM-DUSHAN']);
    expect(all.some((c: string) => c.startsWith('DEPT-')), 'departments keep no community stock').to.equal(false);
    const department = await call('GET', '/api/stock/communities', { token: await login('health.reviewer') });
    expect(department.json().communities).to.deep.equal([]);
  });

  it('keeps each unit to its own stock; the supervision roles name the community', async () => {
    const other = await serials('binhu.keeper', 'communityCode=COM-DUSHAN');
    expect(other.statusCode).to.equal(403);
    expect(other.json().code).to.equal('NOT_YOUR_UNIT');
    expect(other.json().message.zh).to.include('COM-DUSHAN');
    const unnamed = await serials('auditor', 'certificateType=DSZN-CERT');
    expect(unnamed.statusCode).to.equal(422);
    expect(unnamed.json().message.zh).to.equal('请指定社区（communityCode）');
    expect((await pageOf('auditor', 'communityCode=COM-BINHU&certificateType=DSZN-CERT')).communityCode).to.equal('COM-BINHU');
    expect((await pageOf('binhu.leader', 'certificateType=DSZN-CERT')).communityCode, 'the community secretary reads the stock').to.equal('COM-BINHU');
    const bad = await serials('binhu.keeper', 'q=.*');
    expect(bad.statusCode, 'a pattern is not a serial').to.equal(400);
  });

  it('voids a serial with a reason once; a second void is refused with the state in the user’s words', async () => {
    const serial = 'JYSY-CERT-DUSHAN-000048';
    const keeper = await login('dushan.keeper');
    const voided = await call('POST', `/api/stock/serials/${serial}/void`, { token: keeper, body: { reason: '打印错位' } });
    expect(voided.statusCode, voided.body).to.equal(200);
    expect(voided.json()).to.deep.equal({ voided: serial, replacement: null });
    const row = (await pageOf('dushan.keeper', `q=${serial}`)).serials[0]!;
    expect(row).to.include({ serial, state: 'voided', voidReason: '打印错位', voidedBy: 'dushan.keeper' });

    const again = await call('POST', `/api/stock/serials/${serial}/void`, { token: keeper, body: { reason: '打印错位' } });
    expect(again.statusCode).to.equal(409);
    expect(again.json().code).to.equal('SERIAL_NOT_VOIDABLE');
    expect(again.json().message.zh).to.equal(`印字号 ${serial} 已核销，不能再核销；只有在库或在办办件上的印字号可以核销`);
    expect(again.json().message.en).to.include('voided already');

    const elsewhere = await call('POST', '/api/stock/serials/JYSY-CERT-BINHU-000047/void', { token: keeper, body: { reason: '打印错位' } });
    expect(elsewhere.statusCode).to.equal(404);
    expect(elsewhere.json().message.zh).to.equal('印字号 JYSY-CERT-BINHU-000047 不在本社区的库存中');
  });
});
