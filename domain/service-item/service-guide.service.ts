import type { UnitRepository } from '../organisation/unit.repository.js';
import { Category, Steps } from '../shared/constants.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { ItemStatus } from './service-item.model.js';
import type { ServiceItemRecord, ServiceItemRepository } from './service-item.repository.js';

const STEP_ZH: Record<string, string> = { accept: '受理', review: '审核', decide: '决定', close: '办结发证', approve: '审批', verify: '核验', issue: '发证' };
/** An online application's first step is its pre-review (网上预审, seed 001 §4(4)), done within 1 working day. */
const stepZh = (category: string, step: string) => (category === Category.OnlineApplication && step === 'accept' ? '网上预审' : STEP_ZH[step] ?? step);
const CATEGORY_ZH: Record<string, string> = { 'onsite-certificate': '现场办证类', 'online-application': '网上申请类' };
const MODE_ZH: Record<string, string> = { direct: '直接办理', 'accept-here-process-elsewhere': '收办分离' };
const FORM_ZH: Record<string, string> = { original: '原件', copy: '复印件', 'original-and-copy': '原件及复印件' };

type Limit = { value: number; unit: 'working-days' | 'working-hours' };
const limitText = (l: Limit) => ({ ...l, text: l.unit === 'working-days' ? `${l.value}个工作日` : `${l.value}个工作小时` });

const NOTICE: Record<string, { zh: string; en: string }> = {
  [ItemStatus.Suspended]: { zh: '本事项已暂停受理，恢复受理前不接受新的申请；已受理的办件照常办理。', en: 'This item is suspended: no new applications until it is resumed; applications already filed go on.' },
  [ItemStatus.Terminated]: { zh: '本事项已终止，不再受理申请。', en: 'This item is terminated and takes no applications.' },
};

/**
 * 办事指南 (seed 003 §5(4), 004 §4, §9): the standard elements of the current version of each opened item,
 * for anyone. Only catalogue data; nothing about applicants or staff.
 */
export function createServiceGuideService(deps: { items: ServiceItemRepository; units: UnitRepository }) {
  /** 办理地点: every community service room takes every item at its window (seed 000 §9: items are sunk to communities). */
  async function places() {
    const units = await deps.units.list();
    const name = new Map(units.map((u) => [u.code, u.name]));
    return units.filter((u) => u.kind === 'community').map((u) => ({ code: u.code, name: u.name, township: (u.parentCode && name.get(u.parentCode)) || '' }));
  }

  async function toGuide(item: ServiceItemRecord, where: Awaited<ReturnType<typeof places>>) {
    const department = await deps.units.get(item.departmentCode);
    return {
      code: item.code, name: item.name, version: item.version,
      status: item.status, accepting: item.status === ItemStatus.Published, notice: NOTICE[item.status] ?? null,
      category: { code: item.category, zh: CATEGORY_ZH[item.category] ?? item.category },
      handlingMode: { code: item.handlingMode, zh: MODE_ZH[item.handlingMode] ?? item.handlingMode },
      legalBasis: item.legalBasis, conditions: [...item.conditions],
      materials: item.materials.map((m) => ({ name: m.name, form: m.form, formZh: FORM_ZH[m.form] ?? m.form, count: m.count, required: m.required })),
      timeLimits: {
        total: limitText(item.totalLimit),
        steps: Steps[item.category as Category].filter((s) => item.stepLimits[s.step]).map((s) => ({ step: s.step, zh: stepZh(item.category, s.step), ...limitText(item.stepLimits[s.step]!) })),
      },
      department: { code: item.departmentCode, name: department?.name ?? item.departmentCode },
      fees: item.fees, result: item.result, deemedApproval: item.deemedApproval,
      // online self-service for the online-application items; the window takes every item just the same (seed 004 §18)
      online: item.category === 'online-application', places: where,
    };
  }

  return {
    /** Opened items that take applications now, optionally those whose name or code contains the words given. */
    async list(q?: string) {
      const words = q?.trim().toLowerCase();
      // a plain substring test: the words are never a pattern or a query operator
      const hit = (i: ServiceItemRecord) => !words || i.name.toLowerCase().includes(words) || i.code.toLowerCase().includes(words);
      const where = await places();
      return Promise.all((await deps.items.listPublished()).filter(hit).map((i) => toGuide(i, where)));
    },

    /** One item's guide by code; a suspended or terminated item's guide says so. A draft has no public guide. */
    async byCode(code: string) {
      const item = await deps.items.latest(code);
      if (!item || item.status === ItemStatus.Draft) throw new DomainError('GUIDE_NOT_FOUND', ErrorKind.NotFound, { zh: `没有已公开的事项 ${code}`, en: `no published service item ${code}` });
      return toGuide(item, await places());
    },
  };
}
export type ServiceGuideService = ReturnType<typeof createServiceGuideService>;
