export default {
  zh: {
    portal: {
      nav: { guides: '办事指南', my: '我的申请', notices: '我的消息', progress: '进度查询', login: '登录', register: '注册' },
      notices: {
        title: '我的消息', none: '暂无消息', sms: '已发短信', open: '查看办件',
        kind: {
          'supplement-notice': '补正通知（一次性告知）', 'pre-review-passed': '网上预审通过', refusal: '不予受理通知', 'pickup-notice': '领证通知', 'courier-dispatched': '快递寄出',
          'not-approved': '审核未通过', 'consultation-answered': '咨询答复', 'appointment-confirmed': '预约确认', 'appointment-moved': '预约改期',
          'appointment-reminder': '预约提醒', 'rectification-extended': '差评整改延期', 'rectification-done': '差评已整改',
        },
      },
      guides: {
        title: '办事指南', search: '输入事项名称或编码查询', none: '没有找到相符的事项', online: '可在线申请', onsite: '到窗口现场办理',
        limit: '法定时限', department: '办理部门', fees: '收费', open: '查看指南',
      },
      guide: {
        basis: '设定依据', conditions: '办理条件', materials: '申请材料', limit: '办理时限', steps: '各环节时限', department: '办理部门',
        fees: '收费标准', result: '办理结果', where: '办理地点', how: '办理方式', applyOnline: '在线申请', onlineHint: '本事项可在线申请：提交后社区窗口在 1 个工作日内完成网上预审，预审通过即受理，领证时携带材料原件核验。',
        windowEqual: '您也可以直接到下列任一社区窗口现场办理，窗口办理与在线申请同等有效，无须先在网上预约或提交。',
        onsiteOnly: '本事项须到社区窗口现场办理：请携带下列材料到任一社区窗口。', copies: '{form} {n} 份', required: '必交', optional: '选交',
        loginToApply: '登录后在线申请', deemed: '超时默许：逾期未办结视为同意', notAccepting: '暂停受理',
      },
      register: {
        title: '申请人注册', type: '申请人类型', individual: '个人', enterprise: '企业', organisation: '社会组织',
        realName: { individual: '真实姓名', enterprise: '企业名称', organisation: '组织名称' },
        idNumber: { individual: '身份证号', enterprise: '统一社会信用代码', organisation: '统一社会信用代码' },
        phone: '手机号', username: '用户名', usernameHint: '3–32 位字母、数字、点或下划线', password: '密码', repeat: '再次输入密码',
        submit: '注册', done: '注册成功，请登录', haveAccount: '已有账号？去登录', mismatch: '两次输入的密码不一致', badId: '身份证号校验不通过，请核对',
        badCode: '统一社会信用代码应为 18 位数字或大写字母', badPhone: '请输入 11 位手机号', fill: '请填写完整',
      },
      apply: {
        title: '在线申请', forWhom: '申请人', letter: '授权委托书（申请人签署）', signedOn: '签署日期', validUntil: '有效期至', letterHint: '代办须上传申请人签署的授权委托书，并填写签署日期和有效期', proxyHint: '您是代办员：请填写委托您办理的申请人信息。办件记录由您提交代办，申请人凭办件编号和查询码查询进度。',
        self: '以本人账号申请：申请人信息取自实名注册信息。', type: '申请人类型', name: '姓名 / 名称', id: '身份证号 / 信用代码', phone: '联系电话',
        place: '受理社区', placeHint: '选择为您受理的社区窗口', materials: '申请材料（每项上传一份扫描件或照片）', upload: '上传', uploadHint: 'PDF、PNG 或 JPEG',
        missing: '尚未上传的必交材料：{list}。可以先提交，受理时会一次性告知需补齐的材料。', submit: '提交申请', submitted: '申请已提交',
        number: '办件编号', queryCode: '查询码', keepCode: '请记下查询码：凭办件编号和查询码可在“进度查询”中查看进度（只显示这一次）。',
        uploading: '正在上传材料…', uploadFailed: '材料 {name} 上传失败：{why}', toCase: '查看办件', notOnline: '本事项不接受在线申请，请到社区窗口办理。',
      },
      my: {
        title: '我的申请', none: '您还没有申请。', find: '去办事指南查找事项', filedAt: '提交时间', status: '办理状态', channel: { online: '在线申请', window: '窗口办理' },
      },
      case: {
        certificate: '电子证照', certificateHint: '证照已签发电子版，带签名和二维码，任何人扫码即可核验真伪。', certificatePdf: '下载电子证照（PDF）', certificateVerify: '核验',
        status: '当前状态', expected: '预计办结', expectedPaused: '等待补正，办理时限暂停计算', limit: '法定时限 {n} 个{unit}', workingDays: '工作日', workingHours: '工作小时',
        steps: '办理进度', preReview: '网上预审', filed: '提交申请', closed: '办结', started: '开始', done: '完成', due: '时限', inProgress: '办理中',
        notices: '通知', noNotices: '暂无通知', supplement: '补正材料', supplementHint: '请按一次性告知书上传以下全部材料，然后提交补正：',
        supplementSubmit: '提交补正', supplemented: '补正已提交，办件重新进入受理', receipt: '下载受理回执', supplementPdf: '下载一次性告知书', refusalPdf: '下载不予受理通知书',
        applicant: '申请人', materials: '材料', provided: '已提交', notProvided: '未提交', files: '已上传文件',
        kind: { receipt: '受理回执', 'supplement-notice': '补正通知（一次性告知）', 'pre-review-passed': '网上预审通过', refusal: '不予受理通知', 'pickup-notice': '领证通知', 'courier-dispatched': '快递寄出', 'not-approved': '审核未通过', 'electronic-file-sent': '电子档案已发送', 'certificate-ready': '证件已制作', 'verify-mismatch': '核验不符' },
        decision: { accepted: '已受理', 'not-accepted': '需补正', refused: '不予受理', approved: '同意', 'not-approved': '不同意', match: '核验一致', mismatch: '核验不符', 'in-person': '本人领取', proxy: '代领', courier: '快递送达' },
      },
      progress: {
        title: '办件进度查询', hint: '输入办件编号和查询密码（查询码，或申请人证件号后 6 位）。', number: '办件编号', secret: '查询密码', query: '查询',
        item: '事项', status: '状态', step: '当前环节', due: '本环节时限', filedAt: '提交时间', closedAt: '办结时间', supplement: '补正通知',
      },
      bar: { guest: '无需登录即可查看办事指南和查询办件进度' },
    },
  },
  en: {
    portal: {
      nav: { guides: 'Service guides', my: 'My applications', notices: 'My notices', progress: 'Progress query', login: 'Log in', register: 'Register' },
      notices: {
        title: 'My notices', none: 'No notices yet', sms: 'Texted', open: 'Open the application',
        kind: {
          'supplement-notice': 'Supplement notice', 'pre-review-passed': 'Pre-review passed', refusal: 'Refusal notice', 'pickup-notice': 'Ready for pick-up', 'courier-dispatched': 'Sent by courier',
          'not-approved': 'Not approved', 'consultation-answered': 'Consultation answered', 'appointment-confirmed': 'Appointment confirmed',
          'appointment-moved': 'Appointment moved', 'appointment-reminder': 'Appointment reminder',
          'rectification-extended': 'Rectification extended', 'rectification-done': 'Bad review rectified',
        },
      },
      guides: {
        title: 'Service guides', search: 'Search by item name or code', none: 'No item matches', online: 'Apply online', onsite: 'At the window',
        limit: 'Legal time limit', department: 'Department', fees: 'Fees', open: 'Open guide',
      },
      guide: {
        basis: 'Legal basis', conditions: 'Conditions', materials: 'Materials', limit: 'Time limit', steps: 'Step limits', department: 'Department',
        fees: 'Fees', result: 'Result', where: 'Where to apply', how: 'How to apply', applyOnline: 'Apply online', onlineHint: 'This item can be applied for online: the community window pre-reviews it within 1 working day; once it passes, the case goes on and you bring the originals when collecting.',
        windowEqual: 'You may also go straight to any of these community windows: applying there counts the same as online, with no need to book or submit online first.',
        onsiteOnly: 'This item is handled at a community window: bring the materials below to any of them.', copies: '{form}, {n} cop(ies)', required: 'Required', optional: 'Optional',
        loginToApply: 'Log in to apply online', deemed: 'Deemed approved when the limit passes', notAccepting: 'Not accepting',
      },
      register: {
        title: 'Applicant registration', type: 'Applicant type', individual: 'Individual', enterprise: 'Enterprise', organisation: 'Organisation',
        realName: { individual: 'Real name', enterprise: 'Enterprise name', organisation: 'Organisation name' },
        idNumber: { individual: 'Resident ID number', enterprise: 'Unified social credit code', organisation: 'Unified social credit code' },
        phone: 'Mobile phone', username: 'Username', usernameHint: '3–32 letters, digits, dots or underscores', password: 'Password', repeat: 'Password again',
        submit: 'Register', done: 'Registered: log in now', haveAccount: 'Have an account? Log in', mismatch: 'The two passwords differ', badId: 'The ID number fails its check digit',
        badCode: 'The credit code is 18 digits or capital letters', badPhone: 'Enter an 11-digit mobile number', fill: 'Fill in every field',
      },
      apply: {
        title: 'Apply online', forWhom: 'Applicant', letter: 'Letter of authorisation (signed by the applicant)', signedOn: 'Signed on', validUntil: 'Valid until', letterHint: 'A proxy agent must upload the applicant’s signed letter of authorisation and give its dates', proxyHint: 'You are a proxy agent: enter the applicant who asked you to apply. You are recorded as the filer; the applicant follows it with the number and query code.',
        self: 'Applying under your own account: the applicant is your registered identity.', type: 'Applicant type', name: 'Name', id: 'ID number / credit code', phone: 'Phone',
        place: 'Community window', placeHint: 'The community window that accepts it', materials: 'Materials (upload a scan or photo of each)', upload: 'Upload', uploadHint: 'PDF, PNG or JPEG',
        missing: 'Required materials not uploaded yet: {list}. You may submit now; acceptance lists everything to add in one notice.', submit: 'Submit application', submitted: 'Application submitted',
        number: 'Application number', queryCode: 'Query code', keepCode: 'Keep the query code: with the number it shows the progress under “Progress query” (shown this once).',
        uploading: 'Uploading materials…', uploadFailed: 'Upload of {name} failed: {why}', toCase: 'Open the application', notOnline: 'This item is not applied for online; go to a community window.',
      },
      my: {
        title: 'My applications', none: 'You have no applications yet.', find: 'Find an item in the service guides', filedAt: 'Filed', status: 'Status', channel: { online: 'Online', window: 'At the window' },
      },
      case: {
        certificate: 'Electronic certificate', certificateHint: 'The certificate is issued electronically, signed and with a QR code: anyone can scan it to check it is genuine.', certificatePdf: 'Download the certificate (PDF)', certificateVerify: 'Verify',
        status: 'Status', expected: 'Expected completion', expectedPaused: 'Waiting for your supplement: the time limit is paused', limit: 'Legal limit {n} {unit}', workingDays: 'working day(s)', workingHours: 'working hour(s)',
        steps: 'Progress', preReview: 'Online pre-review', filed: 'Submitted', closed: 'Completed', started: 'Started', done: 'Done', due: 'Due', inProgress: 'In progress',
        notices: 'Notices', noNotices: 'No notices yet', supplement: 'Supplement', supplementHint: 'Upload every material the supplement notice lists, then submit the supplement:',
        supplementSubmit: 'Submit supplement', supplemented: 'Supplement submitted: the application is being accepted again', receipt: 'Download the receipt', supplementPdf: 'Download the supplement notice', refusalPdf: 'Download the refusal notice',
        applicant: 'Applicant', materials: 'Materials', provided: 'Provided', notProvided: 'Not provided', files: 'Uploaded files',
        kind: { receipt: 'Acceptance receipt', 'supplement-notice': 'Supplement notice', 'pre-review-passed': 'Pre-review passed', refusal: 'Refusal notice', 'pickup-notice': 'Ready for pick-up', 'courier-dispatched': 'Sent by courier', 'not-approved': 'Not approved', 'electronic-file-sent': 'Electronic file sent', 'certificate-ready': 'Certificate made', 'verify-mismatch': 'Verification mismatch' },
        decision: { accepted: 'Accepted', 'not-accepted': 'Supplement needed', refused: 'Refused', approved: 'Approved', 'not-approved': 'Not approved', match: 'Verified', mismatch: 'Mismatch', 'in-person': 'Collected in person', proxy: 'Collected by proxy', courier: 'Sent by courier' },
      },
      progress: {
        title: 'Application progress', hint: 'Enter the application number and the secret (the query code, or the last 6 characters of the applicant’s ID).', number: 'Application number', secret: 'Secret', query: 'Query',
        item: 'Item', status: 'Status', step: 'Current step', due: 'Step due', filedAt: 'Filed', closedAt: 'Completed', supplement: 'Supplement notice',
      },
      bar: { guest: 'Guides and the progress query need no login' },
    },
  },
};
