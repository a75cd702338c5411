export default {
  zh: {
    nav: { todo: '待办' },
    todo: {
      goThere: '去办理', title: '待办事项', mine: '我的待办', queue: '岗位队列', caseNumber: '编号', requisition: '证件申领', item: '事项', step: '环节', deadline: '办理期限（北京时间）',
      timeLeft: '剩余工作时间', card: '警示', actions: '操作', claim: '认领', unclaim: '退回队列', open: '办理', view: '查看',
      practice: '练习', allSteps: '全部环节', allItems: '全部事项', allCards: '全部警示', sortDue: '按期限排序',
      left: '剩余 {time}', overdueBy: '已超时 {time}', dueNow: '已到期', noLimit: '无时限',
      days: '{n} 个工作日', hours: '{n} 小时', minutes: '{n} 分钟',
      claimed: '已认领，可在“我的待办”中办理', unclaimed: '已退回岗位队列', conflict: '认领未成功：{why}。列表已刷新。',
      empty: '暂无待办', emptyQueue: '岗位队列中暂无任务', updated: '更新于 {time}', count: '共 {n} 件',
    },
  },
  en: {
    nav: { todo: 'To-do' },
    todo: {
      goThere: 'Open', title: 'To-do', mine: 'My tasks', queue: 'Post queue', caseNumber: 'Case number', requisition: 'Certificate requisition', item: 'Item', step: 'Step', deadline: 'Deadline (Beijing time)',
      timeLeft: 'Working time left', card: 'Card', actions: 'Actions', claim: 'Claim', unclaim: 'Put back', open: 'Work on it', view: 'View',
      practice: 'Practice', allSteps: 'All steps', allItems: 'All items', allCards: 'All cards', sortDue: 'Sort by deadline',
      left: '{time} left', overdueBy: 'overdue by {time}', dueNow: 'due now', noLimit: 'no limit',
      days: '{n} working day(s)', hours: '{n} h', minutes: '{n} min',
      claimed: 'Claimed: find it under “My tasks”', unclaimed: 'Put back in the post queue', conflict: 'Not claimed: {why}. The list has been refreshed.',
      empty: 'Nothing to do', emptyQueue: 'The post queue is empty', updated: 'Updated {time}', count: '{n} in all',
    },
  },
};
