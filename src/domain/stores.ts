import type { AdminStore } from './admins/admin-store.ts';
import type { ApiClientStore } from './api-clients/api-client-store.ts';

/**
 * Every store the domain uses, implemented by `src/storage/`. `transaction` runs a function with
 * stores bound to one database transaction: all of its writes land, or none do.
 */
export interface Stores {
  readonly apiClients: ApiClientStore;
  readonly admins: AdminStore;
  transaction<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
}
