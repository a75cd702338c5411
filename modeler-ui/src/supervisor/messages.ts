/** The supervisor's watch over a unit's open steps and cards, in Chinese and English. */
export default {
  zh: {
    nav: { supervision: '效能监督' },
    supervision: {
      title: '效能监督', unit: '单位', chooseUnit: '选择单位', open: '在办', warning: '预警', yellow: '黄牌', red: '红牌',
      late: '已预警及超时的环节', noLate: '该单位没有预警或超时的环节', all: '全部在办环节', noTasks: '该单位没有在办环节',
      caseNumber: '编号', step: '环节', post: '岗位', holder: '办理人', queued: '待领取', due: '到期时间', mark: '时限状态',
      hint: '按单位查看在办环节的时限状态和工作量；预警、黄牌、红牌由时限计时器自动发出。',
    },
  },
  en: {
    nav: { supervision: 'Supervision' },
    supervision: {
      title: 'Efficiency supervision', unit: 'Unit', chooseUnit: 'Choose a unit', open: 'Open', warning: 'Warnings', yellow: 'Yellow cards', red: 'Red cards',
      late: 'Steps warned or past due', noLate: 'No step of this unit is warned or past due', all: 'All open steps', noTasks: 'This unit has no open steps',
      caseNumber: 'Number', step: 'Step', post: 'Post', holder: 'Holder', queued: 'In the queue', due: 'Due', mark: 'Time limit',
      hint: 'The open steps of a unit with their time-limit marks and the workload; warnings, yellow and red cards are given by the step timers.',
    },
  },
};
