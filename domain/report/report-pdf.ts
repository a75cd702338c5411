import * as echarts from 'echarts';
import SVGtoPDF from 'svg-to-pdfkit';
import { cjkPdfOpener } from '../document/cjk-pdf.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { change, rate, type Figures, type ReportContent } from './report-content.js';
import { outcomeZh } from './report-xlsx.js';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const INK = '#1a1a1a';
const MUTED = '#666666';

/** An ECharts chart drawn on the server as SVG (no browser). */
function chartSvg(option: echarts.EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: 'cjk' }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function fontMissing(path: string, why: string): DomainError {
  return new DomainError('PDF_FONT_UNAVAILABLE', ErrorKind.Unavailable, {
    zh: `无法生成报表 PDF：服务器上的中文字体 ${path} ${why}，请安装 fonts-noto-cjk 或设置 PDF_FONT_PATH`,
    en: `the report PDF cannot be made: the Chinese font ${path} ${why}; install Debian's fonts-noto-cjk or set PDF_FONT_PATH`,
  }, { fontPath: path });
}

/** Lays a periodic report out on A4: heading, the figures against the previous period, charts, the units' table. */
export function createReportPdfRenderer(options: { fontPath: string; fontName: string }) {
  const open = cjkPdfOpener(options, (f) => fontMissing(options.fontPath, f.kind === 'unusable' ? `has no usable font (${f.message})` : `cannot be read (${f.code})`));
  return async function render(c: ReportContent): Promise<Buffer> {
    const { doc, done } = await open({
      size: 'A4', margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
      info: { Title: `${c.title} ${c.period.label}`, Author: '政务服务管理办公室', Subject: c.title, Creator: '政务服务平台', CreationDate: new Date(c.generatedAt) },
    });
    layout(doc, c);
    doc.end();
    return done;
  };
}

function rows(t: Figures, p: Figures): [string, number, number | string, string][] {
  return [
    ['受理办件', t.filed, p.filed, change(t.filed, p.filed)],
    ['办结办件', t.closed, p.closed, change(t.closed, p.closed)],
    ['按时办结', t.onTime, p.onTime, change(t.onTime, p.onTime)],
    ['超期办结', t.late, p.late, change(t.late, p.late)],
    ['预警', t.cards.warning, p.cards.warning, change(t.cards.warning, p.cards.warning)],
    ['黄牌', t.cards.yellow, p.cards.yellow, change(t.cards.yellow, p.cards.yellow)],
    ['红牌', t.cards.red, p.cards.red, change(t.cards.red, p.cards.red)],
    ['投诉建议', t.complaints, p.complaints, change(t.complaints, p.complaints)],
    ['评价', t.ratings, p.ratings, change(t.ratings, p.ratings)],
    ['差评', t.badReviews, p.badReviews, change(t.badReviews, p.badReviews)],
    ['差评整改', t.rectifications, p.rectifications, change(t.rectifications, p.rectifications)],
    ['在线咨询', t.consultations, p.consultations, change(t.consultations, p.consultations)],
    ['在线预约', t.appointments, p.appointments, change(t.appointments, p.appointments)],
  ];
}

function table(doc: PDFKit.PDFDocument, head: string[], body: (string | number)[][], widths: number[]) {
  const left = MARGIN;
  const line = (cells: (string | number)[], bold: boolean) => {
    if (doc.y > A4.height - MARGIN - 20) doc.addPage();
    const y = doc.y;
    let x = left;
    doc.fillColor(bold ? INK : '#333333');
    cells.forEach((cell, i) => {
      doc.text(String(cell), x + 2, y, { width: widths[i]! - 4, lineBreak: false, ellipsis: true });
      x += widths[i]!;
    });
    doc.y = y + 16;
    doc.moveTo(left, doc.y - 3).lineTo(left + widths.reduce((a, b) => a + b, 0), doc.y - 3).lineWidth(0.3).strokeColor('#cccccc').stroke();
  };
  doc.fontSize(9);
  line(head, true);
  for (const r of body) line(r, false);
  doc.x = left;
}

function layout(doc: PDFKit.PDFDocument, c: ReportContent) {
  const width = A4.width - 2 * MARGIN;
  doc.fillColor(INK).fontSize(18).text(`${c.title}`, { align: 'center' });
  doc.moveDown(0.3).fontSize(11).fillColor(MUTED).text(`${c.period.label} · ${c.scopeName}`, { align: 'center' });
  doc.fontSize(9).text(`统计区间 ${c.period.from} 至 ${c.period.to}（不含）；对比上期 ${c.previous.label}；练习办件不计入`, { align: 'center' });
  doc.moveDown(0.8).fillColor(INK).fontSize(12).text('一、主要指标', MARGIN);
  doc.moveDown(0.3);
  const t = c.totals;
  doc.fontSize(10).fillColor('#333333').text(
    `本期受理 ${t.filed} 件，办结 ${t.closed} 件，其中按时 ${t.onTime} 件、超期 ${t.late} 件（按时办结率 ${rate(t.onTime, t.closed)}）；` +
    `预警 ${t.cards.warning} 次、黄牌 ${t.cards.yellow} 张、红牌 ${t.cards.red} 张；投诉建议 ${t.complaints} 件，按时答复 ${t.complaintsInTime}/${t.complaintsAnswered}；` +
    `评价 ${t.ratings} 条，差评 ${t.badReviews} 条（差评率 ${rate(t.badReviews, t.ratings)}）。`, MARGIN, doc.y, { width },
  );
  doc.moveDown(0.6);
  table(doc, ['指标', '本期', '上期', '变化'], rows(c.totals, c.previousTotals), [160, 100, 100, 100]);

  // charts: the period's figures against the previous period's, and the cards and ratings by unit
  doc.moveDown(0.6);
  if (doc.y > A4.height - 260) doc.addPage();
  doc.fontSize(12).fillColor(INK).text('二、图表', MARGIN);
  const labels = ['受理', '办结', '超期', '投诉', '差评'];
  const pick = (f: Figures) => [f.filed, f.closed, f.late, f.complaints, f.badReviews];
  const svg = chartSvg({
    title: { text: '本期与上期对比', left: 'center', textStyle: { fontSize: 13 } }, legend: { bottom: 0, data: ['本期', '上期'] },
    grid: { left: 40, right: 20, top: 36, bottom: 40 }, xAxis: { type: 'category', data: labels }, yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: '本期', type: 'bar', data: pick(c.totals), itemStyle: { color: '#c0392b' } }, { name: '上期', type: 'bar', data: pick(c.previousTotals), itemStyle: { color: '#95a5a6' } }],
  }, 500, 220);
  const y = doc.y + 6;
  SVGtoPDF(doc, svg, MARGIN, y, { width: 500, height: 220, fontCallback: () => 'cjk' });
  doc.y = y + 228;
  if (c.units.length > 0) {
    const top = c.units.slice(0, 10);
    const byUnit = chartSvg({
      title: { text: '各单位办件与牌证', left: 'center', textStyle: { fontSize: 13 } }, legend: { bottom: 0, data: ['受理', '办结', '黄牌', '红牌'] },
      grid: { left: 40, right: 20, top: 36, bottom: 60 }, xAxis: { type: 'category', data: top.map((u) => u.unitName), axisLabel: { interval: 0, rotate: 20, fontSize: 9 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: '受理', type: 'bar', data: top.map((u) => u.filed) }, { name: '办结', type: 'bar', data: top.map((u) => u.closed) },
        { name: '黄牌', type: 'bar', data: top.map((u) => u.cards.yellow), itemStyle: { color: '#e6a23c' } }, { name: '红牌', type: 'bar', data: top.map((u) => u.cards.red), itemStyle: { color: '#c0392b' } },
      ],
    }, 500, 240);
    if (doc.y > A4.height - 260) doc.addPage();
    const y2 = doc.y;
    SVGtoPDF(doc, byUnit, MARGIN, y2, { width: 500, height: 240, fontCallback: () => 'cjk' });
    doc.y = y2 + 248;
  }

  if (doc.y > A4.height - 160) doc.addPage();
  else doc.moveDown(0.6);
  doc.fontSize(12).fillColor(INK).text('三、分单位情况', MARGIN);
  doc.moveDown(0.3);
  if (c.units.length === 0) doc.fontSize(10).fillColor(MUTED).text('本期各单位无办件、牌证、投诉或评价。');
  else {
    table(doc, ['单位', '受理', '办结', '超期', '预警', '黄牌', '红牌', '投诉', '评价', '差评'],
      c.units.map((u) => [u.unitName, u.filed, u.closed, u.late, u.cards.warning, u.cards.yellow, u.cards.red, u.complaints, u.ratings, u.badReviews]),
      [131, 38, 38, 38, 38, 38, 38, 38, 38, 38]);
  }
  const outcomes = Object.entries(c.totals.complaintOutcomes);
  doc.moveDown(0.6).fontSize(12).fillColor(INK).text('四、投诉办理结果', MARGIN);
  doc.moveDown(0.3).fontSize(10).fillColor('#333333')
    .text(outcomes.length ? outcomes.map(([k, n]) => `${outcomeZh(k)} ${n} 件`).join('；') : '本期投诉尚无办理结果。', MARGIN, doc.y, { width });

  if (c.ranking) {
    doc.moveDown(0.6).fontSize(12).fillColor(INK).text('五、绩效考核排名', MARGIN);
    doc.moveDown(0.3);
    if (!c.ranking.available) doc.fontSize(10).fillColor(MUTED).text(c.ranking.reason.zh, MARGIN, doc.y, { width });
    else if (c.ranking.rows.length === 0) doc.fontSize(10).fillColor(MUTED).text('本期无排名结果。');
    else {
      table(doc, ['名次', '单位', '层级', '总分', '权重版本'], c.ranking.rows.map((r) => [r.rank ?? '—', r.unitName, r.level, r.total === null ? '无数据' : r.total.toFixed(1), r.weightsVersion]), [50, 200, 80, 80, 89]);
    }
  }
}
