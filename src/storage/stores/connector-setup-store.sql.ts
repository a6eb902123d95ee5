import type { Kysely, Selectable } from 'kysely';
import type { KeyRing } from '../../crypto/key-ring.ts';
import type {
  ConnectorSetupStore,
  StoredConnectorSetup,
  StoredConnectorSetupSummary,
} from '../../domain/connector-setups/connector-setup-store.ts';
import { sealContext } from '../encrypted-columns.ts';
import type { ConnectorSetupRow, DatabaseSchema } from '../schema.ts';

const secretContext = (connectorId: number) =>
  sealContext('connector_setups', 'client_secret_ct', connectorId);

type Row = Selectable<ConnectorSetupRow>;

function toSummary(row: Row): StoredConnectorSetupSummary {
  return {
    connectorId: row.connector_id,
    clientId: row.client_id,
    hasClientSecret: row.client_secret_ct !== null,
    authoriseUrl: row.authorise_url,
    accessTokenUrl: row.access_token_url,
    apiBaseUrl: row.api_base_url,
    scopes: row.scopes,
    tokenAuthMethod: row.token_auth_method as StoredConnectorSetup['tokenAuthMethod'],
    issuer: row.issuer,
    requestsPerHour: row.requests_per_hour,
    updatedAt: row.updated_at,
  };
}

export function sqlConnectorSetupStore(db: Kysely<DatabaseSchema>, keyRing: KeyRing): ConnectorSetupStore {
  const select = (connectorId: number) =>
    db.selectFrom('connector_setups').selectAll().where('connector_id', '=', connectorId).executeTakeFirst();
  return {
    async find(connectorId) {
      const row = await select(connectorId);
      if (!row) return undefined;
      const { hasClientSecret: _, ...summary } = toSummary(row);
      return {
        ...summary,
        clientSecret: row.client_secret_ct
          ? keyRing.open(row.client_secret_ct, secretContext(row.connector_id))
          : null,
      };
    },
    async findSummary(connectorId) {
      const row = await select(connectorId);
      return row ? toSummary(row) : undefined;
    },
    async save(setup) {
      const values = {
        connector_id: setup.connectorId,
        client_id: setup.clientId,
        client_secret_ct: setup.clientSecret
          ? keyRing.seal(setup.clientSecret, secretContext(setup.connectorId))
          : null,
        authorise_url: setup.authoriseUrl,
        access_token_url: setup.accessTokenUrl,
        api_base_url: setup.apiBaseUrl,
        scopes: setup.scopes,
        token_auth_method: setup.tokenAuthMethod,
        issuer: setup.issuer,
        requests_per_hour: setup.requestsPerHour,
        updated_at: setup.updatedAt,
      };
      const { connector_id: _key, ...changes } = values;
      await db
        .insertInto('connector_setups')
        .values(values)
        .onConflict((oc) => oc.column('connector_id').doUpdateSet(changes))
        .execute();
    },
  };
}
