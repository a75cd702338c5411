import { CaseKind } from '../shared/constants.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { op } from '../shared/trusted.js';
import { AuditAction, ActorKind } from '../audit/audit-entry.model.js';
import { workerActor, type AuditInput, type AuditService } from '../audit/audit.service.js';
import type { ProcessEngine } from '../application/application.service.js';
import type { PrintSerialService } from '../print-serial/print-serial.service.js';
import { JobType } from '../process-model/job-types.js';
import type { SequenceRepository } from '../sequence/sequence.repository.js';
import type { ServiceItemRepository } from '../service-item/service-item.repository.js';
import { RequisitionStatus } from './requisition.model.js';
import type { RequisitionRecord as Requisition, RequisitionRepository } from './requisition.repository.js';

export const REQUISITION_PROCESS = 'certificate-requisition';
const MAX_QUANTITY = 500;

/** `first` and the next `count - 1` serials, keeping the width of the number at its end (DSZN-CERT-BINHU-000051 …). */
export function serialRange(first: string, count: number): string[] {
  const m = /^(.*?)(\d+)$/.exec(first);
  if (!m) throw new DomainError('SERIAL_FORMAT', ErrorKind.Validation, { zh: `起始印字号 ${first} 不是以数字结尾`, en: `the first serial ${first} does not end in a number` });
  const [, prefix, digits] = m as unknown as [string, string, string];
  return Array.from({ length: count }, (_, i) => `${prefix}${String(Number(digits) + i).padStart(digits.length, '0')}`);
}

/**
 * 证件预领 (seed 000 §23): the community asks, the issuing department answers within a working day, checks the
 * last period's archives, allocates print serials, and the community confirms them into its stock.
 */
export function createRequisitionService(deps: { requisitions: RequisitionRepository; serials: PrintSerialService; items: ServiceItemRepository; sequences: SequenceRepository; engine: ProcessEngine; audit: AuditService;
  /** the case knows its instance now: tasks the instance created before that get their case */
  caseStarted?(processInstanceKey: string): Promise<unknown> }) {
  const { requisitions, serials, items, sequences, engine, audit } = deps;

  async function mustGet(requisitionNumber: string): Promise<Requisition> {
    const r = await requisitions.get(requisitionNumber);
    if (!r) throw new DomainError('REQUISITION_NOT_FOUND', ErrorKind.NotFound, { zh: `证件预领单 ${requisitionNumber} 不存在`, en: `requisition ${requisitionNumber} does not exist` });
    return r;
  }
  const update = requisitions.update;
  const byWorker = (type: string) => workerActor(type);
  const target = (r: Requisition) => ({ target: { kind: 'requisition', id: r.requisitionNumber }, caseNumber: r.requisitionNumber, caseKind: CaseKind.Requisition, unit: r.communityCode });

  /** Starts the requisition's process, once: a start repeated for the same requisition answers the same instance. */
  async function started(r: Requisition): Promise<Requisition> {
    if (r.processInstanceKey) return r;
    const units = { answer: r.departmentCode, exchange: r.departmentCode, confirm: r.communityCode };
    const processInstanceKey = await engine.startInstance(REQUISITION_PROCESS, {
      requisitionNumber: r.requisitionNumber, communityCode: r.communityCode, departmentCode: r.departmentCode, certificateType: r.certificateType, quantity: r.quantity, units,
    }, `requisition:${r.requisitionNumber}`);
    const started = (await update(r.requisitionNumber, { $set: { processInstanceKey } }))!;
    await deps.caseStarted?.(processInstanceKey);
    return started;
  }
  const filedAfter = (r: Requisition) => ({ status: r.status, certificateType: r.certificateType, quantity: r.quantity, departmentCode: r.departmentCode });
  // a requisition stored before a stop goes on; one never stored was not filed
  audit.settleWith(AuditAction.RequisitionFiled, async (input) => {
    const r = await requisitions.get(input.target.id);
    if (!r) return { done: false, why: 'the requisition was never stored' };
    return { done: true, after: filedAfter(await started(r)) };
  });

  return {
    get: mustGet,

    async byProcessInstance(processInstanceKey: string): Promise<Requisition | null> {
      return requisitions.byProcessInstance(processInstanceKey);
    },

    async list(scope: { unitCode?: string | null; all?: boolean }, limit = 100): Promise<Requisition[]> {
      return requisitions.list(scope, limit);
    },

    /** The blank certificates a community may request: one type per on-site item, and the department that issues it. */
    async certificateTypes(): Promise<{ certificateType: string; itemCode: string; itemName: string; departmentCode: string }[]> {
      const onsite = (await items.listPublished()).filter((i) => i.category === 'onsite-certificate');
      // the first item of a type names it, as request() finds the department by the first one
      const byType = new Map<string, { certificateType: string; itemCode: string; itemName: string; departmentCode: string }>();
      for (const i of onsite) if (!byType.has(i.certificateType)) byType.set(i.certificateType, { certificateType: i.certificateType, itemCode: i.code, itemName: i.name, departmentCode: i.departmentCode });
      return [...byType.values()].sort((a, b) => a.certificateType.localeCompare(b.certificateType));
    },

    /** A community asks for blank certificates of one type; the item catalogue says which department issues them. */
    async request(input: { communityCode: string; certificateType: string; quantity: number; by: { username: string; role: string } }, now: Date): Promise<Requisition> {
      if (!Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > MAX_QUANTITY) {
        throw new DomainError('QUANTITY_INVALID', ErrorKind.Validation, {
          zh: `预领数量须为 1 到 ${MAX_QUANTITY} 张，不能是 ${input.quantity}`, en: `ask for 1 to ${MAX_QUANTITY} certificates, not ${input.quantity}`,
        });
      }
      const item = (await items.listPublished()).find((i) => i.certificateType === input.certificateType && i.category === 'onsite-certificate');
      if (!item) throw new DomainError('CERTIFICATE_TYPE_UNKNOWN', ErrorKind.Validation, {
        zh: `没有现场办证类事项发放 ${input.certificateType} 类证件`, en: `no on-site item issues certificates of type ${input.certificateType}`,
      });
      const year = now.getUTCFullYear();
      const requisitionNumber = `RQ${year}${String(await sequences.next(`requisition:${year}`)).padStart(6, '0')}`;
      const entry = await audit.intend({
        at: now, actor: { kind: ActorKind.User, id: input.by.username, role: input.by.role }, action: AuditAction.RequisitionFiled,
        target: { kind: 'requisition', id: requisitionNumber }, caseNumber: requisitionNumber, caseKind: CaseKind.Requisition, unit: input.communityCode,
      });
      const stored = await requisitions.insert({
        requisitionNumber, communityCode: input.communityCode, departmentCode: item.departmentCode, certificateType: input.certificateType,
        quantity: input.quantity, status: RequisitionStatus.Requested, requestedBy: input.by.username, requestedAt: now,
      });
      const filed = await started(stored);
      await audit.record({ ...entry, ...target(filed), after: filedAfter(filed) });
      return filed;
    },

    /** 档案交接: the last period's one-to-one breaks are listed for the department, and voided forms go back. */
    async checkArchives(requisitionNumber: string, now: Date) {
      const r = await mustGet(requisitionNumber);
      const key = { communityCode: r.communityCode, certificateType: r.certificateType };
      const { breaks } = await serials.oneToOne(key);
      const { moved, returned } = await serials.returnVoided(key, requisitionNumber, r.departmentCode, now);
      const mismatches = breaks.map((b) => ({ kind: b.kind, serial: b.serial ?? '', applicationNumber: b.applicationNumber ?? '', message: b.message }));
      await update(requisitionNumber, { $set: { status: RequisitionStatus.Exchanging, archiveMismatches: mismatches }, $addToSet: { returnedSerials: { $each: returned } } });
      const entry = (list: readonly string[]): AuditInput => ({ at: now, actor: byWorker(JobType.CheckStockArchives), action: AuditAction.SerialsReturned, ...target(r), detail: { serials: list, certificateType: r.certificateType } });
      if (moved.length) {
        await audit.record({ ...entry(returned), key: `returned:${requisitionNumber}` });
      } else if (returned.length) {
        // delivered again: the first run sent the forms back but may have stopped before the requisition listed them or before its entry
        await audit.recordMissing(`returned:${requisitionNumber}`, now, () => entry(returned));
      }
      return { archiveMismatches: mismatches.length, returned };
    },

    /** Checked when the department completes the exchange: the serials must be of the type and still free. */
    async checkAllocation(requisitionNumber: string, firstSerial: string, count: number): Promise<string[]> {
      const r = await mustGet(requisitionNumber);
      if (!firstSerial.startsWith(`${r.certificateType}-`)) {
        throw new DomainError('SERIAL_WRONG_TYPE', ErrorKind.Validation, {
          zh: `预领单 ${requisitionNumber} 的印字号应以 ${r.certificateType}- 开头，${firstSerial} 不是`,
          en: `serials of ${requisitionNumber} start with ${r.certificateType}-, not ${firstSerial}`,
        });
      }
      const open = r.quantity - (await serials.allocatedTo(requisitionNumber)).length - r.bookedCount;
      if (count > open) throw new DomainError('ALLOCATION_TOO_LARGE', ErrorKind.Validation, {
        zh: `预领单 ${requisitionNumber} 还差 ${open} 张证件，调拨 ${count} 张过多`, en: `${open} certificate(s) are still owed on ${requisitionNumber}; ${count} is too many`,
      });
      const range = serialRange(firstSerial, count);
      const taken = await serials.existing(range);
      if (taken.length) throw new DomainError('SERIALS_TAKEN', ErrorKind.Conflict, {
        zh: `以下印字号已存在：${taken.slice(0, 10).join('、')}${taken.length > 10 ? ` 等 ${taken.length} 个` : ''}`,
        en: `these serials exist already: ${taken.slice(0, 10).join(', ')}${taken.length > 10 ? ` … (${taken.length} in all)` : ''}`,
      }, { taken });
      return range;
    },

    /** 调拨印字号: the range goes to the requisition (not yet to the community's stock). */
    async allocate(requisitionNumber: string, firstSerial: string, count: number, now: Date) {
      const r = await mustGet(requisitionNumber);
      const range = serialRange(firstSerial, count);
      const { allocated, taken } = await serials.allocate({ communityCode: r.communityCode, certificateType: r.certificateType }, requisitionNumber, range);
      if (taken.length) throw new DomainError('SERIALS_TAKEN', ErrorKind.Conflict, { zh: `以下印字号已存在：${taken.join('、')}`, en: `these serials exist already: ${taken.join(', ')}` });
      await update(requisitionNumber, { $set: { status: RequisitionStatus.Allocated }, $addToSet: { allocatedSerials: { $each: allocated } } });
      await audit.record({
        at: now, actor: byWorker(JobType.AllocatePrintSerials), action: AuditAction.SerialsAllocated, ...target(r), key: `allocated:${requisitionNumber}:${firstSerial}:${count}`,
        detail: { firstSerial, count, certificateType: r.certificateType },
      });
      return allocated;
    },

    /** The community did not receive some serials: they are taken back and the department allocates again. */
    async withdraw(requisitionNumber: string, missing: readonly string[], now: Date) {
      const r = await mustGet(requisitionNumber);
      const withdrawn = await serials.withdrawAllocation(requisitionNumber, missing);
      await update(requisitionNumber, { $set: { status: RequisitionStatus.Mismatch }, $pull: { allocatedSerials: op({ $in: missing.map(String) }) }, $push: { mismatches: { serials: missing, at: now } } });
      return { withdrawn, communityCode: r.communityCode };
    },

    /** 入库: what the community confirmed goes into its stock; the ledger gets an "in" line per serial. */
    async book(requisitionNumber: string, now: Date) {
      const r = await mustGet(requisitionNumber);
      // what the requisition booked in all: a repeat after a stop before the update below records the first run's serials
      const booked = await serials.book(requisitionNumber, null, now);
      const done = await update(requisitionNumber, { $set: { status: RequisitionStatus.Booked, closedAt: now, bookedCount: booked } }, { status: op({ $ne: RequisitionStatus.Booked }) });
      const entry = async (at: Date, count: number): Promise<AuditInput> => ({
        at, actor: byWorker(JobType.BookPrintSerials), action: AuditAction.SerialsBooked, ...target(r),
        after: { status: RequisitionStatus.Booked, booked: count, balance: await serials.balance(r.communityCode, r.certificateType) },
      });
      if (done) {
        await audit.record({ ...(await entry(now, booked)), key: `booked:${requisitionNumber}` });
      } else if (r.status === RequisitionStatus.Booked) {
        // delivered again: the first run booked the serials but may have stopped before its entry
        await audit.recordMissing(`booked:${requisitionNumber}`, now, () => entry(r.closedAt ?? now, r.bookedCount ?? 0));
      }
      return booked;
    },

    async close(requisitionNumber: string, outcome: 'refused', now: Date) {
      return update(requisitionNumber, { $set: { status: RequisitionStatus.Refused, closedAt: now } }, { status: op({ $nin: [RequisitionStatus.Refused, RequisitionStatus.Booked] }) });
    },
  };
}
export type RequisitionService = ReturnType<typeof createRequisitionService>;
