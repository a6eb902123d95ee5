import type { AccountConnector, AuthStatus, ConnectorCredentials } from './account-connector.ts';

/** An account connector's access token and what decides whether it may be used. */
export interface StoredAccessToken {
  readonly connectorId: number;
  readonly authStatus: AuthStatus;
  /** The credentials version the token belongs to. */
  readonly version: number;
  readonly accessToken: string | null;
  readonly expiresAt: number | null;
  readonly hasRefreshToken: boolean;
}

/** An account connector's row and decrypted credentials, read as a refresh of them starts. */
export interface RefreshStart {
  readonly connector: AccountConnector;
  /** `null` when the row holds no credentials. */
  readonly credentials: ConnectorCredentials | null;
  readonly version: number;
  /**
   * Whether this call moved the row from `Authenticated` or `Degraded` to `Refreshing`. When it did,
   * no earlier refresh of this version can have been left unfinished (every outcome moves the status on
   * in the same transaction that closes its journal entry).
   */
  readonly claimed: boolean;
  /**
   * When this call holds the refresh lease (it claimed the row, or took over a refresh whose lease had
   * passed): the lease's expiry, which is also its fence. `null` when it does not hold it.
   */
  readonly leaseUntil: number | null;
}

/** A connection the refresh sweep should look at. */
export interface DueConnection {
  readonly connector: AccountConnector;
  /** When it became due (the sweep's cursor within a pass). */
  readonly dueAt: number;
}

/**
 * Storage of account connectors' credentials (sealed at rest) and the bookkeeping of refreshing them:
 * versions, status, failures and when the sweep should look next (`next_refresh_at`, indexed).
 */
export interface ConnectorCredentialStore {
  /** The decrypted credentials and the version they belong to, or `undefined` when there are none. */
  readCredentials(id: number): Promise<{ credentials: ConnectorCredentials; version: number } | undefined>;
  /**
   * What sending one request needs, in one read: the row's status and connector, and the decrypted
   * access token with its version and expiry (the refresh token stays sealed). `undefined` when there is
   * no such account connector; `accessToken` is `null` when it has no credentials.
   */
  readAccessToken(id: number): Promise<StoredAccessToken | undefined>;
  /**
   * Stores new credentials and sets `status`, bumping the version, and clears failure bookkeeping.
   * With `expectedVersion`, only if the row still has that version (compare-and-set); returns the new
   * version, or `null` when the compare-and-set lost. `nextRefreshAt` is when the sweep should look at
   * the connection (default: at once, so the sweep works it out).
   */
  storeCredentials(
    id: number,
    credentials: ConnectorCredentials,
    at: number,
    options?: {
      expectedVersion?: number;
      status?: AuthStatus;
      refreshed?: boolean;
      nextRefreshAt?: number | null;
    },
  ): Promise<number | null>;
  /**
   * A refresh's success, all or nothing: the new credentials (as `storeCredentials` with `refreshed`,
   * which ends the refresh lease) if the row still has `expectedVersion`, their audit entry
   * (`credentials.refreshed`), and the refresh journal: `attemptId` finished as `refreshed`, and the
   * interrupted attempts as `superseded`. When the compare-and-set loses, only `attemptId` is finished,
   * as `lost_compare_and_set`, and `null` is returned; otherwise the new version.
   */
  storeRefreshed(
    id: number,
    credentials: ConnectorCredentials,
    at: number,
    outcome: {
      readonly expectedVersion: number;
      readonly nextRefreshAt: number | null;
      readonly actor: string;
      readonly auditDetail: string;
      readonly attemptId: number;
      readonly interruptedAttemptIds: readonly number[];
    },
  ): Promise<number | null>;
  /** Drops the credentials (deauthentication), bumping the version. */
  clearCredentials(id: number, at: number): Promise<void>;

  /**
   * Starts a refresh of credentials `version` under a lease held on the row until `leaseUntil`, in one
   * statement when it can: shows `Refreshing` if the row still has that version, is `Authenticated` or
   * `Degraded`, is neither backing off nor leased at `at` and holds a refresh token, and returns the row
   * with its decrypted credentials (`claimed`). A row of that version left `Refreshing` whose lease has
   * passed (its refresher died) is taken over (`leaseUntil` set, not `claimed`). Otherwise nothing is
   * written and the row is returned as it is. `undefined` when there is no such row. Credentials that
   * cannot be decrypted end the lease, put a claimed status back and throw
   * {@link CredentialsUnreadableError}. Every outcome's write ends the lease.
   */
  beginRefresh(
    id: number,
    version: number,
    at: number,
    leaseUntil: number,
  ): Promise<RefreshStart | undefined>;
  /** Extends the refresh lease held until `leaseUntil` to `renewedUntil`; false if it was lost. */
  renewRefreshLease(id: number, version: number, leaseUntil: number, renewedUntil: number): Promise<boolean>;
  /** Gives the refresh lease back without an outcome (the row stays `Refreshing`, free to take over). */
  releaseRefreshLease(id: number, version: number, leaseUntil: number): Promise<void>;
  /** The provider refused the refresh token of this version: only the user can fix it. */
  markNeedsReauthentication(id: number, version: number, error: string, at: number): Promise<boolean>;
  /** A refresh of this version failed for a reason that may pass: back off until `blockedUntil`. */
  recordRefreshFailure(
    id: number,
    version: number,
    error: string,
    blockedUntil: number,
    at: number,
  ): Promise<boolean>;
  /**
   * Connections whose `next_refresh_at` is at or before `now`, in `(dueAt, id)` order after `after`,
   * at most `limit`: an index range, so a pass costs what is due.
   */
  dueForRefresh(query: {
    now: number;
    after: { dueAt: number; id: number } | null;
    limit: number;
  }): Promise<DueConnection[]>;
  /** Sets when the sweep should look at each connection next, in one transaction (`null`: never). */
  scheduleRefresh(entries: readonly { id: number; nextRefreshAt: number | null }[]): Promise<void>;
  /**
   * Marks credentials that cannot be decrypted (a lost key): the sweep stops looking at the row. Returns
   * false when it was already marked, so the problem is reported once.
   */
  markUnreadable(id: number, at: number): Promise<boolean>;
}

/**
 * Stored credentials that cannot be decrypted with the configured keys (a key was lost or removed).
 * Only new credentials (the user authenticating again) can fix it.
 */
export class CredentialsUnreadableError extends Error {
  constructor(readonly accountConnectorId: number) {
    super(`The stored credentials of account connector ${accountConnectorId} cannot be decrypted.`);
    this.name = 'CredentialsUnreadableError';
  }
}
