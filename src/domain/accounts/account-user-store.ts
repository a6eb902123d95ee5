import type { Page } from './account-store.ts';

/** A user of an account: the person a sign-in token is minted for. */
export interface AccountUser {
  readonly accountId: string;
  readonly username: string;
  readonly createdAt: number;
}

/** Storage of account users. */
export interface AccountUserStore {
  /** Adds the user unless the account already has one with this username; returns true when it was added. */
  ensure(user: AccountUser): Promise<boolean>;
  /** Removes the user; returns false when the account has no user of that name. */
  remove(accountId: string, username: string): Promise<boolean>;
  /** Whether the account has a user of that name. */
  exists(accountId: string, username: string): Promise<boolean>;
  /** The account's users sorted by username. */
  list(
    accountId: string,
    page: { readonly offset: number; readonly limit: number },
  ): Promise<Page<AccountUser>>;
}
