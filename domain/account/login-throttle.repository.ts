import mongoose, { Schema } from 'mongoose';
import { op } from '../shared/trusted.js';

/**
 * Failed logins counted per username and source (ASVS 2.2.1): a source that keeps guessing is held off for a
 * while, but nobody elsewhere can lock the account's owner out, and unknown usernames are held off the same way.
 */
const throttleSchema = new Schema({
  _id: { type: String, required: true },
  failures: { type: Number, required: true },
  heldUntil: { type: Date, default: null },
  /** kept for a day after the last failure, then dropped by the store */
  expiresAt: { type: Date, required: true, index: { expireAfterSeconds: 0 } },
}, { versionKey: false, collection: 'login_throttles' });
const ThrottleModel = mongoose.model('LoginThrottle', throttleSchema);

const keyOf = (username: string, source: string) => `${username.toLowerCase()}|${source}`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createLoginThrottleRepository(policy: { maxFailures: number; holdMinutes: number }) {
  return {
    /** until when this source is held off for this username, or null */
    async heldUntil(username: string, source: string, now: Date): Promise<Date | null> {
      const t = await ThrottleModel.findById(keyOf(username, source)).lean();
      return t?.heldUntil && t.heldUntil > now ? t.heldUntil : null;
    },
    /** counts a failure; the last one allowed holds the source off */
    async failed(username: string, source: string, now: Date): Promise<void> {
      const key = keyOf(username, source);
      const t = await ThrottleModel.findOneAndUpdate({ _id: key }, { $inc: { failures: 1 }, $set: { expiresAt: new Date(now.getTime() + 86_400_000) } }, { upsert: true, new: true }).lean();
      if (t && t.failures >= policy.maxFailures) {
        await ThrottleModel.updateOne({ _id: key, failures: op({ $gte: policy.maxFailures }) }, { $set: { heldUntil: new Date(now.getTime() + policy.holdMinutes * 60_000), failures: 0 } });
      }
    },
    async succeeded(username: string, source: string): Promise<void> {
      await ThrottleModel.deleteOne({ _id: keyOf(username, source) });
    },
    /** the usernames some source is held off for at `now`, each with the latest end of its holds */
    async held(now: Date): Promise<Map<string, Date>> {
      const rows = await ThrottleModel.find({ heldUntil: op({ $gt: now }) }, { _id: 1, heldUntil: 1 }).lean();
      const until = new Map<string, Date>();
      for (const r of rows) {
        const username = String(r._id).split('|')[0]!;
        const before = until.get(username);
        if (!before || r.heldUntil! > before) until.set(username, r.heldUntil!);
      }
      return until;
    },
    /** forgets every failure and hold for the username, from every source */
    async clear(username: string): Promise<void> {
      await ThrottleModel.deleteMany({ _id: new RegExp(`^${escape(username.toLowerCase())}\\|`) });
    },
  };
}
export type LoginThrottleRepository = ReturnType<typeof createLoginThrottleRepository>;
