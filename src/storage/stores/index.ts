import type { Kysely, Transaction } from 'kysely';
import type { KeyRing } from '../../crypto/key-ring.ts';
import type { Stores } from '../../domain/stores.ts';
import type { SqlDialect } from '../migrations/column-types.ts';
import type { DatabaseSchema } from '../schema.ts';
import { sqlAccountConnectorPropertyStore } from './account-connector-property-store.sql.ts';
import { sqlAccountConnectorStore } from './account-connector-store.sql.ts';
import { sqlAccountSessionStore } from './account-session-store.sql.ts';
import { sqlAccountStore } from './account-store.sql.ts';
import { sqlAccountUserStore } from './account-user-store.sql.ts';
import { sqlAdminSessionStore, sqlLoginFailureStore, sqlSetupCodeStore } from './admin-session-store.sql.ts';
import { sqlAdminStore } from './admin-store.sql.ts';
import { sqlApiClientStore } from './api-client-store.sql.ts';
import { sqlApiTokenStore } from './api-token-store.sql.ts';
import { sqlAuditStore } from './audit-store.sql.ts';
import { sqlConnectorCredentialStore } from './connector-credential-store.sql.ts';
import { sqlConnectorSetupStore } from './connector-setup-store.sql.ts';
import { sqlCycleRunStore } from './cycle-run-store.sql.ts';
import { sqlCycleStore } from './cycle-store.sql.ts';
import { sqlIdempotencyStore } from './idempotency-store.sql.ts';
import { sqlInboundHookStore } from './inbound-hook-store.sql.ts';
import { sqlLeaseStore, sqlRefreshAttemptStore } from './lease-store.sql.ts';
import { sqlOAuthFlowStore } from './oauth-flow-store.sql.ts';
import { sqlPartnerEventStore } from './partner-event-store.sql.ts';
import { sqlRateLimitStore } from './rate-limit-store.sql.ts';
import { sqlSettingsStore } from './settings-store.sql.ts';
import { sqlSignInTokenStore } from './sign-in-token-store.sql.ts';
import { sqlTemplateStore } from './template-store.sql.ts';
import { sqlWebhookEndpointStore } from './webhook-endpoint-store.sql.ts';
import { sqlWorkQueueStore, type WorkQueueContext } from './work-queue-store.sql.ts';

/** Everything a SQL store needs: the query builder (or a transaction) and the key ring for sealed columns. */
export interface StoreContext {
  readonly db: Kysely<DatabaseSchema>;
  readonly keyRing: KeyRing;
  /** Which SQL the database speaks (row locks exist only on PostgreSQL). Default SQLite. */
  readonly dialect?: SqlDialect;
  readonly queue: WorkQueueContext;
}

function build(context: StoreContext, inTransaction: boolean): Stores {
  const { db } = context;
  const stores: Stores = {
    accounts: sqlAccountStore(db, context.dialect ?? 'sqlite'),
    apiClients: sqlApiClientStore(db),
    admins: sqlAdminStore(db),
    adminSessions: sqlAdminSessionStore(db),
    setupCodes: sqlSetupCodeStore(db),
    loginFailures: sqlLoginFailureStore(db),
    apiTokens: sqlApiTokenStore(db),
    connectorSetups: sqlConnectorSetupStore(db, context.keyRing),
    accountConnectors: sqlAccountConnectorStore(db),
    connectorCredentials: sqlConnectorCredentialStore(db, context.keyRing),
    connectorProperties: sqlAccountConnectorPropertyStore(db),
    oauthFlows: sqlOAuthFlowStore(db, context.keyRing),
    leases: sqlLeaseStore(db),
    refreshAttempts: sqlRefreshAttemptStore(db),
    rateLimits: sqlRateLimitStore(db),
    workQueue: sqlWorkQueueStore(db, context.queue),
    audit: sqlAuditStore(db),
    accountUsers: sqlAccountUserStore(db),
    signInTokens: sqlSignInTokenStore(db),
    settings: sqlSettingsStore(db),
    idempotencyKeys: sqlIdempotencyStore(db, context.keyRing),
    inboundHooks: sqlInboundHookStore(db),
    webhookEndpoints: sqlWebhookEndpointStore(db, context.keyRing),
    partnerEvents: sqlPartnerEventStore(db),
    accountSessions: sqlAccountSessionStore(db),
    templates: sqlTemplateStore(db),
    cycles: sqlCycleStore(db, context.dialect ?? 'sqlite'),
    cycleRuns: sqlCycleRunStore(db, context.dialect ?? 'sqlite'),
    async transaction<T>(work: (stores: Stores) => Promise<T>): Promise<T> {
      if (inTransaction) return work(stores);
      for (let attempt = 1; ; attempt++) {
        try {
          return await db
            .transaction()
            .execute((trx: Transaction<DatabaseSchema>) => work(build({ ...context, db: trx }, true)));
        } catch (error) {
          // PostgreSQL chose this transaction as a deadlock's victim (or a serialization failure):
          // everything it wrote was rolled back, so running it again is safe. Bounded, with jitter.
          if (attempt >= MAX_TRANSACTION_ATTEMPTS || !isRetryableConflict(error)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
        }
      }
    },
  };
  return stores;
}

/** Attempts of one transaction that PostgreSQL rolled back for a deadlock or serialization failure. */
const MAX_TRANSACTION_ATTEMPTS = 4;

/** PostgreSQL's deadlock_detected (40P01) and serialization_failure (40001). */
function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/** Builds the SQL implementation of every domain store. */
export function createStores(context: StoreContext): Stores {
  return build(context, false);
}
