import type { AccountConnectorProperty } from './account-connector.ts';

/** Storage of account connectors' properties (name/value pairs the partner sets). */
export interface AccountConnectorPropertyStore {
  list(
    accountConnectorId: number,
    order: { by: 'Id' | 'Name'; ascending: boolean },
  ): Promise<AccountConnectorProperty[]>;
  /** The properties of several account connectors in one query (a page of a list), by id. */
  listForMany(accountConnectorIds: readonly number[]): Promise<AccountConnectorProperty[]>;
  find(accountConnectorId: number, propertyId: number): Promise<AccountConnectorProperty | undefined>;
  /** Returns `undefined` when the account connector already has a property of that name. */
  insert(
    accountConnectorId: number,
    name: string,
    value: string | null,
    at: number,
  ): Promise<AccountConnectorProperty | undefined>;
  update(
    accountConnectorId: number,
    propertyId: number,
    value: string | null,
  ): Promise<AccountConnectorProperty | undefined>;
  delete(accountConnectorId: number, propertyId: number): Promise<boolean>;
}
