/** The interface in Chinese (default) or English, including the modeler's palette, context pad and panel. */
export type Lang = 'zh' | 'en';
let lang: Lang = (localStorage.getItem('lang') as Lang | null) ?? 'zh';
export const currentLang = () => lang;
export function setLang(l: Lang) { lang = l; localStorage.setItem('lang', l); }

const ui: Record<string, [string, string]> = {
  title: ['政务服务流程建模', 'Service process modeler'],
  username: ['用户名', 'Username'], password: ['密码', 'Password'], login: ['登录', 'Log in'], logout: ['退出', 'Log out'],
  processes: ['流程', 'Processes'], version: ['版本', 'Version'], running: ['引擎运行', 'running'], readOnly: ['只读', 'read-only'],
  check: ['检查', 'Check'], save: ['保存为新版本', 'Save as new version'], deploy: ['部署', 'Deploy'], comment: ['版本说明', 'Version comment'],
  noIssues: ['检查通过，无错误', 'No errors'], errors: ['错误（阻止部署）', 'Errors (block deploy)'], warnings: ['警告', 'Warnings'],
  saved: ['已保存为第 {v} 版', 'Saved as version {v}'], pickProcess: ['请选择左侧流程版本', 'Pick a process version on the left'],
  loginFailed: ['登录失败', 'Login failed'], engineAnswer: ['引擎返回', 'Engine answer'],
  compare: ['比较', 'Compare'], compareWith: ['第 {from} 版 → 第 {to} 版的变化', 'Changes from version {from} to {to}'],
  added: ['新增', 'Added'], removed: ['删除', 'Removed'], changed: ['修改', 'Changed'], openFirst: ['请先打开要比较的另一版本', 'Open the other version first'],
  newOnsite: ['新建：现场办证模板', 'New from on-site template'], newOnline: ['新建：网上申请模板', 'New from online template'],
  newId: ['新流程编号', 'New process id'], unsaved: ['未保存的新流程', 'new, not saved'],
  chooseTemplate: ['选择模板', 'Choose template'], templateErrors: ['模板无效', 'Invalid templates'],
};
export function t(key: string, vars: Record<string, string | number> = {}): string {
  const pair = ui[key];
  const text = pair ? pair[lang === 'zh' ? 0 : 1] : key;
  return text.replace(/\{(\w+)\}/g, (_m, k: string) => String(vars[k] ?? ''));
}

/** bpmn-js and properties-panel strings in Chinese; missing ones stay English. */
const zh: Record<string, string> = {
  'Activate the hand tool': '启用抓手工具', 'Activate the lasso tool': '启用套索工具', 'Activate the create/remove space tool': '启用空间工具',
  'Activate the global connect tool': '启用全局连线工具', 'Create StartEvent': '创建开始事件', 'Create EndEvent': '创建结束事件',
  'Create Task': '创建任务', 'Create Gateway': '创建网关', 'Create Intermediate/Boundary Event': '创建中间/边界事件',
  'Create expanded SubProcess': '创建子流程', 'Create Pool/Participant': '创建泳池', 'Create DataObjectReference': '创建数据对象',
  'Create DataStoreReference': '创建数据存储', 'Create Group': '创建分组', 'Append EndEvent': '追加结束事件', 'Append Gateway': '追加网关',
  'Append Task': '追加任务', 'Append Intermediate/Boundary Event': '追加中间事件', 'Change type': '更改类型', 'Delete': '删除',
  'Connect using Sequence/MessageFlow or Association': '连线', 'Connect using DataInputAssociation': '数据关联', 'Add text annotation': '添加注释',
  'General': '常规', 'Name': '名称', 'ID': '编号', 'Documentation': '文档', 'Element documentation': '元素文档', 'Assignment': '分配',
  'Candidate groups': '候选组', 'Candidate users': '候选用户', 'Assignee': '办理人', 'Inputs': '输入', 'Outputs': '输出',
  'Header': '头信息', 'Headers': '头信息', 'Key': '键', 'Value': '值', 'Task definition': '任务定义', 'Type': '类型', 'Retries': '重试次数',
  'Timer': '计时器', 'Type ': '类型', 'Date': '日期', 'Condition': '条件', 'Condition expression': '条件表达式', 'Message': '消息',
  'Subscription correlation key': '关联键', 'Implementation': '实现', 'Form': '表单', 'Execution listeners': '执行监听器',
  'Extension properties': '扩展属性', 'Version tag': '版本标签', 'Executable': '可执行', 'Process': '流程',
};
export const translateModule = {
  translate: ['value', (template: string, replacements?: Record<string, string>) => {
    const text = lang === 'zh' ? zh[template] ?? template : template;
    return text.replace(/{([^}]+)}/g, (_m, k: string) => replacements?.[k] ?? `{${k}}`);
  }],
};
