import { Type, type Static } from '@sinclair/typebox';
import { Role } from '../account/account.model.js';
import { ActorKind, AuditAction } from '../audit/audit-entry.model.js';
import type { AuditService } from '../audit/audit.service.js';
import type { SequenceRepository } from '../sequence/sequence.repository.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { RequestStatus } from '../service-item/change-request.model.js';
import type { ChangeRequestRecord, ChangeRequestRepository } from '../service-item/change-request.repository.js';
import type { ItemActor } from '../service-item/item-governance.service.js';
import type { ServiceItemRepository } from '../service-item/service-item.repository.js';
import { checkPackage, type PackageItem } from './package-rules.js';
import type { PackageFields, ServicePackageRecord, ServicePackageRepository } from './service-package.repository.js';

/** A package's definition as proposed: code, name, items, lead department and its limit (seed 004 §19). */
export const PackageInput = Type.Object({
  code: Type.String({ pattern: '^[A-Z0-9-]{2,32}$', description: '套餐编码' }),
  name: Type.String({ minLength: 2, maxLength: 100, description: '套餐名称' }),
  itemCodes: Type.Array(Type.String({ pattern: '^[A-Z0-9-]{2,32}$' }), { minItems: 2, maxItems: 8, uniqueItems: true, description: '包含的事项' }),
  leadDepartment: Type.String({ pattern: '^[A-Z0-9-]{2,32}$', description: '牵头部门' }),
  totalLimit: Type.Object({
    value: Type.Number({ minimum: 0.01, maximum: 365 }),
    unit: Type.Union([Type.Literal('working-days'), Type.Literal('working-hours')]),
  }, { additionalProperties: false, description: '办结时限（牵头部门设定，不长于最长事项的法定时限）' }),
  description: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });
export type PackageInput = Static<typeof PackageInput>;

export const PackageChangeKind = { Open: 'open', Change: 'change', Suspend: 'suspend', Resume: 'resume' } as const;
export type PackageChangeKind = (typeof PackageChangeKind)[keyof typeof PackageChangeKind];
const KIND_ZH: Record<PackageChangeKind, string> = { open: '开通', change: '变更', suspend: '暂停', resume: '恢复' };
const FROM: Record<PackageChangeKind, (string | null)[]> = { open: [null], change: ['published'], suspend: ['published'], resume: ['suspended'] };
const TO: Record<PackageChangeKind, string> = { open: 'published', change: 'published', suspend: 'suspended', resume: 'published' };
const STATUS_ZH: Record<string, string> = { published: '正在受理', suspended: '已暂停受理' };
/** a package's request takes its one open slot under this key, apart from the items' codes */
const slot = (code: string) => `package:${code}`;

/**
 * Package definitions (seed 004 §19) go through the items' four-eyes change requests (seed 004 §12): the service
 * office, or the business owner of the lead department, proposes; another person of the service office approves;
 * the same request store, one undecided request per package, every step in the audit trail.
 */
export function createPackageGovernanceService(deps: {
  packages: ServicePackageRepository; requests: ChangeRequestRepository; items: ServiceItemRepository; sequences: SequenceRepository; audit: AuditService;
  departmentName(code: string): Promise<string | null>; utcOffsetMinutes: number;
}) {
  const { packages, requests, items, audit } = deps;
  const person = (by: ItemActor) => ({ username: by.username, role: by.role });
  const actor = (by: ItemActor) => ({ kind: ActorKind.User, id: by.username, role: by.role });
  const target = (code: string) => ({ kind: 'service-package', id: code });

  /** The package's items as the rules read them: the current version of each. */
  async function itemsOf(codes: readonly string[]): Promise<PackageItem[]> {
    const found = await Promise.all(codes.map((c) => items.latest(c)));
    return found.filter((i): i is NonNullable<typeof i> => !!i && i.status === 'published').map((i) => ({
      code: i.code, name: i.name, departmentCode: i.departmentCode, totalLimit: i.totalLimit as PackageItem['totalLimit'],
      materials: (i.materials ?? []).map((m) => ({ name: m.name!, form: m.form!, count: m.count!, required: !!m.required })),
    }));
  }
  async function check(p: PackageInput) {
    checkPackage(p, await itemsOf(p.itemCodes));
    if (!(await deps.departmentName(p.leadDepartment))) throw new DomainError('DEPARTMENT_UNKNOWN', ErrorKind.Validation, { zh: `牵头部门 ${p.leadDepartment} 不存在`, en: `${p.leadDepartment} is not a department` });
  }
  async function mustGetRequest(requestId: string): Promise<ChangeRequestRecord> {
    const r = await requests.get(requestId);
    if (!r || r.subject !== 'package') throw new DomainError('CHANGE_REQUEST_NOT_FOUND', ErrorKind.NotFound, { zh: `套餐变更申请 ${requestId} 不存在`, en: `no package change request ${requestId}` });
    return r;
  }
  function mayDecide(r: ChangeRequestRecord, by: ItemActor) {
    if (by.role !== Role.ServiceOffice) throw new DomainError('SERVICE_OFFICE_ONLY', ErrorKind.Forbidden, {
      zh: `套餐变更申请 ${r.requestId} 由政务服务管理办公室审核，${by.username}（${by.role}）不能审核`,
      en: `only the service office decides package changes such as ${r.requestId}, not ${by.username} (${by.role})`,
    });
    if (r.proposedBy.username === by.username) throw new DomainError('FOUR_EYES_REQUIRED', ErrorKind.Forbidden, {
      zh: `套餐变更申请 ${r.requestId} 由 ${by.username} 本人提出，须由提出人以外的政务服务管理办公室人员审核`,
      en: `${by.username} proposed ${r.requestId}; another person of the service office decides it`,
    });
    if (r.status !== RequestStatus.Pending) throw new DomainError('REQUEST_ALREADY_DECIDED', ErrorKind.Conflict, {
      zh: `套餐变更申请 ${r.requestId} 已${r.status === RequestStatus.Rejected ? '被驳回' : '审核'}（${r.decidedBy?.username ?? ''}），只能审核一次`,
      en: `package change request ${r.requestId} is ${r.status} (${r.decidedBy?.username ?? ''}); it is decided once`,
    }, { status: r.status });
  }
  const view = (r: ChangeRequestRecord) => ({
    requestId: r.requestId, packageCode: r.itemCode, kind: r.kind as PackageChangeKind, status: r.status, reason: r.reason, changes: [...(r.changes ?? [])],
    fromStatus: r.fromStatus ?? null, toStatus: r.toStatus, package: (r.item as PackageInput | null) ?? null,
    proposedBy: { username: r.proposedBy.username, role: r.proposedBy.role }, proposedAt: r.proposedAt,
    decidedBy: r.decidedBy ? { username: r.decidedBy.username, role: r.decidedBy.role } : null, decidedAt: r.decidedAt ?? null, comment: r.comment ?? null,
  });

  /** The package with its items, departments and merged materials, as the pages and the filing read it. */
  async function describe(p: ServicePackageRecord) {
    const its = await itemsOf(p.itemCodes);
    const departments = await Promise.all(its.map(async (i) => ({ code: i.departmentCode, name: (await deps.departmentName(i.departmentCode)) ?? i.departmentCode })));
    return {
      code: p.code, name: p.name, version: p.version, status: p.status, description: p.description ?? '', leadDepartment: p.leadDepartment,
      leadDepartmentName: (await deps.departmentName(p.leadDepartment)) ?? p.leadDepartment, totalLimit: { value: p.totalLimit.value, unit: p.totalLimit.unit as 'working-days' | 'working-hours' },
      items: its.map((i, n) => ({ code: i.code, name: i.name, departmentCode: i.departmentCode, departmentName: departments[n]!.name, totalLimit: i.totalLimit })),
    };
  }

  return {
    itemsOf,
    describe,
    async get(code: string) {
      const p = await packages.get(code);
      if (!p) throw new DomainError('PACKAGE_NOT_FOUND', ErrorKind.NotFound, { zh: `套餐 ${code} 不存在`, en: `no package ${code}` });
      return p;
    },
    async list() {
      return packages.list();
    },
    /** The demo package, published without a request (demo data only); false when it is stored already. */
    async seed(p: PackageInput) {
      return packages.insertFirst({ ...p, description: p.description ?? '' }, null);
    },

    /** Proposes a package change; nothing changes until another person of the service office approves it. */
    async propose(input: { packageCode: string; kind: PackageChangeKind; reason: string; package?: PackageInput }, by: ItemActor, now: Date) {
      const { packageCode: code, kind } = input;
      const withElements = kind === 'open' || kind === 'change';
      if (withElements !== !!input.package) throw new DomainError(withElements ? 'PACKAGE_ELEMENTS_REQUIRED' : 'PACKAGE_ELEMENTS_NOT_EXPECTED', ErrorKind.Validation, {
        zh: withElements ? `${KIND_ZH[kind]}（${kind}）套餐须提交完整的套餐定义（package）` : `${KIND_ZH[kind]}（${kind}）只改变套餐状态，无需提交套餐定义（package）`,
        en: withElements ? `${kind} needs the package's definition (package)` : `${kind} changes the status only; send no package`,
      });
      if (input.package && input.package.code !== code) throw new DomainError('PACKAGE_CODE_MISMATCH', ErrorKind.Validation, { zh: `package.code ${input.package.code} 与地址中的套餐编码 ${code} 不一致`, en: `package.code ${input.package.code} is not ${code}` });
      const current = await packages.get(code);
      const from = current?.status ?? null;
      if (!FROM[kind].includes(from)) throw new DomainError(`PACKAGE_IS_${(from ?? 'missing').toUpperCase()}`, from ? ErrorKind.Conflict : ErrorKind.NotFound, {
        zh: `套餐 ${code} ${from ? STATUS_ZH[from] ?? from : '不存在'}，不能${KIND_ZH[kind]}`, en: `package ${code} is ${from ?? 'missing'}; ${kind} does not apply`,
      });
      const lead = input.package?.leadDepartment ?? current?.leadDepartment;
      // the lead department sets the package's limit (seed 004 §19); its business owner may propose, the service office any
      if (by.role === Role.BusinessOwner ? lead !== by.unitCode : by.role !== Role.ServiceOffice) throw new DomainError('PACKAGE_NOT_YOURS', ErrorKind.Forbidden, {
        zh: `套餐 ${code} 由牵头部门 ${lead ?? '（未定）'} 的业务主管或政务服务管理办公室提出申请，${by.username}（${by.role}）不能`,
        en: `package ${code} changes are proposed by the service office or the business owner of its lead department ${lead ?? '(none)'}, not ${by.username} (${by.role})`,
      });
      if (input.package) await check(input.package);
      const changes = current && input.package ? (Object.keys(input.package) as (keyof PackageInput)[]).filter((k) => JSON.stringify(input.package![k] ?? '') !== JSON.stringify((current as Record<string, unknown>)[k] ?? '')) : [];
      if (kind === 'change' && !changes.length) throw new DomainError('PACKAGE_UNCHANGED', ErrorKind.Validation, { zh: `提交的套餐定义与 ${code} 第 ${current!.version} 版相同，没有可变更的内容`, en: `the definition is that of ${code} version ${current!.version}; nothing to change` });
      const year = new Date(now.getTime() + deps.utcOffsetMinutes * 60_000).getUTCFullYear();
      const requestId = `CR${year}${String(await deps.sequences.next(`item-change:${year}`)).padStart(6, '0')}`;
      const request = {
        requestId, subject: 'package' as const, itemCode: code, kind, baseVersion: current?.version ?? null, fromStatus: from, toStatus: TO[kind], item: input.package ?? null,
        changes, reason: input.reason, proposedBy: person(by), proposedAt: now, openFor: slot(code),
      };
      if (!(await requests.insert(request))) {
        const other = await requests.undecidedFor(slot(code));
        throw new DomainError('PACKAGE_REQUEST_PENDING', ErrorKind.Conflict, {
          zh: `套餐 ${code} 已有待审核的变更申请${other ? `（${other.requestId}）` : ''}，请待其批准或驳回后再提出`,
          en: `package ${code} has an undecided change request${other ? ` (${other.requestId})` : ''}; it is approved or rejected first`,
        });
      }
      await audit.record({ at: now, actor: actor(by), action: AuditAction.PackageChangeProposed, target: target(code), unit: by.unitCode ?? null,
        before: current ? { status: current.status, version: current.version } : null, detail: { requestId, kind, reason: input.reason, changes } });
      return view((await requests.get(requestId))!);
    },

    /** A second person of the service office approves: the package opens or changes now, once. */
    async approve(requestId: string, by: ItemActor, comment: string | null, now: Date) {
      const r = await mustGetRequest(requestId);
      mayDecide(r, by);
      const proposed = r.item as PackageInput | null;
      if (proposed) await check(proposed); // the items may have changed since the proposal
      if (!(await requests.claim(requestId, person(by), now, comment))) mayDecide(await mustGetRequest(requestId), by);
      const fields: PackageFields | null = proposed ? { ...proposed, description: proposed.description ?? '' } : null;
      const applied = r.kind === 'open'
        ? await packages.insertFirst(fields!, requestId)
        : await packages.replace(r.itemCode, r.baseVersion ?? 1, { ...(fields ?? {}), status: r.toStatus }, requestId);
      if (!applied) {
        await requests.release(requestId, person(by));
        throw new DomainError('PACKAGE_CHANGED', ErrorKind.Conflict, { zh: `套餐 ${r.itemCode} 在申请提出后已有变化，申请 ${requestId} 无法生效`, en: `package ${r.itemCode} changed since ${requestId} was proposed; it cannot take effect` });
      }
      const version = (await packages.get(r.itemCode))!.version;
      await requests.finish(requestId, version);
      await audit.record({ at: now, actor: actor(by), action: AuditAction.PackageChangeApproved, target: target(r.itemCode), unit: by.unitCode ?? null,
        after: { status: r.toStatus, version }, detail: { requestId, kind: r.kind, comment, proposedBy: r.proposedBy.username } });
      return view((await requests.get(requestId))!);
    },

    async reject(requestId: string, by: ItemActor, comment: string, now: Date) {
      const r = await mustGetRequest(requestId);
      mayDecide(r, by);
      if (!(await requests.reject(requestId, person(by), now, comment))) mayDecide(await mustGetRequest(requestId), by);
      await audit.record({ at: now, actor: actor(by), action: AuditAction.PackageChangeRejected, target: target(r.itemCode), unit: by.unitCode ?? null,
        detail: { requestId, kind: r.kind, comment, proposedBy: r.proposedBy.username } });
      return view((await requests.get(requestId))!);
    },

    async requests(filter: { packageCode?: string; status?: string }) {
      return (await requests.list({ subject: 'package', itemCode: filter.packageCode, status: filter.status })).map(view);
    },
  };
}
export type PackageGovernanceService = ReturnType<typeof createPackageGovernanceService>;
