import type { FastifyRequest } from 'fastify';
import { requireAccountAccess } from './authenticate.ts';
import { principalOf } from './route-access.ts';

/**
 * Route `onRequest` hook for partner-level routes whose path names an account (`/accounts/:id/…`):
 * a token restricted to another account is refused with 403 before the body is read, and before
 * the handler could reveal whether that account exists.
 */
export function accountInPath(param = 'id') {
  return async (request: FastifyRequest): Promise<void> => {
    const accountId = (request.params as Record<string, string | undefined>)[param] ?? '';
    requireAccountAccess(principalOf(request), accountId);
  };
}
