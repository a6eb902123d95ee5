import type {
  AccountConnector,
  AccountConnectorProperty,
  AuthStatus,
  ConnectorCredentials,
} from './account-connector.ts';

export interface NewAccountConnector {
  readonly accountId: string;
  readonly connectorId: number;
  readonly name: string;
  readonly description: string | null;
  readonly createdAt: number;
}

/**
 * Storage of account connectors, their properties and their credentials. Methods taking `accountId`
 * only ever see that account's rows, so one tenant cannot reach another's by id.
 */
export interface AccountConnectorStore {
  insert(connector: NewAccountConnector): Promise<AccountConnector>;
  find(accountId: string, id: number): Promise<AccountConnector | undefined>;
  /** Unscoped lookup, for background work that already knows the id. */
  findById(id: number): Promise<AccountConnector | undefined>;
  list(
    accountId: string,
    page: { offset: number; limit: number },
  ): Promise<{ items: AccountConnector[]; total: number }>;
  nameTaken(accountId: string, name: string, exceptId?: number): Promise<boolean>;
  update(
    accountId: string,
    id: number,
    changes: { name?: string; description?: string | null },
    at: number,
  ): Promise<AccountConnector | undefined>;
  delete(accountId: string, id: number): Promise<boolean>;

  /** The decrypted credentials and the version they belong to, or `undefined` when there are none. */
  readCredentials(id: number): Promise<{ credentials: ConnectorCredentials; version: number } | undefined>;
  /**
   * Stores new credentials and sets `status`, bumping the version, and clears failure bookkeeping.
   * With `expectedVersion`, only if the row still has that version (compare-and-set); returns the new
   * version, or `null` when the compare-and-set lost.
   */
  storeCredentials(
    id: number,
    credentials: ConnectorCredentials,
    at: number,
    options?: { expectedVersion?: number; status?: AuthStatus; refreshed?: boolean },
  ): Promise<number | null>;
  /** Drops the credentials (deauthentication), bumping the version. */
  clearCredentials(id: number, at: number): Promise<void>;

  /** Shows `Refreshing` while a refresh of this credentials version is in flight. */
  markRefreshing(id: number, version: number, at: number): Promise<void>;
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
  /** Records that the provider refuses calls for this account connector until `until` (its own rate limit). */
  setRateLimitedUntil(id: number, until: number): Promise<void>;
  /**
   * Account connectors with a refresh token whose access token expires before `expiringBefore`, or that
   * were last refreshed (or authenticated) before `idleSince`, not backing off at `now`; by id after
   * `afterId`, at most `limit`.
   */
  dueForRefresh(query: {
    expiringBefore: number;
    idleSince: number;
    now: number;
    afterId: number;
    limit: number;
  }): Promise<AccountConnector[]>;

  listProperties(
    accountConnectorId: number,
    order: { by: 'Id' | 'Name'; ascending: boolean },
  ): Promise<AccountConnectorProperty[]>;
  findProperty(accountConnectorId: number, propertyId: number): Promise<AccountConnectorProperty | undefined>;
  /** Returns `undefined` when the account connector already has a property of that name. */
  insertProperty(
    accountConnectorId: number,
    name: string,
    value: string | null,
    at: number,
  ): Promise<AccountConnectorProperty | undefined>;
  updateProperty(
    accountConnectorId: number,
    propertyId: number,
    value: string | null,
  ): Promise<AccountConnectorProperty | undefined>;
  deleteProperty(accountConnectorId: number, propertyId: number): Promise<boolean>;
}
