export default {
  zh: {
    complaint: {
      nav: { mine: '投诉建议', unit: '投诉建议办理' },
      kind: { consult: '我要咨询', complain: '我要投诉', suggest: '我要建议' },
      kindShort: { consult: '咨询', complain: '投诉', suggest: '建议' },
      state: { filed: '待受理', accepted: '办理中', returned: '已退回', 'not-accepted': '不予受理', merged: '已合并', answered: '已答复，待回访', closed: '已办结' },
      outcome: { handled: '已办理', 'invalid-unverifiable': '无效（无法调查核实）', 'invalid-untrue': '无效（经调查不属实）' },
      channel: { portal: '网上', window: '窗口', forwarded: '上级平台转办' },
      reason: {
        'not-online-service': '（一）不涉及网上政务服务', 'unlawful-content': '（二）危害国家安全、扰乱社会秩序等', 'no-substance': '（三）没有明确被投诉人或投诉请求',
        'already-in-hand': '（四）已经受理或正在处理', 'repeat-without-evidence': '（五）已办结且无新证明材料', abusive: '（六）无理纠缠、侮辱谩骂',
        'other-procedure': '（七）涉及仲裁、信访、复议、诉讼等', 'otherwise-unlawful': '（八）其他违反法律法规',
      },
      mine: {
        title: '投诉建议', new: '提交投诉建议', unit: '涉及单位', unitHint: '选择被投诉或建议的单位', subject: '标题', subjectHint: '一句话概括（2–60 字）',
        content: '具体内容', contentHint: '请写明时间、地点、经过和诉求（5–2000 字）', submit: '提交', submitted: '已提交，编号 {n}',
        privacy: '您的身份信息仅经办人和监督部门可见，被投诉单位看不到。', limit: '办理时限 {days} 个工作日', none: '您还没有投诉建议',
        filedAt: '提交时间', dueAt: '承诺办结', answer: '答复', evidence: '调查核实依据', satisfied: '满意', dissatisfied: '不满意', followUpAsk: '对办理结果满意吗？',
        followUpNote: '意见（选填）', thanks: '感谢您的评价', reopened: '您不满意，已重新办理', mergedInto: '同一事项已合并到 {n} 办理', extended: '已延期 {days} 个工作日，延至 {at}',
        notAccepted: '不予受理：{reason}', returned: '已退回区级平台：{reason}', visits: '回访记录',
      },
      unit: {
        title: '投诉建议办理', open: '办理中', done: '已结束', none: '没有投诉建议', dueAt: '到期', who: '投诉人', overdue: '已超时', deemed: '超时未退回，视为受理',
        accept: '受理', return: '退回', notAccept: '不予受理', merge: '合并', take: '认领', complainant: '查看投诉人', complainantHidden: '投诉人信息仅经办人和监督部门可见',
        answer: '答复', extend: '申请延期', approve: '批准延期', refuse: '不批准', followUp: '记录回访', reason: '理由', reasonCode: '不予受理情形', writtenAnswer: '书面答复',
        into: '合并到（编号）', outcome: '办理结果', evidence: '调查核实依据', days: '延期工作日', daysHint: '不超过 {max} 个工作日', satisfied: '投诉人满意', note: '回访记录',
        submit: '提交', cancel: '取消', done_: '已提交', handler: '经办人', extension: '延期 {days} 个工作日（{state}）：{reason}', extState: { requested: '待领导审批', approved: '已批准', refused: '未批准' },
        leaderHint: '部门领导审批延期申请；投诉建议由本单位办事员办理。', complainants: '{n} 位投诉人', limit: '时限 {days} 个工作日',
      },
    },
  },
  en: {
    complaint: {
      nav: { mine: 'Complaints', unit: 'Complaint handling' },
      kind: { consult: 'Ask', complain: 'Complain', suggest: 'Suggest' },
      kindShort: { consult: 'Question', complain: 'Complaint', suggest: 'Suggestion' },
      state: { filed: 'Awaiting intake', accepted: 'In hand', returned: 'Returned', 'not-accepted': 'Not accepted', merged: 'Merged', answered: 'Answered, to follow up', closed: 'Closed' },
      outcome: { handled: 'Handled', 'invalid-unverifiable': 'Invalid (could not be verified)', 'invalid-untrue': 'Invalid (untrue)' },
      channel: { portal: 'Online', window: 'Window', forwarded: 'Forwarded' },
      reason: {
        'not-online-service': '(1) Not about online services', 'unlawful-content': '(2) Endangers security or public order', 'no-substance': '(3) No party or request named',
        'already-in-hand': '(4) Already accepted or in hand', 'repeat-without-evidence': '(5) Closed, repeated without new evidence', abusive: '(6) Harassing or abusive',
        'other-procedure': '(7) Arbitration, petition, review or litigation', 'otherwise-unlawful': '(8) Otherwise against the law',
      },
      mine: {
        title: 'Complaints and suggestions', new: 'File a complaint or suggestion', unit: 'Unit concerned', unitHint: 'Choose the unit', subject: 'Title', subjectHint: 'One line (2–60 characters)',
        content: 'Details', contentHint: 'When, where, what happened and what you ask (5–2000 characters)', submit: 'Submit', submitted: 'Submitted as {n}',
        privacy: 'Only the handler and supervision see who you are; the unit complained about does not.', limit: 'Limit {days} working days', none: 'No complaints yet',
        filedAt: 'Filed', dueAt: 'Due', answer: 'Answer', evidence: 'Evidence', satisfied: 'Satisfied', dissatisfied: 'Dissatisfied', followUpAsk: 'Are you satisfied with the result?',
        followUpNote: 'Comment (optional)', thanks: 'Thank you', reopened: 'You were dissatisfied: it is handled again', mergedInto: 'Merged into {n}, the same matter', extended: 'Extended by {days} working days to {at}',
        notAccepted: 'Not accepted: {reason}', returned: 'Returned to the district platform: {reason}', visits: 'Follow-ups',
      },
      unit: {
        title: 'Complaint handling', open: 'Open', done: 'Finished', none: 'No complaints', dueAt: 'Due', who: 'Complainant', overdue: 'Overdue', deemed: 'Not returned in time: deemed accepted',
        accept: 'Accept', return: 'Return', notAccept: 'Not accept', merge: 'Merge', take: 'Take', complainant: 'Complainant', complainantHidden: 'Only the handler and supervision see the complainant',
        answer: 'Answer', extend: 'Ask for extension', approve: 'Approve extension', refuse: 'Refuse', followUp: 'Record follow-up', reason: 'Reason', reasonCode: 'Reason (§31)', writtenAnswer: 'Written answer',
        into: 'Merge into (number)', outcome: 'Outcome', evidence: 'Evidence', days: 'Working days', daysHint: 'At most {max} working days', satisfied: 'Complainant satisfied', note: 'Follow-up note',
        submit: 'Submit', cancel: 'Cancel', done_: 'Done', handler: 'Handler', extension: 'Extension {days} working days ({state}): {reason}', extState: { requested: 'awaiting the leader', approved: 'approved', refused: 'refused' },
        leaderHint: 'The leader decides on extensions; the unit’s staff handle complaints.', complainants: '{n} complainant(s)', limit: 'Limit {days} working days',
      },
    },
  },
};
