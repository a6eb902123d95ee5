import type { FastifyRequest } from 'fastify';
import { PlugboardError } from '../../domain/errors.ts';
import type { ReadScope } from '../../domain/read-cache/change-feed.ts';
import type { Principal } from './principal.ts';

/**
 * What a partner API route requires, set as `config: { access }` on the route:
 * - `partner`: any authenticated caller (account-restricted tokens included; the handler checks ids);
 * - `partner-wide`: a caller not restricted to one account;
 * - `account`: an account-scoped call with `X-Cyclr-Account`.
 */
export type RouteAccess = 'partner' | 'partner-wide' | 'account';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** The account of an account-scoped call, resolved from `X-Cyclr-Account`. */
    accountId: string | null;
    /** The request's cached reads share this one check of the change feed (see `ReadScope`). */
    readScope: ReadScope | null;
  }
}

/** The authenticated caller (throws if the route forgot to require authentication). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new PlugboardError('unauthenticated', 'Authorization is required.');
  return request.principal;
}

/** The account of an account-scoped call. */
export function accountOf(request: FastifyRequest): string {
  if (!request.accountId) {
    throw new PlugboardError(
      'account_header_missing',
      'The X-Cyclr-Account header is required for this call.',
    );
  }
  return request.accountId;
}

/** The audit actor for a call made by this request's principal: the partner's API client or a console admin. */
export function callActorOf(request: FastifyRequest): 'partner' | 'console' {
  return principalOf(request).kind === 'admin' ? 'console' : 'partner';
}
