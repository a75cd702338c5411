import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { expect } from 'chai';
import { call, login, multipart, uploadFile } from '../support/api.js';
import { platform } from '../support/platform.js';

const person = { type: 'individual', name: '上传测试', idNumber: '420700198806061234', phone: '13900006666' };
const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);

const upload = (token: string, applicationNumber: string, material: string, file: Buffer, fileName = 'id.pdf', type = 'application/pdf') =>
  uploadFile(token, applicationNumber, material, file, fileName, type);

describe('api: material uploads', function () {
  this.timeout(60_000);
  let window: string;
  let applicationNumber: string;
  before(async () => {
    window = await login('binhu.acceptor');
    const filed = await call('POST', '/api/applications', { token: window, body: { itemCode: 'LNYD', applicant: person, materials: [{ name: '居民身份证', provided: true }, { name: '近期免冠一寸照片', provided: true }] } });
    applicationNumber = filed.json().applicationNumber;
  });

  it('stores a PDF of a material the item asks for, with its size and SHA-256', async () => {
    const res = await upload(window, applicationNumber, '居民身份证', pdf);
    expect(res.statusCode, res.body).to.equal(201);
    expect(res.json()).to.include({ material: '居民身份证', contentType: 'application/pdf', size: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') });
    const detail = await call('GET', `/api/applications/${applicationNumber}`, { token: window });
    expect(detail.json().files).to.have.length(1);
  });

  it('judges the type by content: a text file named .pdf is refused', async () => {
    const res = await upload(window, applicationNumber, '居民身份证', Buffer.from('just text, not a pdf'), 'fake.pdf');
    expect(res.statusCode).to.equal(422);
    expect(res.json().code).to.equal('FILE_TYPE_REFUSED');
  });

  it('refuses a file over the size limit with 413, and a material the item does not ask for with 422', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(platform().config.uploads.maxBytes + 10, 0x20)]);
    const tooBig = await upload(window, applicationNumber, '居民身份证', big);
    expect(tooBig.statusCode).to.equal(413);
    const unknown = await upload(window, applicationNumber, '结婚证', pdf);
    expect(unknown.statusCode).to.equal(422);
    expect(unknown.json().code).to.equal('MATERIAL_UNKNOWN');
    const detail = await call('GET', `/api/applications/${applicationNumber}`, { token: window });
    expect(detail.json().files, 'refused files are not kept').to.have.length(1);
  });

  it('refuses a form cut off mid-file, or without a boundary, with 400 and keeps no part of the file', async () => {
    const stored = () => readdirSync(platform().config.uploads.dir).length;
    const before = stored();
    const { body, headers } = multipart(pdf, 'id.pdf', 'application/pdf');
    for (const [payload, contentType] of [[body.subarray(0, 200), headers['content-type']], [body, 'multipart/form-data']] as const) {
      const res = await platform().app.inject({
        method: 'POST', url: `/api/applications/${applicationNumber}/files?material=${encodeURIComponent('居民身份证')}`,
        headers: { 'content-type': contentType, authorization: `Bearer ${window}` }, payload,
      });
      expect(res.statusCode, res.body).to.equal(400);
      expect(res.json()).to.include({ code: 'MULTIPART_INVALID' });
    }
    expect(stored(), 'no partial file left on disk').to.equal(before);
  });

  it('lets nobody upload to another unit’s application', async () => {
    const res = await upload(await login('dushan.acceptor'), applicationNumber, '居民身份证', pdf);
    expect(res.statusCode).to.equal(404);
  });
});
