import { randomUUID } from 'node:crypto';
import fp from 'fastify-plugin';
import jwt, { type JwtHeader } from 'jsonwebtoken';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config/index.js';
import type { AccountService, Principal } from '../../domain/account/account.service.js';
import type { SessionService } from '../../domain/account/session.service.js';
import type { Role } from '../../domain/account/account.model.js';
import { DomainError, ErrorKind } from '../../domain/shared/domain-error.js';

/** Who may call a route: anyone, the engine's exporter (its own secret), or signed-in users of some roles. */
export type Access = 'public' | 'engine' | { roles: readonly Role[]; passwordChangePending?: boolean };

declare module 'fastify' {
  interface FastifyContextConfig { access?: Access }
  interface FastifyRequest { principal?: Principal; sessionId?: string }
  interface FastifyInstance { issueTokens(principal: Principal, sessionId: string): { accessToken: string; expiresIn: number } }
}

const ALGORITHMS: jwt.Algorithm[] = ['HS256'];
export const AUDIENCE = 'gov-services-api';
export const ISSUER = 'gov-services-platform';

const unauthenticated = (zh: string, en: string) => new DomainError('TOKEN_INVALID', ErrorKind.Unauthenticated, { zh: `登录凭证无效：${zh}`, en });

/**
 * Access tokens: HS256 only, signed with the current key of a keyring and carrying its key id, so keys rotate
 * by adding a new kid and retiring the old one later. Audience and issuer are checked; the session named in
 * the token must still be open (logout and idle time end it), and role and posts are read fresh each time.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: { security: Config['security']; accounts: AccountService; sessions: SessionService }) => {
  const { keys, currentKid } = opts.security.jwt;

  app.decorate('issueTokens', (principal: Principal, sessionId: string) => {
    const expiresIn = opts.security.accessTokenMinutes * 60;
    const accessToken = jwt.sign({ sid: sessionId, role: principal.role }, keys[currentKid]!, {
      algorithm: 'HS256', keyid: currentKid, audience: AUDIENCE, issuer: ISSUER, subject: principal.username, expiresIn, jwtid: randomUUID(),
    });
    return { accessToken, expiresIn };
  });

  async function authenticate(req: FastifyRequest): Promise<Principal> {
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) {
      throw new DomainError('TOKEN_MISSING', ErrorKind.Unauthenticated, { zh: '请先登录：请求须带访问令牌（Authorization: Bearer <令牌>）', en: 'send an access token: Authorization: Bearer <token>' });
    }
    const token = header.slice(7);
    const decoded = jwt.decode(token, { complete: true }) as { header: JwtHeader } | null;
    const key = decoded?.header.kid ? keys[decoded.header.kid] : undefined;
    if (!key) throw unauthenticated('令牌格式不正确，或由未知的密钥签发', 'the token is malformed or signed with an unknown key');
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, key, { algorithms: ALGORITHMS, audience: AUDIENCE, issuer: ISSUER }) as jwt.JwtPayload;
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) throw unauthenticated('令牌已过期，请刷新', 'the token has expired; refresh it');
      throw unauthenticated('令牌校验未通过', 'the token is not valid');
    }
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') throw unauthenticated('令牌缺少用户或会话', 'the token is not valid: it names no user or session');
    await opts.sessions.touch(claims.sid, new Date());
    const principal = await opts.accounts.principal(claims.sub).catch(() => {
      throw unauthenticated(`账号 ${String(claims.sub)} 已不存在`, `the account ${String(claims.sub)} no longer exists`);
    });
    req.sessionId = claims.sid;
    return principal;
  }

  app.addHook('onRoute', (route) => {
    const url = route.url;
    if (url.startsWith('/api/') && !route.config?.access) {
      throw new Error(`route ${route.method} ${url} does not say who may call it (config.access)`);
    }
  });

  // onRequest: who may call is settled before the body is even parsed or validated
  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config?.access;
    if (!access || access === 'public' || access === 'engine') return;
    const principal = await authenticate(req);
    if (principal.mustChangePassword && !access.passwordChangePending) {
      throw new DomainError('PASSWORD_CHANGE_REQUIRED', ErrorKind.Forbidden, {
        zh: `${principal.username} 首次登录须先修改初始密码（POST /api/auth/password）`, en: `${principal.username} must change the initial password first: POST /api/auth/password`,
      });
    }
    if (!access.roles.includes(principal.role)) {
      throw new DomainError('ROLE_FORBIDDEN', ErrorKind.Forbidden, {
        zh: `当前角色 ${principal.role} 无权执行 ${req.method} ${req.routeOptions.url}`, en: `${req.method} ${req.routeOptions.url} is not open to the role ${principal.role}`,
      });
    }
    req.principal = principal;
  });
}, { name: 'auth' });

/** The signed-in user of a route that requires one. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new DomainError('TOKEN_MISSING', ErrorKind.Unauthenticated, { zh: '请先登录', en: 'sign in first' });
  return req.principal;
}
