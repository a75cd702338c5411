import { isDuplicateKey } from '../shared/domain-error.js';
import { SequenceModel } from './sequence.model.js';

export function createSequenceRepository() {
  return {
    /**
     * Returns the next value of a counter, starting at 1. The value is taken from the document as it was
     * before the atomic increment: the local wire server's after-image can show a later concurrent update.
     */
    async next(name: string): Promise<number> {
      try {
        await SequenceModel.updateOne({ _id: name }, { $setOnInsert: { value: 0 } }, { upsert: true });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // a concurrent caller created it first
      }
      const before = await SequenceModel.findOneAndUpdate({ _id: name }, { $inc: { value: 1 } }, { returnDocument: 'before' }).lean();
      if (!before) throw new Error(`sequence ${name} vanished while incrementing`);
      return before.value + 1;
    },
  };
}
export type SequenceRepository = ReturnType<typeof createSequenceRepository>;
