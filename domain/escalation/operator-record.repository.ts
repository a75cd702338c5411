import { moveCaseField } from '../shared/case-field-migration.js';
import type { CaseKind } from '../shared/constants.js';
import { isDuplicateKey } from '../shared/domain-error.js';
import { OperatorRecordModel, type OperatorRecord } from './operator-record.model.js';

export type { OperatorRecord };

/** Each operator's record of completions, serial uses, voids and cards (seed 000 §29). */
export function createOperatorRecordRepository() {
  return {
    /** Adds an entry once; the same kind and ref again is ignored. */
    async add(entry: OperatorRecord): Promise<void> {
      try {
        await OperatorRecordModel.create(entry);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    },
    async of(operator: string): Promise<OperatorRecord[]> {
      return OperatorRecordModel.find({ operator }, { _id: 0 }).sort({ at: 1 }).lean<OperatorRecord[]>();
    },
  };
}
export type OperatorRecordRepository = ReturnType<typeof createOperatorRecordRepository>;

/** Start-up migration: operator records stored with their case in `applicationNumber` get `caseNumber` + `caseKind`. */
export async function migrateOperatorRecordCaseFields(kindOf: (caseNumber: string) => Promise<CaseKind>): Promise<{ moved: number; droppedIndex: boolean }> {
  return moveCaseField(OperatorRecordModel.collection, kindOf);
}
