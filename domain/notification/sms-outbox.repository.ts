import { isDuplicateKey } from '../shared/domain-error.js';
import { SmsOutboxModel, type SmsOutboxEntry } from './sms-outbox.model.js';

export function createSmsOutboxRepository() {
  return {
    /** Keeps a message once per notice: a notice sent again after a stop adds nothing. */
    async add(entry: SmsOutboxEntry): Promise<void> {
      try {
        await SmsOutboxModel.create(entry);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    },
    async to(phone: string): Promise<SmsOutboxEntry[]> {
      return SmsOutboxModel.find({ to: phone }, { _id: 0 }).sort({ at: 1 }).lean<SmsOutboxEntry[]>();
    },
  };
}
export type SmsOutboxRepository = ReturnType<typeof createSmsOutboxRepository>;
