import type { OAuthClient } from './oauth-client.ts';
import { OAuthError } from './oauth-errors.ts';
import type { OAuthParams } from './request-params.ts';
import { sameSecret } from './secrets.ts';

/** Credentials a request presented, before they are checked. */
export interface PresentedCredentials {
  clientId: string;
  clientSecret: string | undefined;
  method: 'client_secret_basic' | 'client_secret_post' | 'none';
}

/**
 * The client credentials of a token or revocation request: HTTP Basic (RFC 6749 §2.3.1, values
 * form-encoded before base64) or `client_id`/`client_secret` in the body, never both.
 */
export function presentedCredentials(
  authorization: string | undefined,
  params: OAuthParams,
): PresentedCredentials | undefined {
  const basic = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (basic?.[1] !== undefined) {
    if (params.client_secret !== undefined) {
      throw new OAuthError('invalid_request', 'Use one client authentication method, not two');
    }
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new OAuthError('invalid_client', 'Malformed HTTP Basic credentials');
    }
    const clientId = formDecode(decoded.slice(0, colon));
    if (params.client_id !== undefined && params.client_id !== clientId) {
      throw new OAuthError('invalid_request', 'client_id does not match the HTTP Basic credentials');
    }
    return { clientId, clientSecret: formDecode(decoded.slice(colon + 1)), method: 'client_secret_basic' };
  }
  if (params.client_id === undefined) {
    return undefined;
  }
  return {
    clientId: params.client_id,
    clientSecret: params.client_secret,
    method: params.client_secret === undefined ? 'none' : 'client_secret_post',
  };
}

/** The registered client whose secret was presented; `invalid_client` for anything else. */
export function authenticateClient(
  credentials: PresentedCredentials | undefined,
  clients: ReadonlyMap<string, OAuthClient>,
): OAuthClient {
  if (credentials === undefined) {
    throw new OAuthError('invalid_client', 'Client authentication is required');
  }
  const client = clients.get(credentials.clientId);
  if (
    client === undefined ||
    credentials.clientSecret === undefined ||
    !sameSecret(credentials.clientSecret, client.clientSecret)
  ) {
    throw new OAuthError('invalid_client', 'Client authentication failed');
  }
  return client;
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replaceAll('+', ' '));
  } catch {
    throw new OAuthError('invalid_client', 'Malformed HTTP Basic credentials');
  }
}
