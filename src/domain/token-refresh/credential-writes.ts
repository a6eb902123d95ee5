import type { ConnectorCredentials } from '../account-connectors/account-connector.ts';
import type { AuditAction } from '../audit/audit-store.ts';
import { connectionDegraded, connectionNeedsReauthentication } from '../partner-events/connection-events.ts';
import type { Stores } from '../stores.ts';

/**
 * The refresher's writes: each one a conditional update on the credentials version with its audit entry
 * in the same transaction, so a change that cannot be audited is not kept.
 */
export class CredentialWrites {
  constructor(
    private readonly stores: Pick<Stores, 'accountConnectors' | 'audit' | 'transaction'>,
    /** Who the audit names, e.g. `refresher:{process}`. */
    private readonly actor: string,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  async #audit(
    tx: Stores,
    action: AuditAction,
    accountConnectorId: number,
    detail: string,
    at: number,
  ): Promise<void> {
    const connector = await tx.accountConnectors.findById(accountConnectorId);
    await tx.audit.record({
      at,
      actor: this.actor,
      action,
      accountId: connector?.accountId ?? null,
      accountConnectorId,
      detail,
    });
  }

  /** Marks this credentials version as needing the user again, once. */
  async needsReauthentication(
    accountConnectorId: number,
    version: number,
    message: string,
    at: number,
  ): Promise<void> {
    await this.stores.transaction(async (tx) => {
      if (await tx.connectorCredentials.markNeedsReauthentication(accountConnectorId, version, message, at)) {
        await this.#audit(tx, 'credentials.needs_reauthentication', accountConnectorId, message, at);
        const connector = await tx.accountConnectors.findById(accountConnectorId);
        if (connector) await connectionNeedsReauthentication(tx, connector, message, at);
      }
    });
  }

  /** Records a refresh failure that may pass, backing off until `blockedUntil`. */
  async refreshFailed(
    accountConnectorId: number,
    version: number,
    message: string,
    blockedUntil: number,
    at: number,
  ): Promise<void> {
    await this.stores.transaction(async (tx) => {
      const before = await tx.accountConnectors.findById(accountConnectorId);
      if (
        await tx.connectorCredentials.recordRefreshFailure(
          accountConnectorId,
          version,
          message,
          blockedUntil,
          at,
        )
      ) {
        await this.#audit(tx, 'credentials.refresh_failed', accountConnectorId, message, at);
        // The first failure in a row degrades the connection; later ones only back off further.
        if (before && before.refreshFailures === 0)
          await connectionDegraded(tx, before, message, blockedUntil, at);
      }
    });
  }

  /**
   * Commits refreshed credentials if the version is still `expectedVersion`; returns the new version, or
   * `null` when another change won. A failing write is retried, then thrown — never swallowed.
   * `nextRefreshAt` is when the sweep should refresh these credentials.
   */
  async commitRefreshed(
    id: number,
    credentials: ConnectorCredentials,
    expectedVersion: number,
    at: number,
    nextRefreshAt: number | null,
  ): Promise<number | null> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        return await this.stores.transaction(async (tx) => {
          const version = await tx.connectorCredentials.storeCredentials(id, credentials, at, {
            expectedVersion,
            refreshed: true,
            nextRefreshAt,
          });
          if (version !== null) {
            const expiry =
              credentials.expiresAt === null
                ? 'no stated expiry'
                : `expires ${new Date(credentials.expiresAt).toISOString()}`;
            await this.#audit(tx, 'credentials.refreshed', id, `Refreshed; ${expiry}`, at);
          }
          return version;
        });
      } catch (error) {
        lastError = error;
        await this.sleep(50 * (attempt + 1));
      }
    }
    throw lastError;
  }
}
