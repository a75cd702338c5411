import { bpmnZh } from './bpmn-zh';

/** The interface in Chinese (default) or English, including the modeler's palette, context pad and panel. */
import { currentLang } from '../shared/i18n';

export { currentLang };

const ui: Record<string, [string, string]> = {
  title: ['政务服务流程建模', 'Service process modeler'],
  username: ['用户名', 'Username'], password: ['密码', 'Password'], login: ['登录', 'Log in'], logout: ['退出', 'Log out'],
  processes: ['流程', 'Processes'], version: ['版本', 'Version'], running: ['引擎运行', 'running'], readOnly: ['只读', 'read-only'],
  archive: ['归档', 'Archive'], archiveHint: ['归档从未部署的草稿：移出列表，保留历史，可恢复', 'Archive a never-deployed draft: out of the list, history kept, can be restored'],
  archiveReason: ['归档 {processId} 第 {version} 版的原因：', 'Why archive {processId} version {version}?'],
  archivedDone: ['已归档 {processId} 第 {version} 版', 'Archived {processId} version {version}'], archivedCount: ['另有 {n} 个已归档草稿', '{n} archived draft(s) not shown'],
  check: ['检查', 'Check'], save: ['保存为新版本', 'Save as new version'], deploy: ['部署', 'Deploy'], comment: ['版本说明', 'Version comment'],
  noIssues: ['检查通过，无错误', 'No errors'], errors: ['错误（阻止部署）', 'Errors (block deploy)'], warnings: ['警告', 'Warnings'],
  saved: ['已保存为第 {v} 版', 'Saved as version {v}'], pickProcess: ['请选择左侧流程版本', 'Pick a process version on the left'],
  loginFailed: ['登录失败', 'Login failed'], engineAnswer: ['引擎返回', 'Engine answer'],
  compare: ['比较', 'Compare'], compareWith: ['第 {from} 版 → 第 {to} 版的变化', 'Changes from version {from} to {to}'],
  added: ['新增', 'Added'], removed: ['删除', 'Removed'], changed: ['修改', 'Changed'], openFirst: ['请先打开要比较的另一版本', 'Open the other version first'],
  newOnsite: ['新建：现场办证模板', 'New from on-site template'], newOnline: ['新建：网上申请模板', 'New from online template'],
  newId: ['新流程编号', 'New process id'], unsaved: ['未保存的新流程', 'new, not saved'],
  searchProcess: ['搜索流程（编号或名称）', 'Search processes (id or name)'], noProcessFound: ['没有符合条件的流程', 'No process matches'],
  clickForFacts: ['只读：单击图中元素查看其属性', 'Read-only: click an element to see its properties'],
  factName: ['名称', 'Name'], factType: ['类型', 'Type'], factId: ['编号', 'Id'], factPost: ['候选岗位', 'Candidate groups'], factJob: ['作业类型', 'Job type'],
  factTimer: ['定时', 'Timer'], factHeaders: ['任务头', 'Headers'],
  chooseTemplate: ['选择模板', 'Choose template'], templateErrors: ['模板无效', 'Invalid templates'],
};
export function t(key: string, vars: Record<string, string | number> = {}): string {
  const pair = ui[key];
  const text = pair ? pair[currentLang() === 'zh' ? 0 : 1] : key;
  return text.replace(/\{(\w+)\}/g, (_m, k: string) => String(vars[k] ?? ''));
}

/** bpmn-js' `translate` service: the palette, context pad, replace menu and properties panel in the chosen language. */
export const translateModule = {
  translate: ['value', (template: string, replacements?: Record<string, string>) => {
    const text = currentLang() === 'zh' ? bpmnZh[template] ?? template : template;
    return text.replace(/{([^}]+)}/g, (_m, k: string) => replacements?.[k] ?? `{${k}}`);
  }],
};
