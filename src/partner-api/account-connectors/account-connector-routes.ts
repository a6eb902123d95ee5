import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { deauthenticateAccountConnector } from './deauthenticate-account-connector.ts';
import { deleteAccountConnector } from './delete-account-connector.ts';
import { getAccountConnector } from './get-account-connector.ts';
import { listAccountConnectors } from './list-account-connectors.ts';
import { updateAccountConnector } from './update-account-connector.ts';

/** The account's installed connectors: list, get, partial update, delete, deauthenticate. */
export async function accountConnectorRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  listAccountConnectors(v1, deps);
  getAccountConnector(v1, deps);
  updateAccountConnector(v1, deps);
  deleteAccountConnector(v1, deps);
  deauthenticateAccountConnector(v1, deps);
}
