import type { Kysely } from 'kysely';
import type { AuditAction, AuditStore } from '../../domain/audit/audit-store.ts';
import type { DatabaseSchema } from '../schema.ts';

/** An audit entry's detail is cut to this many characters. */
export const AUDIT_DETAIL_CHARACTERS = 500;

export function sqlAuditStore(db: Kysely<DatabaseSchema>): AuditStore {
  return {
    async record(event) {
      await db
        .insertInto('audit_events')
        .values({
          at: event.at,
          actor: event.actor,
          action: event.action,
          account_id: event.accountId,
          account_connector_id: event.accountConnectorId,
          detail: event.detail?.slice(0, AUDIT_DETAIL_CHARACTERS) ?? null,
        })
        .execute();
    },
    async listForAccountConnector(accountConnectorId, limit) {
      const rows = await db
        .selectFrom('audit_events')
        .selectAll()
        .where('account_connector_id', '=', accountConnectorId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        at: row.at,
        actor: row.actor,
        action: row.action as AuditAction,
        accountId: row.account_id,
        accountConnectorId: row.account_connector_id === null ? null : Number(row.account_connector_id),
        detail: row.detail,
      }));
    },
  };
}
