export default {
  zh: {
    nav: { calendar: '节假日安排' },
    calendar: {
      title: '节假日安排', year: '年份', load: '查看', source: '数据来源',
      sources: { notice: '已录入的国务院通知', package: '内置官方数据', statutory: '法定节假日（调休未知）' },
      off: '休', makeUp: '班', offLegend: '放假', makeUpLegend: '调休上班', noticeNow: '现行：{title}（{number}），第 {version} 版',
      weekdays: '一,二,三,四,五,六,日', month: '{m}月',
      form: '录入国务院放假通知', noticeTitle: '通知标题', noticeNumber: '文号', daysOff: '放假日（每行：日期 节日名称）', makeUpDays: '调休上班日（每行：日期 节日名称）',
      linesHint: '例如：{example}', badLine: '第 {n} 行“{line}”应为“YYYY-MM-DD 名称”',
      preview: '预览受影响的时限', confirm: '确认保存并调整时限', save: '保存',
      moves: '将调整的在办环节时限', noMoves: '没有在办环节的时限会改变，可直接保存。', caseNumber: '办件', step: '环节', oldDue: '原到期', newDue: '新到期',
      saved: '已保存 {year} 年放假安排第 {version} 版，调整了 {n} 个在办时限', versions: '版本记录', recordedBy: '录入人',
    },
  },
  en: {
    nav: { calendar: 'Holiday calendar' },
    calendar: {
      title: 'Holiday calendar', year: 'Year', load: 'Show', source: 'Source',
      sources: { notice: 'State Council notice as recorded', package: 'Built-in official data', statutory: 'Statutory holidays (make-up days unknown)' },
      off: 'Off', makeUp: 'Work', offLegend: 'Day off', makeUpLegend: 'Make-up working day', noticeNow: 'In force: {title} ({number}), version {version}',
      weekdays: 'Mo,Tu,We,Th,Fr,Sa,Su', month: 'Month {m}',
      form: 'Record the State Council holiday notice', noticeTitle: 'Notice title', noticeNumber: 'Document number', daysOff: 'Days off (one a line: date name)', makeUpDays: 'Make-up working days (one a line: date name)',
      linesHint: 'e.g. {example}', badLine: 'line {n} "{line}" should read "YYYY-MM-DD name"',
      preview: 'Preview the deadlines it moves', confirm: 'Confirm, save and move the deadlines', save: 'Save',
      moves: 'Open step deadlines that will move', noMoves: 'No open step deadline changes; you may save.', caseNumber: 'Case', step: 'Step', oldDue: 'Due now', newDue: 'New due',
      saved: 'Saved version {version} of {year}; {n} open deadline(s) moved', versions: 'Versions', recordedBy: 'Recorded by',
    },
  },
};
