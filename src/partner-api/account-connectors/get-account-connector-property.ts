import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { propertyView } from './account-connector-view.ts';
import { access, PropertyParams, propertyId, tags } from './property-shapes.ts';
import { accountConnectorId } from './request-shapes.ts';

/** `GET /v1.0/account/connectors/:id/properties/:pid`: One property. */
export function getAccountConnectorProperty(v1: HttpServer, deps: PartnerApiDependencies): void {
  const service = deps.accountConnectors;
  v1.get(
    '/account/connectors/:id/properties/:pid',
    {
      config: access,
      schema: {
        tags,
        operationId: 'getAccountConnectorProperty',
        summary: 'One property',
        params: PropertyParams,
      },
    },
    async (request) =>
      propertyView(
        await service.getProperty(
          accountOf(request),
          accountConnectorId(request.params.id),
          propertyId(request.params.pid),
        ),
      ),
  );
}
