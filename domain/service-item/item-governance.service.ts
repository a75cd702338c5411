import { canonicalize } from 'json-canonicalize';
import { Role } from '../account/account.model.js';
import type { ApplicationRepository } from '../application/application.repository.js';
import { ActorKind, AuditAction } from '../audit/audit-entry.model.js';
import type { AuditInput, AuditService } from '../audit/audit.service.js';
import type { UnitRepository } from '../organisation/unit.repository.js';
import type { SequenceRepository } from '../sequence/sequence.repository.js';
import { Steps, type Category } from '../shared/constants.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { ChangeKind, RequestStatus, Transitions, type ChangeKind as Kind } from './change-request.model.js';
import type { ChangeRequestRecord, ChangeRequestRepository } from './change-request.repository.js';
import type { EvaluationDecision } from './item-evaluation.model.js';
import type { ItemEvaluationRepository } from './item-evaluation.repository.js';
import { ItemStatus } from './service-item.model.js';
import type { ServiceItemRecord, ServiceItemRepository } from './service-item.repository.js';
import { ServiceItemInput } from './service-item.schema.js';
import { LEVEL_RULE } from '../organisation/routing.js';

/** A signed-in person acting on the catalogue. */
export interface ItemActor { username: string; role: string; unitCode?: string | null }

export interface ProposeInput { itemCode: string; kind: Kind; reason: string; item?: ServiceItemInput }
export interface EvaluateInput { itemCode: string; year: number; demand: string; problems: string[]; decision: EvaluationDecision }

const KIND_ZH: Record<Kind | 'evaluate', string> = { open: '开通', change: '变更', suspend: '暂停', resume: '恢复', terminate: '终止', evaluate: '评估' };
const STATUS_ZH: Record<string, string> = { draft: '尚未开通', published: '正在受理', suspended: '已暂停受理', terminated: '已终止' };
const REQUEST_STATUS_ZH: Record<string, string> = { pending: '待审核', approving: '正在由他人审核', approved: '已由他人批准', rejected: '已被驳回' };
/** the standard elements compared between versions, in the schema's order */
const ELEMENTS = Object.keys(ServiceItemInput.properties) as (keyof ServiceItemInput)[];

/** An action the item's current status does not allow: 409 with a code naming that status. */
function wrongStatus(code: string, status: string, action: Kind | 'evaluate'): DomainError {
  const allowed = action === 'evaluate' ? 'an opened item' : Transitions[action].from.map((s) => s ?? 'a new code').join(' or ');
  const allowedZh = action === 'evaluate' ? '已开通的事项' : Transitions[action].from.map((s) => (s ? `${STATUS_ZH[s] ?? s}的事项` : '新的事项编码')).join('或');
  return new DomainError(`ITEM_IS_${status.toUpperCase()}`, ErrorKind.Conflict, {
    zh: `事项 ${code} ${STATUS_ZH[status] ?? status}，不能${KIND_ZH[action]}；只有${allowedZh}才能${KIND_ZH[action]}`,
    en: `service item ${code} is ${status}; ${action} applies only to ${allowed}`,
  }, { status });
}

const decided = (r: ChangeRequestRecord) => new DomainError('REQUEST_ALREADY_DECIDED', ErrorKind.Conflict, {
  zh: `事项变更申请 ${r.requestId} ${REQUEST_STATUS_ZH[r.status] ?? r.status}${r.decidedBy ? `（${r.decidedBy.username}，${r.decidedAt?.toISOString()}）` : ''}，只能审核一次，不能重复审核`,
  en: `change request ${r.requestId} is ${r.status}${r.decidedBy ? ` (${r.decidedBy.username}, ${r.decidedAt?.toISOString()})` : ''}; it is decided once`,
}, { status: r.status });

/** The fields whose value differs between two sets of standard elements. */
export function changedElements(before: ServiceItemInput, after: ServiceItemInput): string[] {
  const norm = (v: unknown) => canonicalize(v ?? null);
  return ELEMENTS.filter((k) => norm(before[k]) !== norm(after[k]));
}

/**
 * Item governance (seed 004 §12, 000 §16): opening, changing, suspending, resuming and terminating an item
 * go through a change request that a second person of the service office (政务服务管理办公室) approves; every
 * version is kept; each item is evaluated once a year.
 */
export function createItemGovernanceService(deps: {
  items: ServiceItemRepository; requests: ChangeRequestRepository; evaluations: ItemEvaluationRepository;
  applications: ApplicationRepository; units: UnitRepository; sequences: SequenceRepository; audit: AuditService; utcOffsetMinutes: number;
}) {
  const { items, requests, evaluations, audit } = deps;
  const offsetMs = deps.utcOffsetMinutes * 60_000;
  const officeYear = (d: Date) => new Date(d.getTime() + offsetMs).getUTCFullYear();
  const yearStart = (year: number) => new Date(Date.UTC(year, 0, 1) - offsetMs);
  const person = (by: ItemActor) => ({ username: by.username, role: by.role });
  const actor = (by: ItemActor) => ({ kind: ActorKind.User, id: by.username, role: by.role });
  const state = (i: Pick<ServiceItemRecord, 'status' | 'version'> | null) => (i ? { status: i.status, version: i.version } : null);
  const target = (code: string) => ({ target: { kind: 'service-item', id: code }, itemCode: code });

  async function mustGetRequest(requestId: string): Promise<ChangeRequestRecord> {
    const r = await requests.get(requestId);
    if (!r) throw new DomainError('CHANGE_REQUEST_NOT_FOUND', ErrorKind.NotFound, { zh: `事项变更申请 ${requestId} 不存在`, en: `no change request ${requestId}` });
    return r;
  }

  async function mustGetItem(code: string): Promise<ServiceItemRecord> {
    const item = await items.latest(code);
    if (!item) throw new DomainError('ITEM_NOT_FOUND', ErrorKind.NotFound, { zh: `事项 ${code} 不存在`, en: `no service item ${code}` });
    return item;
  }

  /** Rules the schema cannot state: a limit for every step of the category, and units that exist. */
  async function checkElements(item: ServiceItemInput) {
    const steps = Steps[item.category as Category];
    const want = steps.map((s) => s.step as string);
    const given = Object.keys(item.stepLimits);
    const missing = want.filter((s) => !given.includes(s));
    const extra = given.filter((s) => !want.includes(s));
    if (missing.length || extra.length) {
      throw new DomainError('STEP_LIMITS_MISMATCH', ErrorKind.Validation, {
        zh: `${item.category} 类事项须为且只为以下环节设定时限：${want.join('、')}${missing.length ? `；缺少 ${missing.join('、')}` : ''}${extra.length ? `；${extra.join('、')} 不是它的环节` : ''}`,
        en: `a ${item.category} item sets a limit for exactly ${want.join(', ')}${missing.length ? `; missing ${missing.join(', ')}` : ''}${extra.length ? `; not its steps: ${extra.join(', ')}` : ''}`,
      });
    }
    const backOffice = steps.filter((s) => s.unit === 'department').map((s) => s.step as string);
    const wrongSteps = Object.keys(item.stepUnits ?? {}).filter((s) => !backOffice.includes(s));
    if (wrongSteps.length) {
      throw new DomainError('STEP_UNITS_INVALID', ErrorKind.Validation, {
        zh: `stepUnits 只能设置后台环节的办理单位，以下不是 ${item.category} 类事项的后台环节：${wrongSteps.join('、')}`,
        en: `stepUnits names steps that are not back-office steps of a ${item.category} item: ${wrongSteps.join(', ')}`,
      });
    }
    const department = await deps.units.get(item.departmentCode);
    if (department?.kind !== 'department') throw new DomainError('DEPARTMENT_UNKNOWN', ErrorKind.Validation, { zh: `办理部门 ${item.departmentCode} 不存在`, en: `${item.departmentCode} is not a department` });
    for (const unit of Object.values(item.stepUnits ?? {})) {
      if (!LEVEL_RULE.test(unit) && !(await deps.units.get(unit))) throw new DomainError('UNIT_UNKNOWN', ErrorKind.Validation, { zh: `stepUnits 中的办理单位 ${unit} 不存在`, en: `stepUnits names ${unit}, which is not a unit` });
    }
  }

  /** Applies an approved request to the catalogue; safe to run again for the same request. */
  async function applyEffect(r: ChangeRequestRecord): Promise<{ ok: true; version: number } | { ok: false; status: string }> {
    const code = r.itemCode;
    const base = r.baseVersion ?? 1;
    const item = r.item as ServiceItemInput | null;
    const current = await items.latest(code);
    const to = Transitions[r.kind as Kind].to;
    let applied = false;
    if (r.kind === ChangeKind.Open) applied = await items.publishDraft(item!, r.requestId);
    else if (current?.version === base && current.status === r.fromStatus) {
      applied = r.kind === ChangeKind.Change
        ? await items.insertVersion(item!, base + 1, r.requestId)
        : await items.setStatus(code, base, [r.fromStatus!], to, r.requestId);
    }
    const version = r.kind === ChangeKind.Change ? base + 1 : base;
    if (applied) return { ok: true, version };
    // an earlier attempt for this very request may have got this far before it was interrupted
    const now = await items.latest(code);
    if (now && now.version === version && now.lastRequestId === r.requestId && now.status === to) return { ok: true, version };
    return { ok: false, status: now?.status ?? 'missing' };
  }

  const view = (r: ChangeRequestRecord) => ({
    requestId: r.requestId, itemCode: r.itemCode, kind: r.kind as Kind, status: r.status, baseVersion: r.baseVersion ?? null, resultVersion: r.resultVersion ?? null,
    fromStatus: r.fromStatus ?? null, toStatus: r.toStatus, reason: r.reason, changes: [...(r.changes ?? [])], item: (r.item as ServiceItemInput | null) ?? null,
    proposedBy: { username: r.proposedBy.username, role: r.proposedBy.role }, proposedAt: r.proposedAt,
    decidedBy: r.decidedBy ? { username: r.decidedBy.username, role: r.decidedBy.role } : null, decidedAt: r.decidedAt ?? null, comment: r.comment ?? null,
  });
  type RequestView = ReturnType<typeof view>;

  /**
   * What follows storing a proposal: the item may have moved between the first look and taking its one open
   * slot, and an opening writes its draft. A proposal that cannot stand is withdrawn; false then.
   */
  async function complete(r: Pick<ChangeRequestRecord, 'requestId' | 'itemCode' | 'kind' | 'item'>, seen: { status: string; version: number } | null): Promise<boolean> {
    const held = await items.latest(r.itemCode);
    const moved = held?.version !== seen?.version || held?.status !== seen?.status;
    const draftRefused = !moved && r.kind === ChangeKind.Open && !(await items.saveDraft(r.item as ServiceItemInput, r.requestId));
    if (moved || draftRefused) await requests.discard(r.requestId);
    return !(moved || draftRefused);
  }
  const requestOf = async (input: AuditInput) => requests.get((input.detail as { requestId?: string } | null)?.requestId ?? '');
  const same = (a: Date | null | undefined, b: Date) => a instanceof Date && a.getTime() === b.getTime();
  const approvedAfter = (r: ChangeRequestRecord) => ({ status: r.toStatus, version: r.resultVersion ?? null });

  // A decision on the catalogue interrupted by a stop: the change request (and the evaluation) says whether it was
  // taken. An approval that was claimed is finished, as the approver asked; see mendInterrupted in the audit service.
  audit.settleWith(AuditAction.ItemChangeProposed, async (input) => {
    const r = await requestOf(input);
    if (!r || r.proposedBy.username !== input.actor.id || !same(r.proposedAt, input.at)) return { done: false, why: 'the change request was never stored' };
    if (r.status === RequestStatus.Pending && !(await complete(r, input.before as { status: string; version: number } | null))) {
      return { done: false, why: `the item changed before the proposal was complete; ${r.requestId} was withdrawn` };
    }
    return { done: true };
  });
  audit.settleWith(AuditAction.ItemChangeApproved, async (input) => {
    let r = await requestOf(input);
    if (!r || r.decidedBy?.username !== input.actor.id || ![RequestStatus.Approving, RequestStatus.Approved].includes(r.status as never)) {
      return { done: false, why: `the change request is ${r?.status ?? 'gone'}${r?.decidedBy ? ` (${r.decidedBy.username})` : ''}; it was not approved` };
    }
    if (r.status === RequestStatus.Approving) {
      const effect = await applyEffect(r);
      if (!effect.ok) {
        await requests.release(r.requestId, r.decidedBy);
        return { done: false, why: `the change could not take effect: the item is ${effect.status}; the request is pending again` };
      }
      await requests.finish(r.requestId, effect.version);
      r = (await requests.get(r.requestId))!;
      if (r.status !== RequestStatus.Approved) return { done: false, why: `the change request is ${r.status}` };
    } else {
      // the approver sent the approval again after the stop and finished it: that entry stands for it
      const entries = await audit.search({ target: r.itemCode, action: [AuditAction.ItemChangeApproved], from: input.at }, 1000);
      if (entries.some((e) => (e.detail as { requestId?: string } | null)?.requestId === r!.requestId)) return { done: false, why: `${r.requestId} was approved again and recorded then` };
    }
    return { done: true, after: approvedAfter(r) };
  });
  audit.settleWith(AuditAction.ItemChangeRejected, async (input) => {
    const r = await requestOf(input);
    const done = r?.status === RequestStatus.Rejected && r.decidedBy?.username === input.actor.id && same(r.decidedAt, input.at);
    return done ? { done: true, after: state(await items.latest(r.itemCode)) } : { done: false, why: `the change request is ${r?.status ?? 'gone'}; it was not rejected` };
  });
  audit.settleWith(AuditAction.ItemEvaluated, async (input) => {
    const year = (input.detail as { year?: number } | null)?.year;
    const found = (await evaluations.list(input.target.id)).find((e) => e.year === year && e.by.username === input.actor.id && same(e.at, input.at));
    return found ? { done: true } : { done: false, why: `no evaluation of ${year} was stored` };
  });

  return {
    /** Proposes an item change; nothing changes until another person of the service office approves it. */
    async propose(input: ProposeInput, by: ItemActor, now: Date): Promise<RequestView> {
      const { itemCode, kind } = input;
      const withElements = kind === ChangeKind.Open || kind === ChangeKind.Change;
      if (withElements && !input.item) throw new DomainError('ITEM_ELEMENTS_REQUIRED', ErrorKind.Validation, { zh: `${KIND_ZH[kind]}（${kind}）事项须提交完整的事项要素（item）`, en: `${kind} needs the item's standard elements (item)` });
      if (!withElements && input.item) throw new DomainError('ITEM_ELEMENTS_NOT_EXPECTED', ErrorKind.Validation, { zh: `${KIND_ZH[kind]}（${kind}）只改变事项状态，无需提交事项要素（item）`, en: `${kind} changes the status only; send no item` });
      if (input.item && input.item.code !== itemCode) throw new DomainError('ITEM_CODE_MISMATCH', ErrorKind.Validation, { zh: `item.code ${input.item.code} 与地址中的事项编码 ${itemCode} 不一致`, en: `item.code ${input.item.code} is not ${itemCode}` });
      const current = await items.latest(itemCode);
      if (!current && kind !== ChangeKind.Open) throw new DomainError('ITEM_NOT_FOUND', ErrorKind.NotFound, { zh: `事项 ${itemCode} 不存在`, en: `no service item ${itemCode}` });
      const from = (current?.status ?? null) as ItemStatus | null;
      if (!Transitions[kind].from.includes(from)) throw wrongStatus(itemCode, from!, kind);
      // each department answers for its own items (seed 004 §7), and a network administrator maintains
      // the unit's published items (seed 001 §19); the service office acts on any
      if (by.role === Role.BusinessOwner || by.role === Role.NetworkAdmin) {
        const departments = [current?.departmentCode, input.item?.departmentCode].filter((d): d is string => Boolean(d));
        if (departments.some((d) => d !== by.unitCode)) {
          throw new DomainError('ITEM_NOT_YOUR_DEPARTMENT', ErrorKind.Forbidden, {
            zh: `事项 ${itemCode} 属于 ${departments.join('、')}，不属于本单位 ${by.unitCode ?? '（无）'}；只能对本部门的事项提出申请`,
            en: `${itemCode} belongs to ${departments.join(', ')}, not to your unit ${by.unitCode ?? '(none)'}`,
          });
        }
      }
      let changes: string[] = [];
      if (input.item) {
        await checkElements(input.item);
        changes = current && kind === ChangeKind.Change ? changedElements(current, input.item) : [];
        if (kind === ChangeKind.Change && !changes.length) {
          throw new DomainError('ITEM_UNCHANGED', ErrorKind.Validation, {
            zh: `提交的事项要素与 ${itemCode} 第 ${current!.version} 版相同，没有可变更的内容`, en: `the elements are those of ${itemCode} version ${current!.version}; nothing to change`,
          });
        }
      }
      const year = officeYear(now);
      const requestId = `CR${year}${String(await deps.sequences.next(`item-change:${year}`)).padStart(6, '0')}`;
      const request = {
        requestId, subject: 'item' as const, itemCode, kind, baseVersion: current?.version ?? 1, fromStatus: from, toStatus: Transitions[kind].to, item: input.item ?? null, changes,
        reason: input.reason, proposedBy: person(by), proposedAt: now, openFor: itemCode,
      };
      const entry = await audit.intend({
        at: now, actor: actor(by), action: AuditAction.ItemChangeProposed, ...target(itemCode), unit: by.unitCode ?? null,
        before: state(current), after: state(current),
        detail: { requestId, kind, reason: input.reason, changes, proposed: { status: request.toStatus, version: kind === ChangeKind.Change ? request.baseVersion + 1 : request.baseVersion } },
      });
      if (!(await requests.insert(request))) {
        await audit.forget(entry);
        const other = await requests.undecidedFor(itemCode);
        throw new DomainError('ITEM_REQUEST_PENDING', ErrorKind.Conflict, {
          zh: `事项 ${itemCode} 已有待审核的变更申请${other ? `（${other.requestId}，${KIND_ZH[other.kind as Kind] ?? other.kind}）` : ''}，请待其批准或驳回后再提出`,
          en: `${itemCode} has an undecided change request${other ? ` (${other.requestId}, ${other.kind})` : ''}; it is approved or rejected first`,
        });
      }
      if (!(await complete(request, state(current)))) {
        await audit.forget(entry);
        throw wrongStatus(itemCode, (await items.latest(itemCode))?.status ?? ItemStatus.Published, kind);
      }
      await audit.record(entry);
      return view((await requests.get(requestId))!);
    },

    /** A second person of the service office approves: the change takes effect now, once. */
    async approve(requestId: string, by: ItemActor, comment: string | null, now: Date): Promise<RequestView> {
      const r = await mustGetRequest(requestId);
      if (by.role !== Role.ServiceOffice) throw new DomainError('SERVICE_OFFICE_ONLY', ErrorKind.Forbidden, {
        zh: `事项变更申请 ${requestId} 由政务服务管理办公室审核，${by.username}（${by.role}）不能审核`,
        en: `only the service office decides item changes such as ${requestId}, not ${by.username} (${by.role})`,
      });
      if (r.proposedBy.username === by.username) throw new DomainError('FOUR_EYES_REQUIRED', ErrorKind.Forbidden, {
        zh: `事项变更申请 ${requestId} 由 ${by.username} 本人提出，须由提出人以外的政务服务管理办公室人员审核`,
        en: `${by.username} proposed ${requestId}; another person of the service office decides it`,
      });
      const resuming = r.status === RequestStatus.Approving && r.decidedBy?.username === by.username;
      if (!resuming && r.status !== RequestStatus.Pending) throw decided(r);
      const entry = await audit.intend({
        at: now, actor: actor(by), action: AuditAction.ItemChangeApproved, ...target(r.itemCode), unit: by.unitCode ?? null,
        before: { status: r.fromStatus ?? null, version: r.kind === ChangeKind.Open && !r.fromStatus ? null : r.baseVersion },
        detail: { requestId, kind: r.kind, reason: r.reason, comment, proposedBy: r.proposedBy.username, changes: r.changes },
      });
      if (!resuming && !(await requests.claim(requestId, person(by), now, comment))) {
        await audit.forget(entry);
        throw decided(await mustGetRequest(requestId));
      }
      const effect = await applyEffect(r);
      if (!effect.ok) {
        await requests.release(requestId, by);
        await audit.forget(entry);
        throw wrongStatus(r.itemCode, effect.status, r.kind as Kind);
      }
      // the same approver sending twice at once: one of the two finishes and records it
      if (!(await requests.finish(requestId, effect.version))) {
        await audit.forget(entry);
        throw decided(await mustGetRequest(requestId));
      }
      await audit.record({ ...entry, after: { status: r.toStatus, version: effect.version } });
      return view((await requests.get(requestId))!);
    },

    /** A second person of the service office rejects: nothing changes (an open's draft stays a draft). */
    async reject(requestId: string, by: ItemActor, comment: string, now: Date): Promise<RequestView> {
      const r = await mustGetRequest(requestId);
      if (by.role !== Role.ServiceOffice) throw new DomainError('SERVICE_OFFICE_ONLY', ErrorKind.Forbidden, {
        zh: `事项变更申请 ${requestId} 由政务服务管理办公室审核，${by.username}（${by.role}）不能审核`,
        en: `only the service office decides item changes such as ${requestId}, not ${by.username} (${by.role})`,
      });
      if (r.proposedBy.username === by.username) throw new DomainError('FOUR_EYES_REQUIRED', ErrorKind.Forbidden, {
        zh: `事项变更申请 ${requestId} 由 ${by.username} 本人提出，须由提出人以外的政务服务管理办公室人员审核`,
        en: `${by.username} proposed ${requestId}; another person of the service office decides it`,
      });
      if (r.status !== RequestStatus.Pending) throw decided(r);
      const current = state(await items.latest(r.itemCode));
      const entry = await audit.intend({
        at: now, actor: actor(by), action: AuditAction.ItemChangeRejected, ...target(r.itemCode), unit: by.unitCode ?? null,
        before: current, after: current, detail: { requestId, kind: r.kind, reason: r.reason, comment, proposedBy: r.proposedBy.username },
      });
      if (!(await requests.reject(requestId, person(by), now, comment))) {
        await audit.forget(entry);
        throw decided(await mustGetRequest(requestId));
      }
      await audit.record(entry);
      return view((await requests.get(requestId))!);
    },

    async request(requestId: string): Promise<RequestView> {
      return view(await mustGetRequest(requestId));
    },

    async requests(filter: { itemCode?: string; status?: string }): Promise<RequestView[]> {
      return (await requests.list(filter)).map(view);
    },

    /** The catalogue as staff see it: each item's newest version, whatever its status, and its undecided request. */
    async catalogue() {
      const [latest, open] = await Promise.all([items.listLatest(), requests.list({ status: RequestStatus.Pending })]);
      const pending = new Map(open.map((r) => [r.itemCode, r.requestId]));
      return latest.map((i) => ({ item: i, pendingRequest: pending.get(i.code) ?? null }));
    },

    /** Every version of an item (the newest is current) and every change request, newest first. */
    async history(code: string) {
      const versions = await items.versions(code);
      if (!versions.length) throw new DomainError('ITEM_NOT_FOUND', ErrorKind.NotFound, { zh: `事项 ${code} 不存在`, en: `no service item ${code}` });
      return { code, current: versions.at(-1)!, versions, requests: (await requests.list({ itemCode: code })).map(view) };
    },

    /** Records the item's evaluation for a year (seed 000 §16); the volume is counted from the applications. */
    async evaluate(input: EvaluateInput, by: ItemActor, now: Date) {
      const item = await mustGetItem(input.itemCode);
      if (item.status === ItemStatus.Draft) throw wrongStatus(item.code, item.status, 'evaluate');
      if (input.year > officeYear(now)) {
        throw new DomainError('EVALUATION_YEAR_IN_FUTURE', ErrorKind.Validation, { zh: `评估年度 ${input.year} 尚未开始，今年是 ${officeYear(now)} 年`, en: `${input.year} has not begun; the current year is ${officeYear(now)}` });
      }
      const volume = await deps.applications.countFiled(item.code, yearStart(input.year), yearStart(input.year + 1));
      const evaluation = {
        itemCode: item.code, year: input.year, itemVersion: item.version, itemStatus: item.status, demand: input.demand, volume,
        problems: input.problems, decision: input.decision, by: person(by), at: now,
      };
      const entry = await audit.intend({
        at: now, actor: actor(by), action: AuditAction.ItemEvaluated, ...target(item.code), unit: by.unitCode ?? null,
        before: state(item), after: state(item), detail: { year: input.year, volume, decision: input.decision, problems: input.problems.length },
      });
      if (!(await evaluations.insert(evaluation))) {
        await audit.forget(entry);
        throw new DomainError('EVALUATION_EXISTS', ErrorKind.Conflict, { zh: `事项 ${item.code} 的 ${input.year} 年度评估已记录`, en: `${item.code} is already evaluated for ${input.year}` });
      }
      await audit.record(entry);
      return evaluation;
    },

    async evaluations(code: string) {
      await mustGetItem(code);
      return evaluations.list(code);
    },
  };
}
export type ItemGovernanceService = ReturnType<typeof createItemGovernanceService>;
