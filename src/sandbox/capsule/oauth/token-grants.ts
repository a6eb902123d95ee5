import type { SandboxContext } from '../sandbox-context.ts';
import type { Grant } from './grants-and-tokens.ts';
import type { OAuthClient } from './oauth-client.ts';
import { OAuthError } from './oauth-errors.ts';
import { verifierMatches } from './pkce.ts';
import type { OAuthParams } from './request-params.ts';

/** Capsule's token response (§1.5 of the reference), in Capsule's field order. */
export interface TokenResponseBody {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token?: string;
  scope: string;
  subdomain: string;
}

type GrantDeps = Pick<SandboxContext, 'authorizations' | 'tokens' | 'switches' | 'stats' | 'state' | 'now'>;

/**
 * `grant_type=authorization_code`. Codes are single use: a replayed code is refused and, as RFC 6749
 * §4.1.2 advises, every token issued from it is revoked. `redirect_uri` is compared only when sent,
 * as Capsule does; PKCE is checked whenever the authorisation request carried a challenge.
 */
export function exchangeAuthorizationCode(
  deps: GrantDeps,
  client: OAuthClient,
  params: OAuthParams,
): TokenResponseBody {
  if (params.code === undefined) {
    throw new OAuthError('invalid_request', 'code is required');
  }
  const record = deps.authorizations.findCode(params.code);
  if (record === undefined) {
    throw new OAuthError('invalid_grant', 'Invalid authorization code');
  }
  if (record.grantId !== undefined) {
    if (deps.tokens.revokeGrant(record.grantId)) {
      deps.stats.grantsRevoked += 1;
    }
    throw new OAuthError('invalid_grant', 'Authorization code has already been used');
  }
  if (record.expiresAt <= deps.now()) {
    throw new OAuthError('invalid_grant', 'Authorization code has expired');
  }
  const { request } = record;
  if (request.clientId !== client.clientId) {
    throw new OAuthError('invalid_grant', 'Authorization code was issued to another client');
  }
  if (params.redirect_uri !== undefined && params.redirect_uri !== request.redirectUri) {
    throw new OAuthError('invalid_grant', 'redirect_uri does not match the authorisation request');
  }
  checkPkce(request.codeChallenge, request.codeChallengeMethod ?? 'plain', params.code_verifier);
  const grant = deps.tokens.createGrant(client.clientId, record.userId, request.scopes);
  record.grantId = grant.id;
  return issueTokens(deps, grant, grant.scopes, true);
}

/**
 * `grant_type=refresh_token`, following the rotation switches. Under strict rotation the presented
 * token is consumed, and presenting a consumed one revokes the whole grant (RFC 9700 §4.14.2).
 */
export function refreshAccessToken(
  deps: GrantDeps,
  client: OAuthClient,
  params: OAuthParams,
): TokenResponseBody {
  if (params.refresh_token === undefined) {
    throw new OAuthError('invalid_request', 'refresh_token is required');
  }
  const found = deps.tokens.findRefreshToken(params.refresh_token);
  if (found === undefined || found.grant.clientId !== client.clientId) {
    throw new OAuthError('invalid_grant', 'Invalid refresh token');
  }
  const { grant } = found;
  if (grant.revoked) {
    throw new OAuthError('invalid_grant', 'Refresh token has been revoked');
  }
  if (found.consumed) {
    if (deps.tokens.revokeGrant(grant.id)) {
      deps.stats.grantsRevoked += 1;
    }
    throw new OAuthError('invalid_grant', 'Refresh token has already been used');
  }
  const scopes = narrowedScopes(grant, params.scope);
  const rotate = deps.switches.rotateRefreshTokens;
  if (rotate && deps.switches.strictRotation) {
    deps.tokens.consumeRefreshToken(params.refresh_token);
  }
  return issueTokens(deps, grant, scopes, rotate);
}

function checkPkce(
  challenge: string | undefined,
  method: 'S256' | 'plain',
  verifier: string | undefined,
): void {
  if (challenge === undefined) {
    // A verifier without a challenge signals a downgrade attempt (RFC 9700 §2.1.1), so it is refused.
    if (verifier !== undefined) {
      throw new OAuthError(
        'invalid_grant',
        'code_verifier sent, but the authorisation request had no code_challenge',
      );
    }
    return;
  }
  if (verifier === undefined) {
    throw new OAuthError('invalid_grant', 'code_verifier is required');
  }
  if (!verifierMatches(challenge, method, verifier)) {
    throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
  }
}

/** RFC 6749 §6: a refresh may ask for fewer scopes than the grant has, never more. */
function narrowedScopes(grant: Grant, requested: string | undefined): string[] {
  if (requested === undefined) {
    return grant.scopes;
  }
  const names = requested.split(' ').filter((name) => name !== '');
  if (names.length === 0 || !names.every((name) => grant.scopes.includes(name))) {
    throw new OAuthError('invalid_scope', 'scope exceeds what the user granted');
  }
  return [...new Set(names)];
}

function issueTokens(
  deps: GrantDeps,
  grant: Grant,
  scopes: string[],
  withRefreshToken: boolean,
): TokenResponseBody {
  const ttl = deps.switches.accessTokenTtlSeconds;
  const accessToken = deps.tokens.issueAccessToken(grant, scopes, ttl);
  const refreshToken = withRefreshToken ? deps.tokens.issueRefreshToken(grant) : undefined;
  return {
    access_token: accessToken,
    token_type: 'bearer',
    expires_in: ttl,
    ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
    scope: scopes.join(' '),
    subdomain: deps.state.site.subdomain,
  };
}
