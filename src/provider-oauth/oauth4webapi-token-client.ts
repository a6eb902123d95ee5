import * as oauth from 'oauth4webapi';
import type { ConnectorDefinition } from '../connectors/connector-definition.ts';
import {
  type CodeExchange,
  type ProviderTokenClient,
  type ProviderTokens,
  TokenEndpointError,
} from '../domain/account-connectors/provider-token-client.ts';
import type { ResolvedConnectorSetup } from '../domain/connector-setups/connector-setup-service.ts';
import { isLoopbackHost } from '../domain/url-rules.ts';
import { refusalOf } from '../runtime/http-client.ts';
import { tolerantTokenFetch } from './token-response-fetch.ts';

export interface TokenClientOptions {
  /** Longest wait for a token endpoint. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

function clientAuthentication(setup: ResolvedConnectorSetup): oauth.ClientAuth {
  return setup.tokenAuthMethod === 'client_secret_basic'
    ? oauth.ClientSecretBasic(setup.clientSecret)
    : oauth.ClientSecretPost(setup.clientSecret);
}

function tokensFrom(definition: ConnectorDefinition, response: oauth.TokenEndpointResponse): ProviderTokens {
  const metadata: Record<string, string> = {};
  for (const field of definition.auth.tokenMetadataFields) {
    const value = response[field];
    if (typeof value === 'string' || typeof value === 'number') metadata[field] = String(value);
  }
  return {
    accessToken: response.access_token,
    refreshToken:
      typeof response.refresh_token === 'string' && response.refresh_token !== ''
        ? response.refresh_token
        : null,
    tokenType: response.token_type,
    expiresInSeconds: typeof response.expires_in === 'number' ? response.expires_in : null,
    scope: typeof response.scope === 'string' ? response.scope : null,
    metadata,
  };
}

/** Classifies whatever a token endpoint call threw; messages never contain tokens or secrets. */
function classify(error: unknown, what: string): TokenEndpointError {
  if (error instanceof TokenEndpointError) return error;
  const refusal = refusalOf(error);
  if (refusal) return new TokenEndpointError('rejected', `${what} was not sent: ${refusal.message}`);
  if (error instanceof oauth.ResponseBodyError) {
    const status = error.status;
    const description = error.error_description ? `: ${error.error_description.slice(0, 200)}` : '';
    if (status >= 500 || status === 429)
      return new TokenEndpointError('transient', `${what} failed with HTTP ${status}`);
    if (error.error === 'invalid_grant')
      return new TokenEndpointError('invalid_grant', `${what} refused: invalid_grant${description}`);
    if (error.error === 'invalid_client' || error.error === 'unauthorized_client') {
      return new TokenEndpointError('invalid_client', `${what} refused: ${error.error}${description}`);
    }
    return new TokenEndpointError('rejected', `${what} refused: ${error.error}${description}`);
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    // A 401 with WWW-Authenticate: the token endpoint refused the client's own credentials.
    const status = error.status;
    if (status >= 500 || status === 429)
      return new TokenEndpointError('transient', `${what} failed with HTTP ${status}`);
    const code = error.cause[0]?.parameters.error;
    if (status === 401 || code === 'invalid_client') {
      return new TokenEndpointError(
        'invalid_client',
        `${what} refused: invalid_client (the client ID or secret was not accepted)`,
      );
    }
    return new TokenEndpointError(
      'rejected',
      `${what} refused with HTTP ${status}${code ? ` (${code})` : ''}`,
    );
  }
  if (error instanceof oauth.OperationProcessingError) {
    const cause = error.cause as { status?: unknown } | undefined;
    const status = cause && typeof cause.status === 'number' ? cause.status : undefined;
    if (status !== undefined && (status >= 500 || status === 429)) {
      return new TokenEndpointError('transient', `${what} failed with HTTP ${status}`);
    }
    return new TokenEndpointError(
      'invalid_response',
      `${what} returned an invalid response (${error.message})`,
    );
  }
  if (error instanceof oauth.UnsupportedOperationError) {
    return new TokenEndpointError(
      'invalid_response',
      `${what} returned an unsupported response (${error.message})`,
    );
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new TokenEndpointError('transient', `${what} timed out`);
  }
  return new TokenEndpointError('transient', `${what} could not reach the provider`);
}

/** The provider's OAuth endpoints through oauth4webapi: strict validation, PKCE, RFC 9207 `iss`. */
export class Oauth4webapiTokenClient implements ProviderTokenClient {
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: TokenClientOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#fetch = tolerantTokenFetch(options.fetch ?? fetch);
  }

  #requestOptions(url: string): oauth.TokenEndpointRequestOptions {
    return {
      [oauth.allowInsecureRequests]: isLoopbackHost(new URL(url).hostname),
      [oauth.customFetch]: this.#fetch,
      signal: AbortSignal.timeout(this.#timeoutMs),
    };
  }

  async exchangeCode(exchange: CodeExchange): Promise<ProviderTokens> {
    const iss = exchange.callbackParameters.get('iss');
    let issuer = exchange.expectedIssuer;
    if (issuer === null && iss !== null) {
      // No issuer configured: accept only an `iss` on the Authorise URL's own origin (RFC 9207 §2.4).
      if (safeOrigin(iss) !== new URL(exchange.authoriseUrl).origin) {
        throw new TokenEndpointError(
          'authorization_error',
          'The authorization response came from an unexpected issuer.',
        );
      }
      issuer = iss;
    }
    const as: oauth.AuthorizationServer = {
      issuer: issuer ?? new URL(exchange.authoriseUrl).origin,
      authorization_endpoint: exchange.authoriseUrl,
      token_endpoint: exchange.accessTokenUrl,
      authorization_response_iss_parameter_supported: exchange.definition.auth.issParameterSupported,
    };
    const client: oauth.Client = { client_id: exchange.setup.clientId };
    let parameters: URLSearchParams;
    try {
      parameters = oauth.validateAuthResponse(
        as,
        client,
        exchange.callbackParameters,
        exchange.expectedState,
      );
    } catch (error) {
      if (error instanceof oauth.AuthorizationResponseError) {
        throw new TokenEndpointError('authorization_error', `The provider answered ${error.error}.`);
      }
      const reason = error instanceof Error ? error.message : 'invalid';
      throw new TokenEndpointError(
        'authorization_error',
        `The authorization response is not valid (${reason}).`,
      );
    }
    try {
      const response = await oauth.authorizationCodeGrantRequest(
        as,
        client,
        clientAuthentication(exchange.setup),
        parameters,
        exchange.redirectUri,
        exchange.codeVerifier ?? oauth.nopkce,
        this.#requestOptions(exchange.accessTokenUrl),
      );
      return tokensFrom(
        exchange.definition,
        await oauth.processAuthorizationCodeResponse(as, client, response),
      );
    } catch (error) {
      throw classify(error, 'The code exchange');
    }
  }

  async refresh(
    definition: ConnectorDefinition,
    setup: ResolvedConnectorSetup,
    refreshToken: string,
  ): Promise<ProviderTokens> {
    const as: oauth.AuthorizationServer = {
      issuer: new URL(setup.accessTokenUrl).origin,
      token_endpoint: setup.accessTokenUrl,
    };
    const client: oauth.Client = { client_id: setup.clientId };
    try {
      const response = await oauth.refreshTokenGrantRequest(
        as,
        client,
        clientAuthentication(setup),
        refreshToken,
        this.#requestOptions(setup.accessTokenUrl),
      );
      return tokensFrom(definition, await oauth.processRefreshTokenResponse(as, client, response));
    } catch (error) {
      throw classify(error, 'The token refresh');
    }
  }

  async revoke(
    definition: ConnectorDefinition,
    setup: ResolvedConnectorSetup,
    token: string,
    hint: 'refresh_token' | 'access_token',
  ): Promise<boolean> {
    const client: oauth.Client = { client_id: setup.clientId };
    for (const reference of definition.auth.revocationUrls) {
      let endpoint: string;
      try {
        endpoint = new URL(reference, setup.accessTokenUrl).href;
      } catch {
        continue;
      }
      const as: oauth.AuthorizationServer = {
        issuer: new URL(endpoint).origin,
        revocation_endpoint: endpoint,
      };
      try {
        const response = await oauth.revocationRequest(as, client, clientAuthentication(setup), token, {
          ...this.#requestOptions(endpoint),
          additionalParameters: { token_type_hint: hint },
        });
        await oauth.processRevocationResponse(response);
        return true;
      } catch {
        // Try the next endpoint; revocation is best effort.
      }
    }
    return false;
  }
}

function safeOrigin(text: string): string | null {
  try {
    return new URL(text).origin;
  } catch {
    return null;
  }
}
