import { op } from '../shared/trusted.js';
import { moveCaseField } from '../shared/case-field-migration.js';
import type { CaseKind } from '../shared/constants.js';
import { isDuplicateKey } from '../shared/domain-error.js';
import { StepDeadlineModel, type StepDeadline } from './step-deadline.model.js';

export type { StepDeadline };

export function createStepDeadlineRepository() {
  return {
    async get(id: string): Promise<StepDeadline | null> {
      return StepDeadlineModel.findOne({ id }, { _id: 0 }).lean<StepDeadline>();
    },

    /** Stores a derivation; false when one with this id is stored already (the job came twice). */
    async insert(deadline: StepDeadline): Promise<boolean> {
      try {
        await StepDeadlineModel.create(deadline);
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },

    /** Adds lines to a stored derivation's explanation (a transfer says the step's clock ran on); once per `mark`. */
    async explain(id: string, mark: string, en: string, zh: string): Promise<void> {
      await StepDeadlineModel.updateOne(
        { id, 'derivation.transfers': op({ $ne: mark }) },
        { $push: { 'derivation.explanation': en, 'derivation.explanationZh': zh, 'derivation.transfers': mark } },
      );
    },

    /** A calendar change moved the deadline: new times and derivation, once per `mark` (a notice's version). */
    async move(id: string, mark: string, times: { warningAt: Date; dueAt: Date; redAt: Date }, derivation: unknown): Promise<boolean> {
      const r = await StepDeadlineModel.updateOne({ id, 'derivation.calendarChanges': op({ $ne: mark }) }, { $set: { ...times, derivation } });
      return r.modifiedCount > 0;
    },

    /** The latest due time of each listed case (the step it is at now, or reached last), for the assessment. */
    async latestDueOf(caseNumbers: readonly string[]): Promise<Map<string, Date | null>> {
      const found = await StepDeadlineModel.find({ caseNumber: op({ $in: [...caseNumbers] }) }, { _id: 0, caseNumber: 1, dueAt: 1, computedAt: 1 }).sort({ computedAt: 1 }).lean();
      return new Map(found.map((d) => [d.caseNumber, d.dueAt ?? null]));
    },
    /** Oldest first: a step run again has its latest deadline last. */
    async ofCase(caseNumber: string): Promise<StepDeadline[]> {
      return StepDeadlineModel.find({ caseNumber }, { _id: 0 }).sort({ computedAt: 1 }).lean<StepDeadline[]>();
    },
  };
}
export type StepDeadlineRepository = ReturnType<typeof createStepDeadlineRepository>;

/** Start-up migration: step deadlines stored with their case in `applicationNumber` get `caseNumber` + `caseKind`. */
export async function migrateStepDeadlineCaseFields(kindOf: (caseNumber: string) => Promise<CaseKind>): Promise<{ moved: number; droppedIndex: boolean }> {
  return moveCaseField(StepDeadlineModel.collection, kindOf);
}
