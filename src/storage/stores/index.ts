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
import { sqlOAuthFlowStore } from './oauth-flow-store.sql.ts';
import { sqlPartnerEventStore } from './partner-event-store.sql.ts';
import { sqlRateLimitStore } from './rate-limit-store.sql.ts';
import { sqlRefreshAttemptStore } from './refresh-attempt-store.sql.ts';
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

/** How each store is made from a context (a transaction's, or the database's). */
const MAKERS: { readonly [K in StoreName]: (context: StoreContext) => Stores[K] } = {
  accounts: (c) => sqlAccountStore(c.db, c.dialect ?? 'sqlite'),
  apiClients: (c) => sqlApiClientStore(c.db),
  admins: (c) => sqlAdminStore(c.db),
  adminSessions: (c) => sqlAdminSessionStore(c.db),
  setupCodes: (c) => sqlSetupCodeStore(c.db),
  loginFailures: (c) => sqlLoginFailureStore(c.db),
  apiTokens: (c) => sqlApiTokenStore(c.db),
  connectorSetups: (c) => sqlConnectorSetupStore(c.db, c.keyRing),
  accountConnectors: (c) => sqlAccountConnectorStore(c.db, c.dialect ?? 'sqlite'),
  connectorCredentials: (c) => sqlConnectorCredentialStore(c.db, c.keyRing, c.dialect ?? 'sqlite'),
  connectorProperties: (c) => sqlAccountConnectorPropertyStore(c.db),
  oauthFlows: (c) => sqlOAuthFlowStore(c.db, c.keyRing),
  refreshAttempts: (c) => sqlRefreshAttemptStore(c.db),
  rateLimits: (c) => sqlRateLimitStore(c.db),
  workQueue: (c) => sqlWorkQueueStore(c.db, c.queue),
  audit: (c) => sqlAuditStore(c.db),
  accountUsers: (c) => sqlAccountUserStore(c.db),
  signInTokens: (c) => sqlSignInTokenStore(c.db),
  settings: (c) => sqlSettingsStore(c.db),
  idempotencyKeys: (c) => sqlIdempotencyStore(c.db, c.keyRing),
  inboundHooks: (c) => sqlInboundHookStore(c.db),
  webhookEndpoints: (c) => sqlWebhookEndpointStore(c.db, c.keyRing),
  partnerEvents: (c) => sqlPartnerEventStore(c.db),
  accountSessions: (c) => sqlAccountSessionStore(c.db),
  templates: (c) => sqlTemplateStore(c.db),
  cycles: (c) => sqlCycleStore(c.db, c.dialect ?? 'sqlite'),
  cycleRuns: (c) => sqlCycleRunStore(c.db, c.dialect ?? 'sqlite'),
};

type StoreName = Exclude<keyof Stores, 'transaction'>;

/** The names of every store of a `Stores`. */
export const STORE_NAMES = Object.keys(MAKERS) as readonly StoreName[];

const CONTEXT = Symbol('store context');

/**
 * What a transaction's stores inherit: each store made on its first use and kept on the transaction's
 * object. A transaction uses a few stores; making all of them for each one was a measurable part of a
 * stored webhook's CPU.
 */
const LAZY_STORES: object = Object.create(null);
for (const name of STORE_NAMES) {
  Object.defineProperty(LAZY_STORES, name, {
    get(this: object) {
      // Kept on the transaction's own object, also when read through an object that inherits it.
      let owner = this as { [CONTEXT]?: StoreContext };
      while (!Object.hasOwn(owner, CONTEXT)) owner = Object.getPrototypeOf(owner);
      const value = MAKERS[name](owner[CONTEXT] as StoreContext);
      // Configurable, so a proxy over the stores (the read cache's view) may return another value.
      Object.defineProperty(owner, name, { value, enumerable: true, configurable: true });
      return value;
    },
  });
}

function build(context: StoreContext, inTransaction: boolean): Stores {
  const { db } = context;
  async function transaction<T>(work: (stores: Stores) => Promise<T>): Promise<T> {
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
  }
  // The database's stores are made once, as plain properties; a transaction's on first use.
  const stores = (inTransaction ? Object.create(LAZY_STORES) : {}) as Stores & { [CONTEXT]?: StoreContext };
  Object.assign(stores, { transaction });
  if (inTransaction) stores[CONTEXT] = context;
  else for (const name of STORE_NAMES) Object.assign(stores, { [name]: MAKERS[name](context) });
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
