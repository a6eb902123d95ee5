import type { KnownPosition } from '../paging/page-positions.ts';
import type { AccountConnector, AccountConnectorProperty } from './account-connector.ts';

/** Which page of an account's connectors to read (see {@link AccountConnectorStore.list}). */
export interface AccountConnectorPageQuery {
  readonly offset: number;
  readonly limit: number;
  readonly afterId?: number | undefined;
  readonly from?: KnownPosition<number> | undefined;
  /** Also read each connector's properties (by id), in the same statement. */
  readonly withProperties?: boolean;
}

export interface AccountConnectorPage {
  readonly items: AccountConnector[];
  readonly total: number;
  readonly version: number;
  /** Each item's properties by id, when asked for. */
  readonly properties: ReadonlyMap<number, AccountConnectorProperty[]> | undefined;
}

export interface NewAccountConnector {
  readonly accountId: string;
  readonly connectorId: number;
  readonly name: string;
  readonly description: string | null;
  readonly createdAt: number;
}

/**
 * Storage of account connector rows (name, status, timestamps). Credentials and properties have their
 * own stores. Methods taking `accountId` only ever see that account's rows, so one tenant cannot reach
 * another's by id.
 */
export interface AccountConnectorStore {
  insert(connector: NewAccountConnector): Promise<AccountConnector>;
  find(accountId: string, id: number): Promise<AccountConnector | undefined>;
  /** Unscoped lookup, for background work that already knows the id. */
  findById(id: number): Promise<AccountConnector | undefined>;
  /**
   * A page of the account's connectors by id: after `afterId` when given (keyset: an index seek), else
   * after skipping `offset` rows (walked in the index alone), from `from` (a connector known to stand at
   * a position at or before `offset`) when given. `total` comes from a counter kept with the rows, not
   * from counting them; `version` goes up whenever a connector is added to or removed from the account.
   * One statement: the count, version and properties are those of the rows' own snapshot.
   */
  list(accountId: string, page: AccountConnectorPageQuery): Promise<AccountConnectorPage>;
  /** The Id of the account's connector with this name (compared case-insensitively), other than `exceptId`. */
  findIdByName(accountId: string, name: string, exceptId?: number): Promise<number | undefined>;
  update(
    accountId: string,
    id: number,
    changes: { name?: string; description?: string | null },
    at: number,
  ): Promise<AccountConnector | undefined>;
  delete(accountId: string, id: number): Promise<boolean>;
  /** Records that the provider refuses calls for this account connector until `until` (its own rate limit). */
  setRateLimitedUntil(id: number, until: number): Promise<void>;
}
