import { DomainError, ErrorKind, isDuplicateKey } from '../shared/domain-error.js';
import { op } from '../shared/trusted.js';
import type { ApplicationRepository } from '../application/application.repository.js';
import { maskIdNumber } from '../account/account.service.js';
import { AuditAction, ActorKind } from '../audit/audit-entry.model.js';
import type { AuditService } from '../audit/audit.service.js';
import type { OperatorRecordRepository } from '../escalation/operator-record.repository.js';
import type { ServiceItemRepository } from '../service-item/service-item.repository.js';
import { MovementKind, PrintSerialModel, SerialState, SerialUseModel, StockMovementModel, type PrintSerial, type StockMovement } from './print-serial.model.js';

export interface StockKey { communityCode: string; certificateType: string }
export interface StockBreak { kind: string; serial: string | null; applicationNumber: string | null; message: string }

/**
 * The community's certificate stock (seed 000 §22–25): serials come in from a requisition, each is used for
 * one application or voided with a reason, and voided forms go back at the next requisition. Every move is a
 * ledger line; a serial changes state only by an atomic conditional update, so it is used once, ever.
 */
export function createPrintSerialService(deps: { applications: ApplicationRepository; items: ServiceItemRepository; records: OperatorRecordRepository; audit: AuditService }) {
  const { applications, items, records, audit } = deps;

  async function move(m: Omit<StockMovement, 'applicationNumber' | 'requisitionNumber' | 'operator' | 'reason'> & Partial<StockMovement>) {
    try {
      await StockMovementModel.create({ applicationNumber: null, requisitionNumber: null, operator: null, reason: null, ...m });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // the same move delivered twice
    }
  }

  /** Takes the lowest serial in stock for an application, atomically. */
  async function take(key: StockKey, applicationNumber: string, now: Date): Promise<PrintSerial> {
    const taken = await PrintSerialModel.findOneAndUpdate(
      { communityCode: key.communityCode, certificateType: key.certificateType, state: SerialState.InStock },
      { $set: { state: SerialState.Used, applicationNumber, usedAt: now } },
      { sort: { serial: 1 }, returnDocument: 'before' },
    ).lean<PrintSerial>();
    if (!taken) {
      throw new DomainError('PRINT_SERIAL_OUT_OF_STOCK', ErrorKind.Conflict, `community ${key.communityCode} has no blank ${key.certificateType} certificates in stock; request more (seed 000 §23)`);
    }
    await move({ communityCode: key.communityCode, certificateType: key.certificateType, serial: taken.serial, kind: MovementKind.Used, applicationNumber, at: now });
    return taken;
  }

  return {
    /** Books serials into stock (the demo seed, and the last step of a requisition); a serial already known is skipped. */
    async addStock(communityCode: string, certificateType: string, serials: readonly string[], now = new Date(), requisitionNumber: string | null = null): Promise<number> {
      let added = 0;
      for (const serial of serials) {
        const r = await PrintSerialModel.updateOne({ serial }, { $setOnInsert: { serial, communityCode, certificateType, state: SerialState.InStock, requisitionNumber } }, { upsert: true });
        if (r.upsertedCount) await move({ communityCode, certificateType, serial, kind: MovementKind.In, requisitionNumber, at: now });
        added += r.upsertedCount;
      }
      return added;
    },

    async balance(communityCode: string, certificateType: string): Promise<number> {
      return PrintSerialModel.countDocuments({ communityCode, certificateType, state: SerialState.InStock });
    },

    /** Uses the lowest serial in stock for an application; asking again returns the same serial. */
    async use(input: StockKey & { applicationNumber: string; now: Date; operator?: string }): Promise<{ serial: string; reused: boolean }> {
      const prior = await SerialUseModel.findOne({ applicationNumber: input.applicationNumber }).lean();
      if (prior) return { serial: prior.serial, reused: true };
      const taken = await take(input, input.applicationNumber, input.now).catch(async (err: DomainError) => {
        // the last serial may have gone to another delivery of this very job: then that one is the answer
        const winner = err.code === 'PRINT_SERIAL_OUT_OF_STOCK' ? await SerialUseModel.findOne({ applicationNumber: input.applicationNumber }).lean() : null;
        if (winner) return null;
        throw err;
      });
      if (!taken) return { serial: (await SerialUseModel.findOne({ applicationNumber: input.applicationNumber }).lean())!.serial, reused: true };
      try {
        await SerialUseModel.create({ applicationNumber: input.applicationNumber, serial: taken.serial, operator: input.operator ?? null, at: input.now });
        return { serial: taken.serial, reused: false };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // another delivery of the same job used one first: put this serial back, and its ledger line with it
        await PrintSerialModel.updateOne({ serial: taken.serial, applicationNumber: input.applicationNumber }, { $set: { state: SerialState.InStock, applicationNumber: null, usedAt: null } });
        await StockMovementModel.deleteOne({ serial: taken.serial, kind: MovementKind.Used, applicationNumber: input.applicationNumber });
        const winner = await SerialUseModel.findOne({ applicationNumber: input.applicationNumber }).lean();
        return { serial: winner!.serial, reused: true };
      }
    },

    /**
     * 核销: a spoiled form is voided with a reason by an operator of its community and kept for return. A serial
     * used for a case still open is replaced by the next one in stock; one on a closed case is refused.
     */
    async voidSerial(input: { serial: string; reason: string; operator: string; unitCode: string; now: Date }): Promise<{ voided: string; replacement: string | null }> {
      const before = await PrintSerialModel.findOne({ serial: input.serial }).lean<PrintSerial>();
      if (!before || before.communityCode !== input.unitCode) throw new DomainError('SERIAL_NOT_FOUND', ErrorKind.NotFound, `serial ${input.serial} is not in your community's stock`);
      const app = before.applicationNumber ? await applications.get(before.applicationNumber) : null;
      if (before.state === SerialState.Used && app?.status === 'closed') {
        throw new DomainError('SERIAL_ISSUED', ErrorKind.Conflict, `serial ${input.serial} was handed out with application ${app.applicationNumber}, which is closed`);
      }
      const voided = await PrintSerialModel.findOneAndUpdate(
        { serial: input.serial, state: op({ $in: [SerialState.InStock, SerialState.Used] }), applicationNumber: before.applicationNumber },
        { $set: { state: SerialState.Voided, voidReason: input.reason, voidedBy: input.operator, voidedAt: input.now } },
        { returnDocument: 'before' },
      ).lean<PrintSerial>();
      if (!voided) throw new DomainError('SERIAL_NOT_VOIDABLE', ErrorKind.Conflict, `serial ${input.serial} is ${before.state}; only serials in stock or on an open case can be voided`);
      const key = { communityCode: voided.communityCode, certificateType: voided.certificateType };
      await move({ ...key, serial: input.serial, kind: MovementKind.Voided, applicationNumber: voided.applicationNumber, operator: input.operator, reason: input.reason, at: input.now });
      await records.add({ operator: input.operator, kind: 'void', applicationNumber: voided.applicationNumber, step: null, at: input.now, ref: input.serial });
      let replacement: string | null = null;
      if (voided.state === SerialState.Used && voided.applicationNumber) {
        const next = await take(key, voided.applicationNumber, input.now);
        replacement = next.serial;
        await SerialUseModel.updateOne({ applicationNumber: voided.applicationNumber, serial: input.serial }, { $set: { serial: next.serial, at: input.now } });
        await applications.update(voided.applicationNumber, { $set: { printSerial: next.serial } });
      }
      await audit.record({
        at: input.now, actor: { kind: ActorKind.User, id: input.operator, role: null }, action: AuditAction.SerialVoided, unit: voided.communityCode,
        target: { kind: 'print-serial', id: input.serial }, applicationNumber: voided.applicationNumber, before: { state: voided.state }, after: { state: SerialState.Voided, replacement },
        detail: { reason: input.reason, certificateType: voided.certificateType },
      });
      return { voided: input.serial, replacement };
    },

    /** Voided forms go back to the issuing department with the next requisition (seed 000 §25). */
    async returnVoided(key: StockKey, requisitionNumber: string, operator: string, now: Date): Promise<string[]> {
      const returned: string[] = [];
      for (const s of await PrintSerialModel.find({ ...key, state: SerialState.Voided }, { serial: 1 }).lean()) {
        const r = await PrintSerialModel.updateOne({ serial: s.serial, state: SerialState.Voided }, { $set: { state: SerialState.Returned, requisitionNumber } });
        if (r.modifiedCount !== 1) continue;
        await move({ ...key, serial: s.serial, kind: MovementKind.Returned, requisitionNumber, operator, at: now });
        returned.push(s.serial);
      }
      return returned;
    },

    /** Serials allocated to a requisition, not yet confirmed by the community. */
    async allocate(key: StockKey, requisitionNumber: string, serials: readonly string[]): Promise<{ allocated: string[]; taken: string[] }> {
      const allocated: string[] = [];
      const taken: string[] = [];
      for (const serial of serials) {
        const r = await PrintSerialModel.updateOne({ serial }, { $setOnInsert: { serial, ...key, state: SerialState.Allocated, requisitionNumber } }, { upsert: true });
        if (r.upsertedCount) allocated.push(serial);
        else if (!(await PrintSerialModel.exists({ serial, requisitionNumber, state: SerialState.Allocated }))) taken.push(serial);
        else allocated.push(serial); // allocated by an earlier delivery of the same job
      }
      return { allocated, taken };
    },

    /** Takes back allocated serials the community did not receive, so the department can allocate again. */
    async withdrawAllocation(requisitionNumber: string, serials: readonly string[]): Promise<number> {
      const r = await PrintSerialModel.deleteMany({ requisitionNumber, state: SerialState.Allocated, serial: op({ $in: serials.map(String) }) });
      return r.deletedCount;
    },

    /** The community confirmed what it received: the requisition's allocated serials go into stock. */
    async book(requisitionNumber: string, operator: string | null, now: Date): Promise<number> {
      let booked = 0;
      for (const s of await PrintSerialModel.find({ requisitionNumber, state: SerialState.Allocated }).lean<PrintSerial[]>()) {
        const r = await PrintSerialModel.updateOne({ serial: s.serial, state: SerialState.Allocated }, { $set: { state: SerialState.InStock } });
        if (r.modifiedCount !== 1) continue;
        await move({ communityCode: s.communityCode, certificateType: s.certificateType, serial: s.serial, kind: MovementKind.In, requisitionNumber, operator, at: now });
        booked += 1;
      }
      return booked;
    },

    /** Which of these serials the platform knows already, in any state. */
    async existing(candidates: readonly string[]): Promise<string[]> {
      return (await PrintSerialModel.find({ serial: op({ $in: candidates.map(String) }) }, { serial: 1 }).lean()).map((s) => s.serial);
    },

    async allocatedTo(requisitionNumber: string): Promise<string[]> {
      return (await PrintSerialModel.find({ requisitionNumber, state: SerialState.Allocated }, { serial: 1 }).sort({ serial: 1 }).lean()).map((s) => s.serial);
    },

    /** The ledger of one community and type, with the counts per kind and the balance. */
    async ledger(key: StockKey, limit = 500) {
      const lines = await StockMovementModel.find(key, { _id: 0 }).sort({ at: 1, serial: 1 }).limit(limit).lean<StockMovement[]>();
      const counts = Object.fromEntries(await Promise.all(Object.values(MovementKind).map(async (k) => [k, await StockMovementModel.countDocuments({ ...key, kind: k })] as const)));
      const states = Object.fromEntries(await Promise.all(Object.values(SerialState).map(async (s) => [s, await PrintSerialModel.countDocuments({ ...key, state: s })] as const)));
      return { ...key, balance: states[SerialState.InStock] ?? 0, counts, states, lines };
    },

    /**
     * 一一对应: applicant ↔ print serial ↔ certificate number for every used serial and every on-site case
     * that handed out a certificate, with each break listed.
     */
    async oneToOne(key: Partial<StockKey>) {
      const breaks: StockBreak[] = [];
      const scope = { ...(key.communityCode ? { communityCode: key.communityCode } : {}), ...(key.certificateType ? { certificateType: key.certificateType } : {}) };
      const used = await PrintSerialModel.find({ ...scope, state: SerialState.Used }).lean<PrintSerial[]>();
      const uses = new Map((await SerialUseModel.find({ serial: op({ $in: used.map((u) => u.serial) }) }).lean()).map((u) => [u.serial, u]));
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
