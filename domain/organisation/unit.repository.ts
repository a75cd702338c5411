import { UnitModel, type Unit } from './unit.model.js';

export function createUnitRepository() {
  return {
    async get(code: string): Promise<Unit | null> {
      return UnitModel.findOne({ code }, { _id: 0 }).lean<Unit>();
    },
  };
}
export type UnitRepository = ReturnType<typeof createUnitRepository>;
