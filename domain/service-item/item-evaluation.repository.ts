import { isDuplicateKey } from '../shared/domain-error.js';
import { ItemEvaluationModel, type ItemEvaluation } from './item-evaluation.model.js';

export function createItemEvaluationRepository() {
  return {
    /** Stores the year's evaluation; false when the item has one for that year already. */
    async insert(evaluation: ItemEvaluation): Promise<boolean> {
      try {
        await ItemEvaluationModel.create(evaluation);
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    async list(itemCode: string): Promise<ItemEvaluation[]> {
      return ItemEvaluationModel.find({ itemCode }, { _id: 0 }).sort({ year: -1 }).lean<ItemEvaluation[]>();
    },
  };
}
export type ItemEvaluationRepository = ReturnType<typeof createItemEvaluationRepository>;
