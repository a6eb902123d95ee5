import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { propertyView } from './account-connector-view.ts';
import { access, PropertyParams, propertyId, tags, ValueBody } from './property-shapes.ts';
import { accountConnectorId } from './request-shapes.ts';

/** `PUT /v1.0/account/connectors/:id/properties/:pid`: updateAccountConnectorProperty. */
export function updateAccountConnectorProperty(v1: HttpServer, deps: PartnerApiDependencies): void {
  const service = deps.accountConnectors;
  v1.put(
    '/account/connectors/:id/properties/:pid',
    {
      config: access,
      schema: {
        tags,
        operationId: 'updateAccountConnectorProperty',
        summary: "Change a property's value",
        params: PropertyParams,
        body: ValueBody,
      },
    },
    async (request) =>
      propertyView(
        await service.updateProperty(
          accountOf(request),
          accountConnectorId(request.params.id),
          propertyId(request.params.pid),
          request.body.Value ?? null,
        ),
      ),
  );
}
