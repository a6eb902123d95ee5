import type { SandboxSwitches } from '../switches.ts';
import type { AuthorizationRequest } from './authorization-requests.ts';
import type { OAuthClient } from './oauth-client.ts';
import { type CodeChallengeMethod, isWellFormedPkceValue } from './pkce.ts';
import { parseScope } from './scopes.ts';

/** What to do with an authorisation request. */
export type AuthorizationCheck =
  | { outcome: 'consent'; request: AuthorizationRequest }
  /** The client or redirect URI cannot be trusted: show an error page and never redirect. */
  | { outcome: 'error-page'; message: string }
  /** RFC 6749 §4.1.2.1: report the error to the client at its verified redirect URI. */
  | {
      outcome: 'redirect-error';
      redirectUri: string;
      error: string;
      description: string;
      state: string | undefined;
    };

type Query = Readonly<Record<string, unknown>>;

/**
 * Validates `GET /oauth/authorise`. Client and redirect URI come first, because until both are known
 * to be registered no error may be sent anywhere but the user's screen.
 */
export function checkAuthorizationRequest(
  query: Query,
  clients: ReadonlyMap<string, OAuthClient>,
  switches: Pick<SandboxSwitches, 'requirePkce'>,
): AuthorizationCheck {
  const clientId = single(query, 'client_id');
  const client = typeof clientId === 'string' ? clients.get(clientId) : undefined;
  if (client === undefined) {
    return {
      outcome: 'error-page',
      message: 'The application asking for access is not registered with Capsule.',
    };
  }
  const redirectUri = single(query, 'redirect_uri');
  if (typeof redirectUri !== 'string' || !client.redirectUris.includes(redirectUri)) {
    return {
      outcome: 'error-page',
      message: 'The redirect_uri is missing or is not one this application registered.',
    };
  }
  const state = single(query, 'state');
  const fail = (error: string, description: string): AuthorizationCheck => ({
    outcome: 'redirect-error',
    redirectUri,
    error,
    description,
    state: typeof state === 'string' ? state : undefined,
  });
  const repeated = Object.entries(query).find(([, value]) => Array.isArray(value));
  if (repeated !== undefined) {
    return fail('invalid_request', `${repeated[0]} must not be repeated`);
  }
  const responseType = single(query, 'response_type');
  if (responseType === undefined) {
    return fail('invalid_request', 'response_type is required');
  }
  if (responseType !== 'code') {
    return fail('unsupported_response_type', 'Only response_type=code is supported');
  }
  const scopes = parseScope(stringOrUndefined(single(query, 'scope')));
  if (scopes === undefined) {
    return fail('invalid_scope', 'scope names an unknown scope');
  }
  const challenge = stringOrUndefined(single(query, 'code_challenge'));
  const method = stringOrUndefined(single(query, 'code_challenge_method'));
  if (challenge === undefined) {
    if (method !== undefined) {
      return fail('invalid_request', 'code_challenge_method was sent without code_challenge');
    }
    if (switches.requirePkce) {
      return fail('invalid_request', 'code_challenge is required');
    }
  } else {
    if (method !== undefined && method !== 'S256' && method !== 'plain') {
      return fail('invalid_request', 'code_challenge_method must be S256 or plain');
    }
    if (!isWellFormedPkceValue(challenge)) {
      return fail('invalid_request', 'code_challenge must be 43 to 128 unreserved characters');
    }
  }
  return {
    outcome: 'consent',
    request: {
      clientId: client.clientId,
      redirectUri,
      scopes,
      state: stringOrUndefined(state),
      codeChallenge: challenge,
      // RFC 7636 §4.3: without a method the challenge is plain.
      codeChallengeMethod: challenge === undefined ? undefined : ((method ?? 'plain') as CodeChallengeMethod),
    },
  };
}

/** The parameter's value; arrays (repeated parameters) are returned as they are for the caller to reject. */
function single(query: Query, name: string): unknown {
  const value = query[name];
  return value === '' ? undefined : value;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The redirect URI with the response parameters added, keeping any query it already has. */
export function redirectWithParams(
  redirectUri: string,
  params: Readonly<Record<string, string | undefined>>,
): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) {
      url.searchParams.set(name, value);
    }
  }
  return url.toString();
}
