import type { KnownPosition } from '../paging/page-positions.ts';
import type { Account, AccountChanges } from './account.ts';

/** Which column a list of accounts is sorted by; ties are broken by creation date, then id. */
export type AccountOrder = 'createdDate' | 'name' | 'id';

/** The sort keys of the last account of a page: the next page starts after it (keyset). */
export interface AccountCursor {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
}

export interface AccountListQuery {
  /** Rows to skip, when `after` is not given. */
  readonly offset: number;
  /** Start after this account in the list's order (an index seek instead of skipping rows). */
  readonly after?: AccountCursor | undefined;
  /**
   * When `after` is not given: an account known to stand at a position at or before `offset`; rows are
   * skipped from there (when the list is still at the version it was seen at; the caller checks).
   */
  readonly from?: KnownPosition<AccountCursor> | undefined;
  readonly limit: number;
  readonly orderBy: AccountOrder;
  readonly ascending: boolean;
  /** Case-insensitive substring of the name or the id; `null` for every account. */
  readonly search: string | null;
}

/** Which slice of a list to sample positions from (see {@link AccountStore.samplePositions}). */
export interface PositionSlice {
  readonly orderBy: Exclude<AccountOrder, 'name'>;
  readonly ascending: boolean;
  /** Start after this account (which stands at `start - 1`); from the top when not given. */
  readonly after?: AccountCursor | undefined;
  /** The position of the slice's first row. */
  readonly start: number;
  /** Rows in the slice. */
  readonly rows: number;
  /** Keep the rows whose position is a multiple of this. */
  readonly every: number;
}

/** Accounts known to stand at positions of a list's version, and the slice's last row. */
export interface SampledPositions {
  readonly version: number;
  readonly positions: { readonly position: number; readonly key: AccountCursor }[];
  /** The slice's last row, where the next slice starts after; absent when the list ended in it. */
  readonly last: AccountCursor | undefined;
}

/** A page of a list and the size of the whole list. */
export interface Page<T> {
  readonly items: T[];
  /** The size of the list; with a search, counting stops at {@link SEARCH_COUNT_CAP}. */
  readonly total: number;
}

/** A page of accounts with the version of the list it was read from (see `PagePositions`). */
export interface VersionedPage<T> extends Page<T> {
  readonly version: number;
}

/** With a search, `Total-Records` counts matches up to this many (the count must stay an index range). */
export const SEARCH_COUNT_CAP = 10_000;

/** Storage of the partner's accounts (its customers). */
export interface AccountStore {
  exists(id: string): Promise<boolean>;
  /** Inserts a new account; returns false (writing nothing) when the id is taken. */
  insert(account: Account): Promise<boolean>;
  findById(id: string): Promise<Account | undefined>;
  /** Writes only the fields in `changes`; returns false when the account does not exist. */
  update(id: string, changes: AccountChanges): Promise<boolean>;
  /**
   * Deletes the account; its users, sign-in tokens and account connectors (with their credentials,
   * properties and OAuth flows) go with it through the foreign keys. Returns false when it did not exist.
   */
  delete(id: string): Promise<boolean>;
  list(query: AccountListQuery): Promise<VersionedPage<Account>>;
  /**
   * Every `every`-th account of a slice of the whole list (no search), walked in the order's index in
   * one statement with the list's version: the positions a deep page nobody asked for can start from.
   */
  samplePositions(slice: PositionSlice): Promise<SampledPositions>;
  /** The accounts with these ids (in no particular order), with the list's version read in the same statement. */
  findMany(ids: readonly string[]): Promise<{ items: Account[]; version: number }>;
}
