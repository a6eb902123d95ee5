import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { oneConnector } from './connector-lookup.ts';
import { schema, setupView } from './setup-shapes.ts';

/** `GET /v1.0/connectors/:ref/setup`: getConnectorSetup. */
export function getConnectorSetup(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/connectors/:ref/setup',
    {
      config: { access: 'partner-wide' },
      schema: { ...schema, operationId: 'getConnectorSetup', summary: "The connector's OAuth app setup" },
    },
    async (request) => {
      const definition = oneConnector(deps.catalog, request.params.ref);
      return setupView(await deps.connectorSetups.view(definition), deps.callbackUrl);
    },
  );
}
