import type { ConnectorCatalog } from '../connectors/catalog.ts';
import type { AccountConnectorService } from '../domain/account-connectors/account-connector-service.ts';
import type { LaunchService } from '../domain/account-sessions/launch-service.ts';
import type { AccountService } from '../domain/accounts/account-service.ts';
import type { AccountStore } from '../domain/accounts/account-store.ts';
import type { ApiClientService } from '../domain/api-clients/api-client-service.ts';
import type { ApiTokenService } from '../domain/api-tokens/api-token-service.ts';
import type { ConnectorCallService } from '../domain/connector-calls/connector-call-service.ts';
import type { ConnectorSetupService } from '../domain/connector-setups/connector-setup-service.ts';
import type { TransactionService } from '../domain/cycle-engine/transaction-service.ts';
import type { CycleEditService } from '../domain/cycles/cycle-edit-service.ts';
import type { CycleService } from '../domain/cycles/cycle-service.ts';
import type { IdempotencyService } from '../domain/idempotency/idempotency-service.ts';
import type { GenericHookUrls } from '../domain/inbound-webhooks/cycle-webhooks.ts';
import type { ProviderSubscriptions } from '../domain/inbound-webhooks/provider-subscriptions.ts';
import type { WebhookEndpointService } from '../domain/partner-events/webhook-endpoint-service.ts';
import type { RateLimitService } from '../domain/rate-limits/rate-limit-service.ts';
import type { ReadScopes } from '../domain/read-cache/read-cache.ts';
import type { SettingsService } from '../domain/settings/settings-service.ts';
import type { SignInTokenService } from '../domain/sign-in-tokens/sign-in-token-service.ts';
import type { TemplateService } from '../domain/templates/template-service.ts';
import type { JobInspection } from '../domain/work-queue/job-inspection.ts';
import type { HttpServer } from '../http/build-server.ts';
import type { Authenticator } from './auth/authenticate.ts';

/** What the partner API's route modules are given: the domain services and a few settings. */
export interface PartnerApiDependencies {
  readonly tokens: ApiTokenService;
  readonly clients: ApiClientService;
  readonly accounts: AccountStore;
  readonly catalog: ConnectorCatalog;
  readonly connectorSetups: ConnectorSetupService;
  readonly accountConnectors: AccountConnectorService;
  readonly connectorCalls: ConnectorCallService;
  /** The read cache's scopes: a request's cached reads share one check of the change feed. */
  readonly reads?: ReadScopes;
  /** `{PLUGBOARD_PUBLIC_URL}/connector/callback`, shown in setups. */
  readonly callbackUrl: string;
  /** Further ways to recognise a caller, tried after the bearer token (the console's session cookie). */
  readonly extraAuthenticators?: readonly Authenticator[];
  /** The service domain, named as the server in the OpenAPI document. */
  readonly publicUrl: string;
  readonly rateLimits: RateLimitService;
  /** Token requests per minute per client address (`PLUGBOARD_TOKEN_RATE_LIMIT`). */
  readonly tokenRateLimits: RateLimitService;
  readonly idempotency: IdempotencyService;
  readonly accountService: AccountService;
  readonly signInTokens: SignInTokenService;
  readonly settings: SettingsService;
  readonly templates: TemplateService;
  readonly cycles: CycleService;
  readonly cycleEdits: CycleEditService;
  readonly transactions: TransactionService;
  readonly launch: LaunchService;
  /** The background job queue, read by partners and the console. */
  readonly jobs: JobInspection;
  /** Partner event endpoints, their delivery log, retry and replay. */
  readonly webhookEndpoints?: WebhookEndpointService;
  /** Account connectors' webhook subscriptions at their providers. */
  readonly providerSubscriptions?: ProviderSubscriptions;
  /** Issues cycles' generic webhook URLs. */
  readonly genericHookUrls?: GenericHookUrls;
}

/** A group of `/v1.0` routes; registered inside the authenticated context. */
export type V1RouteModule = (v1: HttpServer, deps: PartnerApiDependencies) => Promise<void>;
