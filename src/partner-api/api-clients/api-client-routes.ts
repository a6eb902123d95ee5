import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { createApiClient } from './create-api-client.ts';
import { getApiClient } from './get-api-client.ts';
import { listApiClients } from './list-api-clients.ts';
import { revokeApiClient } from './revoke-api-client.ts';

/**
 * The partner's API clients (a Plugboard addition; Cyclr keeps them in its console under Settings >
 * OAuth Client Credentials): list, create — the secret is in that one response only — and revoke, which
 * also revokes every token the client holds. Partner-wide: account-restricted tokens cannot call these.
 */
export async function apiClientRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  listApiClients(v1, deps);
  getApiClient(v1, deps);
  createApiClient(v1, deps);
  revokeApiClient(v1, deps);
}
