export default {
  zh: {
    rectification: {
      nav: { unit: '差评整改', office: '差评复核与回访' },
      state: { open: '待联系核实', recheck: '无效差评待复核', invalid: '无效差评', rectifying: '整改中', rectified: '已整改待回访', 'followed-up': '已回访办结' },
      verdict: { invalid: '无效差评（不予采纳）', simple: '情况清楚，立行立改', complex: '情况复杂，5个工作日内办结' },
      invalidKind: { untrue: '不实评价', mistaken: '误评', malicious: '恶意差评' },
      grade: '评价', comment: '评价意见', item: '事项', subject: '评价对象', realName: '实名', anonymous: '非实名', openedAt: '差评时间',
      stepDue: '本环节时限', dueAt: '整改时限', overdue: '已超时', onTime: '按时整改', late: '超时整改',
      todo: { link: '本单位有 {n} 件差评待整改' },
      unit: {
        title: '差评整改', hint: '收到差评后立即联系评价人、调查核实并分类处置：不实、误评或恶意差评报好差评管理部门复核；情况清楚的立行立改，情况复杂的 5 个工作日内办结。',
        open: '待办', done: '已处理', none: '没有差评整改', leader: '',
        contact: '联系评价人情况', contactHint: '何时、以何种方式联系了评价人', finding: '核实情况', findingHint: '调查核实的经过和结论',
        verdict: '处置结论', invalidKind: '无效差评类型', verify: '提交核实结论', verified: '已提交核实结论 {n}',
        measures: '整改措施', measuresHint: '已采取的整改措施和结果', rectify: '整改办结', rectified: '已整改 {n}',
        extend: '申请延期', extendDays: '延长工作日数', extendReason: '延期理由（将告知评价人）', extendHint: '只能延期一次，最多 5 个工作日，从原整改时限起算', extended: '已延期 {n}',
        extension: '已延期 {days} 个工作日：{reason}', waitOffice: '已报好差评管理部门复核',
      },
      office: {
        title: '差评复核与回访', hint: '好差评管理部门（政务服务管理办公室）复核无效差评申请：复核通过标记为“无效差评”，未通过转入整改；整改办结后安排回访，实名差评全部回访。',
        recheck: '无效差评复核', followUp: '回访', none: '没有待办事项', unit: '办理单位',
        opinion: '复核意见', passed: '复核通过（标记为无效差评）', failed: '复核未通过（转入整改）', decide: '提交复核', decided: '已复核 {n}',
        reached: '已联系到评价人', notReached: '未能联系到评价人', satisfied: '评价人对整改满意', dissatisfied: '评价人对整改不满意', note: '回访记录', record: '记录回访', recorded: '已记录回访 {n}',
        realNameRule: '实名差评须回访到评价人本人',
      },
      progress: {
        title: '差评整改进度', opened: '差评已转办理单位', contacted: '办理单位已联系核实', recheck: '好差评管理部门复核', invalid: '经复核为无效差评',
        rectifying: '整改中', rectified: '已整改', followedUp: '已回访', dueAt: '整改时限', extension: '延期 {days} 个工作日，理由：{reason}', measures: '整改措施', opinion: '复核意见',
      },
    },
  },
  en: {
    rectification: {
      nav: { unit: 'Bad-review rectification', office: 'Review checks and visits' },
      state: { open: 'To contact and verify', recheck: 'Invalid: awaiting second check', invalid: 'Invalid review', rectifying: 'Rectifying', rectified: 'Rectified, visit due', 'followed-up': 'Visited, closed' },
      verdict: { invalid: 'Invalid review (not accepted)', simple: 'Clear: rectify at once', complex: 'Complex: within 5 working days' },
      invalidKind: { untrue: 'Untrue', mistaken: 'Mistaken', malicious: 'Malicious' },
      grade: 'Rating', comment: 'Comment', item: 'Item', subject: 'Rated case', realName: 'Real name', anonymous: 'Not real-name', openedAt: 'Reviewed',
      stepDue: 'Step due', dueAt: 'Rectification due', overdue: 'Overdue', onTime: 'Rectified on time', late: 'Rectified late',
      todo: { link: 'Your unit has {n} bad review(s) to rectify' },
      unit: {
        title: 'Bad-review rectification', hint: 'Contact the reviewer at once, verify and decide: untrue, mistaken or malicious reviews go to the 好差评 office for a second check; clear matters are rectified at once, complex ones within 5 working days.',
        open: 'To do', done: 'Handled', none: 'No bad reviews', leader: '',
        contact: 'Contact with the reviewer', contactHint: 'When and how the reviewer was contacted', finding: 'Findings', findingHint: 'What the verification found',
        verdict: 'Verdict', invalidKind: 'Kind of invalid review', verify: 'Submit verdict', verified: 'Verdict submitted, {n}',
        measures: 'Measures', measuresHint: 'What was done and its result', rectify: 'Rectified', rectified: 'Rectified, {n}',
        extend: 'Ask for an extension', extendDays: 'Working days more', extendReason: 'Reason (told to the reviewer)', extendHint: 'Once only, at most 5 working days, counted from the first due date', extended: 'Extended, {n}',
        extension: 'Extended by {days} working day(s): {reason}', waitOffice: 'Sent to the 好差评 office for a second check',
      },
      office: {
        title: 'Review checks and visits', hint: 'The 好差评 office (service office) checks invalid-review requests: passed marks the review invalid, failed sends it into rectification; rectified reviews are visited, every real-name one.',
        recheck: 'Invalid-review requests', followUp: 'Follow-up visits', none: 'Nothing to do', unit: 'Handling unit',
        opinion: 'Opinion', passed: 'Passed (mark as invalid)', failed: 'Failed (into rectification)', decide: 'Submit check', decided: 'Checked, {n}',
        reached: 'Reviewer reached', notReached: 'Reviewer not reached', satisfied: 'Satisfied with the rectification', dissatisfied: 'Not satisfied', note: 'Visit record', record: 'Record visit', recorded: 'Visit recorded, {n}',
        realNameRule: 'A real-name reviewer must be reached',
      },
      progress: {
        title: 'Rectification of your review', opened: 'Sent to the handling unit', contacted: 'The unit contacted you and verified', recheck: 'Second check by the 好差评 office', invalid: 'Found invalid after the second check',
        rectifying: 'Being rectified', rectified: 'Rectified', followedUp: 'Visited', dueAt: 'Due by', extension: 'Extended by {days} working day(s): {reason}', measures: 'Measures', opinion: 'Opinion',
      },
    },
  },
};
