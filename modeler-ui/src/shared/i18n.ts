import { createI18n } from 'vue-i18n';

/**
 * The app in Chinese first, with an English switch. Each workspace keeps its texts in its own
 * `messages.ts` ({ zh, en }); they are merged here, so a workspace never edits another's texts.
 */
export type Lang = 'zh' | 'en';
type Tree = { [key: string]: string | Tree };

const shell: Record<Lang, Tree> = {
  zh: {
    app: { title: '政务服务平台', short: '政务服务' },
    common: {
      ok: '确定', cancel: '取消', save: '保存', submit: '提交', search: '查询', reset: '重置', refresh: '刷新', back: '返回',
      loading: '加载中…', none: '暂无数据', yes: '是', no: '否', actions: '操作', detail: '详情', print: '打印', download: '下载',
      required: '必填', reason: '原因', status: '状态', time: '时间', more: '更多',
    },
    auth: {
      username: '用户名', password: '密码', login: '登录', logout: '退出登录', loginTitle: '工作人员与申请人登录',
      loginFailed: '登录失败', usernameRequired: '请输入用户名', passwordRequired: '请输入密码',
      changePassword: '修改密码', mustChange: '首次登录，请先修改初始密码', currentPassword: '当前密码', newPassword: '新密码',
      repeatPassword: '再次输入新密码', mismatch: '两次输入的新密码不一致', changed: '密码已修改，请用新密码重新登录',
      sessionLost: '登录已失效，请重新登录', idleLoggedOut: '长时间未操作，已自动退出，请重新登录', loggedOut: '已退出登录',
      passwordRule: '密码至少 {n} 位，须含大小写字母、数字和符号',
    },
    shell: {
      language: 'English', unit: '单位', posts: '岗位', role: '角色', noPosts: '未分配岗位', notActivated: '未激活（练习中）',
      menu: '菜单', home: '首页',
    },
    page: {
      notFound: '页面不存在', notFoundHint: '您访问的地址不存在，请从菜单进入。',
      forbidden: '无权访问', forbiddenHint: '您的角色不能使用此页面。如需使用，请联系系统管理员。',
    },
    role: {
      applicant: '申请人', 'window-staff': '窗口办事员', 'department-staff': '部门办事员', 'department-leader': '部门负责人',
      'network-admin': '网络管理员', 'proxy-agent': '代办员', supervisor: '效能监察员', 'business-owner': '业务主管',
      'service-office': '政务服务管理办公室', auditor: '审计员', 'system-admin': '系统管理员',
    },
    post: {
      acceptor: '受理', closer: '办结', 'stock-keeper': '证件保管', reviewer: '审查', decider: '决定', approver: '审批',
      verifier: '核验', issuer: '发证',
    },
    step: {
      accept: '受理', review: '审查', decide: '决定', close: '办结', approve: '审批', verify: '核验', issue: '发证',
      answer: '答复申领', exchange: '交换证件', confirm: '确认收货',
    },
    card: { none: '正常', warning: '预警', yellow: '黄牌', red: '红牌' },
  },
  en: {
    app: { title: 'Government services platform', short: 'Gov services' },
    common: {
      ok: 'OK', cancel: 'Cancel', save: 'Save', submit: 'Submit', search: 'Search', reset: 'Reset', refresh: 'Refresh', back: 'Back',
      loading: 'Loading…', none: 'Nothing here', yes: 'Yes', no: 'No', actions: 'Actions', detail: 'Details', print: 'Print', download: 'Download',
      required: 'Required', reason: 'Reason', status: 'Status', time: 'Time', more: 'More',
    },
    auth: {
      username: 'Username', password: 'Password', login: 'Log in', logout: 'Log out', loginTitle: 'Staff and applicant login',
      loginFailed: 'Login failed', usernameRequired: 'Enter your username', passwordRequired: 'Enter your password',
      changePassword: 'Change password', mustChange: 'First login: change the initial password first', currentPassword: 'Current password',
      newPassword: 'New password', repeatPassword: 'New password again', mismatch: 'The two new passwords differ',
      changed: 'Password changed; log in again with the new one', sessionLost: 'Your session has ended; log in again',
      idleLoggedOut: 'Logged out after a long time without use; log in again', loggedOut: 'Logged out',
      passwordRule: 'At least {n} characters, with upper and lower case letters, digits and symbols',
    },
    shell: {
      language: '中文', unit: 'Unit', posts: 'Posts', role: 'Role', noPosts: 'No posts', notActivated: 'Not activated (practising)',
      menu: 'Menu', home: 'Home',
    },
    page: {
      notFound: 'Page not found', notFoundHint: 'This address does not exist; use the menu.',
      forbidden: 'Not allowed', forbiddenHint: 'Your role cannot use this page. Ask the system administrator if you need it.',
    },
    role: {
      applicant: 'Applicant', 'window-staff': 'Window staff', 'department-staff': 'Department staff', 'department-leader': 'Department leader',
      'network-admin': 'Network administrator', 'proxy-agent': 'Proxy agent', supervisor: 'Efficiency supervisor', 'business-owner': 'Business owner',
      'service-office': 'Service office', auditor: 'Auditor', 'system-admin': 'System administrator',
    },
    post: {
      acceptor: 'Acceptor', closer: 'Closer', 'stock-keeper': 'Stock keeper', reviewer: 'Reviewer', decider: 'Decider', approver: 'Approver',
      verifier: 'Verifier', issuer: 'Issuer',
    },
    step: {
      accept: 'Accept', review: 'Review', decide: 'Decide', close: 'Close', approve: 'Approve', verify: 'Verify', issue: 'Issue',
      answer: 'Answer requisition', exchange: 'Exchange certificates', confirm: 'Confirm receipt',
    },
    card: { none: 'On time', warning: 'Warning', yellow: 'Yellow card', red: 'Red card' },
  },
};

function merge(into: Tree, from: Tree) {
  for (const [k, v] of Object.entries(from)) {
    if (typeof v === 'object' && typeof into[k] === 'object') merge(into[k] as Tree, v);
    else into[k] = v;
  }
}
const workspaces = import.meta.glob<{ default: Record<Lang, Tree> }>('../*/messages.ts', { eager: true });
for (const m of Object.values(workspaces)) {
  merge(shell.zh, m.default.zh);
  merge(shell.en, m.default.en);
}

const saved = localStorage.getItem('lang');
export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh',
  fallbackLocale: 'zh',
  messages: shell,
  missingWarn: false,
  fallbackWarn: false,
});

export const currentLang = (): Lang => i18n.global.locale.value as Lang;
export function setLang(lang: Lang) {
  i18n.global.locale.value = lang;
  localStorage.setItem('lang', lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}
/** The text of a bilingual pair (API messages) in the current language. */
export const pick = (m: { zh: string; en: string } | null | undefined) => (m ? (currentLang() === 'zh' ? m.zh : m.en) : '');
export const tr = (key: string, vars?: Record<string, unknown>) => i18n.global.t(key, vars ?? {});
