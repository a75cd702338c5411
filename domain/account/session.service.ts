import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { AuditAction, ActorKind } from '../audit/audit-entry.model.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Session, SessionRepository } from './session.repository.js';

export interface SessionPolicy { idleMinutes: number; refreshHours: number }

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const expired = () => new DomainError('SESSION_ENDED', ErrorKind.Unauthenticated, {
  zh: '会话已结束（已退出、闲置过久或已过期），请重新登录', en: 'the session has ended (logged out, idle too long or expired); log in again',
});

export function createSessionService(policy: SessionPolicy, deps: { sessions: SessionRepository; audit: AuditService }) {
  const { sessions, audit } = deps;
  const prefix = (sessionId: string) => sessionId.slice(0, 8);
  // A login or logout interrupted by a stop: the session opened, or ended, at that moment says whether it happened.
  audit.settleWith(AuditAction.Login, async (input) => {
    const session = (input.detail as { session?: string } | null)?.session ?? '';
    const opened = (await sessions.at(input.actor.id, 'createdAt', input.at)).some((s) => prefix(s.sessionId) === session);
    return opened ? { done: true } : { done: false, why: 'no session was opened' };
  });
  audit.settleWith(AuditAction.Logout, async (input) => {
    const ended = (await sessions.at(input.actor.id, 'revokedAt', input.at)).some((s) => prefix(s.sessionId) === input.target.id && s.revokedWhy === 'logout');
    return ended ? { done: true } : { done: false, why: 'the session did not end' };
  });
  async function active(sessionId: string, now: Date): Promise<Session> {
    const s = await sessions.get(sessionId);
    if (!s || s.revokedAt || s.expiresAt <= now) throw expired();
    if (now.getTime() - s.lastSeenAt.getTime() > policy.idleMinutes * 60_000) {
      await sessions.revoke(sessionId, now, 'idle');
      throw expired();
    }
    return s;
  }
  return {
    /** Opens a session for a user whose password was checked: this is the login, and its audit entry. */
    async open(username: string, now: Date, who: { role?: string | null; unitCode?: string | null } = {}): Promise<{ sessionId: string; refreshToken: string }> {
      const sessionId = randomBytes(16).toString('hex');
      const secret = randomBytes(32).toString('base64url');
      const entry = await audit.intend({
        at: now, actor: { kind: ActorKind.User, id: username, role: who.role ?? null }, action: AuditAction.Login,
        target: { kind: 'account', id: username }, unit: who.unitCode ?? null, detail: { session: prefix(sessionId) },
      });
      await sessions.insert({ sessionId, username, refreshHash: sha256(secret), createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + policy.refreshHours * 3_600_000) });
      await audit.record(entry);
      return { sessionId, refreshToken: `${sessionId}.${secret}` };
    },

    /** Checks a session on every request (logout and idle time end it at once); notes activity at most once a minute. */
    async touch(sessionId: string, now: Date): Promise<void> {
      const s = await active(sessionId, now);
      if (now.getTime() - s.lastSeenAt.getTime() > 60_000) await sessions.seen(sessionId, now);
    },

    /** Swaps a refresh token for a new one; a token used twice ends the session (it may have been stolen). */
    async refresh(refreshToken: string, now: Date): Promise<{ username: string; sessionId: string; refreshToken: string }> {
      const [sessionId, secret] = refreshToken.split('.');
      if (!sessionId || !secret) throw expired();
      const s = await active(sessionId, now);
      const given = Buffer.from(sha256(secret));
      if (!timingSafeEqual(given, Buffer.from(s.refreshHash))) {
        await sessions.revokeAnyway(sessionId, now, 'refresh token reused');
        throw expired();
      }
      const next = randomBytes(32).toString('base64url');
      if (!(await sessions.rotate(sessionId, s.refreshHash, sha256(next), now))) throw expired();
      return { username: s.username, sessionId, refreshToken: `${sessionId}.${next}` };
    },

    async revoke(sessionId: string, now: Date, why: string): Promise<void> {
      const s = why === 'logout' ? await sessions.get(sessionId) : null;
      if (!s || s.revokedAt) {
        await sessions.revoke(sessionId, now, why);
        return;
      }
      const entry = await audit.intend({ at: now, actor: { kind: ActorKind.User, id: s.username, role: null }, action: AuditAction.Logout, target: { kind: 'session', id: prefix(sessionId) } });
      if (await sessions.revoke(sessionId, now, why)) await audit.record(entry);
      else await audit.forget(entry);
    },

    async revokeAll(username: string, now: Date, why: string): Promise<void> {
      await sessions.revokeAll(username, now, why);
    },
  };
}
export type SessionService = ReturnType<typeof createSessionService>;
