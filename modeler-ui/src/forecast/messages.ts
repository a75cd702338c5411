/** Breach forecast (超时预测), in Chinese and English. */
export default {
  zh: {
    nav: { forecast: '超时预测' },
    forecast: {
      tag: '预计超时 {p}', tagHint: '按该环节的历史办理用时、排队和办理人手头工作量推算，超出时限的概率为 {p}',
      title: '本周预计超时的办件', until: '统计至 {d}（本周末）', none: '本周没有预计超时的办件',
      hint: '按同一事项、环节、单位已办结环节的工作时长推算，并考虑排队长度和办理人手头工作量；历史不足时依次退回到事项+环节、环节、法定时限。',
      caseNumber: '办件编号', item: '事项', step: '在办环节', due: '到期时间', predicted: '预计完成', probability: '超时概率',
      expected: '预计办结', level: '依据', levels: { 'item-step-unit': '同事项同环节同单位', 'item-step': '同事项同环节', step: '同环节', limit: '法定时限' },
      portalExpected: '按历史推算的预计办结日期', portalHint: '根据同类办件的历史办理时间推算，仅供参考，以实际办理为准。',
    },
  },
  en: {
    nav: { forecast: 'Breach forecast' },
    forecast: {
      tag: 'Likely late {p}', tagHint: 'From the step’s recorded working times, the queue and the operator’s load: probability {p} of missing the due time',
      title: 'Cases predicted to breach this week', until: 'Due before {d} (end of this week)', none: 'No case is predicted to breach this week',
      hint: 'From the working times of completed steps of the same item, step and unit, adjusted for the queue and the operator’s load; with thin history it falls back to item and step, then step, then the legal limit.',
      caseNumber: 'Case', item: 'Item', step: 'Open step', due: 'Due', predicted: 'Predicted done', probability: 'Breach probability',
      expected: 'Expected completion', level: 'Based on', levels: { 'item-step-unit': 'same item, step and unit', 'item-step': 'same item and step', step: 'same step', limit: 'legal limit' },
      portalExpected: 'Expected completion date from history', portalHint: 'Estimated from the handling times of similar cases; for reference only.',
    },
  },
};
