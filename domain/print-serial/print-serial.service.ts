import { CaseKind } from '../shared/constants.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import type { ApplicationRepository } from '../application/application.repository.js';
import { maskIdNumber } from '../account/account.service.js';
import { AuditAction, ActorKind } from '../audit/audit-entry.model.js';
import type { AuditService } from '../audit/audit.service.js';
import type { OperatorRecordRepository } from '../escalation/operator-record.repository.js';
import type { ServiceItemRepository } from '../service-item/service-item.repository.js';
import { MovementKind, SerialState } from './print-serial.model.js';
import type { PrintSerial, PrintSerialRepository, SerialFilter, StockKey, StockMovement } from './print-serial.repository.js';

export type { StockKey };
export type { SerialFilter };

/** The states in the words of the community's stock book, for refusals a keeper reads. */
const STATE_ZH: Record<string, string> = {
  [SerialState.Allocated]: '已调拨、尚未确认入库', [SerialState.InStock]: '在库', [SerialState.Used]: '已使用',
  [SerialState.Voided]: '已核销', [SerialState.Returned]: '已核销并退回发证部门',
};
const STATE_EN: Record<string, string> = {
  [SerialState.Allocated]: 'allocated but not yet booked into stock', [SerialState.InStock]: 'in stock', [SerialState.Used]: 'used',
  [SerialState.Voided]: 'voided already', [SerialState.Returned]: 'voided and returned to the issuing department',
};
export interface StockBreak { kind: string; serial: string | null; applicationNumber: string | null; message: string }

/**
 * The community's certificate stock (seed 000 §22–25): serials come in from a requisition, each is used for
 * one application or voided with a reason, and voided forms go back at the next requisition. Every move is a
 * ledger line; a serial changes state only by an atomic conditional update, so it is used once, ever.
 */
export function createPrintSerialService(deps: { stock: PrintSerialRepository; applications: ApplicationRepository; items: ServiceItemRepository; records: OperatorRecordRepository; audit: AuditService }) {
  const { stock, applications, items, records, audit } = deps;

  async function move(m: Omit<StockMovement, 'applicationNumber' | 'requisitionNumber' | 'operator' | 'reason'> & Partial<StockMovement>) {
    await stock.recordMovement({ applicationNumber: null, requisitionNumber: null, operator: null, reason: null, ...m });
  }

  /** Takes the lowest serial in stock for an application, atomically. */
  async function take(key: StockKey, applicationNumber: string, now: Date): Promise<PrintSerial> {
    const taken = await stock.takeLowest(key, applicationNumber, now);
    if (!taken) {
      throw new DomainError('PRINT_SERIAL_OUT_OF_STOCK', ErrorKind.Conflict, {
        zh: `社区 ${key.communityCode} 没有 ${key.certificateType} 空白证件库存，请先申请证件预领`,
        en: `community ${key.communityCode} has no blank ${key.certificateType} certificates in stock; request more (seed 000 §23)`,
      });
    }
    await move({ communityCode: key.communityCode, certificateType: key.certificateType, serial: taken.serial, kind: MovementKind.Used, applicationNumber, at: now });
    return taken;
  }

  /**
   * What follows voiding a serial: its ledger line, the operator's record and, for a serial on an open case, the
   * next serial in stock for that case. Safe to run again; a case that has its replacement keeps it.
   */
  async function afterVoid(voided: { serial: string; communityCode: string; certificateType: string; state: string; applicationNumber?: string | null }, by: { operator: string; reason: string; now: Date }) {
    const key = { communityCode: voided.communityCode, certificateType: voided.certificateType };
    await move({ ...key, serial: voided.serial, kind: MovementKind.Voided, applicationNumber: voided.applicationNumber ?? null, operator: by.operator, reason: by.reason, at: by.now });
    // a print serial is only ever used for an application
    const caseNumber = voided.applicationNumber ?? null;
    await records.add({ operator: by.operator, kind: 'void', caseNumber, caseKind: caseNumber ? CaseKind.Application : null, step: null, at: by.now, ref: voided.serial });
    if (voided.state !== SerialState.Used || !voided.applicationNumber) return { replacement: null, refused: null };
    const use = await stock.useOf(voided.applicationNumber);
    if (use && use.serial !== voided.serial) {
      // replaced already; the case may not have heard of it yet
      await applications.update(voided.applicationNumber, { $set: { printSerial: use.serial } }, { printSerial: voided.serial });
      return { replacement: use.serial, refused: null };
    }
    try {
      const next = await take(key, voided.applicationNumber, by.now);
      await stock.replaceUse(voided.applicationNumber, voided.serial, next.serial, by.now);
      await applications.update(voided.applicationNumber, { $set: { printSerial: next.serial } });
      return { replacement: next.serial, refused: null };
    } catch (err) {
      if (err instanceof DomainError && err.code === 'PRINT_SERIAL_OUT_OF_STOCK') return { replacement: null, refused: err };
      throw err;
    }
  }
  const voidedAfter = (replacement: string | null, refused: DomainError | null) => ({ after: { state: SerialState.Voided, replacement }, ...(refused ? { detail: { replacementRefused: refused.code } } : {}) });

  // A void interrupted by a stop: the serial says whether, when and by whom it was voided; what followed it is finished.
  audit.settleWith(AuditAction.SerialVoided, async (input) => {
    const s = await stock.get(input.target.id);
    const voided = s && (s.state === SerialState.Voided || s.state === SerialState.Returned) && s.voidedBy === input.actor.id && s.voidedAt?.getTime() === input.at.getTime();
    if (!voided) return { done: false, why: `the serial is ${s?.state ?? 'unknown'}; it was not voided` };
    const before = (input.before as { state: string } | null)?.state ?? SerialState.InStock;
    const { replacement, refused } = await afterVoid({ ...s, state: before }, { operator: input.actor.id, reason: s.voidReason ?? '', now: input.at });
    return { done: true, ...voidedAfter(replacement, refused) };
  });

  return {
    /** Books serials into stock (the demo seed, and the last step of a requisition); a serial already known is skipped. */
    async addStock(communityCode: string, certificateType: string, serials: readonly string[], now = new Date(), requisitionNumber: string | null = null): Promise<number> {
      let added = 0;
      for (const serial of serials) {
        if (!(await stock.addIfNew(serial, { communityCode, certificateType }, SerialState.InStock, requisitionNumber))) continue;
        await move({ communityCode, certificateType, serial, kind: MovementKind.In, requisitionNumber, at: now });
        added += 1;
      }
      return added;
    },

    async balance(communityCode: string, certificateType: string): Promise<number> {
      return stock.count({ communityCode, certificateType }, SerialState.InStock);
    },

    /** Uses the lowest serial in stock for an application; asking again returns the same serial. */
    async use(input: StockKey & { applicationNumber: string; now: Date; operator?: string }): Promise<{ serial: string; reused: boolean }> {
      const prior = await stock.useOf(input.applicationNumber);
      if (prior) return { serial: prior.serial, reused: true };
      // an earlier run (stopped, or still hanging) took a serial for the case but did not record its use: that one is the case's
      const held = await stock.usedFor(input.applicationNumber);
      if (held) await move({ communityCode: held.communityCode, certificateType: held.certificateType, serial: held.serial, kind: MovementKind.Used, applicationNumber: input.applicationNumber, at: held.usedAt ?? input.now });
      const taken = held ?? await take(input, input.applicationNumber, input.now).catch(async (err: DomainError) => {
        // the last serial may have gone to another delivery of this very job: then that one is the answer
        const winner = err.code === 'PRINT_SERIAL_OUT_OF_STOCK' ? await stock.useOf(input.applicationNumber) : null;
        if (winner) return null;
        throw err;
      });
      if (!taken) return { serial: (await stock.useOf(input.applicationNumber))!.serial, reused: true };
      if (await stock.recordUse({ applicationNumber: input.applicationNumber, serial: taken.serial, operator: input.operator ?? null, at: input.now })) {
        return { serial: taken.serial, reused: false };
      }
      // another delivery of the same job used one first: put this serial back, and its ledger line with it,
      // unless that delivery used this very serial
      const winner = (await stock.useOf(input.applicationNumber))!;
      if (winner.serial !== taken.serial) await stock.putBack(taken.serial, input.applicationNumber);
      return { serial: winner.serial, reused: true };
    },

    /**
     * 核销: a spoiled form is voided with a reason by an operator of its community and kept for return. A serial
     * used for a case still open is replaced by the next one in stock; one on a closed case is refused.
     */
    async voidSerial(input: { serial: string; reason: string; operator: string; unitCode: string; now: Date }): Promise<{ voided: string; replacement: string | null }> {
      const before = await stock.get(input.serial);
      if (!before || before.communityCode !== input.unitCode) throw new DomainError('SERIAL_NOT_FOUND', ErrorKind.NotFound, { zh: `印字号 ${input.serial} 不在本社区的库存中`, en: `serial ${input.serial} is not in your community's stock` });
      const app = before.applicationNumber ? await applications.get(before.applicationNumber) : null;
      if (before.state === SerialState.Used && app?.status === 'closed') {
        throw new DomainError('SERIAL_ISSUED', ErrorKind.Conflict, {
          zh: `印字号 ${input.serial} 已随办件 ${app.applicationNumber} 发出，该办件已办结，不能核销`,
          en: `serial ${input.serial} was handed out with application ${app.applicationNumber}, which is closed`,
        });
      }
      const entry = await audit.intend({
        at: input.now, actor: { kind: ActorKind.User, id: input.operator, role: null }, action: AuditAction.SerialVoided, unit: before.communityCode,
        target: { kind: 'print-serial', id: input.serial }, caseNumber: before.applicationNumber ?? null,
        caseKind: before.applicationNumber ? CaseKind.Application : null, before: { state: before.state },
        detail: { reason: input.reason, certificateType: before.certificateType },
      });
      const voided = await stock.voidSerial(input.serial, before.applicationNumber ?? null, { reason: input.reason, by: input.operator, at: input.now });
      if (!voided) {
        await audit.forget(entry);
        const now = (await stock.get(input.serial))?.state ?? before.state;
        throw new DomainError('SERIAL_NOT_VOIDABLE', ErrorKind.Conflict, {
          zh: `印字号 ${input.serial} ${STATE_ZH[now] ?? now}，不能再核销；只有在库或在办办件上的印字号可以核销`,
          en: `serial ${input.serial} is ${STATE_EN[now] ?? now} and cannot be voided; only serials in stock or on an open case can be`,
        }, { state: now });
      }
      const { replacement, refused } = await afterVoid(voided, { operator: input.operator, reason: input.reason, now: input.now });
      const settled = voidedAfter(replacement, refused);
      // the serial is voided either way; a case left without a replacement (none in stock) says so in the entry
      await audit.record({ ...entry, before: { state: voided.state }, after: settled.after, detail: { ...(entry.detail as object), ...settled.detail } });
      if (refused) throw refused;
      return { voided: input.serial, replacement };
    },

    /**
     * Voided forms go back to the issuing department with the next requisition (seed 000 §25). Safe to run again:
     * `returned` is every form that went back with the requisition, also in a run a stop cut short (each gets its
     * ledger line then), and `moved` those this run sent back.
     */
    async returnVoided(key: StockKey, requisitionNumber: string, operator: string, now: Date): Promise<{ moved: string[]; returned: string[] }> {
      const moved: string[] = [];
      for (const serial of await stock.voided(key)) {
        if (await stock.returnVoided(serial, requisitionNumber, now)) moved.push(serial);
      }
      const returned = await stock.returnedWith(requisitionNumber);
      for (const s of returned) {
        await move({ ...key, serial: s.serial, kind: MovementKind.Returned, requisitionNumber, operator, at: s.returnedAt ?? now });
      }
      return { moved, returned: returned.map((s) => s.serial) };
    },

    /** Serials allocated to a requisition, not yet confirmed by the community. */
    async allocate(key: StockKey, requisitionNumber: string, serials: readonly string[]): Promise<{ allocated: string[]; taken: string[] }> {
      const allocated: string[] = [];
      const taken: string[] = [];
      for (const serial of serials) {
        if (await stock.addIfNew(serial, key, SerialState.Allocated, requisitionNumber)) allocated.push(serial);
        else if (!(await stock.isAllocatedTo(serial, requisitionNumber))) taken.push(serial);
        else allocated.push(serial); // allocated by an earlier delivery of the same job
      }
      return { allocated, taken };
    },

    /** Takes back allocated serials the community did not receive, so the department can allocate again. */
    async withdrawAllocation(requisitionNumber: string, serials: readonly string[]): Promise<number> {
      return stock.removeAllocated(requisitionNumber, serials);
    },

    /**
     * The community confirmed what it received: the requisition's allocated serials go into stock. Safe to run
     * again: answers how many serials the requisition booked in all, and a serial a stop left without its ledger
     * line gets it, dated when it was booked.
     */
    async book(requisitionNumber: string, operator: string | null, now: Date): Promise<number> {
      for (const s of await stock.allocatedTo(requisitionNumber)) await stock.bookAllocated(s.serial, requisitionNumber, now);
      for (const s of await stock.bookedFor(requisitionNumber)) {
        await move({ communityCode: s.communityCode, certificateType: s.certificateType, serial: s.serial, kind: MovementKind.In, requisitionNumber, operator, at: s.bookedAt ?? now });
      }
      // serials booked before the stock kept who booked them have only their ledger line to show it
      return (await stock.ledgerInFor(requisitionNumber)).length;
    },

    /** Which of these serials the platform knows already, in any state. */
    async existing(candidates: readonly string[]): Promise<string[]> {
      return stock.known(candidates);
    },

    async allocatedTo(requisitionNumber: string): Promise<string[]> {
      return stock.allocatedNumbers(requisitionNumber);
    },

    /** 证件台账 by serial: one page of a community's serials as they stand now, and how many are in each state. */
    async serials(filter: SerialFilter, page: number, pageSize: number) {
      const [{ total, serials }, states] = await Promise.all([
        stock.page(filter, (page - 1) * pageSize, pageSize),
        stock.countByState({ communityCode: filter.communityCode, certificateType: filter.certificateType }),
      ]);
      const counts = Object.fromEntries(Object.values(SerialState).map((s) => [s, states[s] ?? 0]));
      return { total, page, pageSize, states: counts, serials };
    },

    /** The ledger of one community and type, with the counts per kind and the balance. */
    async ledger(key: StockKey, limit = 500) {
      const lines = await stock.ledgerLines(key, limit);
      const counts = Object.fromEntries(await Promise.all(Object.values(MovementKind).map(async (k) => [k, await stock.countMovements(key, k)] as const)));
      const states = Object.fromEntries(await Promise.all(Object.values(SerialState).map(async (s) => [s, await stock.count(key, s)] as const)));
      return { ...key, balance: states[SerialState.InStock] ?? 0, counts, states, lines };
    },

    /**
     * 一一对应: applicant ↔ print serial ↔ certificate number for every used serial and every on-site case
     * that handed out a certificate, with each break listed.
     */
    async oneToOne(key: Partial<StockKey>) {
      const breaks: StockBreak[] = [];
      const scope = { ...(key.communityCode ? { communityCode: key.communityCode } : {}), ...(key.certificateType ? { certificateType: key.certificateType } : {}) };
      const used = await stock.used(scope);
      const uses = new Map((await stock.usesOf(used.map((u) => u.serial))).map((u) => [u.serial, u]));
      const rows = [];
      for (const s of used) {
        const app = s.applicationNumber ? await applications.get(s.applicationNumber) : null;
        const use = uses.get(s.serial);
        if (!use) breaks.push({ kind: 'serial-without-use-record', serial: s.serial, applicationNumber: s.applicationNumber ?? null, message: `serial ${s.serial} is used but no use is recorded` });
        if (!app) { breaks.push({ kind: 'serial-without-application', serial: s.serial, applicationNumber: s.applicationNumber ?? null, message: `serial ${s.serial} is used for ${s.applicationNumber ?? 'nothing'}, which does not exist` }); continue; }
        if (app.printSerial !== s.serial) breaks.push({ kind: 'serial-mismatch', serial: s.serial, applicationNumber: app.applicationNumber, message: `application ${app.applicationNumber} records serial ${app.printSerial ?? 'none'}, the stock says ${s.serial}` });
        if (!app.documentNumber) breaks.push({ kind: 'no-certificate-number', serial: s.serial, applicationNumber: app.applicationNumber, message: `serial ${s.serial} has no certificate number (application ${app.applicationNumber})` });
        if (app.status === 'closed' && app.outcome !== 'issued') breaks.push({ kind: 'used-but-not-issued', serial: s.serial, applicationNumber: app.applicationNumber, message: `serial ${s.serial} was used but application ${app.applicationNumber} closed ${app.outcome}: void it` });
        rows.push({ applicationNumber: app.applicationNumber, applicant: app.applicant ? `${app.applicant.name.slice(0, 1)}** ${maskIdNumber(app.applicant.idNumber)}` : null, printSerial: s.serial, documentNumber: app.documentNumber ?? null, status: app.status, outcome: app.outcome ?? null });
      }
      // issued on-site certificates must each have a serial that the stock shows as used for them
      const itemCodes = key.certificateType ? (await items.listPublished()).filter((i) => i.certificateType === key.certificateType).map((i) => i.code) : undefined;
      const usedFor = new Map(used.map((s) => [s.applicationNumber, s.serial]));
      for (const a of await applications.issuedCertificates({ communityCode: key.communityCode, itemCodes })) {
        if (!a.printSerial) breaks.push({ kind: 'issued-without-serial', serial: null, applicationNumber: a.applicationNumber, message: `application ${a.applicationNumber} issued a certificate without a print serial` });
        else if (usedFor.get(a.applicationNumber) !== a.printSerial) breaks.push({ kind: 'serial-not-used-for-application', serial: a.printSerial, applicationNumber: a.applicationNumber, message: `application ${a.applicationNumber} names serial ${a.printSerial}, which the stock does not show as used for it` });
      }
      const numbers = new Map<string, string[]>();
      for (const r of rows) if (r.documentNumber) numbers.set(r.documentNumber, [...(numbers.get(r.documentNumber) ?? []), r.printSerial]);
      for (const [n, serials] of numbers) if (serials.length > 1) breaks.push({ kind: 'number-on-several-serials', serial: serials.join(','), applicationNumber: null, message: `certificate number ${n} is on serials ${serials.join(', ')}` });
      return { scope, checked: rows.length, rows, breaks };
    },
  };
}
export type PrintSerialService = ReturnType<typeof createPrintSerialService>;
