export default {
  zh: {
    package: {
      nav: { window: '套餐受理', unit: '套餐办件', mine: '我的套餐办件', definitions: '套餐服务定义' },
      todo: '套餐办件（并联审批）',
      status: { filed: '已申请', approving: '并联审批中', answered: '已统一答复' },
      outcome: { approved: '全部通过', 'not-approved': '未全部通过' },
      branchState: { waiting: '待开始', open: '审批中', done: '已答复' },
      decision: { approved: '批准', 'not-approved': '不予批准', 'deemed-approved': '超时默许通过' },
      limit: '{value} 个工作日', limitHours: '{value} 个工作小时',
      window: {
        title: '套餐一窗受理', choose: '选择套餐', items: '包含事项', lead: '牵头部门', limit: '办结时限', materials: '合并后的申请材料（一表申请）',
        required: '必交', optional: '选交', forItems: '用于：{items}', applicant: '申请人姓名', idNumber: '身份证号码', username: '申请人账号（选填，用于网上查看进度和接收答复）',
        accept: '受理并转各部门并联审批', accepted: '已受理，套餐办件编号 {n}', open: '查看办件',
      },
      case: {
        title: '套餐办件 {n}', applicant: '申请人', filedAt: '受理时间', acceptedBy: '受理人', lead: '牵头部门', branches: '各部门并联审批',
        progress: '{done}/{total} 个部门已答复', dueAt: '时限', assignee: '办理人', answer: '统一答复', waitingAnswer: '各部门全部答复后统一反馈',
        yourBranch: '本部门审批：{item}', claim: '认领', approve: '批准', refuse: '不予批准', reasons: '不予批准的理由（每行一条）', done: '已提交',
        leadNote: '本单位为牵头部门，可查看全部审批分支', deemed: '超时默许',
      },
      unit: { title: '套餐办件', none: '暂无套餐办件', lead: '牵头', open: '查看' },
      mine: { title: '我的套餐办件', none: '您还没有套餐办件' },
      defs: {
        title: '套餐服务定义', packages: '已定义的套餐', requests: '待审核的变更申请', none: '没有待审核的申请', propose: '提出新套餐',
        code: '套餐编码', name: '套餐名称', items: '包含事项（编码，逗号分隔）', lead: '牵头部门编码', limitDays: '办结时限（工作日）', reason: '申请理由',
        submit: '提交申请（由另一名政务服务管理办公室人员审核）', proposedBy: '提出人', approve: '批准', reject: '驳回', comment: '审核意见', proposed: '已提交申请 {id}',
        approved: '已批准，套餐生效', rejected: '已驳回', kind: { open: '开通', change: '变更', suspend: '暂停', resume: '恢复' },
      },
    },
    step: { 'approve-1': '第1项审批', 'approve-2': '第2项审批', 'approve-3': '第3项审批', 'approve-4': '第4项审批' },
  },
  en: {
    package: {
      nav: { window: 'Package intake', unit: 'Package cases', mine: 'My package cases', definitions: 'Package definitions' },
      todo: 'Package case (parallel approval)',
      status: { filed: 'Filed', approving: 'In parallel approval', answered: 'Answered' },
      outcome: { approved: 'All approved', 'not-approved': 'Not all approved' },
      branchState: { waiting: 'Waiting', open: 'In approval', done: 'Answered' },
      decision: { approved: 'Approved', 'not-approved': 'Not approved', 'deemed-approved': 'Deemed approved on timeout' },
      limit: '{value} working days', limitHours: '{value} working hours',
      window: {
        title: 'Package intake at the window', choose: 'Package', items: 'Items', lead: 'Lead department', limit: 'Limit', materials: 'Merged materials (one form)',
        required: 'Required', optional: 'Optional', forItems: 'For: {items}', applicant: 'Applicant name', idNumber: 'ID number', username: 'Applicant account (optional, to follow progress and receive the answer online)',
        accept: 'Accept and send to the departments', accepted: 'Accepted, package case {n}', open: 'Open case',
      },
      case: {
        title: 'Package case {n}', applicant: 'Applicant', filedAt: 'Accepted at', acceptedBy: 'Accepted by', lead: 'Lead department', branches: 'Parallel approval by department',
        progress: '{done}/{total} departments answered', dueAt: 'Due', assignee: 'Handler', answer: 'Joint answer', waitingAnswer: 'One joint answer once every department has answered',
        yourBranch: 'Your department approves: {item}', claim: 'Claim', approve: 'Approve', refuse: 'Refuse', reasons: 'Reasons for refusal (one per line)', done: 'Submitted',
        leadNote: 'Your unit leads this package and sees every branch', deemed: 'Deemed approval',
      },
      unit: { title: 'Package cases', none: 'No package cases', lead: 'Lead', open: 'Open' },
      mine: { title: 'My package cases', none: 'You have no package cases' },
      defs: {
        title: 'Package definitions', packages: 'Packages', requests: 'Change requests to decide', none: 'No requests to decide', propose: 'Propose a package',
        code: 'Code', name: 'Name', items: 'Items (codes, comma separated)', lead: 'Lead department code', limitDays: 'Limit (working days)', reason: 'Reason',
        submit: 'Submit (another person of the service office decides)', proposedBy: 'Proposed by', approve: 'Approve', reject: 'Reject', comment: 'Comment', proposed: 'Request {id} submitted',
        approved: 'Approved; the package is in force', rejected: 'Rejected', kind: { open: 'Open', change: 'Change', suspend: 'Suspend', resume: 'Resume' },
      },
    },
    step: { 'approve-1': 'Approve item 1', 'approve-2': 'Approve item 2', 'approve-3': 'Approve item 3', 'approve-4': 'Approve item 4' },
  },
};
