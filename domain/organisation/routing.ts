import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { Steps, type Category } from '../shared/constants.js';

/** The four levels (seed 003 §3), from the top: 市, 区（开发区）, 乡镇（街道）, 村（社区）. */
export const Level = { City: 'city', District: 'district', Township: 'township', Community: 'community' } as const;
export type Level = (typeof Level)[keyof typeof Level];
const RANK: Record<string, number> = { city: 0, district: 1, township: 2, community: 3 };
const LEVEL_ZH: Record<string, string> = { city: '市级', district: '区（开发区）级', township: '乡镇（街道）级', community: '村（社区）级' };

/** A handling rule naming a level rather than a unit: the applicant's own government at that level. */
export const LEVEL_RULE = /^@(township|district|city)$/;

export interface UnitNode {
  code: string; name: string; level: string; kind: string; parentCode?: string | null;
  /** 业务条线: departments of one line in different areas (the civil affairs bureau of each district) share it */
  line?: string | null;
}
export type UnitTree = ReadonlyMap<string, UnitNode>;

export const treeOf = (units: readonly UnitNode[]): UnitTree => new Map(units.map((u) => [u.code, u]));

/** The unit and every unit above it, the unit first. */
export function ancestry(tree: UnitTree, code: string): UnitNode[] {
  const chain: UnitNode[] = [];
  for (let u = tree.get(code); u && !chain.includes(u); u = u.parentCode ? tree.get(u.parentCode) : undefined) chain.push(u);
  return chain;
}

/** A department serves the area of the government it belongs to; a government unit serves its own area. */
const seatOf = (tree: UnitTree, unit: UnitNode) => (unit.kind === 'department' && unit.parentCode ? tree.get(unit.parentCode) : unit);

/** Whether a back-office unit serves the community: its seat is the community's township, district or city. */
export function serves(tree: UnitTree, unit: UnitNode, communityCode: string): boolean {
  const seat = seatOf(tree, unit);
  return !!seat && seat.kind !== 'community' && ancestry(tree, communityCode).some((a) => a.code === seat.code);
}

function mustCommunity(tree: UnitTree, communityCode: string): UnitNode {
  const community = tree.get(communityCode);
  if (!community || community.kind !== 'community') {
    throw new DomainError('COMMUNITY_NOT_FOUND', ErrorKind.Validation, { zh: `${communityCode} 不是社区`, en: `${communityCode} is not a community` });
  }
  return community;
}

/**
 * The unit that handles a step under one handling rule for an applicant of this community: `@township`,
 * `@district` or `@city` is the community's own government at that level; a named department handles it where
 * it serves the community, else its line's department that does (the same bureau of the applicant's district).
 */
export function resolveRule(tree: UnitTree, rule: string, communityCode: string): UnitNode {
  const community = mustCommunity(tree, communityCode);
  const level = LEVEL_RULE.exec(rule)?.[1];
  if (level) {
    const found = ancestry(tree, community.code).find((u) => u.level === level && u.kind === 'government');
    if (!found) throw new DomainError('ROUTE_LEVEL_MISSING', ErrorKind.Validation, {
      zh: `社区 ${community.code}（${community.name}）没有所属的${LEVEL_ZH[level]}单位，无法按规则 ${rule} 分派`,
      en: `community ${community.code} (${community.name}) has no ${level} above it, so rule ${rule} routes nowhere`,
    });
    return found;
  }
  const named = tree.get(rule);
  if (!named) throw new DomainError('UNIT_UNKNOWN', ErrorKind.Validation, { zh: `办理单位 ${rule} 不存在`, en: `${rule} is not a unit` });
  if (serves(tree, named, community.code)) return named;
  const sameLine = named.line ? [...tree.values()].find((u) => u.line === named.line && u.level === named.level && serves(tree, u, community.code)) : undefined;
  if (sameLine) return sameLine;
  throw new DomainError('ROUTE_OUT_OF_AREA', ErrorKind.Validation, {
    zh: `办理单位 ${named.code}（${named.name}）不管辖社区 ${community.code}（${community.name}），本地区也没有同一条线的部门`,
    en: `${named.code} (${named.name}) does not serve community ${community.code} (${community.name}), and no department of its line there does`,
  });
}

/** The handling rules of an item: its department, and a unit or level for any back-office step handled elsewhere. */
export interface HandlingRules { category: string; departmentCode: string; stepUnits?: Record<string, string> | null }

/**
 * Routing (seed 002 §14, 003 §3): community steps stay in the filing community; each back-office step goes to
 * the unit its rule resolves to for this community (the item's department unless a step names another).
 */
export function routeSteps(tree: UnitTree, item: HandlingRules, communityCode: string): Record<string, string> {
  mustCommunity(tree, communityCode);
  const result: Record<string, string> = {};
  for (const s of Steps[item.category as Category]) {
    result[s.step] = s.unit === 'community' ? communityCode : resolveRule(tree, item.stepUnits?.[s.step] ?? item.departmentCode, communityCode).code;
  }
  return result;
}

/**
 * A mis-routed step moves only upwards or sideways (seed 003 §3): to a back-office unit that serves the
 * applicant's community at the same level as the current one or above it, never down and never to itself.
 */
export function checkTransfer(tree: UnitTree, fromCode: string, toCode: string, communityCode: string): UnitNode {
  const from = tree.get(fromCode);
  const to = tree.get(toCode);
  if (!to) throw new DomainError('UNIT_UNKNOWN', ErrorKind.Validation, { zh: `转办目标单位 ${toCode} 不存在`, en: `${toCode} is not a unit` });
  if (toCode === fromCode) throw new DomainError('TRANSFER_SAME_UNIT', ErrorKind.Validation, { zh: `办件已在 ${toCode}（${to.name}）办理，无需转办`, en: `the step is already with ${toCode} (${to.name})` });
  if (to.kind === 'community' || !serves(tree, to, communityCode)) {
    throw new DomainError('TRANSFER_OUT_OF_AREA', ErrorKind.Validation, {
      zh: `${toCode}（${to.name}）不管辖申请人所在社区 ${communityCode}，不能转办给它`,
      en: `${toCode} (${to.name}) does not serve the applicant's community ${communityCode}, so the case cannot go there`,
    });
  }
  if (from && RANK[to.level]! > RANK[from.level]!) {
    throw new DomainError('TRANSFER_DOWNWARDS', ErrorKind.Validation, {
      zh: `只能向上级或同级转办：${toCode}（${LEVEL_ZH[to.level]}）低于 ${fromCode}（${LEVEL_ZH[from.level]}）`,
      en: `a case moves only upwards or sideways: ${toCode} (${to.level}) is below ${fromCode} (${from.level})`,
    });
  }
  return to;
}

/** The units a step held by `fromCode` may be transferred to for this community, upper levels first. */
export function transferTargets(tree: UnitTree, fromCode: string, communityCode: string): UnitNode[] {
  return [...tree.values()].filter((u) => {
    try {
      checkTransfer(tree, fromCode, u.code, communityCode);
      return true;
    } catch {
      return false;
    }
  }).sort((a, b) => RANK[a.level]! - RANK[b.level]! || a.code.localeCompare(b.code));
}
