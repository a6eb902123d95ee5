import type { FastifyRequest } from 'fastify';
import type { AccountStore } from '../../domain/accounts/account-store.ts';
import type { ApiTokenService } from '../../domain/api-tokens/api-token-service.ts';
import { PlugboardError } from '../../domain/errors.ts';
import type { Principal } from './principal.ts';

/**
 * Recognises a caller from a request: returns the principal, `null` when this authenticator does not
 * apply (e.g. no cookie), or throws when credentials are present but wrong.
 */
export type Authenticator = (request: FastifyRequest) => Promise<Principal | null>;

/** `Authorization: Bearer …` with a token from `POST /oauth/token`. */
export function bearerAuthenticator(tokens: ApiTokenService): Authenticator {
  return async (request) => {
    const header = request.headers.authorization;
    if (header === undefined) return null;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) {
      throw new PlugboardError(
        'unauthenticated',
        'The Authorization header must be "Bearer {access token}".',
      );
    }
    const token = await tokens.verify(match[1]);
    if (!token)
      throw new PlugboardError('unauthenticated', 'The access token is invalid, expired or revoked.');
    return { kind: 'api-client', clientId: token.clientId, restrictedToAccount: token.accountId };
  };
}

/** Runs the authenticators in order; the first that recognises the caller wins. */
export async function authenticate(
  request: FastifyRequest,
  authenticators: readonly Authenticator[],
): Promise<Principal> {
  for (const authenticator of authenticators) {
    const principal = await authenticator(request);
    if (principal) return principal;
  }
  throw new PlugboardError(
    'unauthenticated',
    'Authorization is required: send "Authorization: Bearer {access token}".',
  );
}

const ACCOUNT_HEADERS = ['x-cyclr-account', 'x-plugboard-account'] as const;

/** The account named by `X-Cyclr-Account` (or `X-Plugboard-Account`); an empty value counts as missing. */
export function accountHeader(request: FastifyRequest): string | null {
  for (const name of ACCOUNT_HEADERS) {
    const value = request.headers[name];
    const text = Array.isArray(value) ? value[0] : value;
    if (text && text.trim() !== '') return text.trim();
  }
  return null;
}

/** Refuses a call meant for the whole partner when the token is restricted to one account. */
export function requirePartnerWide(principal: Principal): void {
  if (principal.kind === 'api-client' && principal.restrictedToAccount !== null) {
    throw new PlugboardError('forbidden', 'An account-restricted access token cannot make this call.');
  }
}

/** Refuses to touch `accountId` with a token restricted to another account. */
export function requireAccountAccess(principal: Principal, accountId: string): void {
  if (
    principal.kind === 'api-client' &&
    principal.restrictedToAccount !== null &&
    principal.restrictedToAccount !== accountId
  ) {
    throw new PlugboardError('forbidden', 'This access token is restricted to another account.');
  }
}

/**
 * Resolves the account of an account-scoped call: the header must be present (401), allowed for this
 * token (403) and name an existing account (404).
 */
export async function resolveAccount(
  request: FastifyRequest,
  principal: Principal,
  accounts: AccountStore,
): Promise<string> {
  const accountId = accountHeader(request);
  if (accountId === null) {
    throw new PlugboardError(
      'account_header_missing',
      'The X-Cyclr-Account header is required for this call.',
    );
  }
  requireAccountAccess(principal, accountId);
  if (!(await accounts.exists(accountId)))
    throw new PlugboardError('not_found', `Account '${accountId}' was not found.`);
  return accountId;
}
