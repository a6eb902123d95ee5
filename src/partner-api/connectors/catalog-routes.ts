import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { getConnector } from './get-connector.ts';
import { getConnectorVersion } from './get-connector-version.ts';
import { getMethod } from './get-method.ts';
import { listConnectorMethods } from './list-connector-methods.ts';
import { listConnectorVersionMethods } from './list-connector-version-methods.ts';
import { listConnectors } from './list-connectors.ts';

/** The connector catalog: Cyclr's `GET /v1.0/connectors…` and `GET /v1.0/methods/{id}`. */
export async function catalogRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  listConnectors(v1, deps);
  getConnector(v1, deps);
  getConnectorVersion(v1, deps);
  listConnectorMethods(v1, deps);
  listConnectorVersionMethods(v1, deps);
  getMethod(v1, deps);
}
