import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { addAccountConnectorProperty } from './add-account-connector-property.ts';
import { deleteAccountConnectorProperty } from './delete-account-connector-property.ts';
import { getAccountConnectorProperty } from './get-account-connector-property.ts';
import { listAccountConnectorProperties } from './list-account-connector-properties.ts';
import { updateAccountConnectorProperty } from './update-account-connector-property.ts';

/** `…/account/connectors/{id}/properties[/{pid}]`: the account connector's properties (`Id` in bodies is ignored). */
export async function propertyRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  listAccountConnectorProperties(v1, deps);
  addAccountConnectorProperty(v1, deps);
  getAccountConnectorProperty(v1, deps);
  updateAccountConnectorProperty(v1, deps);
  deleteAccountConnectorProperty(v1, deps);
}
