import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import { hashToken } from '../../crypto/tokens.ts';
import type { ConnectorCredentials } from '../account-connectors/account-connector.ts';
import type { RefreshStart } from '../account-connectors/connector-credential-store.ts';
import { type ProviderTokenClient, TokenEndpointError } from '../account-connectors/provider-token-client.ts';
import type { Clock } from '../clock.ts';
import type { ConnectorSetupService } from '../connector-setups/connector-setup-service.ts';
import type { Stores } from '../stores.ts';
import { CredentialWrites } from './credential-writes.ts';
import {
  type AccessToken,
  ReauthenticationRequiredError,
  RefreshUnavailableError,
} from './refresh-outcomes.ts';
import { refreshDueAt } from './refresh-schedule.ts';
import { RowLease } from './row-lease.ts';

export {
  type AccessToken,
  ReauthenticationRequiredError,
  RefreshUnavailableError,
} from './refresh-outcomes.ts';

export interface TokenRefresherDependencies {
  readonly stores: Pick<
    Stores,
    'accountConnectors' | 'connectorCredentials' | 'audit' | 'refreshAttempts' | 'transaction'
  >;
  readonly catalog: ConnectorCatalog;
  readonly setups: ConnectorSetupService;
  readonly tokenClient: ProviderTokenClient;
  readonly clock: Clock;
  /** Identifies this process in the refresh journal. */
  readonly holder: string;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Lease time-to-live; the holder renews it every third of this while the token endpoint answers. */
  readonly leaseTtlMs?: number;
  /** How long a caller waits for a refresh another process is doing before giving up for now. */
  readonly waitForSiblingMs?: number;
}

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 60 * 60 * 1000;

/**
 * Refreshes account connectors' tokens without ever losing a refresh token:
 * single-flight per connector in this process, a lease across processes held on the connection's own row
 * (taken in the statement that reads the row to refresh, renewed while the token endpoint answers, ended
 * by the outcome's write), a journal entry per attempt, compare-and-set on
 * the credentials version, the new tokens committed before the new access token is used, the old refresh
 * token kept when none comes back, and on `invalid_grant` a re-read before declaring re-authentication.
 * Transient failures back off with jitter and show `Degraded`.
 */
export class TokenRefresher {
  readonly #deps: Required<Omit<TokenRefresherDependencies, 'sleep' | 'random'>> &
    Pick<TokenRefresherDependencies, never>;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #inflight = new Map<number, Promise<AccessToken>>();
  readonly #writes: CredentialWrites;

  constructor(deps: TokenRefresherDependencies) {
    this.#deps = { leaseTtlMs: 15_000, waitForSiblingMs: 30_000, ...deps };
    this.#sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#random = deps.random ?? Math.random;
    this.#writes = new CredentialWrites(deps.stores, `refresher:${deps.holder}`, this.#sleep);
  }

  /** A usable access token, refreshed first when it expires within the connector's margin. */
  async current(accountConnectorId: number): Promise<AccessToken> {
    const { stores, catalog, clock } = this.#deps;
    // One read on every provider call: status, version and the access token alone.
    const stored = await stores.connectorCredentials.readAccessToken(accountConnectorId);
    if (!stored || stored.authStatus === 'Unauthenticated' || stored.authStatus === 'NeedsReauthentication') {
      throw new ReauthenticationRequiredError('The account connector is not authenticated.');
    }
    if (stored.accessToken === null) {
      throw new ReauthenticationRequiredError('The account connector has no credentials.');
    }
    const token = { accessToken: stored.accessToken, version: stored.version };
    const expiresAt = stored.expiresAt;
    const margin = (catalog.byId(stored.connectorId)?.auth.refreshMarginSeconds ?? 0) * 1000;
    const now = clock();
    if (expiresAt === null || expiresAt - now > margin) return token;
    if (!stored.hasRefreshToken) {
      if (expiresAt > now) return token;
      await this.#writes.needsReauthentication(
        accountConnectorId,
        stored.version,
        'The access token expired and there is no refresh token.',
        now,
      );
      throw new ReauthenticationRequiredError('The access token expired and there is no refresh token.');
    }
    try {
      return await this.refresh(accountConnectorId, stored.version);
    } catch (error) {
      // Refreshing early failed for now: the current token still works until it expires.
      if (error instanceof RefreshUnavailableError && expiresAt > clock()) return token;
      throw error;
    }
  }

  /**
   * Refreshes unless the stored credentials are already newer than `seenVersion`. Concurrent calls for one
   * connector in this process share one refresh.
   */
  refresh(accountConnectorId: number, seenVersion: number): Promise<AccessToken> {
    const running = this.#inflight.get(accountConnectorId);
    if (running) return running;
    const started = this.#refreshAcrossProcesses(accountConnectorId, seenVersion).finally(() => {
      this.#inflight.delete(accountConnectorId);
    });
    this.#inflight.set(accountConnectorId, started);
    return started;
  }

  async #newerThan(accountConnectorId: number, seenVersion: number): Promise<AccessToken | undefined> {
    const stored = await this.#deps.stores.connectorCredentials.readCredentials(accountConnectorId);
    if (!stored) throw new ReauthenticationRequiredError('The account connector has no credentials.');
    return stored.version > seenVersion
      ? { accessToken: stored.credentials.accessToken, version: stored.version }
      : undefined;
  }

  async #refreshAcrossProcesses(accountConnectorId: number, seenVersion: number): Promise<AccessToken> {
    const { stores, clock, leaseTtlMs, waitForSiblingMs } = this.#deps;
    const deadline = clock() + waitForSiblingMs;
    for (;;) {
      // One statement: the lease on the row, `Refreshing` shown, and the row with its credentials.
      const now = clock();
      const start = await stores.connectorCredentials.beginRefresh(
        accountConnectorId,
        seenVersion,
        now,
        now + leaseTtlMs,
      );
      if (!start?.credentials)
        throw new ReauthenticationRequiredError('The account connector has no credentials.');
      if (start.version > seenVersion)
        return { accessToken: start.credentials.accessToken, version: start.version };
      if (start.leaseUntil !== null) {
        const lease = new RowLease(stores.connectorCredentials, start, { clock, ttlMs: leaseTtlMs });
        try {
          return await this.#refreshUnderLease(start, lease);
        } finally {
          await lease.end();
        }
      }
      await this.#settleWithoutLease(start, now);
      // Another process holds the lease (or took it over just now): its outcome is a newer version.
      if (clock() >= deadline)
        throw new RefreshUnavailableError('Another process is still refreshing this connection.', 5);
      await this.#sleep(25 + Math.floor(this.#random() * 75));
    }
  }

  /**
   * A row of the version seen that this process could not lease: throws what the row says (it needs
   * the user, it is backing off, it has no refresh token to refresh with), or returns when another
   * process is refreshing it.
   */
  async #settleWithoutLease(start: RefreshStart, now: number): Promise<void> {
    const { connector, credentials } = start;
    if (connector.authStatus === 'NeedsReauthentication') {
      throw new ReauthenticationRequiredError(
        'The provider refused the refresh token; the user must authenticate again.',
      );
    }
    if (connector.authStatus === 'Refreshing') return;
    if (connector.refreshBlockedUntil !== null && connector.refreshBlockedUntil > now) {
      throw new RefreshUnavailableError(
        connector.lastError ?? 'Refreshing is backing off after a failure.',
        Math.ceil((connector.refreshBlockedUntil - now) / 1000),
      );
    }
    if (!credentials?.refreshToken || !this.#deps.catalog.byId(connector.connectorId)) {
      await this.#writes.needsReauthentication(
        connector.id,
        start.version,
        'There is no refresh token.',
        now,
      );
      throw new ReauthenticationRequiredError('There is no refresh token.');
    }
  }

  /** Refreshes the credentials `start` read, holding the row's lease (which each outcome's write ends). */
  async #refreshUnderLease(start: RefreshStart, lease: RowLease): Promise<AccessToken> {
    const { stores, catalog, setups, tokenClient, clock, holder } = this.#deps;
    const { connector } = start;
    const accountConnectorId = connector.id;
    const stored = start.credentials as ConnectorCredentials;
    const now = clock();
    const refreshToken = stored.refreshToken;
    const definition = catalog.byId(connector.connectorId);
    if (!refreshToken || !definition) {
      await this.#writes.needsReauthentication(
        accountConnectorId,
        start.version,
        'There is no refresh token.',
        now,
      );
      lease.ended();
      throw new ReauthenticationRequiredError('There is no refresh token.');
    }
    const setup = await setups.resolve(definition).catch(() => null);
    if (!setup) throw new RefreshUnavailableError('The connector setup has no client credentials.', 60);

    // An attempt on this version that never finished means its process died after (perhaps) spending the
    // refresh token: this attempt is the one retry with the old token, and a refusal is final. Only a row
    // that was already `Refreshing` can have one (see `beginRefresh`).
    const interrupted = start.claimed
      ? []
      : await stores.refreshAttempts.unfinished(accountConnectorId, start.version);
    const attemptId = await stores.refreshAttempts.open({
      accountConnectorId,
      credentialsVersion: start.version,
      refreshTokenHash: hashToken(refreshToken),
      holder,
      startedAt: now,
    });
    /** Closes this attempt (and any interrupted one) in the outcome's transaction, whose write ends the lease. */
    const closing =
      (outcome: string, interruptedOutcome: string | null, at: () => number) => async (tx: Stores) => {
        await tx.refreshAttempts.finish(attemptId, outcome, at());
        if (interruptedOutcome !== null)
          for (const old of interrupted) await tx.refreshAttempts.finish(old.id, interruptedOutcome, at());
        lease.ended();
      };

    let tokens: Awaited<ReturnType<ProviderTokenClient['refresh']>>;
    try {
      tokens = await tokenClient.refresh(definition, setup, refreshToken);
    } catch (error) {
      if (!(error instanceof TokenEndpointError)) throw error;
      const at = clock();
      if (error.kind === 'invalid_grant') {
        const newer = await this.#newerThan(accountConnectorId, start.version).catch(() => undefined);
        if (newer) {
          await stores.refreshAttempts.finish(attemptId, 'superseded', at);
          return newer;
        }
        const message =
          'The provider refused the refresh token (invalid_grant); the user must authenticate again.';
        await this.#writes.needsReauthentication(
          accountConnectorId,
          start.version,
          message,
          at,
          closing(
            interrupted.length > 0 ? 'invalid_grant_after_interrupted' : 'invalid_grant',
            'abandoned',
            () => at,
          ),
        );
        throw new ReauthenticationRequiredError(message);
      }
      const failures = connector.refreshFailures + 1;
      const delay = Math.round(
        Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(failures - 1, 10)) *
          (0.5 + this.#random() * 0.5),
      );
      const message = `Refreshing the access token failed: ${error.message}`;
      await this.#writes.refreshFailed(
        connector,
        start.version,
        message,
        at + delay,
        at,
        closing(`failed:${error.kind}`, null, () => at),
      );
      throw new RefreshUnavailableError(message, Math.ceil(delay / 1000));
    }

    const at = clock();
    const credentials: ConnectorCredentials = {
      accessToken: tokens.accessToken,
      // A response without a refresh token never wipes the one we have (RFC 6749 §6).
      refreshToken: tokens.refreshToken ?? refreshToken,
      tokenType: tokens.tokenType,
      expiresAt: tokens.expiresInSeconds === null ? null : at + Math.round(tokens.expiresInSeconds * 1000),
      refreshExpiresAt: stored.refreshExpiresAt,
      scope: tokens.scope ?? stored.scope,
      metadata: { ...stored.metadata, ...tokens.metadata },
    };
    // Committed before the new access token is used, with its audit entry and the journal entries closed
    // in the same write, which also ends the lease. A failing write is retried, then surfaces: the
    // attempt stays open, so the next refresher knows the outcome is unknown.
    const version = await this.#writes.commitRefreshed(connector.id, credentials, at, {
      expectedVersion: start.version,
      nextRefreshAt: credentials.refreshToken
        ? refreshDueAt(definition.auth, credentials.expiresAt, at)
        : null,
      attemptId,
      interruptedAttemptIds: interrupted.map((old) => old.id),
    });
    lease.ended();
    if (version === null) {
      const newer = await this.#newerThan(accountConnectorId, start.version);
      if (newer) return newer;
      throw new ReauthenticationRequiredError('The credentials changed while refreshing.');
    }
    return { accessToken: credentials.accessToken, version };
  }
}
