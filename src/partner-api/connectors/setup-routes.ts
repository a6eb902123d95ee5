import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { getConnectorSetup } from './get-connector-setup.ts';
import { updateConnectorSetup } from './update-connector-setup.ts';

/**
 * `GET/PUT /v1.0/connectors/{id}/setup`: the partner's OAuth app for a connector (a Plugboard addition;
 * Cyclr does this in its console). The client secret is write-only; `CallbackUrl` is what to register.
 */
export async function setupRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  getConnectorSetup(v1, deps);
  updateConnectorSetup(v1, deps);
}
