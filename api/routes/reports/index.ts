import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { REPORT_KINDS, type ReportKind } from '../../../domain/report/report-period.js';
import { REPORT_READERS, ReportFormat } from '../../../domain/report/report.service.js';
import type { DomainServices } from '../../../domain/services.js';
import { principalOf } from '../../plugins/auth.js';
import { Day, Strict, problems } from '../../schemas/common.js';

const Kind = Type.Union(REPORT_KINDS.map((k) => Type.Literal(k)), { description: 'daily 每日统计, weekly 每周通报, monthly 月度汇总, quarterly 季度考核' });
const PeriodKey = Type.String({ pattern: '^\\d{4}-(\\d{2}-\\d{2}|\\d{2}|W\\d{2}|Q[1-4])$', maxLength: 10, description: 'the period: a working day (2026-10-08), an ISO week (2026-W41), a month (2026-09) or a quarter (2026-Q3)' });
const File = Type.Object({ sha256: Type.String(), size: Type.Integer() });
const Report = Type.Object({
  reportId: Type.String(), kind: Type.String(), title: Type.String(), periodKey: Type.String(), periodLabel: Type.String(),
  from: Type.String({ description: 'first local date of the period' }), to: Type.String({ description: 'the local date after the period' }),
  generatedAt: Type.String({ format: 'date-time' }),
  edition: Type.String({ description: '"all", or the unit whose figures the reader downloads (a department leader)' }),
  pdf: File, xlsx: File,
  figures: Type.Object({
    filed: Type.Integer(), closed: Type.Integer(), onTime: Type.Integer(), late: Type.Integer(),
    cards: Type.Object({ warning: Type.Integer(), yellow: Type.Integer(), red: Type.Integer() }),
    complaints: Type.Integer(), ratings: Type.Integer(), badReviews: Type.Integer(),
  }, { description: 'the main figures of the period: over all units, or the leader’s unit' }),
}, { description: 'a periodic supervision report (seed 001 §30); the hashes are those of the report over all units' });

/** 日统计、周通报、月总结、季考核 (seed 001 §30): the list, and each report's PDF and XLSX, checked on download. */
export const reportRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  app.get('/api/reports', {
    config: { access: { roles: [...REPORT_READERS] } },
    schema: {
      tags: ['supervision'], summary: 'Periodic reports by kind and period (newest first); a department leader’s downloads carry their own unit’s figures',
      querystring: Strict({ kind: Type.Optional(Kind), from: Type.Optional(Day), to: Type.Optional(Day), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
      response: { 200: Type.Object({ reports: Type.Array(Report) }), ...problems(400, 401, 403) },
    },
  }, async (req) => {
    const rows = await services.reports.list(principalOf(req), { ...req.query, kind: req.query.kind as ReportKind | undefined });
    return {
      reports: rows.map((r) => ({
        reportId: r.reportId, kind: r.kind, title: r.title, periodKey: r.periodKey, periodLabel: r.periodLabel, from: r.from, to: r.to,
        generatedAt: r.generatedAt.toISOString(), edition: r.edition, pdf: { sha256: r.pdf.sha256, size: r.pdf.size }, xlsx: { sha256: r.xlsx.sha256, size: r.xlsx.size },
        figures: {
          filed: r.figures.filed, closed: r.figures.closed, onTime: r.figures.onTime, late: r.figures.late, cards: r.figures.cards,
          complaints: r.figures.complaints, ratings: r.figures.ratings, badReviews: r.figures.badReviews,
        },
      })),
    };
  });

  app.get('/api/reports/:kind/:period/:file', {
    config: { access: { roles: [...REPORT_READERS] } },
    schema: {
      tags: ['supervision'],
      summary: 'One report as PDF or XLSX; its SHA-256 is checked against the audit trail before it is sent (header x-content-sha256); a department leader gets their unit’s edition',
      params: Strict({ kind: Kind, period: PeriodKey, file: Type.Union([Type.Literal('report.pdf'), Type.Literal('report.xlsx')]) }),
      produces: ['application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      response: {
        200: Type.Unsafe<Buffer>({ description: 'the report file', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }),
        ...problems(400, 401, 403, 404, 409, 503),
      },
    },
  }, async (req, reply) => {
    const format = req.params.file === 'report.pdf' ? ReportFormat.Pdf : ReportFormat.Xlsx;
    const f = await services.reports.file(principalOf(req), req.params.kind as ReportKind, req.params.period, format, await services.now(), req.id);
    return reply
      .type(f.contentType)
      .header('content-disposition', `attachment; filename="report.${format}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
      .header('x-content-sha256', f.sha256)
      .header('cache-control', 'no-store')
      .send(f.data);
  });
};
