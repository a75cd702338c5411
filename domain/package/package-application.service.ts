import { maskIdNumber } from '../account/account.service.js';
import { ActorKind, AuditAction } from '../audit/audit-entry.model.js';
import { workerActor, type AuditService } from '../audit/audit.service.js';
import type { StartedStep, StepDeadlineService } from '../deadline/step-deadline.service.js';
import type { StepLimit } from '../deadline/deadline.service.js';
import { NoticeKind } from '../notification/notice.model.js';
import type { PersonNotice } from '../notification/notification.service.js';
import { routeSteps, treeOf } from '../organisation/routing.js';
import type { UnitRepository } from '../organisation/unit.repository.js';
import type { SequenceRepository } from '../sequence/sequence.repository.js';
import type { ServiceItemRepository } from '../service-item/service-item.repository.js';
import { CaseKind } from '../shared/constants.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import type { TaskRecord } from '../task/task.repository.js';
import { jointAnswer, mergedMaterials, type BranchAnswer } from './package-rules.js';
import type { PackageGovernanceService } from './package-governance.service.js';
import type { PackageApplicationRecord, PackageApplicationRepository } from './package-application.repository.js';

export const PACKAGE_PROCESS = 'package-approval';
/** the branches package-approval.bpmn carries; a package of fewer items skips the rest */
export const MAX_BRANCHES = 4;
/** the step of branch n: each branch has its own clock, task and cards, so each has its own step name */
export const branchStep = (n: number) => `approve-${n}`;
const branchOf = (step: string) => Number(/^approve-(\d+)$/.exec(step)?.[1] ?? NaN);

export interface PackageActor { username: string; role: string; unitCode?: string | null }
export interface FilePackageInput {
  packageCode: string; communityCode: string; applicant: { name: string; idNumber: string }; applicantUsername?: string | null;
  /** the names of the merged form's materials the applicant brought */
  materials: string[];
}
const minutes = (l: StepLimit) => (l.unit === 'working-days' ? l.value * 480 : l.value * 60);

/**
 * Package applications (seed 004 §19, 003 §5(6)): one form merged from the items' materials, one acceptance at the
 * community's window, one case number; each item's approval in its own department at once, each with its limit and
 * cards and deemed approval on timeout (003 §5(2)); one joint answer to the applicant with every refusal's reasons.
 */
export function createPackageApplicationService(deps: {
  cases: PackageApplicationRepository; packages: PackageGovernanceService; items: ServiceItemRepository; units: UnitRepository; sequences: SequenceRepository;
  engine: { startInstance(processId: string, variables: Record<string, unknown>, businessKey?: string): Promise<string> };
  deadlines: StepDeadlineService; audit: AuditService; tasksOf(caseNumber: string): Promise<TaskRecord[]>; caseStarted?(processInstanceKey: string): Promise<unknown>;
  notify(notice: PersonNotice, now: Date): Promise<unknown>; utcOffsetMinutes: number;
}) {
  const { cases, audit } = deps;
  const who = (by: PackageActor) => ({ kind: ActorKind.User, id: by.username, role: by.role });

  async function mustGet(packageNumber: string): Promise<PackageApplicationRecord> {
    const c = await cases.get(packageNumber);
    if (!c) throw new DomainError('PACKAGE_CASE_NOT_FOUND', ErrorKind.NotFound, { zh: `套餐办件 ${packageNumber} 不存在`, en: `no package application ${packageNumber}` });
    return c;
  }

  /** The form of a package: its items and the one list of materials merged from theirs. */
  async function form(packageCode: string) {
    const p = await deps.packages.get(packageCode);
    return { ...(await deps.packages.describe(p)), materials: mergedMaterials(await deps.packages.itemsOf(p.itemCodes)) };
  }

  /** What the applicant, the lead department and each department see: each branch's state, from its task. */
  async function view(c: PackageApplicationRecord) {
    const tasks = await deps.tasksOf(c.packageNumber);
    return {
      packageNumber: c.packageNumber, packageCode: c.packageCode, packageName: c.packageName, leadDepartment: c.leadDepartment, channel: c.channel,
      applicant: { name: c.applicant?.name ?? '', idNumber: maskIdNumber(c.applicant?.idNumber ?? '') }, communityCode: c.communityCode, status: c.status,
      filedAt: c.filedAt, acceptedAt: c.acceptedAt ?? null, acceptedBy: c.acceptedBy ?? null, outcome: c.outcome ?? null,
      answer: c.answer?.zh ? { zh: c.answer.zh, en: c.answer.en ?? '' } : null, answeredAt: c.answeredAt ?? null,
      materials: (c.materials ?? []).map((m) => ({ name: m.name ?? '', required: !!m.required, provided: !!m.provided, items: [...(m.items ?? [])] })),
      branches: c.branches.map((b) => {
        const task = tasks.filter((t) => t.step === branchStep(b.n)).at(-1);
        const state = b.decision ? 'done' : task?.state === 'completed' ? 'done' : task ? 'open' : 'waiting';
        return {
          n: b.n, itemCode: b.itemCode, itemName: b.itemName, departmentCode: b.departmentCode, departmentName: b.departmentName, unit: b.unit,
          deemedApproval: !!b.deemedApproval, decision: b.decision ?? (task?.state === 'completed' ? String((task.result as Record<string, unknown> | null)?.approveDecision ?? '') || null : null),
          reasons: [...(b.reasons ?? [])], state, userTaskKey: task?.userTaskKey ?? null, assignee: task?.assignee ?? null, dueAt: task?.dueAt ?? null,
        };
      }),
    };
  }

  return {
    form,
    view,
    get: mustGet,
    byProcessInstance: (key: string) => cases.byProcessInstance(key),
    async ofApplicant(username: string) {
      return Promise.all((await cases.ofApplicant(username)).map(view));
    },
    async ofUnit(unitCode: string) {
      return Promise.all((await cases.ofUnit(unitCode)).map(view));
    },

    /**
     * Files and accepts a package application at the window (seed 004 §18–19): one form, one acceptance. A required
     * material missing is told at once, all of them (一次性告知), and nothing is filed; accepted, each item is routed to
     * its department for the applicant's community, and the parallel approval starts.
     */
    async fileAndAccept(input: FilePackageInput, by: PackageActor, now: Date) {
      const p = await deps.packages.get(input.packageCode);
      if (p.status !== 'published') throw new DomainError('PACKAGE_NOT_OPEN', ErrorKind.Conflict, { zh: `套餐 ${p.code}（${p.name}）已暂停受理`, en: `package ${p.code} (${p.name}) is suspended` });
      if (by.unitCode !== input.communityCode) throw new DomainError('NOT_YOUR_COMMUNITY', ErrorKind.Forbidden, {
        zh: `${by.username} 属于 ${by.unitCode ?? '（无）'}，不能在社区 ${input.communityCode} 受理套餐申请`, en: `${by.username} of ${by.unitCode ?? '(none)'} cannot accept for community ${input.communityCode}`,
      });
      const items = await deps.packages.itemsOf(p.itemCodes);
      if (items.length !== p.itemCodes.length) throw new DomainError('PACKAGE_ITEM_CLOSED', ErrorKind.Conflict, {
        zh: `套餐 ${p.code} 的事项 ${p.itemCodes.filter((c) => !items.some((i) => i.code === c)).join('、')} 未在受理`, en: `items of package ${p.code} are not open: ${p.itemCodes.filter((c) => !items.some((i) => i.code === c)).join(', ')}`,
      });
      const materials = mergedMaterials(items);
      const missing = materials.filter((m) => m.required && !input.materials.includes(m.name)).map((m) => m.name);
      if (missing.length) throw new DomainError('PACKAGE_MATERIALS_MISSING', ErrorKind.Validation, {
        zh: `材料不齐全，暂不受理。请一次性补齐：${missing.join('；')}`, en: `materials missing, not accepted; bring all of these at once: ${missing.join('; ')}`,
      }, { missing });
      const tree = treeOf(await deps.units.list());
      const branches = await Promise.all(items.map(async (item, i) => {
        const full = (await deps.items.latest(item.code))!;
        const routes = routeSteps(tree, { category: full.category, departmentCode: full.departmentCode, stepUnits: (full.stepUnits ?? null) as Record<string, string> | null }, input.communityCode);
        // the item's approving step: approve for an online item, decide for an on-site one
        const unit = routes.approve ?? routes.decide ?? routes.review ?? full.departmentCode;
        return { n: i + 1, itemCode: item.code, itemName: item.name, departmentCode: item.departmentCode, departmentName: tree.get(item.departmentCode)?.name ?? item.departmentCode, unit, deemedApproval: !!full.deemedApproval, decision: null, reasons: [] };
      }));
      if (branches.length > MAX_BRANCHES) throw new DomainError('PACKAGE_TOO_LARGE', ErrorKind.Validation, { zh: `套餐并联审批最多 ${MAX_BRANCHES} 个事项，套餐 ${p.code} 有 ${branches.length} 个`, en: `parallel approval runs at most ${MAX_BRANCHES} items; package ${p.code} has ${branches.length}` });
      const year = new Date(now.getTime() + deps.utcOffsetMinutes * 60_000).getUTCFullYear();
      const packageNumber = `TC${year}${String(await deps.sequences.next(`package:${year}`)).padStart(6, '0')}`;
      await cases.insert({
        packageNumber, packageCode: p.code, packageVersion: p.version, packageName: p.name, leadDepartment: p.leadDepartment,
        applicant: input.applicant, applicantUsername: input.applicantUsername ?? null, channel: 'window', communityCode: input.communityCode,
        materials: materials.map((m) => ({ name: m.name, required: m.required, items: m.items, provided: input.materials.includes(m.name) })),
        filedBy: by.username, filedAt: now, acceptedBy: by.username, acceptedAt: now, status: 'approving', branches,
      });
      const about = { caseNumber: packageNumber, caseKind: CaseKind.Package, unit: input.communityCode, target: { kind: 'package-application', id: packageNumber } };
      await audit.record({ ...about, at: now, actor: who(by), action: AuditAction.PackageApplicationFiled, detail: { packageCode: p.code, channel: 'window', items: p.itemCodes } });
      await audit.record({ ...about, at: now, actor: who(by), action: AuditAction.PackageApplicationAccepted, post: 'acceptor',
        detail: { branches: branches.map((b) => ({ itemCode: b.itemCode, unit: b.unit })) } });
      const processInstanceKey = await deps.engine.startInstance(PACKAGE_PROCESS, {
        packageNumber, leadDepartment: p.leadDepartment, branchCount: branches.length,
        branches: branches.map((b) => ({ n: b.n, itemCode: b.itemCode, unit: b.unit, deemedApproval: b.deemedApproval })),
      }, packageNumber);
      const c = (await cases.update(packageNumber, { $set: { processInstanceKey } }))!;
      await deps.caseStarted?.(processInstanceKey);
      return view(c);
    },

    /** Branch n's clock: its item's approval limit, no longer than the package's own limit set by the lead department. */
    async branchClock(jobKey: string, packageNumber: string, step: string, now: Date): Promise<StartedStep> {
      const c = await mustGet(packageNumber);
      const b = c.branches.find((x) => x.n === branchOf(step));
      if (!b) throw new Error(`package ${packageNumber} has no branch for step ${step}`);
      const item = await deps.items.latest(b.itemCode);
      const p = await deps.packages.get(c.packageCode);
      const limits = (item?.stepLimits ?? {}) as Record<string, StepLimit>;
      const own = limits.approve ?? limits.decide ?? (item!.totalLimit as StepLimit);
      const limit = minutes(own) <= minutes(p.totalLimit as StepLimit) ? own : (p.totalLimit as StepLimit);
      return deps.deadlines.startFixedStep(jobKey, packageNumber, step, limit, { caseKind: CaseKind.Package, unit: b.unit, itemCode: b.itemCode }, now);
    },

    /**
     * The one joint answer (seed 004 §19 统一反馈): each branch's answer is stored, and one notice goes to the applicant,
     * approving only when all approved, else listing each refusing department's reasons. Safe to run twice.
     */
    async answer(packageNumber: string, answers: { n: number; decision: string | null; reasons?: string[] | null }[], now: Date) {
      const c = await mustGet(packageNumber);
      const branchAnswers: BranchAnswer[] = c.branches.map((b) => {
        const a = answers.find((x) => x.n === b.n);
        const decision = (a?.decision === 'not-approved' || a?.decision === 'deemed-approved' ? a.decision : 'approved') as BranchAnswer['decision'];
        return { itemCode: b.itemCode, itemName: b.itemName, departmentCode: b.departmentCode, departmentName: b.departmentName, decision, reasons: a?.reasons ?? [] };
      });
      const joint = jointAnswer(branchAnswers);
      const branches = c.branches.map((b, i) => ({ ...b, decision: branchAnswers[i]!.decision, reasons: branchAnswers[i]!.reasons ?? [] }));
      const done = await cases.update(packageNumber, { $set: { status: 'answered', outcome: joint.outcome, answer: { zh: joint.zh, en: joint.en }, answeredAt: now, branches } }, { status: 'approving' });
      const about = { caseNumber: packageNumber, caseKind: CaseKind.Package, unit: c.leadDepartment, target: { kind: 'package-application', id: packageNumber } };
      if (done) {
        for (const b of branches) {
          await audit.record({ ...about, at: now, actor: workerActor('answer-package'), action: AuditAction.PackageBranchDecided, itemCode: b.itemCode, unit: b.unit, key: `package-branch:${packageNumber}:${b.n}`,
            detail: { n: b.n, decision: b.decision, reasons: b.reasons } });
        }
        await audit.record({ ...about, at: now, actor: workerActor('answer-package'), action: AuditAction.PackageAnswered, key: `package-answer:${packageNumber}`, detail: { outcome: joint.outcome } });
      }
      if (c.applicantUsername) {
        await deps.notify({
          key: `package:${packageNumber}:answer`, kind: NoticeKind.PackageAnswered, username: c.applicantUsername, subject: { kind: 'package', id: packageNumber },
          itemCode: null, unit: c.leadDepartment, text: `【${c.packageName}】套餐办件 ${packageNumber}：${joint.zh}`,
        }, now);
      }
      return { outcome: joint.outcome, zh: joint.zh, en: joint.en };
    },
  };
}
export type PackageApplicationService = ReturnType<typeof createPackageApplicationService>;
