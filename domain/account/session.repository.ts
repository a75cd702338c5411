import { SessionModel, type Session } from './session.model.js';

export type { Session };

export function createSessionRepository() {
  return {
    async get(sessionId: string): Promise<Session | null> {
      return SessionModel.findOne({ sessionId }).lean<Session>();
    },
    /** A user's sessions opened (`createdAt`) or ended (`revokedAt`) at exactly that moment. */
    async at(username: string, field: 'createdAt' | 'revokedAt', at: Date): Promise<Session[]> {
      return SessionModel.find({ username, [field]: at }).lean<Session[]>();
    },
    async insert(session: Omit<Session, 'revokedAt' | 'revokedWhy'>): Promise<void> {
      await SessionModel.create(session);
    },
    async seen(sessionId: string, at: Date): Promise<void> {
      await SessionModel.updateOne({ sessionId }, { $set: { lastSeenAt: at } });
    },
    /** Ends a session still running; the session as it was, or null when it had ended already. */
    async revoke(sessionId: string, at: Date, why: string): Promise<Session | null> {
      return SessionModel.findOneAndUpdate({ sessionId, revokedAt: null }, { $set: { revokedAt: at, revokedWhy: why } }, { returnDocument: 'before' }).lean<Session>();
    },
    /** Ends a session whether it runs or not (a refresh token used twice). */
    async revokeAnyway(sessionId: string, at: Date, why: string): Promise<void> {
      await SessionModel.updateOne({ sessionId }, { $set: { revokedAt: at, revokedWhy: why } });
    },
    async revokeAll(username: string, at: Date, why: string): Promise<void> {
      await SessionModel.updateMany({ username, revokedAt: null }, { $set: { revokedAt: at, revokedWhy: why } });
    },
    /** Swaps the refresh hash, unless the session ended or was refreshed meanwhile; false then. */
    async rotate(sessionId: string, refreshHash: string, nextHash: string, at: Date): Promise<boolean> {
      const r = await SessionModel.updateOne({ sessionId, refreshHash, revokedAt: null }, { $set: { refreshHash: nextHash, lastSeenAt: at } });
      return r.modifiedCount === 1;
    },
  };
}
export type SessionRepository = ReturnType<typeof createSessionRepository>;
