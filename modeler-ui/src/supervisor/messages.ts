/** The supervisor's watch over a unit's open steps and cards, in Chinese and English. */
export default {
  zh: {
    nav: { supervision: '效能监督', board: '实时监控' },
    board: {
      title: '实时监控', live: '实时推送中', offline: '连接中断，正在重连', unitView: '按单位查看（原页面）',
      hint: '各级在办案件和环节、预警与黄红牌实时推送，超时和即将到期的环节按工作时间显示剩余时限；练习件不计入。',
      leaderHint: '本单位（{unit}）的在办环节、预警与黄红牌实时推送；练习件不计入。',
      level: '层级', unit: '单位', item: '事项', post: '岗位', mark: '时限状态', holder: '办理人', queued: '待领取', queueOf: '{post}岗位队列',
      levels: { city: '市级', district: '区级', township: '乡镇（街道）', community: '村（社区）' },
      openSteps: '在办环节', openCases: '在办案件', overdue: '已超时', cards: '预警与黄红牌（实时）', noCards: '暂无预警或黄红牌', new: '新',
      watch: '超时及即将到期（{n} 分钟工作时间内）', noWatch: '没有超时或即将到期的环节', byUnit: '按单位', byOperator: '按办理人', noSteps: '没有在办环节',
      notify: '督办', notifyTitle: '发出督办单', recipient: '收件人', toUnit: '单位：{who}', toOperator: '办理人：{who}', noticeText: '督办内容', replyBy: '答复期限',
      send: '发出', cancel: '取消', defaultText: '案件 {n} 的环节已超时或即将到期，请尽快办理并书面说明原因。',
      notices: '已发督办单', noNotices: '尚未发出督办单', late: '逾期未答复', readAt: '{who} 于 {at} 已阅', answered: '{who} 于 {at} 答复：',
      state: { unread: '未读', read: '已读', answered: '已答复' },
    },
    inbox: {
      title: '督办单（{n}）', from: '效能监督', replyBy: '请于 {at} 前答复', open: '查看', answer: '书面答复', send: '答复',
      read: '已于 {at} 阅读', answered: '已于 {at} 答复', toUnit: '发给本单位', late: '已过答复期限', sentAt: '{at} 发出',
    },
    supervision: {
      title: '效能监督', unit: '单位', chooseUnit: '选择单位', open: '在办', warning: '预警', yellow: '黄牌', red: '红牌',
      late: '已预警及超时的环节', noLate: '该单位没有预警或超时的环节', all: '全部在办环节', noTasks: '该单位没有在办环节',
      caseNumber: '编号', step: '环节', post: '岗位', holder: '办理人', queued: '待领取', due: '到期时间', mark: '时限状态',
      hint: '按单位查看在办环节的时限状态和工作量；预警、黄牌、红牌由时限计时器自动发出。',
    },
  },
  en: {
    nav: { supervision: 'Supervision', board: 'Live board' },
    board: {
      title: 'Live board', live: 'Live', offline: 'Disconnected, reconnecting', unitView: 'By unit (former page)',
      hint: 'Open cases and steps at every level; warnings, yellow and red cards arrive as they fall; overdue and nearly due steps with working time left. Practice cases never count.',
      leaderHint: 'Your unit ({unit}): open steps, warnings, yellow and red cards as they fall. Practice cases never count.',
      level: 'Level', unit: 'Unit', item: 'Item', post: 'Post', mark: 'Time limit', holder: 'Holder', queued: 'In the queue', queueOf: 'queue of {post}',
      levels: { city: 'City', district: 'District', township: 'Township', community: 'Community' },
      openSteps: 'Open steps', openCases: 'Open cases', overdue: 'Overdue', cards: 'Warnings and cards (live)', noCards: 'No warnings or cards', new: 'New',
      watch: 'Overdue and due within {n} working minutes', noWatch: 'No step is overdue or nearly due', byUnit: 'By unit', byOperator: 'By holder', noSteps: 'No open steps',
      notify: 'Notice', notifyTitle: 'Send a correction notice', recipient: 'To', toUnit: 'Unit: {who}', toOperator: 'Operator: {who}', noticeText: 'What to correct', replyBy: 'Answer by',
      send: 'Send', cancel: 'Cancel', defaultText: 'A step of case {n} is overdue or nearly due: finish it soon and explain in writing why it is late.',
      notices: 'Correction notices sent', noNotices: 'No correction notice sent yet', late: 'Not answered in time', readAt: 'read by {who} at {at}', answered: '{who} answered at {at}: ',
      state: { unread: 'Unread', read: 'Read', answered: 'Answered' },
    },
    inbox: {
      title: 'Correction notices ({n})', from: 'From supervision', replyBy: 'answer by {at}', open: 'Open', answer: 'Your written answer', send: 'Answer',
      read: 'Read at {at}', answered: 'Answered at {at}', toUnit: 'to your unit', late: 'past the time to answer', sentAt: 'sent {at}',
    },
    supervision: {
      title: 'Efficiency supervision', unit: 'Unit', chooseUnit: 'Choose a unit', open: 'Open', warning: 'Warnings', yellow: 'Yellow cards', red: 'Red cards',
      late: 'Steps warned or past due', noLate: 'No step of this unit is warned or past due', all: 'All open steps', noTasks: 'This unit has no open steps',
      caseNumber: 'Number', step: 'Step', post: 'Post', holder: 'Holder', queued: 'In the queue', due: 'Due', mark: 'Time limit',
      hint: 'The open steps of a unit with their time-limit marks and the workload; warnings, yellow and red cards are given by the step timers.',
    },
  },
};
