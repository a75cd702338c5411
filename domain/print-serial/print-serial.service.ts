import { DomainError, ErrorKind, isDuplicateKey } from '../shared/domain-error.js';
import { PrintSerialModel, SerialUseModel } from './print-serial.model.js';

/** A minimal ledger: stock in, and one serial used per application (the requisition process builds on it). */
export function createPrintSerialService() {
  return {
    async addStock(communityCode: string, certificateType: string, serials: readonly string[]): Promise<number> {
      let added = 0;
      for (const serial of serials) {
        const r = await PrintSerialModel.updateOne({ serial }, { $setOnInsert: { serial, communityCode, certificateType, state: 'in-stock' } }, { upsert: true });
        added += r.upsertedCount;
      }
      return added;
    },

    async balance(communityCode: string, certificateType: string): Promise<number> {
      return PrintSerialModel.countDocuments({ communityCode, certificateType, state: 'in-stock' });
    },

    /** Uses the lowest serial in stock for an application; asking again returns the same serial. */
    async use(input: { applicationNumber: string; communityCode: string; certificateType: string; now: Date; operator?: string }): Promise<{ serial: string; reused: boolean }> {
      const prior = await SerialUseModel.findOne({ applicationNumber: input.applicationNumber }).lean();
      if (prior) return { serial: prior.serial, reused: true };
      const taken = await PrintSerialModel.findOneAndUpdate(
        { communityCode: input.communityCode, certificateType: input.certificateType, state: 'in-stock' },
        { $set: { state: 'used', applicationNumber: input.applicationNumber, usedAt: input.now } },
        { sort: { serial: 1 }, new: false },
      ).lean();
      if (!taken) {
        throw new DomainError('PRINT_SERIAL_OUT_OF_STOCK', ErrorKind.Conflict, `community ${input.communityCode} has no blank ${input.certificateType} certificates in stock; request more (seed 000 §22)`);
      }
      try {
        await SerialUseModel.create({ applicationNumber: input.applicationNumber, serial: taken.serial, operator: input.operator ?? null, at: input.now });
        return { serial: taken.serial, reused: false };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // another delivery of the same job used one first: put this serial back
        await PrintSerialModel.updateOne({ serial: taken.serial, applicationNumber: input.applicationNumber }, { $set: { state: 'in-stock', applicationNumber: null, usedAt: null } });
        const winner = await SerialUseModel.findOne({ applicationNumber: input.applicationNumber }).lean();
        return { serial: winner!.serial, reused: true };
      }
    },
  };
}
export type PrintSerialService = ReturnType<typeof createPrintSerialService>;
