export default {
  zh: {
    consult: {
      nav: { mine: '我的咨询', answer: '咨询答复' },
      faq: { title: '常见问题', none: '暂无公开的常见问题', ask: '我要咨询', loginToAsk: '登录后咨询', hint: '对本事项有疑问？登录后可向办理部门在线咨询，1 个工作日内答复。' },
      mine: {
        title: '我的咨询', ask: '提出咨询', item: '咨询事项', itemHint: '选择要咨询的事项', question: '咨询问题', questionHint: '请写明您的问题（5–1000 字）',
        submit: '提交咨询', submitted: '咨询已提交，{n}', none: '您还没有提出过咨询', asked: '待答复', answered: '已答复', dueAt: '承诺答复时间',
        askedAt: '提问时间', answer: '答复', answeredAt: '答复时间', toGuide: '查看办事指南',
      },
      answer: {
        title: '咨询答复', open: '待答复', done: '已答复', none: '没有咨询', dueAt: '答复时限', askedAt: '提问时间', overdue: '已超时',
        take: '认领', taken: '已由 {who} 认领', mine: '我已认领', write: '答复', placeholder: '请写出答复（2–2000 字）', send: '提交答复',
        sent: '已答复 {n}', publish: '公开为常见问题', published: '已公开', publishedDone: '已在办事指南公开', answeredBy: '答复人', cancel: '取消',
        leaderHint: '部门领导可将已答复的咨询公开为常见问题；答复由本部门办事员办理。',
      },
    },
  },
  en: {
    consult: {
      nav: { mine: 'My questions', answer: 'Answer questions' },
      faq: { title: 'Frequently asked questions', none: 'No published questions yet', ask: 'Ask a question', loginToAsk: 'Sign in to ask', hint: 'A question about this item? Sign in and ask its department online; it answers within 1 working day.' },
      mine: {
        title: 'My questions', ask: 'Ask a question', item: 'Item', itemHint: 'Choose the item you ask about', question: 'Question', questionHint: 'Write your question (5–1000 characters)',
        submit: 'Send question', submitted: 'Question sent, {n}', none: 'You have not asked anything yet', asked: 'Awaiting answer', answered: 'Answered', dueAt: 'Answer due by',
        askedAt: 'Asked', answer: 'Answer', answeredAt: 'Answered', toGuide: 'Open the guide',
      },
      answer: {
        title: 'Answer questions', open: 'Open', done: 'Answered', none: 'No questions', dueAt: 'Due by', askedAt: 'Asked', overdue: 'Overdue',
        take: 'Take', taken: 'Taken by {who}', mine: 'Taken by me', write: 'Answer', placeholder: 'Write the answer (2–2000 characters)', send: 'Send answer',
        sent: 'Answered {n}', publish: 'Publish as FAQ', published: 'Published', publishedDone: 'Published on the guide', answeredBy: 'Answered by', cancel: 'Cancel',
        leaderHint: 'Leaders publish answered questions as FAQ; staff of the department answer them.',
      },
    },
  },
};
