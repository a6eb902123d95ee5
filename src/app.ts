import { randomUUID } from 'node:crypto';
import { unwatchFile, watchFile } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { DestinationStream } from 'pino';
import { accountPagesPlugin } from './account-pages/account-pages-plugin.ts';
import { accountSessionCookieFor } from './account-pages/account-session-cookie.ts';
import { browserAuthRoutes } from './browser-auth/browser-auth-routes.ts';
import type { PlugboardConfig } from './config/load-config.ts';
import { ConnectorCatalog } from './connectors/catalog.ts';
import type { ConnectorDefinition } from './connectors/connector-definition.ts';
import { adminSessionAuthenticator, consoleAdminCheck } from './console-api/admin-session-authenticator.ts';
import { consolePlugin } from './console-api/console-api-plugin.ts';
import { CONSOLE_BUILD_DIR } from './console-api/console-paths.ts';
import { capsuleSandboxPreset } from './console-api/sandbox-preset-routes.ts';
import { sessionCookieFor } from './console-api/session-cookie.ts';
import { readKeyFile } from './crypto/key-file.ts';
import { AccountConnectorService } from './domain/account-connectors/account-connector-service.ts';
import type { ProviderTokenClient } from './domain/account-connectors/provider-token-client.ts';
import { AccountSessionService } from './domain/account-sessions/account-session-service.ts';
import { LaunchService } from './domain/account-sessions/launch-service.ts';
import { AccountService } from './domain/accounts/account-service.ts';
import { AdminSessionService } from './domain/admin-sessions/admin-session-service.ts';
import { FirstAdminSetup } from './domain/admin-sessions/first-admin-setup.ts';
import { SignInThrottle } from './domain/admin-sessions/sign-in-throttle.ts';
import { AdminService } from './domain/admins/admin-service.ts';
import { ApiClientService } from './domain/api-clients/api-client-service.ts';
import { ApiTokenService } from './domain/api-tokens/api-token-service.ts';
import { type Clock, systemClock } from './domain/clock.ts';
import { ConnectorCallService } from './domain/connector-calls/connector-call-service.ts';
import { ConnectorSetupService } from './domain/connector-setups/connector-setup-service.ts';
import { cycleJobKinds } from './domain/cycle-engine/cycle-job-kinds.ts';
import { cycleScheduler } from './domain/cycle-engine/cycle-scheduler.ts';
import { type CycleEngineSettings, DEFAULT_ENGINE_SETTINGS } from './domain/cycle-engine/engine-settings.ts';
import { TransactionService } from './domain/cycle-engine/transaction-service.ts';
import { startTransactions } from './domain/cycle-engine/transaction-starter.ts';
import { CYCLE_MAINTENANCE_JOB } from './domain/cycle-engine/work-scheduling.ts';
import { CycleEditService } from './domain/cycles/cycle-edit-service.ts';
import { CycleService } from './domain/cycles/cycle-service.ts';
import { IdempotencyService } from './domain/idempotency/idempotency-service.ts';
import {
  cycleWebhookDemand,
  cycleWebhookLifecycle,
  GenericHookUrls,
  routeToCycles,
} from './domain/inbound-webhooks/cycle-webhooks.ts';
import { forwardProviderEvents } from './domain/inbound-webhooks/forward-route.ts';
import { InboundWebhookService } from './domain/inbound-webhooks/inbound-webhook-service.ts';
import { ProviderSubscriptions } from './domain/inbound-webhooks/provider-subscriptions.ts';
import { requestReconcileAll } from './domain/inbound-webhooks/subscription-jobs.ts';
import { OAuthFlowService } from './domain/oauth-flows/oauth-flow-service.ts';
import { partnerEngineEvents } from './domain/partner-events/cycle-engine-events.ts';
import { forwardedEventType, PLATFORM_EVENT_TYPES } from './domain/partner-events/event-types.ts';
import type { RetrySchedule } from './domain/partner-events/retry-schedule.ts';
import { WebhookEndpointService } from './domain/partner-events/webhook-endpoint-service.ts';
import { BatchedCounter } from './domain/rate-limits/batched-counter.ts';
import { RateLimitService } from './domain/rate-limits/rate-limit-service.ts';
import { withCachedReads } from './domain/read-cache/cached-stores.ts';
import { ReadCache } from './domain/read-cache/read-cache.ts';
import { SettingsService } from './domain/settings/settings-service.ts';
import { SignInTokenService } from './domain/sign-in-tokens/sign-in-token-service.ts';
import type { Stores } from './domain/stores.ts';
import { TemplateService } from './domain/templates/template-service.ts';
import { TokenRefresher } from './domain/token-refresh/token-refresher.ts';
import { isLoopbackHost } from './domain/url-rules.ts';
import { JobInspection } from './domain/work-queue/job-inspection.ts';
import type { JobKind } from './domain/work-queue/job-kind.ts';
import { buildHttpServer, type HttpServer, type HttpTimeouts } from './http/build-server.ts';
import { healthRoutes } from './http/health-routes.ts';
import { followPartnerTraffic } from './http/partner-traffic.ts';
import { TOKEN_REFRESH_SWEEP_JOB, tokenRefreshSweepKind } from './jobs/token-refresh-sweep-kind.ts';
import { webhookJobKinds } from './jobs/webhook-jobs.ts';
import { WorkerPool } from './jobs/worker-pool.ts';
import { createLogger, type Logger } from './logging/logger.ts';
import { partnerApi } from './partner-api/partner-api-plugin.ts';
import { Oauth4webapiTokenClient } from './provider-oauth/oauth4webapi-token-client.ts';
import { ExpressionPool } from './runtime/expressions/expression-pool.ts';
import { createUndiciHttpClient } from './runtime/http-client.ts';
import { checkOutboundUrl, type OutboundPolicy } from './runtime/outbound/address-policy.ts';
import { createEventSender } from './runtime/outbound/event-sender.ts';
import { createOutbound } from './runtime/outbound/outbound-dispatcher.ts';
import type { CapsuleSandbox } from './sandbox/capsule/index.ts';
import type { Database } from './storage/database.ts';
import type { ResolvedKeys } from './storage/key-setup.ts';
import { openStorage } from './storage/open-storage.ts';
import { inboundWebhookRoutes } from './webhooks-in/inbound-routes.ts';

/** The domain services, built once per process. */
export interface Services {
  readonly apiClients: ApiClientService;
  readonly admins: AdminService;
  readonly adminSessions: AdminSessionService;
  readonly firstAdminSetup: FirstAdminSetup;
  readonly apiTokens: ApiTokenService;
  readonly catalog: ConnectorCatalog;
  readonly connectorSetups: ConnectorSetupService;
  readonly accountConnectors: AccountConnectorService;
  readonly refresher: TokenRefresher;
  readonly connectorCalls: ConnectorCallService;
  readonly accounts: AccountService;
  readonly signInTokens: SignInTokenService;
  readonly settings: SettingsService;
  readonly idempotency: IdempotencyService;
  readonly rateLimits: RateLimitService;
  readonly launch: LaunchService;
  readonly accountSessions: AccountSessionService;
  readonly templates: TemplateService;
  readonly cycles: CycleService;
  readonly cycleEdits: CycleEditService;
  readonly transactions: TransactionService;
  readonly webhookEndpoints: WebhookEndpointService;
  readonly inboundWebhooks: InboundWebhookService;
  readonly providerSubscriptions: ProviderSubscriptions;
}

export interface PlugboardOptions {
  readonly config: PlugboardConfig;
  /** Where JSON log lines go (stdout by default); tests capture them here. */
  readonly logDestination?: DestinationStream;
  readonly clock?: Clock;
  /** The connector definitions to serve (tests add fixtures); default: every definition in this build. */
  readonly connectors?: readonly ConnectorDefinition[];
  /** Refresh lease time-to-live (tests shorten it to see a dead holder's lease lapse quickly). */
  readonly refreshLeaseTtlMs?: number;
  /** Run background jobs (token refresh) in this process: `serve` does; tests run them by hand. */
  readonly runJobs?: boolean;
  /** Extra job kinds to register (tests and test entry scripts add their own). */
  readonly jobKinds?: readonly JobKind<never>[];
  /** Worker pool timings (tests shorten them). */
  readonly workerPool?: {
    readonly pollMs?: number;
    readonly reapMs?: number;
    readonly stopTimeoutMs?: number;
  };
  /** The provider OAuth client (tests may wrap it); default: oauth4webapi over fetch. */
  readonly tokenClient?: ProviderTokenClient;
  /** Overrides of the cycle engine's timings and limits (tests shorten them). */
  readonly cycleEngine?: Partial<CycleEngineSettings>;
  /** How often rate-limit counts are added to the database (default: every second). */
  readonly requestCountFlushMs?: number;
  /** Serve hot-path reads from the in-process cache (default); `false` reads the database every time. */
  readonly readCache?: boolean;
  /** Where the built console is served from; default `dist/console` in this repository. */
  readonly consoleDir?: string;
  /** When failed event deliveries are retried (tests shorten it); default: 5 s … 12 h over 3 days. */
  readonly eventRetrySchedule?: RetrySchedule;
  /** How long a claimed event delivery is held before another process may take it over (default 60 s). */
  readonly eventDeliveryLeaseMs?: number;
  /** How long clients may take to send headers and bodies (tests shorten them). */
  readonly httpTimeouts?: HttpTimeouts;
}

/** The largest webhook body accepted at `/webhooks/{token}` (Capsule batches stay far below it). */
export const INBOUND_WEBHOOK_MAX_BYTES = 1024 * 1024;

/** One running Plugboard: everything wired, nothing listening until `server.listen()`. */
export interface Plugboard {
  readonly config: PlugboardConfig;
  readonly logger: Logger;
  readonly database: Database;
  readonly keys: ResolvedKeys;
  readonly stores: Stores;
  /** The hot path's in-process cache (tests wait on `readCache.sync()` after writing rows directly). */
  readonly readCache: ReadCache;
  /** Rate-limit counts of this process, added to the database every second (tests flush by hand). */
  readonly requestCounts: BatchedCounter;
  readonly services: Services;
  readonly server: HttpServer;
  /** The worker pool running durable jobs in this process (started only with `runJobs`). */
  readonly jobs: WorkerPool;
  /** The Capsule sandbox, when PLUGBOARD_SANDBOX is on (tests flip its switches). */
  readonly sandbox: CapsuleSandbox | null;
  /** Finishes requests in flight, stops background work and closes the database. */
  close(): Promise<void>;
}

/** The sandbox's state file: next to a SQLite database file; none with PostgreSQL or in memory. */
function sandboxStateFile(config: PlugboardConfig): string | null {
  if (config.database.kind !== 'sqlite' || config.database.path === ':memory:') return null;
  return join(dirname(config.database.path), 'sandbox-capsule.json');
}

/**
 * Where the sandbox may deliver REST hooks: Plugboard's own webhook URLs, and any loopback receiver
 * while the service domain itself is loopback (development). Never anywhere else.
 */
function sandboxHookTargets(publicUrl: string): (url: URL) => boolean {
  const development = isLoopbackHost(new URL(publicUrl).hostname);
  return (url) =>
    url.href.startsWith(`${publicUrl}/webhooks/`) || (development && isLoopbackHost(url.hostname));
}

/** Keeps a file-backed key ring in step with `plugboard keys rotate` run beside a live server. */
function followKeyFile(keys: ResolvedKeys, logger: Logger): () => void {
  if (keys.source.kind !== 'file') return () => {};
  const path = keys.source.path;
  const listener = () => {
    try {
      const fresh = readKeyFile(path);
      if (fresh && fresh[0]?.kid !== keys.ring.activeKid) {
        keys.ring.replaceKeys(fresh);
        logger.info({ activeKeyId: keys.ring.activeKid }, 'encryption key file changed; new active key');
      }
    } catch (error) {
      logger.error({ err: error }, 'encryption key file could not be reloaded; keeping the current keys');
    }
  };
  watchFile(path, { interval: 2000, persistent: false }, listener);
  return () => unwatchFile(path, listener);
}

/**
 * The composition root: opens and migrates the database, proves the encryption keys, and builds the
 * stores, services and HTTP routes. The only place that knows every concrete piece.
 */
export async function createPlugboard(options: PlugboardOptions): Promise<Plugboard> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger = createLogger(config.logLevel, config.logFormat, options.logDestination);
  const {
    database,
    keys,
    stores: rawStores,
    jobKinds,
    queueSignals,
  } = await openStorage(config, clock(), clock);
  let stopFollowingKeys = () => {};
  const feed = database.openChangeFeed({
    onError: (error) => logger.warn({ err: error }, 'the change feed lost its connection; reconnecting'),
  });
  const counter = new BatchedCounter(rawStores.rateLimits, clock, {
    ...(options.requestCountFlushMs ? { flushMs: options.requestCountFlushMs } : {}),
    onError: (error) => logger.warn({ err: error }, 'rate-limit counts could not be written; retrying'),
  });
  try {
    // What every partner API call reads comes from memory, kept coherent by the database's
    // announcements; everything else reads the database (see src/domain/read-cache/).
    const readCache = new ReadCache(feed, clock);
    await readCache.start();
    const stores = options.readCache === false ? rawStores : withCachedReads(rawStores, readCache);
    counter.start();
    if (keys.createdKeyFile) {
      logger.warn(
        { keyFile: keys.createdKeyFile },
        'created a new encryption key file; back it up with the database: without it the stored secrets cannot be read',
      );
    }
    stopFollowingKeys = followKeyFile(keys, logger);
    const apiClients = new ApiClientService(stores.apiClients, clock);
    const catalog = new ConnectorCatalog(options.connectors);
    const settings = new SettingsService(
      stores.settings,
      { publicUrl: config.publicUrl, callbackUrl: config.callbackUrl },
      clock,
    );
    // Every request made on an account's behalf (provider API, token and revocation URLs) connects
    // through this dispatcher, which applies the outbound address policy after DNS resolution.
    const providerOutbound = createOutbound({
      policy: async () => ({ allowPrivate: await settings.allowPrivateAddresses() }),
    });
    const tokenClient =
      options.tokenClient ?? new Oauth4webapiTokenClient({ fetch: providerOutbound.wholeBodyFetch });
    const connectorSetups = new ConnectorSetupService(stores.connectorSetups, clock, async () => ({
      allowPrivate: await settings.allowPrivateAddresses(),
    }));
    const admins = new AdminService(stores.admins, clock);
    const signInThrottle = new SignInThrottle(stores.admins, stores.loginFailures, clock);
    const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const refresher = new TokenRefresher({
      stores,
      catalog,
      setups: connectorSetups,
      tokenClient,
      clock,
      holder,
      ...(options.refreshLeaseTtlMs ? { leaseTtlMs: options.refreshLeaseTtlMs } : {}),
    });
    const connectorCalls = new ConnectorCallService({
      stores,
      catalog,
      setups: connectorSetups,
      refresher,
      counter,
      clock,
      http: createUndiciHttpClient({ dispatcher: providerOutbound.dispatcher }),
      reads: readCache,
    });
    const providerSubscriptions = new ProviderSubscriptions({
      stores,
      connectors: catalog,
      calls: connectorCalls,
      publicUrl: config.publicUrl,
      clock,
    });
    // Event endpoints and Transaction Error Webhooks: the settings' address policy, and their
    // AllowedOutboundHosts when the partner has listed any.
    const eventPolicy = async (): Promise<OutboundPolicy> => {
      const hosts = await settings.allowedOutboundHosts();
      return {
        allowPrivate: await settings.allowPrivateAddresses(),
        ...(hosts.length > 0 ? { allowedHosts: hosts } : {}),
      };
    };
    const eventOutbound = createOutbound({ policy: eventPolicy });
    const outboundCheck = async (url: URL) => {
      const verdict = checkOutboundUrl(url, await eventPolicy());
      return verdict.ok ? null : `Url is refused: ${verdict.reason}.`;
    };
    const eventTypes = [
      ...PLATFORM_EVENT_TYPES,
      ...catalog.definitions.flatMap((d) =>
        (d.webhooks?.events ?? []).map((e) => forwardedEventType(d.name, e.event)),
      ),
    ];
    const accountConnectors = new AccountConnectorService(
      stores,
      catalog,
      connectorSetups,
      tokenClient,
      clock,
      undefined,
      providerSubscriptions,
    );
    // Deep pages start from sampled positions on PostgreSQL only: on SQLite the walk is in-process and
    // cheap (about a millisecond for 100,000 index entries), while sampling would hold the event loop.
    const accounts = new AccountService(
      stores,
      clock,
      undefined,
      undefined,
      undefined,
      database.dialect === 'postgres' ? undefined : null,
    );
    const signInTokens = new SignInTokenService(stores, clock);
    const templates = new TemplateService(stores, catalog, clock);
    const cycles = new CycleService(stores, catalog, templates, clock);
    cycles.addLifecycleHook(cycleScheduler(clock));
    const engineSettings: CycleEngineSettings = {
      ...DEFAULT_ENGINE_SETTINGS,
      accountConcurrency: config.cycleAccountConcurrency,
      retryLadderScale: 1 / config.cycleRetryDivisor,
      ...options.cycleEngine,
    };
    const expressions = new ExpressionPool();
    // Http steps reach only the settings' AllowedOutboundHosts, checked again after DNS resolution.
    const partnerOutbound = createOutbound({
      policy: async () => ({
        allowPrivate: await settings.allowPrivateAddresses(),
        allowedHosts: await settings.allowedOutboundHosts(),
      }),
    });
    cycles.addLifecycleHook(cycleWebhookLifecycle(clock));
    const services: Services = {
      apiClients,
      admins,
      adminSessions: new AdminSessionService(stores.admins, stores.adminSessions, signInThrottle, clock),
      firstAdminSetup: new FirstAdminSetup(stores.setupCodes, admins, signInThrottle, clock),
      apiTokens: new ApiTokenService(stores.apiTokens, apiClients, (id) => stores.accounts.exists(id), clock),
      catalog,
      connectorSetups,
      accountConnectors,
      refresher,
      connectorCalls,
      accounts,
      signInTokens,
      settings,
      idempotency: new IdempotencyService(stores.idempotencyKeys, clock),
      rateLimits: new RateLimitService(counter, config.apiRateLimitPerMinute, clock),
      launch: new LaunchService({
        stores,
        accounts,
        accountConnectors,
        signInTokens,
        publicUrl: config.publicUrl,
      }),
      accountSessions: new AccountSessionService(
        stores.accountSessions,
        (token) => signInTokens.redeem(token),
        clock,
      ),
      webhookEndpoints: new WebhookEndpointService(
        stores,
        clock,
        () => eventTypes,
        (url) => outboundCheck(new URL(url)),
        (tx, at) => requestReconcileAll(tx, at),
      ),
      inboundWebhooks: new InboundWebhookService(stores, clock, async (hook) => {
        // A retired provider hook answers what makes its provider drop it; a retired generic URL is gone.
        const connection =
          hook.accountConnectorId === null
            ? undefined
            : await stores.accountConnectors.findById(hook.accountConnectorId);
        const definition = connection ? catalog.byId(connection.connectorId) : undefined;
        return definition?.webhooks?.subscription.unsubscribeStatus ?? 410;
      }),
      providerSubscriptions,
      templates,
      cycles,
      cycleEdits: new CycleEditService(stores, catalog, cycles, clock),
      transactions: new TransactionService(stores, clock),
    };
    const engineKinds = cycleJobKinds({
      stores,
      catalog,
      calls: services.connectorCalls,
      http: createUndiciHttpClient({ dispatcher: partnerOutbound.dispatcher }),
      outboundPolicy: async () => ({
        allowPrivate: await settings.allowPrivateAddresses(),
        allowedHosts: await settings.allowedOutboundHosts(),
      }),
      expressions,
      clock,
      settings: engineSettings,
      events: partnerEngineEvents((tx, cycle) => cycles.pausedByEngine(tx, cycle)),
    });
    const webhookJobs = webhookJobKinds({
      stores,
      catalog,
      clock,
      sender: createEventSender({
        http: createUndiciHttpClient({ dispatcher: eventOutbound.dispatcher }),
        checkUrl: outboundCheck,
      }),
      ...(options.eventRetrySchedule ? { retrySchedule: options.eventRetrySchedule } : {}),
      ...(options.eventDeliveryLeaseMs ? { deliveryLeaseMs: options.eventDeliveryLeaseMs } : {}),
      routes: [
        forwardProviderEvents(catalog),
        routeToCycles(async (tx, cycle, items, at) => {
          await startTransactions(
            tx,
            cycle,
            items.map((item) => item.record),
            { dedupeKey: (_record, index) => items[index]?.key ?? null, now: at },
          );
        }),
      ],
      subscriptions: providerSubscriptions,
      cycleDemand: (accountConnectorId) => cycleWebhookDemand(stores, accountConnectorId),
      onReconcileReport: (accountConnectorId, report) => {
        for (const problem of report.problems)
          logger.warn({ accountConnectorId, problem }, 'webhook subscription problem');
      },
    });
    const setupCode = await services.firstAdminSetup.prepare();
    if (setupCode) {
      // Its own field, so a log collector can pick it out and the pretty format can frame it.
      logger.warn(
        { setupCode },
        `No console admin exists yet. Open ${config.publicUrl}/console and create the first one with this one-time setup code: ${setupCode}`,
      );
    }
    const sessionCookie = sessionCookieFor(config.publicUrl);
    const server = await buildHttpServer(logger, options.httpTimeouts, config.trustedProxies);
    // The background refresh sweep yields to the requests this server is serving.
    const partnerTraffic = followPartnerTraffic(server.server);
    await server.register(healthRoutes, { ping: () => database.ping() });
    await server.register(partnerApi, {
      tokens: services.apiTokens,
      clients: apiClients,
      accounts: stores.accounts,
      catalog,
      connectorSetups,
      accountConnectors: services.accountConnectors,
      connectorCalls: services.connectorCalls,
      reads: readCache,
      callbackUrl: config.callbackUrl,
      extraAuthenticators: [adminSessionAuthenticator(services.adminSessions, sessionCookie)],
      publicUrl: config.publicUrl,
      rateLimits: services.rateLimits,
      tokenRateLimits: new RateLimitService(stores.rateLimits, config.tokenRateLimitPerMinute, clock),
      idempotency: services.idempotency,
      accountService: services.accounts,
      signInTokens: services.signInTokens,
      settings: services.settings,
      launch: services.launch,
      jobs: new JobInspection(stores.workQueue, clock),
      templates: services.templates,
      cycles: services.cycles,
      cycleEdits: services.cycleEdits,
      transactions: services.transactions,
      webhookEndpoints: services.webhookEndpoints,
      providerSubscriptions,
      genericHookUrls: new GenericHookUrls(stores, config.publicUrl, clock),
    });
    await server.register(inboundWebhookRoutes, {
      inbound: services.inboundWebhooks,
      maxBodyBytes: INBOUND_WEBHOOK_MAX_BYTES,
    });
    const flows = new OAuthFlowService({
      stores,
      catalog,
      setups: connectorSetups,
      tokenClient,
      redeemSignInToken: (token) => services.signInTokens.redeem(token),
      // The service domain's own pages (the console, LAUNCH and account pages) may always receive the
      // result of a popup they opened; every other origin must be in the partner's AllowedOrigins.
      allowedOrigins: async () => [
        ...(await services.settings.allowedOrigins()),
        new URL(config.publicUrl).origin,
      ],
      callbackUrl: config.callbackUrl,
      clock,
    });
    await server.register(browserAuthRoutes, {
      flows,
      catalog,
      allowedOrigins: () => services.settings.allowedOrigins(),
      publicUrl: config.publicUrl,
    });
    jobKinds.register(
      tokenRefreshSweepKind({
        stores,
        catalog,
        refresher,
        clock,
        intervalMs: 60_000,
        yieldTo: partnerTraffic,
        onRefreshError: (connector, error) =>
          logger.warn(
            { accountConnectorId: connector.id, reason: error instanceof Error ? error.message : 'unknown' },
            'background refresh failed',
          ),
        onUnreadable: (connector) =>
          logger.error(
            { accountConnectorId: connector.id },
            'stored credentials cannot be decrypted with the configured keys; the connection is left alone until it is authenticated again',
          ),
      }),
    );
    for (const kind of engineKinds) jobKinds.register(kind);
    for (const kind of webhookJobs) jobKinds.register(kind);
    for (const kind of options.jobKinds ?? []) jobKinds.register(kind);
    const runJobs = options.runJobs === true && config.workerConcurrency > 0;
    const jobs = new WorkerPool({
      stores,
      kinds: jobKinds,
      clock,
      log: logger,
      holder,
      wakeups: runJobs
        ? queueSignals.listen((error) => logger.warn({ err: error }, 'job wake-up channel lost'))
        : null,
      concurrency: config.workerConcurrency,
      retentionMs: config.jobRetentionMs,
      recurring: [TOKEN_REFRESH_SWEEP_JOB, CYCLE_MAINTENANCE_JOB],
      ...options.workerPool,
    });
    await jobs.ensureRecurring();
    if (runJobs) {
      jobs.start();
      database.checkpointInBackground((error) =>
        logger.warn({ err: error }, 'background WAL checkpoints stopped'),
      );
    }
    let sandbox: CapsuleSandbox | null = null;
    if (config.sandbox) {
      if (!isLoopbackHost(new URL(config.publicUrl).hostname)) {
        logger.warn(
          { publicUrl: config.publicUrl },
          'The Capsule sandbox is mounted on a public service domain (PLUGBOARD_SANDBOX=on): anyone who can reach it can get sandbox tokens. Turn it off with PLUGBOARD_SANDBOX=off.',
        );
      }
      const stateFile = sandboxStateFile(config);
      // Loaded only when it is on: `plugboard serve` (sandbox off by default) never reads its code.
      const { createCapsuleSandbox } = await import('./sandbox/capsule/index.ts');
      sandbox = createCapsuleSandbox({
        baseUrl: `${config.publicUrl}/sandbox/capsule`,
        redirectUris: [config.callbackUrl],
        ...(stateFile ? { stateFile } : {}),
        authorizeControl: consoleAdminCheck(services.adminSessions, sessionCookie),
        allowHookTarget: sandboxHookTargets(config.publicUrl),
      });
      logger.info(
        { stateFile },
        stateFile
          ? 'Capsule sandbox mounted at /sandbox/capsule; its grants and control token are kept in the state file'
          : 'Capsule sandbox mounted at /sandbox/capsule; its grants live in memory (control: console admins)',
      );
      await server.register(sandbox.plugin, { prefix: '/sandbox/capsule' });
    }
    const mountedSandbox = sandbox;
    await server.register(consolePlugin, {
      sessions: services.adminSessions,
      setup: services.firstAdminSetup,
      cookie: sessionCookie,
      sandboxPresets: sandbox ? [capsuleSandboxPreset(sandbox, `${config.publicUrl}/sandbox/capsule`)] : [],
      consoleDir: options.consoleDir ?? CONSOLE_BUILD_DIR,
    });
    await server.register(accountPagesPlugin, {
      sessions: services.accountSessions,
      cookie: accountSessionCookieFor(config.publicUrl),
      accounts,
      accountConnectors,
      catalog,
      signInTokens,
      settings,
      templates: services.templates,
      cycles: services.cycles,
      cycleEdits: services.cycleEdits,
      publicUrl: config.publicUrl,
      consoleDir: options.consoleDir ?? CONSOLE_BUILD_DIR,
    });
    return {
      config,
      logger,
      sandbox,
      jobs,
      database,
      keys,
      stores,
      readCache,
      requestCounts: counter,
      services,
      server,
      async close() {
        await jobs.stop();
        await server.close();
        partnerTraffic.close();
        await mountedSandbox?.close();
        await providerOutbound.close();
        await partnerOutbound.close();
        await expressions.close();
        await eventOutbound.close();
        stopFollowingKeys();
        await counter.close().catch(() => {});
        await feed.close();
        await database.close();
      },
    };
  } catch (error) {
    stopFollowingKeys();
    await feed.close();
    await database.close();
    throw error;
  }
}
