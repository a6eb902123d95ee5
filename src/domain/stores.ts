import type { AccountStore } from './accounts/account-store.ts';
import type { AccountUserStore } from './accounts/account-user-store.ts';
import type { AdminStore } from './admins/admin-store.ts';
import type { ApiClientStore } from './api-clients/api-client-store.ts';
import type { ApiTokenStore } from './api-tokens/api-token-store.ts';
import type { IdempotencyStore } from './idempotency/idempotency-store.ts';
import type { RateLimitStore } from './rate-limits/rate-limit-store.ts';
import type { SettingsStore } from './settings/settings-store.ts';
import type { SignInTokenStore } from './sign-in-tokens/sign-in-token-store.ts';

/**
 * Every store the domain uses, implemented by `src/storage/`. `transaction` runs a function with
 * stores bound to one database transaction: all of its writes land, or none do.
 */
export interface Stores {
  readonly accounts: AccountStore;
  readonly apiClients: ApiClientStore;
  readonly admins: AdminStore;
  readonly apiTokens: ApiTokenStore;
  readonly accountUsers: AccountUserStore;
  readonly signInTokens: SignInTokenStore;
  readonly settings: SettingsStore;
  readonly idempotencyKeys: IdempotencyStore;
  readonly rateLimits: RateLimitStore;
  transaction<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
}
