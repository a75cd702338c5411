import { expect } from 'chai';
import type { LightMyRequestResponse } from 'fastify';
import { auditEntries, call, login } from '../support/api.js';
import { pdfText } from '../support/pdf.js';
import { platform } from '../support/platform.js';
import { createPdfRenderer } from '../../domain/document/document-pdf.js';
import { createDocumentService } from '../../domain/document/document.service.js';
import { act, applicationWhere, eventually, fileApplication } from '../support/staff.js';

const person = { type: 'individual', name: '赵文书', idNumber: '420700198502023456', phone: '13912345678' };
const dszn = ['居民身份证', '户口簿', '结婚证', '近期免冠一寸照片'];

async function document(token: string, applicationNumber: string, name: string): Promise<LightMyRequestResponse> {
  return call('GET', `/api/applications/${applicationNumber}/documents/${name}.pdf`, { token });
}

/** A printed notice: a real PDF of some substance, and its text. */
async function printed(res: LightMyRequestResponse): Promise<string> {
  expect(res.statusCode, res.body.slice(0, 300)).to.equal(200);
  expect(res.headers['content-type']).to.match(/^application\/pdf/);
  expect(res.headers['content-disposition']).to.match(/^attachment; filename="SQ\d{10}-[a-z-]+\.pdf"; filename\*=UTF-8''/);
  expect(res.rawPayload.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
  expect(res.rawPayload.length, 'a page with an embedded Chinese font').to.be.greaterThan(10_000);
  // pdftotext keeps the page's spacing; the checks read the words without it
  return (await pdfText(res.rawPayload)).replace(/[ \t]+/g, '');
}

describe('api: printed notices of a case as PDF (receipt, one-time supplement notice, refusal notice)', function () {
  this.timeout(120_000);
  let window: string;
  before(async () => {
    window = await login('binhu.acceptor');
  });

  it('the window prints the acceptance receipt of a walk-in filing: the unit, the number, the materials, the ID masked; the print is audited', async () => {
    const filed = await call('POST', '/api/applications', {
      token: window, body: { itemCode: 'DSZN', applicant: person, materials: dszn.map((name) => ({ name, provided: name !== '结婚证' })) },
    });
    expect(filed.statusCode, filed.body).to.equal(201);
    const number = filed.json().applicationNumber as string;

    const text = await printed(await document(window, number, 'receipt'));
    expect(text).to.include('受理回执');
    expect(text, 'headed by the issuing community with its township and district').to.include('鄂城区凤凰街道滨湖社区');
    expect(text).to.include(number).and.include('独生子女父母光荣证').and.include('赵文书');
    expect(text, 'the ID number masked').to.include('420***********3456').and.not.include(person.idNumber);
    expect(text, 'the phone masked').to.include('139****5678').and.not.include(person.phone);
    expect(text).to.match(/结婚证（原件及复印件，1份）：未提交/);
    expect(text).to.match(/户口簿（原件及复印件，1份）：已提交/);

    const reads = await eventually('the audited print', async () => {
      const entries = await auditEntries({ caseNumber: number, action: 'pii.read' });
      return entries.length ? entries : null;
    });
    expect(reads[0]!.actor.id).to.equal('binhu.acceptor');
    expect(reads[0]!.detail).to.include({ document: 'receipt' });
    expect(reads[0], 'the entry names its case as an application').to.include({ caseNumber: number, caseKind: 'application' });
  });

  it('an applicant prints the receipt of their own online application, not of anyone else\'s', async () => {
    const citizen = await login('citizen.wang');
    const own = await call('POST', '/api/applications', {
      token: citizen, body: { itemCode: 'LNYD', communityCode: 'COM-BINHU', materials: [{ name: '居民身份证', provided: true }, { name: '近期免冠一寸照片', provided: true }] },
    });
    expect(own.statusCode, own.body).to.equal(201);
    const text = await printed(await document(citizen, own.json().applicationNumber, 'receipt'));
    expect(text).to.include('王小明').and.include('网上申请').and.include('滨湖社区');

    const other = await fileApplication('LNYD', 'COM-BINHU');
    const res = await document(citizen, other.applicationNumber, 'receipt');
    expect(res.statusCode).to.equal(404);
    expect(res.json().code).to.equal('APPLICATION_NOT_FOUND');
  });

  it('a case not accepted for missing materials gets a one-time supplement notice listing every one of them; before that it has none', async () => {
    const filed = await fileApplication('DSZN', 'COM-BINHU', { missing: ['结婚证', '近期免冠一寸照片'] });
    const before = await document(window, filed.applicationNumber, 'supplement-notice');
    expect(before.statusCode).to.equal(404);
    expect(before.json().code).to.equal('DOCUMENT_NOT_ISSUED');
    expect(before.json().message.zh).to.include('一次性告知书');
    expect(before.json().message.en).to.include('supplement notice');

    await act(filed.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'not-accepted', missingMaterials: ['结婚证', '近期免冠一寸照片'] });
    await applicationWhere(filed.applicationNumber, 'the supplement notice', (a) => a.status === 'supplement-requested');
    const text = await printed(await document(window, filed.applicationNumber, 'supplement-notice'));
    expect(text).to.include('一次性告知书').and.include('滨湖社区').and.include(filed.applicationNumber);
    expect(text).to.include('1.结婚证（原件及复印件，1份）').and.include('2.近期免冠一寸照片（原件，2份）');
    expect(text).to.include('共2项');
    // the refusal notice of a case that was not refused does not exist
    const refusal = await document(window, filed.applicationNumber, 'refusal-notice');
    expect(refusal.statusCode).to.equal(404);
    expect(refusal.json().message.zh).to.include('没有不予受理通知书');
  });

  it('a refused case gets a refusal notice with its reasons; an accepted case has none', async () => {
    const refused = await fileApplication('DSZN', 'COM-BINHU');
    await act(refused.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'refused', reasons: ['申请人不属于独生子女父母', '户籍不在本社区'] });
    await eventually('the refusal notice', async () =>
      (await platform().services.notifications.of(refused.applicationNumber)).find((n) => n.kind === 'refusal'));
    const text = await printed(await document(window, refused.applicationNumber, 'refusal-notice'));
    expect(text).to.include('不予受理通知书').and.include('滨湖社区').and.include(refused.applicationNumber);
    expect(text).to.include('1.申请人不属于独生子女父母').and.include('2.户籍不在本社区');

    const accepted = await fileApplication('DSZN', 'COM-BINHU');
    await act(accepted.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'accepted' });
    await applicationWhere(accepted.applicationNumber, 'accepted', (a) => a.currentStep !== 'accept' && a.currentStep !== null);
    const none = await document(window, accepted.applicationNumber, 'refusal-notice');
    expect(none.statusCode).to.equal(404);
    expect(none.json()).to.include({ code: 'DOCUMENT_NOT_ISSUED' });
    expect(none.json().message.en).to.equal(`application ${accepted.applicationNumber} has no refusal notice: it was not refused`);
  });

  it('another community\'s staff get 404, roles that do not print get 403, an unknown notice 400', async () => {
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const other = await document(await login('dushan.acceptor'), filed.applicationNumber, 'receipt');
    expect(other.statusCode).to.equal(404);
    expect(other.json().code).to.equal('APPLICATION_NOT_FOUND');
    const supervisor = await document(await login('supervisor'), filed.applicationNumber, 'receipt');
    expect(supervisor.statusCode).to.equal(403);
    const unknown = await document(window, filed.applicationNumber, 'certificate');
    expect(unknown.statusCode).to.equal(400);
    const anonymous = await call('GET', `/api/applications/${filed.applicationNumber}/documents/receipt.pdf`);
    expect(anonymous.statusCode).to.equal(401);
  });

  it('without the Chinese font the print answers 503 and says in both languages which file is missing', async () => {
    const filed = await fileApplication('LNYD', 'COM-BINHU');
    const { services } = platform();
    const real = services.documents;
    const fontPath = '/nonexistent/fonts/NotoSansCJK-Regular.ttc';
    // the same service, wired to a font path that is not there
    services.documents = createDocumentService({
      applications: { get: (n) => services.applications.get(n), recordPiiRead: () => Promise.reject(new Error('nothing was printed')) },
      items: services.items, units: services.units, notices: { ofApplication: (n) => services.notifications.of(n) }, audit: services.audit,
      renderer: createPdfRenderer({ fontPath, fontName: 'NotoSansCJKsc-Regular' }), utcOffsetMinutes: 480,
    });
    try {
      const res = await document(window, filed.applicationNumber, 'receipt');
      expect(res.statusCode).to.equal(503);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.json().code).to.equal('PDF_FONT_UNAVAILABLE');
      expect(res.json().message.zh).to.include(fontPath).and.include('fonts-noto-cjk');
      expect(res.json().message.en).to.include(fontPath).and.include('PDF_FONT_PATH');
    } finally {
      services.documents = real;
    }
  });
});
