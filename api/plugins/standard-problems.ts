import type { RouteOptions } from 'fastify';
import { Role } from '../../domain/account/account.model.js';
import { problems } from '../schemas/common.js';

const ALL_ROLES = Object.values(Role);

/**
 * The refusals every /api route can give by the way it is built, whatever its handler does: a request that does
 * not fit the schema or is not JSON (400), a body too large (413) or of another media type (415), a path that names
 * nothing (404), no token (401), a role the route does not take (403), too many requests (429), and a store that does
 * not answer (503). Added to each route's documented responses, beside those it lists itself, so the document says
 * every status the route can answer. Roles are written to the document too, as x-roles.
 */
export function addStandardProblems(route: RouteOptions): void {
  const schema = route.schema as (RouteOptions['schema'] & { hide?: boolean; 'x-roles'?: readonly string[] }) | undefined;
  if (!route.url.startsWith('/api/') || !schema || schema.hide) return;
  const access = route.config?.access;
  const takesBody = [route.method].flat().some((m) => m !== 'GET' && m !== 'HEAD');
  const statuses = new Set<number>([503]);
  if (schema.params || schema.querystring || schema.body || schema.headers || takesBody) statuses.add(400);
  if (takesBody) [413, 415].forEach((s) => statuses.add(s));
  if (schema.params) statuses.add(404);
  if (route.config?.rateLimit) statuses.add(429);
  if (access && typeof access === 'object') {
    statuses.add(401);
    if (!access.passwordChangePending || ALL_ROLES.some((r) => !access.roles.includes(r))) statuses.add(403);
    schema['x-roles'] = [...access.roles];
  }
  const declared = (schema.response ?? {}) as Record<string, unknown>;
  const missing = [...statuses].filter((s) => !(String(s) in declared));
  schema.response = { ...problems(...missing), ...declared };
}
