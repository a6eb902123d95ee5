import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { propertyView } from './account-connector-view.ts';
import { access, tags } from './property-shapes.ts';
import { AccountConnectorIdParams, accountConnectorId, PropertyInputSchema } from './request-shapes.ts';

/** `POST /v1.0/account/connectors/:id/properties`: Add a property. */
export function addAccountConnectorProperty(v1: HttpServer, deps: PartnerApiDependencies): void {
  const service = deps.accountConnectors;
  v1.post(
    '/account/connectors/:id/properties',
    {
      config: access,
      schema: {
        tags,
        operationId: 'addAccountConnectorProperty',
        summary: 'Add a property',
        params: AccountConnectorIdParams,
        body: PropertyInputSchema,
      },
    },
    async (request) => {
      const property = await service.addProperty(accountOf(request), accountConnectorId(request.params.id), {
        name: request.body.Name,
        value: request.body.Value ?? null,
      });
      return propertyView(property);
    },
  );
}
