import { moveCaseField } from '../shared/case-field-migration.js';
import type { CaseKind } from '../shared/constants.js';
import { isDuplicateKey } from '../shared/domain-error.js';
import mongoose from 'mongoose';
import { op } from '../shared/trusted.js';
import { CardModel, type Card } from './card.model.js';

export type CardRecord = Card;

export function createCardRepository() {
  return {
    async get(deadlineId: string, level: string): Promise<CardRecord | null> {
      return CardModel.findOne({ deadlineId, level }, { _id: 0 }).lean<CardRecord>();
    },

    /** Stores a card; false when the step run has one of this level already (the timer's job came twice). */
    async insert(card: CardRecord): Promise<boolean> {
      try {
        await CardModel.create(card);
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },

    /** The cards of a case: an application or a certificate requisition. */
    async ofCase(caseNumber: string): Promise<CardRecord[]> {
      return CardModel.find({ caseNumber }, { _id: 0 }).sort({ at: 1 }).lean<CardRecord[]>();
    },

    /** The cards of the listed step runs (deadline ids), for the assessment's time-limit dimension. */
    async ofDeadlines(deadlineIds: readonly string[]): Promise<Pick<CardRecord, 'deadlineId' | 'level'>[]> {
      return CardModel.find({ deadlineId: op({ $in: [...deadlineIds] }) }, { _id: 0, deadlineId: 1, level: 1 }).lean();
    },

    /**
     * Cards stored after the card `afterId` (by store id, so cards written by another process are found too), oldest
     * first; without `afterId`, the newest `limit` cards.
     */
    async after(afterId: string | null, limit: number): Promise<(CardRecord & { id: string })[]> {
      const q = afterId ? { _id: op({ $gt: new mongoose.Types.ObjectId(afterId) }) } : {};
      const rows = await CardModel.find(q).sort({ _id: afterId ? 1 : -1 }).limit(limit).lean();
      const cards = rows.map(({ _id, ...c }) => ({ ...(c as CardRecord), id: String(_id) }));
      return afterId ? cards : cards.reverse();
    },

    /** Every card's level and case, for the supervision counts. */
    async levels(): Promise<Pick<CardRecord, 'caseNumber' | 'caseKind' | 'level'>[]> {
      return CardModel.find({}, { _id: 0, caseNumber: 1, caseKind: 1, level: 1 }).lean();
    },
  };
}
export type CardRepository = ReturnType<typeof createCardRepository>;

/** Start-up migration: cards stored with their case in `applicationNumber` get `caseNumber` + `caseKind`. */
export async function migrateCardCaseFields(kindOf: (caseNumber: string) => Promise<CaseKind>): Promise<{ moved: number; droppedIndex: boolean }> {
  return moveCaseField(CardModel.collection, kindOf);
}
