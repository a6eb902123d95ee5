import type { ConnectorCatalog } from '../connectors/catalog.ts';
import type { AccountConnectorService } from '../domain/account-connectors/account-connector-service.ts';
import type { AccountStore } from '../domain/accounts/account-store.ts';
import type { ApiClientService } from '../domain/api-clients/api-client-service.ts';
import type { ApiTokenService } from '../domain/api-tokens/api-token-service.ts';
import type { ConnectorCallService } from '../domain/connector-calls/connector-call-service.ts';
import type { ConnectorSetupService } from '../domain/connector-setups/connector-setup-service.ts';
import type { HttpServer } from '../http/build-server.ts';
import {
  type Authenticator,
  authenticate,
  bearerAuthenticator,
  requirePartnerWide,
  resolveAccount,
} from './auth/authenticate.ts';
import './auth/principal.ts';
import { accountConnectorRoutes } from './account-connectors/account-connector-routes.ts';
import { installRoutes } from './account-connectors/install-routes.ts';
import { methodCallRoutes } from './account-connectors/method-call-routes.ts';
import { propertyRoutes } from './account-connectors/property-routes.ts';
import { proxyRoutes } from './account-connectors/proxy-routes.ts';
import { apiClientRoutes } from './api-clients/api-client-routes.ts';
import { tokenRoutes } from './auth/token-routes.ts';
import { catalogRoutes } from './connectors/catalog-routes.ts';
import { setupRoutes } from './connectors/setup-routes.ts';

export interface PartnerApiDependencies {
  readonly tokens: ApiTokenService;
  readonly clients: ApiClientService;
  readonly accounts: AccountStore;
  readonly catalog: ConnectorCatalog;
  readonly connectorSetups: ConnectorSetupService;
  readonly accountConnectors: AccountConnectorService;
  readonly connectorCalls: ConnectorCallService;
  /** `{PLUGBOARD_PUBLIC_URL}/connector/callback`, shown in setups. */
  readonly callbackUrl: string;
  /** Further ways to recognise a caller, tried after the bearer token (the console's session cookie). */
  readonly extraAuthenticators?: readonly Authenticator[];
}

/** A group of `/v1.0` routes; registered inside the authenticated context. */
export type V1RouteModule = (v1: HttpServer, deps: PartnerApiDependencies) => Promise<void>;

/** Every `/v1.0` route module, in registration order. */
const V1_ROUTE_MODULES: readonly V1RouteModule[] = [
  catalogRoutes,
  setupRoutes,
  installRoutes,
  accountConnectorRoutes,
  propertyRoutes,
  methodCallRoutes,
  proxyRoutes,
  apiClientRoutes,
];

/**
 * The Cyclr-compatible partner API: `/oauth/token` at the root and everything else under `/v1.0`.
 * Every `/v1.0` route is authenticated before its body is read; its `config.access` says whether it
 * is partner-wide or account-scoped (see `auth/route-access.ts`).
 */
export async function partnerApi(server: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  server.decorateRequest('principal', null);
  server.decorateRequest('accountId', null);
  await server.register(tokenRoutes, { tokens: deps.tokens, clients: deps.clients });

  const authenticators = [bearerAuthenticator(deps.tokens), ...(deps.extraAuthenticators ?? [])];
  await server.register(
    async (v1: HttpServer) => {
      v1.addHook('onRequest', async (request) => {
        const principal = await authenticate(request, authenticators);
        request.principal = principal;
        const access = request.routeOptions.config.access ?? 'partner';
        if (access === 'partner-wide') requirePartnerWide(principal);
        if (access === 'account') request.accountId = await resolveAccount(request, principal, deps.accounts);
      });
      for (const routes of V1_ROUTE_MODULES) await v1.register(routes, deps);
    },
    { prefix: '/v1.0' },
  );
}
