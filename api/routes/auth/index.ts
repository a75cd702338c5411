import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import type { DomainServices } from '../../../domain/services.js';
import { principalOf } from '../../plugins/auth.js';
import { NewPassword, RoleName, Strict, Username, problems } from '../../schemas/common.js';

const everyone = { roles: Object.values(Role) };
const Tokens = Type.Object({
  accessToken: Type.String(), refreshToken: Type.String(), tokenType: Type.Literal('Bearer'), expiresIn: Type.Integer(),
  mustChangePassword: Type.Boolean(),
});
const Me = Type.Object({
  username: Type.String(), realName: Type.String(), role: RoleName, unitCode: Type.Union([Type.String(), Type.Null()]),
  posts: Type.Array(Type.String()), activated: Type.Boolean(), mustChangePassword: Type.Boolean(),
  unitName: Type.Union([Type.String(), Type.Null()], { description: 'the unit’s name, as staff see it in the user menu' }),
  session: Type.Object({
    accessTokenMinutes: Type.Integer(), idleMinutes: Type.Integer({ description: 'the web app logs out after this long without use' }),
  }),
});

export const authRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices; session: { accessTokenMinutes: number; idleMinutes: number } }> = async (app, { services, session }) => {
  app.post('/api/auth/login', {
    // per address and username, counted once the body is read
    config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute', hook: 'preHandler', keyGenerator: (req) => `${req.ip}:${(req.body as { username?: string } | undefined)?.username ?? ''}` } },
    schema: {
      tags: ['auth'], summary: 'Log in with username and password (rate-limited; repeated failures lock the account)', security: [],
      body: Strict({ username: Username, password: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: { 200: Tokens, ...problems(400, 401, 429) },
    },
  }, async (req) => {
    const now = new Date();
    const principal = await services.accounts.verifyLogin(req.body.username, req.body.password, now, req.ip);
    const session = await services.sessions.open(principal.username, now, principal);
    req.log.info({ username: principal.username, outcome: 'success' }, 'login');
    return { ...app.issueTokens(principal, session.sessionId), refreshToken: session.refreshToken, tokenType: 'Bearer' as const, mustChangePassword: principal.mustChangePassword };
  });

  app.post('/api/auth/refresh', {
    config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: {
      tags: ['auth'], summary: 'Swap a refresh token for new tokens (each refresh token works once)', security: [],
      body: Strict({ refreshToken: Type.String({ minLength: 10, maxLength: 200 }) }),
      response: { 200: Tokens, ...problems(400, 401) },
    },
  }, async (req) => {
    const renewed = await services.sessions.refresh(req.body.refreshToken, new Date());
    const principal = await services.accounts.principal(renewed.username);
    return { ...app.issueTokens(principal, renewed.sessionId), refreshToken: renewed.refreshToken, tokenType: 'Bearer' as const, mustChangePassword: principal.mustChangePassword };
  });

  app.post('/api/auth/logout', {
    config: { access: { ...everyone, passwordChangePending: true } },
    schema: { tags: ['auth'], summary: 'End this session: its access and refresh tokens stop working at once', response: { 204: Type.Null(), ...problems(401) } },
  }, async (req, reply) => {
    await services.sessions.revoke(req.sessionId!, new Date(), 'logout');
    return reply.code(204).send(null);
  });

  app.post('/api/auth/password', {
    config: { access: { ...everyone, passwordChangePending: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: {
      tags: ['auth'], summary: 'Change the password (required at first login); every session ends, log in again with the new one',
      body: Strict({ currentPassword: Type.String({ minLength: 1, maxLength: 64 }), newPassword: NewPassword(services.accounts.passwordRule) }),
      response: { 204: Type.Null(), ...problems(400, 401, 422) },
    },
  }, async (req, reply) => {
    const me = principalOf(req);
    const now = new Date();
    await services.accounts.changePassword(me.username, req.body.currentPassword, req.body.newPassword, now);
    await services.sessions.revokeAll(me.username, now, 'password changed');
    return reply.code(204).send(null);
  });

  app.get('/api/me', {
    config: { access: { ...everyone, passwordChangePending: true } },
    schema: { tags: ['auth'], summary: 'Who am I: role, unit, posts, activation', response: { 200: Me, ...problems(401) } },
  }, async (req) => {
    const me = principalOf(req);
    const unit = me.unitCode ? await services.units.get(me.unitCode) : null;
    return { ...me, unitName: unit?.name ?? null, session };
  });
};
