import type { FastifyReply, FastifyRequest } from 'fastify';
import { simulatedLatency } from '../http/delay.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import type { ApiAuth } from './api-types.ts';
import { HourlyRateLimiter } from './hourly-rate-limit.ts';

/** Whether a route reads or changes data; writes need the `write` scope. */
export type ApiAccess = 'read' | 'write';

/**
 * Runs before every API route: latency, injected outages, bearer authentication, the hourly rate
 * limit and the scope check, in that order. Returns the caller, or undefined once it has answered.
 */
export type ApiGuard = (
  request: FastifyRequest,
  reply: FastifyReply,
  access: ApiAccess,
) => Promise<ApiAuth | undefined>;

const TOKEN_PROBLEMS = {
  missing: 'No access token was provided',
  unknown: 'The access token is invalid',
  expired: 'The access token has expired',
  revoked: 'The access token has been revoked',
} as const;

/** The guard for one sandbox; it owns the rate-limit windows. */
export function createApiGuard(ctx: SandboxContext): ApiGuard {
  const limiter = new HourlyRateLimiter();
  return async (request, reply, access) => {
    const { stats, switches } = ctx;
    stats.apiRequests += 1;
    await simulatedLatency(switches.latencyMs);
    if (switches.fail5xx > 0) {
      switches.fail5xx -= 1;
      stats.apiInjectedFailures += 1;
      reply.code(503).send({ message: 'Service Unavailable' });
      return undefined;
    }
    const token = bearerToken(request.headers.authorization);
    const check = token === undefined ? undefined : ctx.tokens.checkAccessToken(token);
    if (check === undefined || !check.ok) {
      stats.apiUnauthorized += 1;
      const problem = TOKEN_PROBLEMS[check === undefined ? 'missing' : check.reason];
      reply
        .code(401)
        .header(
          'www-authenticate',
          `Bearer realm="api", error="invalid_token", error_description="${problem}"`,
        )
        .send({ message: problem });
      return undefined;
    }
    const { grant, scopes } = check.info;
    const quota = limiter.take(grant.userId, switches.rateLimitPerHour, ctx.now());
    reply.header('x-ratelimit-limit', String(quota.limit));
    reply.header('x-ratelimit-remaining', String(quota.remaining));
    reply.header('x-ratelimit-reset', String(quota.resetEpochSeconds));
    if (!quota.allowed) {
      stats.apiRateLimited += 1;
      reply.code(429).send({ error: 'rate limit reached' });
      return undefined;
    }
    const granted = new Set(scopes);
    const allowed = access === 'write' ? granted.has('write') : granted.has('read') || granted.has('write');
    if (!allowed) {
      stats.apiForbidden += 1;
      const problem = `The access token does not have the ${access} scope`;
      reply
        .code(403)
        .header(
          'www-authenticate',
          `Bearer realm="api", error="insufficient_scope", error_description="${problem}", scope="${access}"`,
        )
        .send({ message: problem });
      return undefined;
    }
    return { userId: grant.userId, clientId: grant.clientId, scopes: granted };
  };
}

function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}
