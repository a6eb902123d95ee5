import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { access, PropertyParams, propertyId, tags } from './property-shapes.ts';
import { accountConnectorId } from './request-shapes.ts';

/** `DELETE /v1.0/account/connectors/:id/properties/:pid`: Delete a property. */
export function deleteAccountConnectorProperty(v1: HttpServer, deps: PartnerApiDependencies): void {
  const service = deps.accountConnectors;
  v1.delete(
    '/account/connectors/:id/properties/:pid',
    {
      config: access,
      schema: {
        tags,
        operationId: 'deleteAccountConnectorProperty',
        summary: 'Delete a property',
        params: PropertyParams,
      },
    },
    async (request, reply) => {
      await service.deleteProperty(
        accountOf(request),
        accountConnectorId(request.params.id),
        propertyId(request.params.pid),
      );
      return reply.status(200).send();
    },
  );
}
