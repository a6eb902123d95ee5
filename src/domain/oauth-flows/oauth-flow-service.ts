import { createHash } from 'node:crypto';
import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import { hashToken, randomToken } from '../../crypto/tokens.ts';
import type { ConnectorCredentials } from '../account-connectors/account-connector.ts';
import { type ProviderTokenClient, TokenEndpointError } from '../account-connectors/provider-token-client.ts';
import type { Clock } from '../clock.ts';
import type {
  ConnectorSetupService,
  ResolvedConnectorSetup,
} from '../connector-setups/connector-setup-service.ts';
import { PlugboardError } from '../errors.ts';
import { connectionAuthenticated } from '../partner-events/connection-events.ts';
import type { Stores } from '../stores.ts';
import { FlowFailure } from './flow-failure.ts';
import type { OAuthFlow } from './oauth-flow.ts';
import { isAllowedOrigin, parseTargetOrigin } from './target-origin.ts';

/** A flow lives 10 minutes from the sign-in link to the callback. */
export const FLOW_LIFETIME_MS = 10 * 60 * 1000;

export type SignInTokenRedemption =
  | { readonly ok: true; readonly accountId: string; readonly username: string }
  | { readonly ok: false; readonly reason: 'unknown' | 'expired' | 'used' };

/** The ports the browser flow needs from other parts of Plugboard. */
export interface OAuthFlowDependencies {
  readonly stores: Pick<Stores, 'accountConnectors' | 'audit' | 'oauthFlows' | 'transaction'>;
  readonly catalog: ConnectorCatalog;
  readonly setups: ConnectorSetupService;
  readonly tokenClient: ProviderTokenClient;
  /** Consumes a one-time sign-in token. */
  readonly redeemSignInToken: (token: string) => Promise<SignInTokenRedemption>;
  /** The partner's allowed origins. */
  readonly allowedOrigins: () => Promise<readonly string[]>;
  /** `{PUBLIC_URL}/connector/callback`: the registered redirect URI, never built from request data. */
  readonly callbackUrl: string;
  readonly clock: Clock;
}

export interface StartRequest {
  readonly accountConnectorId: string;
  readonly signInToken: string;
  readonly targetOrigin: string;
  readonly callbackMessage: string | null;
}

export interface StartedFlow {
  readonly flowId: string;
  /** The secret for this browser's flow cookie; only its hash is stored. */
  readonly browserSecret: string;
  readonly expiresAt: number;
}

export interface CallbackInput {
  readonly query: URLSearchParams;
  /** Reads this browser's cookie for a flow id. */
  readonly browserSecretFor: (flowId: string) => string | undefined;
}

export type CallbackResult =
  | { readonly ok: true; readonly flow: OAuthFlow }
  | { readonly ok: false; readonly failure: FlowFailure; readonly flow: OAuthFlow | null };

function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** Builds the provider redirect: the Authorise URL with its own query kept, plus the OAuth parameters. */
export function authorizationUrl(
  setup: Pick<ResolvedConnectorSetup, 'authoriseUrl' | 'clientId' | 'scopes'>,
  redirectUri: string,
  state: string,
  codeChallenge: string | null,
): string {
  const url = new URL(setup.authoriseUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', setup.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', state);
  if (codeChallenge) {
    url.searchParams.set('code_challenge', codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  if (setup.scopes && !url.searchParams.has('scope')) url.searchParams.set('scope', setup.scopes);
  return url.href;
}

/**
 * The end-user OAuth 2 flow: the one-time sign-in link starts it, a cookie binds it to the browser,
 * state and PKCE protect the redirect, and the callback stores the tokens before anything is reported.
 */
export class OAuthFlowService {
  constructor(private readonly deps: OAuthFlowDependencies) {}

  /** Step 1: checks the link and records the flow (no provider redirect yet; the caller strips the token from the URL). */
  async start(request: StartRequest): Promise<StartedFlow> {
    const { deps } = this;
    const target = parseTargetOrigin(request.targetOrigin);
    if (!target) throw new FlowFailure('invalid_request', 'targetOrigin must be an http(s) origin or URL.');
    if (!isAllowedOrigin(target.origin, await deps.allowedOrigins()))
      throw new FlowFailure('target_origin_not_allowed');
    if (!/^\d{1,15}$/.test(request.accountConnectorId)) throw new FlowFailure('account_connector_not_found');
    const redemption = await deps.redeemSignInToken(request.signInToken);
    if (!redemption.ok) throw new FlowFailure(`sign_in_token_${redemption.reason}`);
    const connector = await deps.stores.accountConnectors.find(
      redemption.accountId,
      Number(request.accountConnectorId),
    );
    if (!connector) throw new FlowFailure('account_connector_not_found');
    const definition = deps.catalog.byId(connector.connectorId);
    if (!definition) throw new FlowFailure('account_connector_not_found');
    let setup: ResolvedConnectorSetup;
    try {
      setup = await deps.setups.resolve(definition);
    } catch (error) {
      if (error instanceof PlugboardError) throw new FlowFailure('connector_not_set_up');
      throw error;
    }
    const now = deps.clock();
    const flowId = randomToken(16);
    const browserSecret = randomToken(32);
    await deps.stores.oauthFlows.deleteExpired(now - FLOW_LIFETIME_MS, 100);
    await deps.stores.oauthFlows.insert({
      id: flowId,
      accountConnectorId: connector.id,
      accountId: connector.accountId,
      connectorId: connector.connectorId,
      username: redemption.username,
      browserBindingHash: hashToken(browserSecret),
      redirectUri: deps.callbackUrl,
      targetOrigin: target.origin,
      redirectUrl: target.url ?? target.origin,
      callbackMessage: request.callbackMessage,
      clientId: setup.clientId,
      authoriseUrl: setup.authoriseUrl,
      accessTokenUrl: setup.accessTokenUrl,
      issuer: setup.issuer,
      createdAt: now,
      expiresAt: now + FLOW_LIFETIME_MS,
    });
    return { flowId, browserSecret, expiresAt: now + FLOW_LIFETIME_MS };
  }

  /** Step 2: in the browser holding the flow cookie, makes the state and PKCE verifier and returns the provider URL. */
  async continueToProvider(flowId: string, browserSecret: string | undefined): Promise<string> {
    const { deps } = this;
    const flow = await deps.stores.oauthFlows.find(flowId);
    if (!flow) throw new FlowFailure('state_unknown');
    if (!browserSecret || hashToken(browserSecret) !== flow.browserBindingHash)
      throw new FlowFailure('browser_mismatch');
    const now = deps.clock();
    if (flow.expiresAt <= now) throw new FlowFailure('flow_expired');
    const definition = deps.catalog.byId(flow.connectorId);
    if (!definition) throw new FlowFailure('account_connector_not_found');
    const state = randomToken(32);
    const verifier = definition.auth.pkce === 'S256' ? randomToken(32) : null;
    if (!(await deps.stores.oauthFlows.startAuthorization(flow.id, hashToken(state), verifier ?? '', now))) {
      throw new FlowFailure('flow_used');
    }
    const setup = {
      authoriseUrl: flow.authoriseUrl,
      clientId: flow.clientId,
      scopes: (await deps.setups.view(definition)).scopes,
    };
    return authorizationUrl(setup, flow.redirectUri, state, verifier ? pkceChallenge(verifier) : null);
  }

  /** The callback: validates, exchanges the code once, stores the tokens, and only then reports success. */
  async complete(input: CallbackInput): Promise<CallbackResult> {
    const { deps } = this;
    const { query } = input;
    for (const name of ['code', 'state', 'iss', 'error', 'error_description']) {
      if (query.getAll(name).length > 1)
        return this.#fail('invalid_request', null, `The "${name}" parameter appears more than once.`);
    }
    const state = query.get('state');
    if (!state) return this.#fail('invalid_request', null, 'The response has no state parameter.');
    const flow = await deps.stores.oauthFlows.findByStateHash(hashToken(state));
    if (!flow) return this.#fail('state_unknown', null);
    // Already used (back button, a second click): say so plainly, whichever browser asks.
    if (flow.consumedAt !== null) return this.#fail('flow_used', flow);
    const secret = input.browserSecretFor(flow.id);
    if (!secret || hashToken(secret) !== flow.browserBindingHash) return this.#fail('browser_mismatch', flow);
    const now = deps.clock();
    if (flow.expiresAt <= now) return this.#fail('flow_expired', flow);
    // Consumed before the exchange, atomically: a second callback with the same state makes no exchange.
    if (!(await deps.stores.oauthFlows.consume(flow.id, now))) return this.#fail('flow_used', flow);

    const error = query.get('error');
    if (error) {
      const description = query.get('error_description');
      const detail = description ? `${error}: ${description}` : error;
      await deps.stores.oauthFlows.recordOutcome(flow.id, `provider_error:${error}`.slice(0, 200));
      return this.#fail(
        error === 'access_denied' ? 'provider_denied' : 'provider_error',
        flow,
        detail.slice(0, 500),
      );
    }
    const definition = deps.catalog.byId(flow.connectorId);
    const connector = await deps.stores.accountConnectors.find(flow.accountId, flow.accountConnectorId);
    if (!definition || !connector) return this.#fail('account_connector_not_found', flow);
    let setup: ResolvedConnectorSetup;
    try {
      setup = await deps.setups.resolve(definition);
    } catch {
      return this.#fail('connector_not_set_up', flow);
    }
    let credentials: ConnectorCredentials;
    try {
      const verifier = await deps.stores.oauthFlows.readCodeVerifier(flow.id);
      const tokens = await deps.tokenClient.exchangeCode({
        definition,
        // The secret is today's; every address comes from the flow, so the code goes only where the flow began.
        setup: {
          ...setup,
          clientId: flow.clientId,
          accessTokenUrl: flow.accessTokenUrl,
          authoriseUrl: flow.authoriseUrl,
        },
        callbackParameters: query,
        expectedState: state,
        expectedIssuer: flow.issuer,
        authoriseUrl: flow.authoriseUrl,
        accessTokenUrl: flow.accessTokenUrl,
        codeVerifier: verifier || null,
        redirectUri: flow.redirectUri,
      });
      credentials = {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        tokenType: tokens.tokenType,
        expiresAt: tokens.expiresInSeconds === null ? null : now + Math.round(tokens.expiresInSeconds * 1000),
        refreshExpiresAt: null,
        scope: tokens.scope,
        metadata: tokens.metadata,
      };
    } catch (caught) {
      if (caught instanceof TokenEndpointError) {
        await deps.stores.oauthFlows.recordOutcome(flow.id, `exchange_failed:${caught.kind}`);
        const kind = caught.kind === 'authorization_error' ? 'provider_error' : 'exchange_failed';
        return this.#fail(kind, flow, caught.message);
      }
      throw caught;
    }
    try {
      await deps.stores.transaction(async (tx) => {
        const current = await tx.accountConnectors.find(flow.accountId, flow.accountConnectorId);
        if (!current) throw new FlowFailure('account_connector_not_found');
        // Some providers send a refresh token only on the first consent: a re-authorisation without one
        // keeps the one already stored (RFC 6749 §6 spirit), never wipes it.
        const previous = credentials.refreshToken
          ? undefined
          : await tx.connectorCredentials.readCredentials(current.id);
        const kept = previous?.credentials.refreshToken
          ? { ...credentials, refreshToken: previous.credentials.refreshToken }
          : credentials;
        await tx.connectorCredentials.storeCredentials(current.id, kept, now);
        await tx.oauthFlows.recordOutcome(flow.id, 'authenticated');
        await tx.audit.record({
          at: now,
          actor: `user:${flow.username}`,
          action: 'credentials.authenticated',
          accountId: flow.accountId,
          accountConnectorId: current.id,
          detail: `Authorised through the browser flow; scope ${credentials.scope ?? 'not stated'}`,
        });
        await connectionAuthenticated(tx, current, now, {
          reauthenticated: current.authenticatedAt !== null,
        });
      });
    } catch (caught) {
      if (caught instanceof FlowFailure) return this.#fail(caught.kind, flow);
      return this.#fail('storage_failed', flow, null, caught);
    }
    return { ok: true, flow };
  }

  #fail(
    kind: FlowFailure['kind'],
    flow: OAuthFlow | null,
    detail: string | null = null,
    cause?: unknown,
  ): CallbackResult {
    return { ok: false, failure: new FlowFailure(kind, detail, cause), flow };
  }
}
