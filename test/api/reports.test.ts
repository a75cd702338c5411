import { createHash } from 'node:crypto';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { ApplicationModel } from '../../domain/application/application.model.js';
import { createReportFactsRepository } from '../../domain/report/report-facts.repository.js';
import { createReportPdfRenderer } from '../../domain/report/report-pdf.js';
import { op } from '../../domain/shared/trusted.js';
import { addDays, quarterOf, weekOf } from '../../domain/report/report-period.js';
import { ReportModel } from '../../domain/report/report.model.js';
import { createReportRepository } from '../../domain/report/report.repository.js';
import { createReportService } from '../../domain/report/report.service.js';
import { auditEntries, call, login } from '../support/api.js';
import { fileApplication } from '../support/staff.js';
import { pdfText } from '../support/pdf.js';
import { platform } from '../support/platform.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const download = async (username: string, path: string) => call('GET', path, { token: await login(username) });
async function workbook(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}
/** the value beside a figure's name on the summary sheet: [this period, previous period] */
const figure = (wb: ExcelJS.Workbook, name: string) => {
  let found: [unknown, unknown] | undefined;
  wb.getWorksheet('概况')!.eachRow((row) => {
    if (row.getCell(1).value === name) found = [row.getCell(2).value, row.getCell(3).value];
  });
  return found;
};

describe('api: periodic supervision reports (日统计、周通报、月总结、季考核, seed 001 §30)', function () {
  this.timeout(180_000);
  let week: ReturnType<typeof weekOf>;

  before(async () => {
    const { services, clock } = platform();
    // two cases of the health department this week, then the week's bulletin as it stands now
    await fileApplication('DSZN', 'COM-BINHU');
    await fileApplication('DSZN', 'COM-BINHU');
    const now = await clock.now();
    const today = services.calendar.localDate(now);
    week = weekOf(addDays(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7)));
    await services.reports.generate(week, now);
  });

  it('lists the bulletin for supervision with the hashes of its files; a leader sees it as their unit’s edition', async () => {
    const all = (await call('GET', '/api/reports?kind=weekly', { token: await login('supervisor') })).json().reports as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    const mine = all.find((r) => r.periodKey === week.key);
    expect(mine).to.include({ kind: 'weekly', title: '每周通报', edition: 'all', from: week.from, to: week.to });
    expect(mine!.pdf.sha256).to.match(/^[0-9a-f]{64}$/);
    const leader = (await call('GET', '/api/reports?kind=weekly', { token: await login('health.leader') })).json().reports as { periodKey: string; edition: string }[];
    expect(leader.find((r) => r.periodKey === week.key)?.edition).to.equal('DEPT-HEALTH');
    const bad = await call('GET', '/api/reports?kind=yearly', { token: await login('supervisor') });
    expect(bad.statusCode).to.equal(400);
  });

  it('the downloaded PDF is the one whose SHA-256 the audit trail lists, with the Chinese heading and period', async () => {
    const res = await download('supervisor', `/api/reports/weekly/${week.key}/report.pdf`);
    expect(res.statusCode, res.body.slice(0, 200)).to.equal(200);
    expect(res.headers['content-type']).to.include('application/pdf');
    const body = res.rawPayload;
    expect(res.headers['x-content-sha256']).to.equal(sha256(body));
    const [entry] = await auditEntries({ action: 'report.generated', target: `weekly:${week.key}:all` });
    const files = (entry!.detail as { files: { name: string; sha256: string }[] }).files;
    expect(files.find((f) => f.name.endsWith('.pdf'))!.sha256).to.equal(sha256(body));
    const text = await pdfText(body);
    expect(text).to.include('每周通报').and.include(week.label).and.include('主要指标');
    const downloads = await auditEntries({ action: 'report.downloaded', target: `weekly:${week.key}:all` });
    expect(downloads.map((d) => d.actor.id)).to.include('supervisor');
  });

  it('the XLSX opens with its Chinese sheets, and its filed figure is the count of the week’s stored non-practice cases', async () => {
    const res = await download('auditor', `/api/reports/weekly/${week.key}/report.xlsx`);
    expect(res.statusCode).to.equal(200);
    const [entry] = await auditEntries({ action: 'report.generated', target: `weekly:${week.key}:all` });
    expect((entry!.detail as { files: { name: string; sha256: string }[] }).files.find((f) => f.name.endsWith('.xlsx'))!.sha256).to.equal(sha256(res.rawPayload));
    const wb = await workbook(res.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).to.deep.equal(['概况', '分单位', '投诉结果']);
    const { calendar } = platform().services;
    const at = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - calendar.settings.utcOffsetMinutes * 60_000);
    const report = await ReportModel.findOne({ reportId: `weekly:${week.key}:all` }, { generatedAt: 1 }).lean();
    const filed = await ApplicationModel.countDocuments({ filedAt: op({ $gte: at(week.from), $lt: report!.generatedAt }), practice: op({ $ne: true }) });
    expect(filed).to.be.at.least(2);
    expect(figure(wb, '受理办件')![0]).to.equal(filed);
    const units = wb.getWorksheet('分单位')!;
    const health = units.getRows(2, units.rowCount - 1)!.find((r) => r.getCell(1).value === 'DEPT-HEALTH');
    expect(health?.getCell(3).value, 'the health department’s filings').to.be.at.least(2);
  });

  it('a department leader downloads their unit’s edition: their figures only, checked against its own audit entry', async () => {
    const res = await download('health.leader', `/api/reports/weekly/${week.key}/report.xlsx`);
    expect(res.statusCode, res.body.slice(0, 200)).to.equal(200);
    const wb = await workbook(res.rawPayload);
    const units = wb.getWorksheet('分单位')!;
    const codes = units.getRows(2, Math.max(units.rowCount - 1, 1))!.map((r) => r.getCell(1).value).filter(Boolean);
    expect(codes).to.deep.equal(['DEPT-HEALTH']);
    const [entry] = await auditEntries({ action: 'report.generated', target: `weekly:${week.key}:DEPT-HEALTH` });
    expect((entry!.detail as { files: { name: string; sha256: string }[] }).files.find((f) => f.name.endsWith('.xlsx'))!.sha256).to.equal(sha256(res.rawPayload));
    const pdf = await download('health.leader', `/api/reports/weekly/${week.key}/report.pdf`);
    expect(await pdfText(pdf.rawPayload)).to.include('每周通报');
    // the same edition again: the same file, not a new one
    const again = await download('health.leader', `/api/reports/weekly/${week.key}/report.xlsx`);
    expect(sha256(again.rawPayload)).to.equal(sha256(res.rawPayload));
    expect(await ReportModel.countDocuments({ kind: 'weekly', periodKey: week.key, scope: 'DEPT-HEALTH' })).to.equal(1);
  });

  it('is made once: generating the same period again, even at the same moment, keeps the first', async () => {
    const { services, clock } = platform();
    const before = await ReportModel.findOne({ reportId: `weekly:${week.key}:all` }, { 'pdf.sha256': 1 }).lean();
    const now = await clock.now();
    const runs = await Promise.all([services.reports.generate(week, now), services.reports.generate(week, now)]);
    expect(runs.map((r) => r.created)).to.deep.equal([false, false]);
    expect(await ReportModel.countDocuments({ kind: 'weekly', periodKey: week.key, scope: 'all' })).to.equal(1);
    expect(runs[0]!.record.pdf.sha256).to.equal(before!.pdf.sha256);
    expect(await auditEntries({ action: 'report.generated', target: `weekly:${week.key}:all` })).to.have.length(1);
  });

  it('a stored file that was altered is refused on download, with the two hashes named', async () => {
    const { services, clock } = platform();
    const day = services.reports.calendar.dayOf(services.reports.calendar.previousWorkingDay(services.calendar.localDate(await clock.now())));
    await services.reports.generate(day, await clock.now());
    const id = `daily:${day.key}:all`;
    const stored = await ReportModel.findOne({ reportId: id }, { pdf: 1 }).lean<{ pdf: { data: { buffer: Buffer } } }>();
    const altered = Buffer.from(stored!.pdf.data.buffer);
    altered[altered.length - 10] ^= 0xff;
    await ReportModel.collection.updateOne({ reportId: id }, { $set: { 'pdf.data': altered } });
    const res = await download('supervisor', `/api/reports/daily/${day.key}/report.pdf`);
    expect(res.statusCode).to.equal(409);
    expect(res.json().code).to.equal('REPORT_FILE_ALTERED');
    expect(res.json().message.zh).to.include(sha256(altered));
    expect(res.json().message.en).to.include(sha256(altered));
    const missing = await download('supervisor', '/api/reports/monthly/1999-01/report.xlsx');
    expect(missing.statusCode).to.equal(404);
    expect(missing.json().message.zh).to.include('1999-01');
  });

  it('the quarterly assessment takes the unit ranking from its source; without one it says plainly that the ranking is not available', async () => {
    const { services, clock, config } = platform();
    const units = services.units;
    const fixed = [
      { unitCode: 'DEPT-HEALTH', unitName: '区卫生健康局', level: 'district', total: 92.5, rank: 1, dimensions: [{ key: 'onTime', score: 98 }, { key: 'satisfaction', score: 90 }], weightsVersion: 'w-2026-1' },
      { unitCode: 'DEPT-CIVIL', unitName: '区民政局', level: 'district', total: 88, rank: 2, dimensions: [{ key: 'onTime', score: 90 }, { key: 'satisfaction', score: 86 }], weightsVersion: 'w-2026-1' },
    ];
    const asked: string[] = [];
    const ranked = createReportService({
      reports: createReportRepository(), facts: createReportFactsRepository(), units, calendar: services.calendar, audit: services.audit,
      renderPdf: createReportPdfRenderer(config.documents), ranking: { rank: async (p) => { asked.push(p.key); return fixed; } },
    });
    const q1 = quarterOf('2026-01-01');
    const { record } = await ranked.generate(q1, await clock.now());
    expect(asked).to.deep.equal(['2026-Q1']);
    const res = await download('supervisor', '/api/reports/quarterly/2026-Q1/report.xlsx');
    const wb = await workbook(res.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).to.deep.equal(['概况', '分单位', '投诉结果', '考核排名']);
    const sheet = wb.getWorksheet('考核排名')!;
    expect(sheet.getRow(1).values).to.include('名次').and.include('onTime');
    expect([sheet.getRow(2).getCell(2).value, sheet.getRow(2).getCell(5).value]).to.deep.equal(['DEPT-HEALTH', 92.5]);
    expect(await pdfText(record.pdf.data)).to.include('季度考核').and.include('绩效考核排名').and.include('区民政局');
    // a leader's edition keeps their own row of the ranking
    const leader = await workbook((await download('health.leader', '/api/reports/quarterly/2026-Q1/report.xlsx')).rawPayload);
    expect(leader.getWorksheet('考核排名')!.rowCount).to.equal(2);

    // without a source the report says so
    const unranked = createReportService({
      reports: createReportRepository(), facts: createReportFactsRepository(), units, calendar: services.calendar, audit: services.audit,
      renderPdf: createReportPdfRenderer(config.documents),
    });
    const plain = await unranked.generate(quarterOf('2025-10-01'), await clock.now());
    expect(await pdfText(plain.record.pdf.data)).to.include('排名暂不可用');
    // the platform's own reports take the eight-dimension ranking with the weights in force
    const { record: q2 } = await services.reports.generate(quarterOf('2026-04-01'), await clock.now());
    expect(await pdfText(q2.pdf.data)).to.include('绩效考核排名').and.not.include('排名暂不可用');
    const own = (await workbook((await download('supervisor', '/api/reports/quarterly/2026-Q2/report.xlsx')).rawPayload)).getWorksheet('考核排名')!;
    const expected = await services.assessment.rank('2026-Q2');
    expect(own.rowCount).to.equal(expected.length + 1);
    expect(own.getRow(2).getCell(2).value).to.equal(expected[0]!.unitCode);
  });
});
