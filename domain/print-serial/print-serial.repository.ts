import { isDuplicateKey } from '../shared/domain-error.js';
import { op } from '../shared/trusted.js';
import { MovementKind, PrintSerialModel, SerialState, SerialUseModel, StockMovementModel, type PrintSerial, type StockMovement } from './print-serial.model.js';

export type { PrintSerial, StockMovement };
export interface StockKey { communityCode: string; certificateType: string }
export interface SerialFilter { communityCode: string; certificateType?: string; state?: SerialState; contains?: string }
export interface SerialUse { applicationNumber: string; serial: string; operator?: string | null; at: Date }

/**
 * The serials, their one use per application, and the ledger of moves. A serial changes state only by a
 * conditional update on its current state, so two callers never both win.
 */
export function createPrintSerialRepository() {
  return {
    /** Writes a ledger line; the same move delivered twice is written once. */
    async recordMovement(m: StockMovement): Promise<void> {
      try {
        await StockMovementModel.create(m);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    },

    /** Takes the lowest serial in stock and marks it used for the application; null when none is left. */
    async takeLowest(key: StockKey, applicationNumber: string, now: Date): Promise<PrintSerial | null> {
      return PrintSerialModel.findOneAndUpdate(
        { communityCode: key.communityCode, certificateType: key.certificateType, state: SerialState.InStock },
        { $set: { state: SerialState.Used, applicationNumber, usedAt: now } },
        { sort: { serial: 1 }, returnDocument: 'before' },
      ).lean<PrintSerial>();
    },

    /** The serial marked used for an application, whether or not its use was recorded (the lowest, if several). */
    async usedFor(applicationNumber: string): Promise<PrintSerial | null> {
      return PrintSerialModel.findOne({ applicationNumber, state: SerialState.Used }).sort({ serial: 1 }).lean<PrintSerial>();
    },

    /** A serial taken for an application that had one already: back into stock, and its "used" line out of the ledger. */
    async putBack(serial: string, applicationNumber: string): Promise<void> {
      await PrintSerialModel.updateOne({ serial, applicationNumber }, { $set: { state: SerialState.InStock, applicationNumber: null, usedAt: null } });
      await StockMovementModel.deleteOne({ serial, kind: MovementKind.Used, applicationNumber });
    },

    /** Adds a serial the platform does not know yet in the given state; false when it is known already. */
    async addIfNew(serial: string, key: StockKey, state: SerialState, requisitionNumber: string | null): Promise<boolean> {
      const r = await PrintSerialModel.updateOne({ serial }, { $setOnInsert: { serial, ...key, state, requisitionNumber } }, { upsert: true });
      return r.upsertedCount === 1;
    },

    async get(serial: string): Promise<PrintSerial | null> {
      return PrintSerialModel.findOne({ serial }).lean<PrintSerial>();
    },

    async count(key: StockKey, state: SerialState): Promise<number> {
      return PrintSerialModel.countDocuments({ ...key, state });
    },

    /** Voids a serial still in stock or on the same case as when it was read; the serial as it was, or null. */
    async voidSerial(serial: string, applicationNumber: string | null, change: { reason: string; by: string; at: Date }): Promise<PrintSerial | null> {
      return PrintSerialModel.findOneAndUpdate(
        { serial, state: op({ $in: [SerialState.InStock, SerialState.Used] }), applicationNumber },
        { $set: { state: SerialState.Voided, voidReason: change.reason, voidedBy: change.by, voidedAt: change.at } },
        { returnDocument: 'before' },
      ).lean<PrintSerial>();
    },

    /** Serials of a requisition that were voided in the community, waiting to go back. */
    async voided(key: StockKey): Promise<string[]> {
      return (await PrintSerialModel.find({ ...key, state: SerialState.Voided }, { serial: 1 }).lean()).map((s) => s.serial);
    },

    /** An allocated serial goes into stock, marked with the requisition that booked it; false when it was not allocated (any more). */
    async bookAllocated(serial: string, requisitionNumber: string, at: Date): Promise<boolean> {
      const r = await PrintSerialModel.updateOne({ serial, requisitionNumber, state: SerialState.Allocated }, { $set: { state: SerialState.InStock, bookedFor: requisitionNumber, bookedAt: at } });
      return r.modifiedCount === 1;
    },

    /** The serials a requisition booked into stock, whatever became of them since. */
    async bookedFor(requisitionNumber: string): Promise<PrintSerial[]> {
      return PrintSerialModel.find({ bookedFor: requisitionNumber }).sort({ serial: 1 }).lean<PrintSerial[]>();
    },

    /** A voided form goes back with a requisition; false when it was not voided (any more). */
    async returnVoided(serial: string, requisitionNumber: string, at: Date): Promise<boolean> {
      const r = await PrintSerialModel.updateOne({ serial, state: SerialState.Voided }, { $set: { state: SerialState.Returned, requisitionNumber, returnedAt: at } });
      return r.modifiedCount === 1;
    },

    /** The voided forms that went back with a requisition. */
    async returnedWith(requisitionNumber: string): Promise<PrintSerial[]> {
      return PrintSerialModel.find({ requisitionNumber, state: SerialState.Returned }).sort({ serial: 1 }).lean<PrintSerial[]>();
    },

    /** The serials with an "in" line in the ledger for a requisition. */
    async ledgerInFor(requisitionNumber: string): Promise<string[]> {
      return (await StockMovementModel.find({ requisitionNumber, kind: MovementKind.In }, { serial: 1 }).lean()).map((m) => m.serial);
    },

    async isAllocatedTo(serial: string, requisitionNumber: string): Promise<boolean> {
      return (await PrintSerialModel.exists({ serial, requisitionNumber, state: SerialState.Allocated })) !== null;
    },

    /** Removes allocated serials of a requisition; how many went. */
    async removeAllocated(requisitionNumber: string, serials: readonly string[]): Promise<number> {
      const r = await PrintSerialModel.deleteMany({ requisitionNumber, state: SerialState.Allocated, serial: op({ $in: serials.map(String) }) });
      return r.deletedCount;
    },

    /** The serials allocated to a requisition, as stored. */
    async allocatedTo(requisitionNumber: string): Promise<PrintSerial[]> {
      return PrintSerialModel.find({ requisitionNumber, state: SerialState.Allocated }).lean<PrintSerial[]>();
    },

    /** The numbers of the serials allocated to a requisition, in order. */
    async allocatedNumbers(requisitionNumber: string): Promise<string[]> {
      return (await PrintSerialModel.find({ requisitionNumber, state: SerialState.Allocated }, { serial: 1 }).sort({ serial: 1 }).lean()).map((s) => s.serial);
    },

    /** Which of these serials the platform knows already, in any state. */
    async known(candidates: readonly string[]): Promise<string[]> {
      return (await PrintSerialModel.find({ serial: op({ $in: candidates.map(String) }) }, { serial: 1 }).lean()).map((s) => s.serial);
    },

    async used(scope: Partial<StockKey>): Promise<PrintSerial[]> {
      return PrintSerialModel.find({ ...scope, state: SerialState.Used }).lean<PrintSerial[]>();
    },

    async useOf(applicationNumber: string): Promise<SerialUse | null> {
      return SerialUseModel.findOne({ applicationNumber }).lean<SerialUse>();
    },

    async usesOf(serials: readonly string[]): Promise<SerialUse[]> {
      return SerialUseModel.find({ serial: op({ $in: [...serials] }) }).lean<SerialUse[]>();
    },

    /** Records the use of a serial for an application; false when the application has its use already. */
    async recordUse(use: SerialUse): Promise<boolean> {
      try {
        await SerialUseModel.create(use);
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },

    async replaceUse(applicationNumber: string, serial: string, next: string, at: Date): Promise<void> {
      await SerialUseModel.updateOne({ applicationNumber, serial }, { $set: { serial: next, at } });
    },

    /** One page of a community's serials, lowest number first, and how many match in all. */
    async page(filter: SerialFilter, skip: number, limit: number): Promise<{ total: number; serials: PrintSerial[] }> {
      const q = {
        communityCode: filter.communityCode,
        ...(filter.certificateType ? { certificateType: filter.certificateType } : {}),
        ...(filter.state ? { state: filter.state } : {}),
        // plain text typed by the user: every character is matched as itself
        ...(filter.contains ? { serial: op({ $regex: filter.contains.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') }) } : {}),
      };
      const [total, serials] = await Promise.all([
        PrintSerialModel.countDocuments(q),
        PrintSerialModel.find(q, { _id: 0 }).sort({ serial: 1 }).skip(skip).limit(limit).lean<PrintSerial[]>(),
      ]);
      return { total, serials };
    },

    /** How many serials of a community (and type) are in each state. */
    async countByState(scope: { communityCode: string; certificateType?: string }): Promise<Record<string, number>> {
      const match = { communityCode: scope.communityCode, ...(scope.certificateType ? { certificateType: scope.certificateType } : {}) };
      const rows = await PrintSerialModel.aggregate<{ _id: string; n: number }>([{ $match: match }, { $group: { _id: '$state', n: { $sum: 1 } } }]);
      return Object.fromEntries(rows.map((r) => [r._id, r.n]));
    },

    async ledgerLines(key: StockKey, limit: number): Promise<StockMovement[]> {
      return StockMovementModel.find(key, { _id: 0 }).sort({ at: 1, serial: 1 }).limit(limit).lean<StockMovement[]>();
    },

    async countMovements(key: StockKey, kind: MovementKind): Promise<number> {
      return StockMovementModel.countDocuments({ ...key, kind });
    },
  };
}
export type PrintSerialRepository = ReturnType<typeof createPrintSerialRepository>;
