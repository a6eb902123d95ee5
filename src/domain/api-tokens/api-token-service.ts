import { hashToken, randomToken } from '../../crypto/tokens.ts';
import type { ApiClientService } from '../api-clients/api-client-service.ts';
import type { Clock } from '../clock.ts';
import type { ApiToken, ApiTokenStore } from './api-token-store.ts';

/** Cyclr's partner tokens live 14 days (`expires_in: 1209599`). */
export const API_TOKEN_LIFETIME_SECONDS = 1_209_599;

export type TokenGrantFailure = 'unsupported_grant_type' | 'invalid_client' | 'invalid_scope';

export type TokenGrant =
  | { readonly ok: true; readonly accessToken: string; readonly token: ApiToken }
  | { readonly ok: false; readonly error: TokenGrantFailure; readonly description: string };

export interface TokenRequest {
  readonly grantType: string | undefined;
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  readonly scope: string | undefined;
}

/** Issues, verifies and revokes partner API bearer tokens (OAuth 2 client credentials). */
export class ApiTokenService {
  constructor(
    private readonly store: ApiTokenStore,
    private readonly clients: ApiClientService,
    private readonly accountExists: (accountId: string) => Promise<boolean>,
    private readonly clock: Clock,
  ) {}

  async grant(request: TokenRequest): Promise<TokenGrant> {
    if (request.grantType !== 'client_credentials') {
      return {
        ok: false,
        error: 'unsupported_grant_type',
        description: 'grant_type must be client_credentials',
      };
    }
    if (!request.clientId || !request.clientSecret) {
      return { ok: false, error: 'invalid_client', description: 'client_id and client_secret are required' };
    }
    const client = await this.clients.verify(request.clientId, request.clientSecret);
    if (!client) return { ok: false, error: 'invalid_client', description: 'Unknown client or wrong secret' };
    let accountId: string | null = null;
    const scope = request.scope?.trim();
    if (scope) {
      const match = /^account:(.+)$/.exec(scope);
      if (!match?.[1])
        return { ok: false, error: 'invalid_scope', description: 'scope must be account:{AccountId}' };
      accountId = match[1];
      if (!(await this.accountExists(accountId))) {
        return { ok: false, error: 'invalid_scope', description: `Account '${accountId}' does not exist` };
      }
    }
    const accessToken = randomToken(32);
    const now = this.clock();
    const token: ApiToken = {
      tokenHash: hashToken(accessToken),
      clientId: client.id,
      accountId,
      createdAt: now,
      expiresAt: now + API_TOKEN_LIFETIME_SECONDS * 1000,
      revokedAt: null,
    };
    await this.store.insert(token);
    return { ok: true, accessToken, token };
  }

  /** The live token for a presented bearer value, or `undefined`. */
  verify(accessToken: string): Promise<ApiToken | undefined> {
    return this.store.findLive(hashToken(accessToken), this.clock());
  }

  /** RFC 7009: revoking an unknown token is not an error. */
  async revoke(accessToken: string): Promise<void> {
    await this.store.revoke(hashToken(accessToken), this.clock());
  }
}
