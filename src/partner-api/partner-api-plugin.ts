import { NO_READ_SCOPES } from '../domain/read-cache/read-cache.ts';
import type { HttpServer } from '../http/build-server.ts';
import { accountRoutes } from './accounts/account-routes.ts';
import {
  authenticate,
  bearerAuthenticator,
  requirePartnerWide,
  resolveAccount,
} from './auth/authenticate.ts';
import type { PartnerApiDependencies, V1RouteModule } from './partner-api-dependencies.ts';
import './auth/principal.ts';
import { accountConnectorRoutes } from './account-connectors/account-connector-routes.ts';
import { installRoutes } from './account-connectors/install-routes.ts';
import { accountConnectorEventRoutes } from './account-connectors/list-account-connector-events.ts';
import { methodCallRoutes } from './account-connectors/method-call-routes.ts';
import { propertyRoutes } from './account-connectors/property-routes.ts';
import { proxyRoutes } from './account-connectors/proxy-routes.ts';
import { apiClientRoutes } from './api-clients/api-client-routes.ts';
import { tokenRoutes } from './auth/token-routes.ts';
import { catalogRoutes } from './connectors/catalog-routes.ts';
import { setupRoutes } from './connectors/setup-routes.ts';
import { refuseCoercedBodyTypes } from './cross-cutting/body-types.ts';
import { installIdempotency } from './cross-cutting/idempotency.ts';
import { preventCaching } from './cross-cutting/no-store.ts';
import { enforceRateLimit } from './cross-cutting/rate-limit.ts';
import { acceptEmptyBodies } from './cross-cutting/request-body.ts';
import { answerUnknownRoutes } from './cross-cutting/unknown-routes.ts';
import { cycleRoutes } from './cycles/cycle-routes.ts';
import { jobRoutes } from './jobs/job-routes.ts';
import { launchRoutes } from './launch/launch-routes.ts';
import { openApiRoutes } from './openapi/openapi-routes.ts';
import { settingsRoutes } from './settings/settings-routes.ts';
import { signInTokenRoutes } from './sign-in-tokens/sign-in-token-routes.ts';
import { stepRoutes } from './steps/step-routes.ts';
import { templateRoutes } from './templates/template-routes.ts';
import { transactionRoutes } from './transactions/transaction-routes.ts';
import { connectionHookRoutes } from './webhooks/connection-hook-routes.ts';
import { cycleWebhookUrlRoutes } from './webhooks/cycle-webhook-url-routes.ts';
import { webhookDeliveryRoutes } from './webhooks/delivery-routes.ts';
import { webhookEndpointRoutes } from './webhooks/endpoint-routes.ts';

/** Every `/v1.0` route module, in registration order. */
// biome-ignore format: one module per line, so branches that each add a module merge cleanly
const V1_ROUTE_MODULES: readonly V1RouteModule[] = [
  accountRoutes,
  signInTokenRoutes,
  settingsRoutes,
  catalogRoutes,
  setupRoutes,
  installRoutes,
  accountConnectorRoutes,
  accountConnectorEventRoutes,
  propertyRoutes,
  methodCallRoutes,
  proxyRoutes,
  apiClientRoutes,
  templateRoutes,
  cycleRoutes,
  stepRoutes,
  transactionRoutes,
  launchRoutes,
  jobRoutes,
  webhookEndpointRoutes,
  webhookDeliveryRoutes,
  connectionHookRoutes,
  cycleWebhookUrlRoutes,
];

/**
 * The Cyclr-compatible partner API: `/oauth/token` at the root and everything else under `/v1.0`.
 * Every `/v1.0` route is authenticated before its body is read; its `config.access` says whether it
 * is partner-wide or account-scoped (see `auth/route-access.ts`). Every `/v1.0` route also gets, with
 * no code of its own: `Cache-Control: no-store`, the per-client rate limit (counted right after
 * authentication), `Idempotency-Key` on POST (opt out with `config: { idempotency: false }`), an
 * empty JSON body read as none, and its place in the OpenAPI document (from its schema).
 */
export async function partnerApi(server: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  server.decorateRequest('principal', null);
  server.decorateRequest('accountId', null);
  server.decorateRequest('readScope', null);
  const reads = deps.reads ?? NO_READ_SCOPES;
  // Called, not registered: the document must see the routes of this context, not of a child.
  await openApiRoutes(server, { publicUrl: deps.publicUrl });
  await server.register(tokenRoutes, {
    tokens: deps.tokens,
    clients: deps.clients,
    rateLimits: deps.tokenRateLimits,
  });

  const authenticators = [bearerAuthenticator(deps.tokens), ...(deps.extraAuthenticators ?? [])];
  await server.register(
    async (v1: HttpServer) => {
      preventCaching(v1);
      answerUnknownRoutes(v1);
      acceptEmptyBodies(v1);
      refuseCoercedBodyTypes(v1);
      v1.addHook('onRequest', async (request, reply) => {
        const scope = reads.open();
        request.readScope = scope;
        const principal = await reads.within(scope, () => authenticate(request, authenticators));
        request.principal = principal;
        await enforceRateLimit(deps.rateLimits, principal, reply);
        const access = request.routeOptions.config.access ?? 'partner';
        if (access === 'partner-wide') requirePartnerWide(principal);
        if (access === 'account')
          request.accountId = await reads.within(scope, () =>
            resolveAccount(request, principal, deps.accounts),
          );
      });
      installIdempotency(v1, deps.idempotency);
      for (const routes of V1_ROUTE_MODULES) await v1.register(routes, deps);
    },
    { prefix: '/v1.0' },
  );
}
