import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import type { ConnectorDefinition, MethodDefinition } from '../../connectors/connector-definition.ts';
import { ApiBaseError } from '../../runtime/api-base.ts';
import { buildMethodRequest, type MethodInput, MethodInputError } from '../../runtime/method-request.ts';
import type { AccessTokenSource, HttpClient } from '../../runtime/ports.ts';
import {
  type MethodCallOptions,
  type MethodCallResult,
  ProviderCaller,
  type ProxyCallResult,
  type ProxyRequest,
} from '../../runtime/provider-call.ts';
import { ProxyTargetError, resolveProxyTarget } from '../../runtime/proxy-target.ts';
import type { AccountConnector } from '../account-connectors/account-connector.ts';
import { recordOtherAccountAttempt } from '../account-connectors/account-connector-rules.ts';
import type { Clock } from '../clock.ts';
import type {
  ConnectorSetupService,
  ConnectorSetupView,
} from '../connector-setups/connector-setup-service.ts';
import { PlugboardError } from '../errors.ts';
import { connectionNeedsReauthentication } from '../partner-events/connection-events.ts';
import type { ReadScope } from '../read-cache/change-feed.ts';
import { NO_READ_SCOPES, type ReadScopes } from '../read-cache/read-cache.ts';
import type { Stores } from '../stores.ts';
import type { TokenRefresher } from '../token-refresh/token-refresher.ts';
import { AccountConnectorBudget, type RequestCounter } from './account-connector-budget.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ConnectorCallDependencies {
  readonly stores: Pick<Stores, 'accountConnectors' | 'audit' | 'transaction'>;
  readonly catalog: ConnectorCatalog;
  readonly setups: ConnectorSetupService;
  readonly refresher: TokenRefresher;
  readonly counter: RequestCounter;
  readonly clock: Clock;
  /** One pooled HTTP client for every provider call of this process. */
  readonly http: HttpClient;
  /** The read cache's scopes: a call's cached reads share its one check of the change feed. */
  readonly reads?: ReadScopes;
}

/** Who is calling: recorded in the audit trail when a call changes a connection's state. */
export type CallActor = 'partner' | 'console' | 'cycle' | 'system';

export interface CallOptions extends MethodCallOptions {
  /** Default `partner`. */
  readonly actor?: CallActor;
  /**
   * Only methods that read (HTTP GET at the provider) may run: set for data on demand by `GET`, which
   * links, prefetchers and cross-site pages can trigger, and which skips the console's CSRF check.
   */
  readonly safeOnly?: boolean;
  /** The partner request's read scope, whose one check the call's cached reads share. */
  readonly readScope?: ReadScope;
}

/** The refresher seen through the runtime's port, for one account connector. */
function tokenSource(
  refresher: TokenRefresher,
  accountConnectorId: number,
  reads: ReadScopes,
  scope: ReadScope | undefined,
): AccessTokenSource {
  return {
    current: () => reads.within(scope, () => refresher.current(accountConnectorId)),
    afterUnauthorized: (version) => refresher.refresh(accountConnectorId, version),
  };
}

/** The runtime's input refusals as Plugboard errors that name what is wrong; other errors as they are. */
function translateInputError(error: unknown): unknown {
  if (error instanceof MethodInputError || error instanceof ProxyTargetError) {
    return new PlugboardError('invalid_parameter', error.message, { cause: error });
  }
  if (error instanceof ApiBaseError) {
    return new PlugboardError(
      'connector_not_set_up',
      `The connector setup's ApiBaseUrl cannot be used: ${error.message}`,
      { cause: error },
    );
  }
  return error;
}

/** Runs `work`, translating the runtime's input refusals (thrown or rejected). */
async function translatingInputErrors<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translateInputError(error);
  }
}

/** `translatingInputErrors` for work that never waits: no promise, no turn of the microtask queue. */
function translatingInputErrorsNow<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw translateInputError(error);
  }
}

/**
 * Calls an account connector's provider for the partner: data on demand (connector methods by their
 * stable GUID) and the authenticated proxy. Input is checked before anything else, as Cyclr does.
 */
export class ConnectorCallService {
  readonly #reads: ReadScopes;

  constructor(private readonly deps: ConnectorCallDependencies) {
    this.#reads = deps.reads ?? NO_READ_SCOPES;
  }

  async #connector(
    accountId: string,
    id: number,
    scope: ReadScope | undefined,
  ): Promise<{ connector: AccountConnector; definition: ConnectorDefinition }> {
    const { accountConnectors } = this.deps.stores;
    const connector = await this.#reads.within(scope, () => accountConnectors.find(accountId, id));
    const definition = connector ? this.deps.catalog.byId(connector.connectorId) : undefined;
    if (!connector || !definition) {
      if (!connector) await recordOtherAccountAttempt(this.deps.stores, accountId, id, this.deps.clock());
      throw new PlugboardError('not_found', `Account connector ${id} was not found.`);
    }
    return { connector, definition };
  }

  /** Resolves a method by numeric id (404 if unknown) or GUID (400 if malformed, 404 if unknown). */
  #method(definition: ConnectorDefinition, reference: string): MethodDefinition {
    if (!/^\d+$/.test(reference) && !GUID.test(reference)) {
      throw new PlugboardError(
        'invalid_parameter',
        `'${reference}' is not a method id or MethodUniqueIdentifier (GUID).`,
      );
    }
    const method = this.deps.catalog.method(definition, reference);
    if (!method)
      throw new PlugboardError(
        'not_found',
        `Method ${reference} was not found on ${definition.name} ${definition.version}.`,
      );
    return method;
  }

  #requireAuthenticated(connector: AccountConnector): void {
    if (connector.authStatus === 'Unauthenticated') {
      throw new PlugboardError(
        'not_authenticated',
        `Account connector ${connector.id} is not authenticated yet: send the user through /UpdateAccountConnectorOAuth first.`,
      );
    }
    if (connector.authStatus === 'NeedsReauthentication') {
      throw new PlugboardError(
        'needs_reauthentication',
        `Account connector ${connector.id} needs to be authenticated again: ${connector.lastError ?? 'the provider refused its credentials'}.`,
      );
    }
  }

  /** The setup's view, read within the call's scope. */
  #setup(definition: ConnectorDefinition, scope: ReadScope | undefined): Promise<ConnectorSetupView> {
    return this.#reads.within(scope, () => this.deps.setups.view(definition));
  }

  #caller(
    connector: AccountConnector,
    definition: ConnectorDefinition,
    setup: ConnectorSetupView,
    scope: ReadScope | undefined,
  ): ProviderCaller {
    const { stores, counter, clock, http, refresher } = this.deps;
    return new ProviderCaller({
      definition,
      apiBaseUrl: setup.apiBaseUrl,
      tokens: tokenSource(refresher, connector.id, this.#reads, scope),
      budget: new AccountConnectorBudget(
        connector,
        setup.requestsPerHour,
        counter,
        stores.accountConnectors,
        clock,
      ),
      http,
      now: clock,
    });
  }

  async #afterFailure(
    connector: AccountConnector,
    result: MethodCallResult | ProxyCallResult,
    actor: CallActor,
  ): Promise<void> {
    if (!result.ok && result.needsReauthentication) {
      const current = await this.deps.stores.accountConnectors.findById(connector.id);
      if (current && current.authStatus !== 'NeedsReauthentication') {
        const message = 'The provider refused freshly refreshed credentials.';
        const at = this.deps.clock();
        await this.deps.stores.transaction(async (tx) => {
          if (
            await tx.connectorCredentials.markNeedsReauthentication(
              connector.id,
              current.credentialsVersion,
              message,
              at,
            )
          ) {
            await tx.audit.record({
              at,
              actor,
              action: 'credentials.needs_reauthentication',
              accountId: connector.accountId,
              accountConnectorId: connector.id,
              detail: message,
            });
            await connectionNeedsReauthentication(tx, connector, message, at);
          }
        });
      }
    }
  }

  /**
   * Calls a connector method (data on demand, and a cycle's Method step). The input is checked once,
   * before anything else, and the request built from it is the one sent.
   */
  async callMethod(
    accountId: string,
    accountConnectorId: number,
    methodReference: string,
    input: MethodInput,
    options: CallOptions = {},
  ): Promise<MethodCallResult> {
    const { connector, definition } = await this.#connector(accountId, accountConnectorId, options.readScope);
    const method = this.#method(definition, methodReference);
    if (options.safeOnly && method.httpMethod !== 'GET') {
      throw new PlugboardError(
        'method_not_allowed',
        `Method '${method.name}' sends ${method.httpMethod} to ${definition.name}; call it with POST. A GET runs only methods that read.`,
      );
    }
    const setup = await this.#setup(definition, options.readScope);
    const request = await translatingInputErrors(() =>
      buildMethodRequest(definition, method, setup.apiBaseUrl, input),
    );
    this.#requireAuthenticated(connector);
    const caller = await translatingInputErrors(() =>
      this.#caller(connector, definition, setup, options.readScope),
    );
    const result = await caller.callPrepared(method, request, options);
    await this.#afterFailure(connector, result, options.actor ?? 'partner');
    return result;
  }

  /** The authenticated pass-through to the setup's API base URL. */
  async proxy(
    accountId: string,
    accountConnectorId: number,
    request: ProxyRequest,
    actor: CallActor = 'partner',
    scope?: ReadScope,
  ): Promise<ProxyCallResult> {
    const { connector, definition } = await this.#connector(accountId, accountConnectorId, scope);
    const setup = await this.#setup(definition, scope);
    // Resolved once, before the credentials are looked at, and handed to the caller as it is.
    const target = translatingInputErrorsNow(() =>
      resolveProxyTarget(setup.apiBaseUrl, request.path, request.query ?? ''),
    );
    this.#requireAuthenticated(connector);
    const caller = translatingInputErrorsNow(() => this.#caller(connector, definition, setup, scope));
    const result = await translatingInputErrors(() => caller.proxy(request, target));
    await this.#afterFailure(connector, result, actor);
    return result;
  }
}
