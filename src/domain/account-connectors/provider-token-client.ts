import type { ConnectorDefinition } from '../../connectors/connector-definition.ts';
import type { ResolvedConnectorSetup } from '../connector-setups/connector-setup-service.ts';

/** A token endpoint's successful answer, normalised. */
export interface ProviderTokens {
  readonly accessToken: string;
  /** `null` when the provider sent none (the caller keeps the one it has). */
  readonly refreshToken: string | null;
  readonly tokenType: string;
  readonly expiresInSeconds: number | null;
  readonly scope: string | null;
  /** The definition's `tokenMetadataFields` that were present (e.g. `subdomain`). */
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * Why a token endpoint call failed:
 * - `invalid_grant`: the code or refresh token was refused (terminal for that token);
 * - `invalid_client`: the partner's client id or secret is wrong (terminal until the setup changes);
 * - `rejected`: any other definite refusal (bad request, unsupported grant);
 * - `invalid_response`: the provider answered with something that is not a valid token response;
 * - `authorization_error`: the callback itself carried an error or failed validation (state, iss);
 * - `transient`: 5xx, 429, timeout or network failure — worth retrying later.
 */
export type TokenFailureKind =
  | 'invalid_grant'
  | 'invalid_client'
  | 'rejected'
  | 'invalid_response'
  | 'authorization_error'
  | 'transient';

export class TokenEndpointError extends Error {
  constructor(
    readonly kind: TokenFailureKind,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'TokenEndpointError';
  }
}

export interface CodeExchange {
  readonly definition: ConnectorDefinition;
  readonly setup: ResolvedConnectorSetup;
  /** The callback's query, validated here (duplicates, `iss`, `state`, `error`) before the code is used. */
  readonly callbackParameters: URLSearchParams;
  readonly expectedState: string;
  /** The issuer the `iss` parameter must equal when present; `null` to accept only the Authorise URL's origin. */
  readonly expectedIssuer: string | null;
  readonly authoriseUrl: string;
  readonly accessTokenUrl: string;
  readonly codeVerifier: string | null;
  readonly redirectUri: string;
}

/** The provider's OAuth endpoints, behind one port (implemented with oauth4webapi). */
export interface ProviderTokenClient {
  exchangeCode(exchange: CodeExchange): Promise<ProviderTokens>;
  refresh(
    definition: ConnectorDefinition,
    setup: ResolvedConnectorSetup,
    refreshToken: string,
  ): Promise<ProviderTokens>;
  /** Best effort (RFC 7009): tries the definition's revocation endpoints in order; never throws. */
  revoke(
    definition: ConnectorDefinition,
    setup: ResolvedConnectorSetup,
    token: string,
    hint: 'refresh_token' | 'access_token',
  ): Promise<boolean>;
}
