import type { FastifyReply } from 'fastify';
import { PlugboardError } from '../../domain/errors.ts';
import type { RateLimitService } from '../../domain/rate-limits/rate-limit-service.ts';
import { type Principal, principalKey } from '../auth/principal.ts';

/**
 * Counts the request against the caller's per-minute budget (per API client, shared by every process
 * through the database) and refuses it with 429 once the budget is spent. Called right after
 * authentication, so refused calls (403, 404) count too, and one client's flood never touches
 * another client's budget. Every answer carries `X-RateLimit-Limit`, `-Remaining` and `-Reset`
 * (epoch seconds when the window ends); a 429 also carries `Retry-After` (seconds).
 */
export async function enforceRateLimit(
  limiter: RateLimitService,
  principal: Principal,
  reply: FastifyReply,
): Promise<void> {
  const decision = await limiter.consume(principalKey(principal));
  if (!decision) return;
  reply.header('X-RateLimit-Limit', String(decision.limit));
  reply.header('X-RateLimit-Remaining', String(decision.remaining));
  reply.header('X-RateLimit-Reset', String(Math.ceil(decision.resetAt / 1000)));
  if (!decision.allowed) {
    throw new PlugboardError(
      'rate_limited',
      `Rate limit exceeded: at most ${decision.limit} requests per minute per API client. Retry after ${decision.retryAfterSeconds} seconds.`,
      { retryAfterSeconds: decision.retryAfterSeconds },
    );
  }
}
