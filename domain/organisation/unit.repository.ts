import { UnitModel, type Unit } from './unit.model.js';

export function createUnitRepository() {
  return {
    async get(code: string): Promise<Unit | null> {
      return UnitModel.findOne({ code }, { _id: 0 }).lean<Unit>();
    },
    /** Every unit, by code. */
    async list(): Promise<Unit[]> {
      return UnitModel.find({}, { _id: 0 }).sort({ code: 1 }).lean<Unit[]>();
    },
    /** Stores a unit unless one with its code exists; true when stored. */
    async insertIfAbsent(unit: Unit): Promise<boolean> {
      return (await UnitModel.updateOne({ code: unit.code }, { $setOnInsert: unit }, { upsert: true })).upsertedCount === 1;
    },
  };
}
export type UnitRepository = ReturnType<typeof createUnitRepository>;
