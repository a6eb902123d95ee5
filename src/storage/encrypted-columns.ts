import type { SealContext } from '../crypto/key-ring.ts';

/**
 * Every column that holds ciphertexts, with how its row identity (bound into the AAD) is read.
 * Stores seal with {@link sealContext}; `keys rewrap` walks this list.
 */
export interface EncryptedColumn {
  readonly table:
    | 'connector_setups'
    | 'account_connectors'
    | 'oauth_flows'
    | 'idempotency_keys'
    | 'webhook_endpoints';
  readonly column: string;
  /** Primary-key columns, in the order they form the row identity. */
  readonly keyColumns: readonly string[];
}

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'connector_setups', column: 'client_secret_ct', keyColumns: ['connector_id'] },
  { table: 'account_connectors', column: 'access_token_ct', keyColumns: ['id'] },
  { table: 'account_connectors', column: 'refresh_token_ct', keyColumns: ['id'] },
  { table: 'oauth_flows', column: 'code_verifier_ct', keyColumns: ['id'] },
  { table: 'idempotency_keys', column: 'response_ct', keyColumns: ['client_id', 'key'] },
  { table: 'webhook_endpoints', column: 'secret_ct', keyColumns: ['id'] },
];

/** The AAD context of one sealed value: table, row identity (key values joined by "/"), column. */
export function sealContext(table: string, column: string, ...key: (string | number)[]): SealContext {
  return { table, column, row: key.map(String).join('/') };
}
