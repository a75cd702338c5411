/** 好差评: the five grades, the applicant's card, the window evaluator and the ratings list, in Chinese and English. */
export default {
  zh: {
    evaluation: {
      nav: { evaluator: '窗口评价器', ratings: '好差评' },
      grades: '评价等级',
      grade: { 'very-satisfied': '非常满意', satisfied: '满意', 'basically-satisfied': '基本满意', dissatisfied: '不满意', 'very-dissatisfied': '非常不满意' },
      channel: { portal: '网上评价', window: '窗口评价器', mobile: '移动端', sms: '短信', hotline: '热线电话' },
      party: { operator: '窗口人员', department: '部门' },
      thanks: '感谢您的评价',
      card: {
        title: '评价（好差评）', hint: '本次服务已完成，请对服务进行评价。', comment: '评价意见',
        commentPlaceholder: '评价意见（选填，最多 500 字）', submit: '提交评价',
        badHint: '差评将转交办理单位核实整改，工作人员可能会与您联系回访。',
        online: '网上评价', atWindow: '在窗口评价器上评价', followUp: '该差评已转交办理单位核实整改。',
      },
      window: {
        title: '窗口评价器', hint: '选择今天刚办结的办件，或输入办件编号，再把平板交给申请人评价。',
        number: '办件编号', numberPlaceholder: '办件编号，如 SQ2026000001', start: '开始评价',
        today: '今日已办结的办件', noCases: '今天本窗口还没有办结的办件', closedAt: '办结于', rated: '已评价', ask: '请申请人评价',
        please: '请您对本次服务进行评价', cancel: '取消（工作人员）',
        thanks: '感谢您的评价！', thanksSub: '您的评价将帮助我们改进服务。', done: '返回',
      },
      list: {
        title: '好差评', hint: '按事项、单位、等级和渠道查看评价；不满意和非常不满意为差评，已转入整改。',
        ownUnit: '本单位（{unit}）作为被评价方的评价；差评已转入整改。',
        item: '事项编码', unit: '单位编码', grade: '评价等级', channel: '评价渠道', badOnly: '只看差评', any: '全部',
        total: '评价数', badCount: '差评', good: '非差评', badRate: '差评率', badTag: '差评',
        byItem: '按事项', byParty: '按被评价方', byChannel: '按渠道',
        ratings: '评价明细', case: '办件编号', comment: '评价意见', rater: '评价人', parties: '被评价方', recordedBy: '{who} 的评价器',
      },
    },
  },
  en: {
    evaluation: {
      nav: { evaluator: 'Window evaluator', ratings: 'Service ratings' },
      grades: 'Grade',
      grade: { 'very-satisfied': 'Very satisfied', satisfied: 'Satisfied', 'basically-satisfied': 'Basically satisfied', dissatisfied: 'Dissatisfied', 'very-dissatisfied': 'Very dissatisfied' },
      channel: { portal: 'Online', window: 'Window evaluator', mobile: 'Mobile', sms: 'SMS', hotline: 'Hotline' },
      party: { operator: 'Window operator', department: 'Department' },
      thanks: 'Thank you for your rating',
      card: {
        title: 'Rate the service', hint: 'This service is complete; please rate it.', comment: 'Comment',
        commentPlaceholder: 'Comment (optional, up to 500 characters)', submit: 'Submit rating',
        badHint: 'A bad review goes to the handling unit to be checked and put right; staff may contact you.',
        online: 'rated online', atWindow: 'rated on the window evaluator', followUp: 'This bad review was passed to the handling unit to be checked and put right.',
      },
      window: {
        title: 'Window evaluator', hint: 'Choose a case that ended today, or enter its number, then hand the tablet to the applicant.',
        number: 'Case number', numberPlaceholder: 'e.g. SQ2026000001', start: 'Start rating',
        today: 'Cases ended today', noCases: 'No case has ended at this window today', closedAt: 'ended', rated: 'Rated', ask: 'Ask the applicant to rate',
        please: 'Please rate our service', cancel: 'Cancel (staff)',
        thanks: 'Thank you for your rating!', thanksSub: 'Your rating helps us improve our service.', done: 'Back',
      },
      list: {
        title: 'Service ratings', hint: 'Ratings by item, unit, grade and channel; dissatisfied and very dissatisfied are bad reviews, sent to rectification.',
        ownUnit: 'Ratings in which your unit ({unit}) is rated; bad reviews are sent to rectification.',
        item: 'Item code', unit: 'Unit code', grade: 'Grade', channel: 'Channel', badOnly: 'Bad reviews only', any: 'All',
        total: 'Ratings', badCount: 'Bad', good: 'Not bad', badRate: 'Bad rate', badTag: 'Bad review',
        byItem: 'By item', byParty: 'By party', byChannel: 'By channel',
        ratings: 'Ratings', case: 'Case', comment: 'Comment', rater: 'Rater', parties: 'Rated parties', recordedBy: 'evaluator of {who}',
      },
    },
  },
};
