/** 监督考核报表 (seed 001 §30): the list of periodic reports and their downloads, in Chinese and English. */
export default {
  zh: {
    nav: { reports: '监督报表' },
    report: {
      title: '监督考核报表', all: '全部', kind: { daily: '每日统计', weekly: '每周通报', monthly: '月度汇总', quarterly: '季度考核' },
      hint: '日统计、周通报、月总结、季考核：按工作日历在每个工作日凌晨自动生成，生成后不再改动；下载时核对文件的 SHA-256 与审计记录一致。',
      hintLeader: '您看到的是报表中本单位（{unit}）的部分：下载的 PDF 和 Excel 只含本单位的数字。',
      period: '期间', generatedAt: '生成时间', filed: '受理', closed: '办结', late: '超期', red: '红牌', complaints: '投诉', badReviews: '差评',
      download: '下载', pdf: 'PDF', xlsx: 'Excel', sha: 'SHA-256', none: '暂无报表', trend: '各期受理与办结',
      verified: '已下载 {file}，SHA-256 与审计记录一致', mismatch: '已下载的文件 SHA-256 为 {actual}，与服务器给出的 {expected} 不符，请勿使用',
      edition: '范围', editionAll: '全部单位', kindLabel: '类别',
    },
  },
  en: {
    nav: { reports: 'Reports' },
    report: {
      title: 'Supervision reports', all: 'All', kind: { daily: 'Daily statistics', weekly: 'Weekly bulletin', monthly: 'Monthly summary', quarterly: 'Quarterly assessment' },
      hint: 'Daily, weekly, monthly and quarterly reports are made early each working day on the working-day calendar and never changed; each download is checked against the SHA-256 in the audit trail.',
      hintLeader: 'You see your unit’s part of each report ({unit}): the PDF and Excel you download hold your unit’s figures only.',
      period: 'Period', generatedAt: 'Generated', filed: 'Filed', closed: 'Closed', late: 'Late', red: 'Red cards', complaints: 'Complaints', badReviews: 'Bad reviews',
      download: 'Download', pdf: 'PDF', xlsx: 'Excel', sha: 'SHA-256', none: 'No reports yet', trend: 'Filed and closed per period',
      verified: 'Downloaded {file}; its SHA-256 matches the audit trail', mismatch: 'The downloaded file’s SHA-256 is {actual}, not {expected} as the server said: do not use it',
      edition: 'Scope', editionAll: 'All units', kindLabel: 'Kind',
    },
  },
};
