export default {
  zh: {
    case: {
      title: '办件', requisitionTitle: '证件申领', back: '返回待办', item: '事项', status: '办理状态', filedAt: '提交时间', channel: '申请渠道', community: '受理社区',
      channels: { window: '窗口受理', online: '网上申请' }, applicant: '申请人', applicantType: '申请人类型', idNumber: '证件号码', phone: '联系电话', cert: { title: '电子证照', verify: '打开核验页', revoke: '撤销证照', cancel: '取消', reasonHint: '请写明撤销理由（2–200 字，将在公开核验页显示，勿含个人信息）', reasonPlaceholder: '例如：证照信息有误，已重新制发', revoked: '电子证照已撤销', revokedLine: '已于 {at} 撤销，理由：{reason}', verdict: { genuine: '真实有效', revoked: '已撤销', 'not-genuine': '非真实', 'not-found': '未找到' } }, proxy: '代办', proxyLine: '代办员 {agent}，授权委托书 {from} 至 {to}', letterUploaded: '委托书已上传', letterMissing: '委托书未上传',
      applicantTypes: { individual: '个人', enterprise: '企业', organisation: '组织' },
      documentNumber: '证书编号', printSerial: '印字号', legalDue: '法定办结期限', none: '—', practice: '练习件',
      materials: '申请材料', material: '材料', provided: '已提交', missing: '未提交', files: '电子文件', noFiles: '无电子文件',
      history: '办理过程', noHistory: '尚无已办结的环节', by: '办理人', opinion: '意见', reasons: '理由/清单', filed: '提交申请',
      supplementNotice: '补正告知', deemed: '超时默许通过',
      currentStep: '当前环节', deadline: '办理期限', timeLeft: '剩余工作时间', card: '警示', heldBy: '由 {who} 办理中',
      inQueue: '此任务在岗位队列中，认领后即可办理。', claim: '认领并办理', notMine: '此任务已由 {who} 认领。', noTask: '本人岗位在此件上没有待办任务。',
      form: '办理', submit: '提交', submitting: '提交中…', done: '{step}环节已完成', formProblem: '提交未被接受',
      formMissing: '本环节没有可用的表单：{why}', unclaim: '退回队列',
      details: { documentNumberConfirmed: '确认的证书编号', proxyName: '代领人', courierTrackingNumber: '快递单号', allocation: '调拨印字号' },
      decision: {
        accepted: '受理', 'not-accepted': '不予受理（一次性告知补正）', refused: '不予受理（拒绝）', approved: '通过', 'not-approved': '不通过',
        match: '一致', mismatch: '不一致', 'in-person': '本人领取', proxy: '他人代领', courier: '快递寄送', ready: '可以发放',
      },
    },
  },
  en: {
    case: {
      title: 'Application', requisitionTitle: 'Certificate requisition', back: 'Back to my tasks', item: 'Item', status: 'Status', filedAt: 'Filed', channel: 'Channel', community: 'Community',
      channels: { window: 'At the window', online: 'Online' }, applicant: 'Applicant', applicantType: 'Applicant type', idNumber: 'ID number', phone: 'Phone', cert: { title: 'Electronic certificate', verify: 'Open the verification page', revoke: 'Revoke the certificate', cancel: 'Cancel', reasonHint: 'Give the reason (2–200 characters; shown on the public verification page, no personal data)', reasonPlaceholder: 'e.g. the data was wrong; a new certificate was issued', revoked: 'The electronic certificate is revoked', revokedLine: 'Revoked on {at}: {reason}', verdict: { genuine: 'Genuine', revoked: 'Revoked', 'not-genuine': 'Not genuine', 'not-found': 'Not found' } }, proxy: 'Proxy', proxyLine: 'Proxy agent {agent}, authorised {from} to {to}', letterUploaded: 'letter uploaded', letterMissing: 'letter not uploaded',
      applicantTypes: { individual: 'Individual', enterprise: 'Enterprise', organisation: 'Organisation' },
      documentNumber: 'Certificate number', printSerial: 'Print serial', legalDue: 'Legal deadline', none: '—', practice: 'Practice case',
      materials: 'Materials', material: 'Material', provided: 'Provided', missing: 'Missing', files: 'Files', noFiles: 'No files',
      history: 'Steps so far', noHistory: 'No step completed yet', by: 'By', opinion: 'Opinion', reasons: 'Reasons / list', filed: 'Filed',
      supplementNotice: 'Supplement notice', deemed: 'Deemed approved on timeout',
      currentStep: 'Current step', deadline: 'Deadline', timeLeft: 'Working time left', card: 'Card', heldBy: 'Being worked by {who}',
      inQueue: 'This task is in the post queue; claim it to work on it.', claim: 'Claim and work on it', notMine: 'This task is claimed by {who}.',
      noTask: 'Your posts have no open task on this case.',
      form: 'Work on it', submit: 'Submit', submitting: 'Submitting…', done: '{step} done', formProblem: 'Not accepted',
      formMissing: 'No form for this step: {why}', unclaim: 'Put back',
      details: { documentNumberConfirmed: 'Confirmed number', proxyName: 'Proxy', courierTrackingNumber: 'Tracking number', allocation: 'Serials allocated' },
      decision: {
        accepted: 'Accepted', 'not-accepted': 'Not accepted (supplement)', refused: 'Refused', approved: 'Approved', 'not-approved': 'Not approved',
        match: 'Match', mismatch: 'Mismatch', 'in-person': 'In person', proxy: 'By proxy', courier: 'By courier', ready: 'Ready',
      },
    },
  },
};
