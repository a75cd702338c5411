import ExcelJS from 'exceljs';
import { rate, type ReportContent } from './report-content.js';

const OUTCOMES: Record<string, string> = { handled: '已办理', 'invalid-unverifiable': '无效（无法核实）', 'invalid-untrue': '无效（不属实）' };
export const outcomeZh = (k: string) => OUTCOMES[k] ?? k;

/** The sheet names of a report's workbook, in Chinese. */
export const SheetName = { Summary: '概况', Units: '分单位', Complaints: '投诉结果', Ranking: '考核排名' } as const;

/** The report as a workbook: the figures against the previous period, the units, complaint outcomes, the ranking. */
export async function renderReportXlsx(c: ReportContent): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '政务服务平台';
  wb.created = new Date(c.generatedAt);
  wb.modified = new Date(c.generatedAt);
  const summary = wb.addWorksheet(SheetName.Summary);
  summary.columns = [{ header: '指标', key: 'name', width: 18 }, { header: '本期', key: 'now', width: 12 }, { header: '上期', key: 'before', width: 12 }];
  summary.insertRow(1, [`${c.title} ${c.period.label}（${c.scopeName}）`]);
  const t = c.totals;
  const p = c.previousTotals;
  const figures: [string, number | string, number | string][] = [
    ['受理办件', t.filed, p.filed], ['办结办件', t.closed, p.closed], ['按时办结', t.onTime, p.onTime], ['超期办结', t.late, p.late],
    ['按时办结率', rate(t.onTime, t.closed), rate(p.onTime, p.closed)],
    ['预警', t.cards.warning, p.cards.warning], ['黄牌', t.cards.yellow, p.cards.yellow], ['红牌', t.cards.red, p.cards.red],
    ['投诉建议', t.complaints, p.complaints], ['投诉按时答复', t.complaintsInTime, p.complaintsInTime], ['评价', t.ratings, p.ratings],
    ['差评', t.badReviews, p.badReviews], ['差评整改', t.rectifications, p.rectifications], ['在线咨询', t.consultations, p.consultations],
    ['在线预约', t.appointments, p.appointments],
  ];
  for (const [name, now, before] of figures) summary.addRow({ name, now, before });

  const units = wb.addWorksheet(SheetName.Units);
  units.columns = [
    { header: '单位编码', key: 'unitCode', width: 14 }, { header: '单位', key: 'unitName', width: 22 }, { header: '受理', key: 'filed' }, { header: '办结', key: 'closed' },
    { header: '按时', key: 'onTime' }, { header: '超期', key: 'late' }, { header: '预警', key: 'warning' }, { header: '黄牌', key: 'yellow' }, { header: '红牌', key: 'red' },
    { header: '投诉', key: 'complaints' }, { header: '评价', key: 'ratings' }, { header: '差评', key: 'badReviews' }, { header: '差评整改', key: 'rectifications' },
  ];
  for (const u of c.units) units.addRow({ ...u, warning: u.cards.warning, yellow: u.cards.yellow, red: u.cards.red });

  const complaints = wb.addWorksheet(SheetName.Complaints);
  complaints.columns = [{ header: '办理结果', key: 'outcome', width: 20 }, { header: '件数', key: 'count' }];
  for (const [k, n] of Object.entries(t.complaintOutcomes)) complaints.addRow({ outcome: outcomeZh(k), count: n });

  if (c.ranking) {
    const ranking = wb.addWorksheet(SheetName.Ranking);
    if (!c.ranking.available) ranking.addRow([c.ranking.reason.zh]);
    else {
      const keys = [...new Set(c.ranking.rows.flatMap((r) => r.dimensions.map((d) => d.key)))];
      ranking.addRow(['名次', '单位编码', '单位', '层级', '总分', ...keys, '权重版本']);
      for (const r of c.ranking.rows) ranking.addRow([r.rank, r.unitCode, r.unitName, r.level, r.total, ...keys.map((k) => r.dimensions.find((d) => d.key === k)?.score ?? null), r.weightsVersion]);
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
