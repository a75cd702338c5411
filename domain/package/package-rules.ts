import { DomainError, ErrorKind } from '../shared/domain-error.js';

/**
 * Package (theme) services, 主题式/套餐式服务 (seed 004 §19, 003 §5(6)): one application over several items of
 * several departments, one form and one acceptance, the departments approving at the same time, one joint answer.
 * These are the package's rules, apart from the store and the engine.
 */
export interface Limit { value: number; unit: 'working-days' | 'working-hours' }
export interface PackageItem {
  code: string; name: string; departmentCode: string; totalLimit: Limit;
  materials: { name: string; form: string; count: number; required: boolean }[];
}
export interface PackageDefinition { code: string; name: string; itemCodes: string[]; leadDepartment: string; totalLimit: Limit }

const minutesOf = (l: Limit, minutesPerDay: number) => (l.unit === 'working-days' ? l.value * minutesPerDay : l.value * 60);
const limitText = (l: Limit) => ({ zh: `${l.value} 个${l.unit === 'working-days' ? '工作日' : '工作小时'}`, en: `${l.value} ${l.unit}` });

/**
 * A package covers at least two items of at least two departments; its lead department is one of theirs; its limit,
 * set by the lead department, is no longer than the longest item's legal limit.
 */
export function checkPackage(pkg: PackageDefinition, items: readonly PackageItem[], minutesPerDay = 480): void {
  const missing = pkg.itemCodes.filter((c) => !items.some((i) => i.code === c));
  if (missing.length) throw new DomainError('PACKAGE_ITEM_UNKNOWN', ErrorKind.Validation, { zh: `套餐 ${pkg.code} 包含不存在的事项：${missing.join('、')}`, en: `package ${pkg.code} names items that do not exist: ${missing.join(', ')}` });
  const departments = [...new Set(items.map((i) => i.departmentCode))];
  if (items.length < 2 || departments.length < 2) {
    throw new DomainError('PACKAGE_TOO_SMALL', ErrorKind.Validation, {
      zh: `套餐 ${pkg.code} 须包含至少两个部门的至少两个事项，现为 ${items.length} 个事项、${departments.length} 个部门`,
      en: `package ${pkg.code} needs at least two items of at least two departments; it has ${items.length} item(s) of ${departments.length} department(s)`,
    });
  }
  if (!departments.includes(pkg.leadDepartment)) {
    throw new DomainError('PACKAGE_LEAD_NOT_INVOLVED', ErrorKind.Validation, {
      zh: `牵头部门 ${pkg.leadDepartment} 不办理套餐 ${pkg.code} 的任何事项（办理部门：${departments.join('、')}）`,
      en: `lead department ${pkg.leadDepartment} handles no item of package ${pkg.code} (departments: ${departments.join(', ')})`,
    });
  }
  const longest = items.reduce((a, b) => (minutesOf(b.totalLimit, minutesPerDay) > minutesOf(a.totalLimit, minutesPerDay) ? b : a));
  if (minutesOf(pkg.totalLimit, minutesPerDay) > minutesOf(longest.totalLimit, minutesPerDay)) {
    const own = limitText(pkg.totalLimit);
    const max = limitText(longest.totalLimit);
    throw new DomainError('PACKAGE_LIMIT_TOO_LONG', ErrorKind.Validation, {
      zh: `套餐 ${pkg.code} 的办结时限 ${own.zh} 长于其中最长的事项「${longest.name}」（${longest.code}）的法定时限 ${max.zh}`,
      en: `package ${pkg.code}'s limit of ${own.en} is longer than its longest item's legal limit, ${longest.code} (${longest.name}) with ${max.en}`,
    });
  }
}

const FORM_RANK: Record<string, number> = { copy: 0, original: 1, 'original-and-copy': 2 };
/**
 * One form for the package: the items' materials merged by name, each asked for once in its strictest form and
 * count, required when any item requires it, with the items that ask for it.
 */
export function mergedMaterials(items: readonly PackageItem[]) {
  const merged = new Map<string, { name: string; form: string; count: number; required: boolean; items: string[] }>();
  for (const item of items) {
    for (const m of item.materials) {
      const seen = merged.get(m.name);
      if (!seen) merged.set(m.name, { ...m, items: [item.code] });
      else {
        if ((FORM_RANK[m.form] ?? 0) > (FORM_RANK[seen.form] ?? 0)) seen.form = m.form;
        seen.count = Math.max(seen.count, m.count);
        seen.required ||= m.required;
        seen.items.push(item.code);
      }
    }
  }
  return [...merged.values()];
}

/** One department's answer on its branch: approved, refused with reasons, or deemed approved on timeout (超时默许). */
export interface BranchAnswer { itemCode: string; itemName: string; departmentCode: string; departmentName: string; decision: 'approved' | 'not-approved' | 'deemed-approved'; reasons?: string[] }

/**
 * The one joint answer (seed 004 §19): approved only when every branch approved (a deemed approval counts as one);
 * otherwise one combined notice that lists each refusing department's item and reasons.
 */
export function jointAnswer(branches: readonly BranchAnswer[]): { outcome: 'approved' | 'not-approved'; zh: string; en: string } {
  const refused = branches.filter((b) => b.decision === 'not-approved');
  if (!refused.length) {
    const deemed = branches.filter((b) => b.decision === 'deemed-approved');
    const note = deemed.length ? { zh: `（其中 ${deemed.map((b) => b.itemName).join('、')} 超时默许通过）`, en: ` (${deemed.map((b) => b.itemCode).join(', ')} deemed approved on timeout)` } : { zh: '', en: '' };
    return { outcome: 'approved', zh: `套餐所含 ${branches.length} 个事项均已审批通过${note.zh}。`, en: `all ${branches.length} items of the package are approved${note.en}.` };
  }
  const zh = refused.map((b, n) => `${n + 1}. ${b.departmentName}「${b.itemName}」不予批准：${(b.reasons ?? []).join('；') || '未说明理由'}`);
  const en = refused.map((b, n) => `${n + 1}. ${b.departmentCode} refused ${b.itemCode} (${b.itemName}): ${(b.reasons ?? []).join('; ') || 'no reason given'}`);
  return {
    outcome: 'not-approved',
    zh: `套餐未能全部通过，${refused.length} 个部门不予批准：\n${zh.join('\n')}`,
    en: `the package is not approved: ${refused.length} department(s) refused:\n${en.join('\n')}`,
  };
}
