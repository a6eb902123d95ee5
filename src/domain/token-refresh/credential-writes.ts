import type { AccountConnector, ConnectorCredentials } from '../account-connectors/account-connector.ts';
import type { AuditAction } from '../audit/audit-store.ts';
import { connectionDegraded, connectionNeedsReauthentication } from '../partner-events/connection-events.ts';
import type { Stores } from '../stores.ts';

/**
 * What a refresher adds to an outcome's transaction: closing its journal entries and giving its lease
 * back, so the outcome, its audit entry and the bookkeeping commit together (one commit per refresh).
 */
export type AlsoInTransaction = (tx: Stores) => Promise<void>;

/**
 * The refresher's writes: each one a conditional update on the credentials version with its audit entry
 * in the same transaction, so a change that cannot be audited is not kept. `connector` is the row as the
 * refresh read it (its account does not change), so the audit entry needs no read of its own.
 */
export class CredentialWrites {
  constructor(
    private readonly stores: Pick<
      Stores,
      'accountConnectors' | 'connectorCredentials' | 'audit' | 'transaction'
    >,
    /** Who the audit names, e.g. `refresher:{process}`. */
    private readonly actor: string,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  async #audit(
    tx: Stores,
    action: AuditAction,
    accountConnectorId: number,
    accountId: string | null,
    detail: string,
    at: number,
  ): Promise<void> {
    await tx.audit.record({ at, actor: this.actor, action, accountId, accountConnectorId, detail });
  }

  /** Marks this credentials version as needing the user again, once. */
  async needsReauthentication(
    accountConnectorId: number,
    version: number,
    message: string,
    at: number,
    alsoIn?: AlsoInTransaction,
  ): Promise<void> {
    await this.stores.transaction(async (tx) => {
      if (await tx.connectorCredentials.markNeedsReauthentication(accountConnectorId, version, message, at)) {
        const connector = await tx.accountConnectors.findById(accountConnectorId);
        await this.#audit(
          tx,
          'credentials.needs_reauthentication',
          accountConnectorId,
          connector?.accountId ?? null,
          message,
          at,
        );
        if (connector) await connectionNeedsReauthentication(tx, connector, message, at);
      }
      await alsoIn?.(tx);
    });
  }

  /** Records a refresh failure that may pass, backing off until `blockedUntil`. */
  async refreshFailed(
    before: AccountConnector,
    version: number,
    message: string,
    blockedUntil: number,
    at: number,
    alsoIn?: AlsoInTransaction,
  ): Promise<void> {
    await this.stores.transaction(async (tx) => {
      if (await tx.connectorCredentials.recordRefreshFailure(before.id, version, message, blockedUntil, at)) {
        await this.#audit(tx, 'credentials.refresh_failed', before.id, before.accountId, message, at);
        // The first failure in a row degrades the connection; later ones only back off further.
        if (before.refreshFailures === 0) await connectionDegraded(tx, before, message, blockedUntil, at);
      }
      await alsoIn?.(tx);
    });
  }

  /**
   * Commits refreshed credentials if the version is still `expectedVersion`, with their audit entry and
   * the journal closed (`storeRefreshed`: one write); returns the new version, or `null` when another
   * change won. A failing write is retried, then thrown — never swallowed. `nextRefreshAt` is when the
   * sweep should refresh these credentials.
   */
  async commitRefreshed(
    accountConnectorId: number,
    credentials: ConnectorCredentials,
    at: number,
    outcome: {
      readonly expectedVersion: number;
      readonly nextRefreshAt: number | null;
      readonly attemptId: number;
      readonly interruptedAttemptIds: readonly number[];
    },
  ): Promise<number | null> {
    const expiry =
      credentials.expiresAt === null
        ? 'no stated expiry'
        : `expires ${new Date(credentials.expiresAt).toISOString()}`;
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        return await this.stores.connectorCredentials.storeRefreshed(accountConnectorId, credentials, at, {
          ...outcome,
          actor: this.actor,
          auditDetail: `Refreshed; ${expiry}`,
        });
      } catch (error) {
        lastError = error;
        await this.sleep(50 * (attempt + 1));
      }
    }
    throw lastError;
  }
}
