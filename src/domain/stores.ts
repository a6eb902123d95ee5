import type { AccountConnectorPropertyStore } from './account-connectors/account-connector-property-store.ts';
import type { AccountConnectorStore } from './account-connectors/account-connector-store.ts';
import type { ConnectorCredentialStore } from './account-connectors/connector-credential-store.ts';
import type { AccountSessionStore } from './account-sessions/account-session-store.ts';
import type { AccountStore } from './accounts/account-store.ts';
import type { AccountUserStore } from './accounts/account-user-store.ts';
import type {
  AdminSessionStore,
  LoginFailureStore,
  SetupCodeStore,
} from './admin-sessions/admin-session-store.ts';
import type { AdminStore } from './admins/admin-store.ts';
import type { ApiClientStore } from './api-clients/api-client-store.ts';
import type { ApiTokenStore } from './api-tokens/api-token-store.ts';
import type { AuditStore } from './audit/audit-store.ts';
import type { ConnectorSetupStore } from './connector-setups/connector-setup-store.ts';
import type { CycleRunStore } from './cycles/cycle-run-store.ts';
import type { CycleStore } from './cycles/cycle-store.ts';
import type { IdempotencyStore } from './idempotency/idempotency-store.ts';
import type { InboundHookStore } from './inbound-webhooks/inbound-hook-store.ts';
import type { OAuthFlowStore } from './oauth-flows/oauth-flow.ts';
import type { PartnerEventStore, WebhookEndpointStore } from './partner-events/partner-event-store.ts';
import type { RateLimitStore } from './rate-limits/rate-limit-store.ts';
import type { SettingsStore } from './settings/settings-store.ts';
import type { SignInTokenStore } from './sign-in-tokens/sign-in-token-store.ts';
import type { TemplateStore } from './templates/template-store.ts';
import type { RefreshAttemptStore } from './token-refresh/refresh-attempt-store.ts';
import type { WorkQueueStore } from './work-queue/work-queue-store.ts';

/**
 * Every store the domain uses, implemented by `src/storage/`. `transaction` runs a function with
 * stores bound to one database transaction: all of its writes land, or none do.
 */
export interface Stores {
  readonly accounts: AccountStore;
  readonly apiClients: ApiClientStore;
  readonly admins: AdminStore;
  readonly adminSessions: AdminSessionStore;
  readonly setupCodes: SetupCodeStore;
  readonly loginFailures: LoginFailureStore;
  readonly apiTokens: ApiTokenStore;
  readonly connectorSetups: ConnectorSetupStore;
  readonly accountConnectors: AccountConnectorStore;
  readonly connectorCredentials: ConnectorCredentialStore;
  readonly connectorProperties: AccountConnectorPropertyStore;
  readonly oauthFlows: OAuthFlowStore;
  readonly refreshAttempts: RefreshAttemptStore;
  readonly rateLimits: RateLimitStore;
  /** The durable work queue; enqueue on a transaction's stores so work commits with its cause. */
  readonly workQueue: WorkQueueStore;
  readonly audit: AuditStore;
  readonly accountUsers: AccountUserStore;
  readonly signInTokens: SignInTokenStore;
  readonly settings: SettingsStore;
  readonly idempotencyKeys: IdempotencyStore;
  readonly accountSessions: AccountSessionStore;
  readonly templates: TemplateStore;
  readonly cycles: CycleStore;
  readonly cycleRuns: CycleRunStore;
  readonly inboundHooks: InboundHookStore;
  readonly webhookEndpoints: WebhookEndpointStore;
  readonly partnerEvents: PartnerEventStore;
  transaction<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
}
