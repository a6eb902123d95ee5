import type { Kysely, Selectable } from 'kysely';
import type { KeyRing } from '../../crypto/key-ring.ts';
import type { OAuthFlow, OAuthFlowStore } from '../../domain/oauth-flows/oauth-flow.ts';
import { sealContext } from '../encrypted-columns.ts';
import type { DatabaseSchema, OAuthFlowRow } from '../schema.ts';

function toFlow(row: Selectable<OAuthFlowRow>): OAuthFlow {
  return {
    id: row.id,
    accountConnectorId: Number(row.account_connector_id),
    accountId: row.account_id,
    connectorId: Number(row.connector_id),
    username: row.username,
    browserBindingHash: row.browser_binding_hash,
    redirectUri: row.redirect_uri,
    targetOrigin: row.target_origin,
    redirectUrl: row.redirect_url,
    callbackMessage: row.callback_message,
    clientId: row.client_id,
    authoriseUrl: row.authorise_url,
    accessTokenUrl: row.access_token_url,
    issuer: row.issuer,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    authorizationStartedAt: row.authorization_started_at,
    consumedAt: row.consumed_at,
    outcome: row.outcome,
  };
}

const verifierContext = (id: string) => sealContext('oauth_flows', 'code_verifier_ct', id);

export function sqlOAuthFlowStore(db: Kysely<DatabaseSchema>, keyRing: KeyRing): OAuthFlowStore {
  return {
    async insert(flow) {
      await db
        .insertInto('oauth_flows')
        .values({
          id: flow.id,
          state_hash: null,
          account_connector_id: flow.accountConnectorId,
          account_id: flow.accountId,
          connector_id: flow.connectorId,
          username: flow.username,
          browser_binding_hash: flow.browserBindingHash,
          code_verifier_ct: null,
          redirect_uri: flow.redirectUri,
          target_origin: flow.targetOrigin,
          redirect_url: flow.redirectUrl,
          callback_message: flow.callbackMessage,
          client_id: flow.clientId,
          authorise_url: flow.authoriseUrl,
          access_token_url: flow.accessTokenUrl,
          issuer: flow.issuer,
          created_at: flow.createdAt,
          expires_at: flow.expiresAt,
        })
        .execute();
    },
    async find(id) {
      const row = await db.selectFrom('oauth_flows').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toFlow(row) : undefined;
    },
    async findByStateHash(stateHash) {
      const row = await db
        .selectFrom('oauth_flows')
        .selectAll()
        .where('state_hash', '=', stateHash)
        .executeTakeFirst();
      return row ? toFlow(row) : undefined;
    },
    async startAuthorization(id, stateHash, codeVerifier, at) {
      const result = await db
        .updateTable('oauth_flows')
        .set({
          state_hash: stateHash,
          code_verifier_ct: keyRing.seal(codeVerifier, verifierContext(id)),
          authorization_started_at: at,
        })
        .where('id', '=', id)
        .where('authorization_started_at', 'is', null)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async consume(id, at) {
      const result = await db
        .updateTable('oauth_flows')
        .set({ consumed_at: at })
        .where('id', '=', id)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async readCodeVerifier(id) {
      const row = await db
        .selectFrom('oauth_flows')
        .select('code_verifier_ct')
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.code_verifier_ct ? keyRing.open(row.code_verifier_ct, verifierContext(id)) : null;
    },
    async recordOutcome(id, outcome) {
      await db.updateTable('oauth_flows').set({ outcome }).where('id', '=', id).execute();
    },
    async deleteExpired(before, limit) {
      const expired = await db
        .selectFrom('oauth_flows')
        .select('id')
        .where('expires_at', '<', before)
        .limit(limit)
        .execute();
      if (expired.length === 0) return 0;
      const result = await db
        .deleteFrom('oauth_flows')
        .where(
          'id',
          'in',
          expired.map((r) => r.id),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
