import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { propertyView } from './account-connector-view.ts';
import { access, tags } from './property-shapes.ts';
import { AccountConnectorIdParams, accountConnectorId } from './request-shapes.ts';

/** `GET /v1.0/account/connectors/:id/properties`: List properties. */
export function listAccountConnectorProperties(v1: HttpServer, deps: PartnerApiDependencies): void {
  const service = deps.accountConnectors;
  v1.get(
    '/account/connectors/:id/properties',
    {
      config: access,
      schema: {
        tags,
        operationId: 'listAccountConnectorProperties',
        summary: 'List properties',
        params: AccountConnectorIdParams,
        querystring: Type.Object({
          orderBy: Type.Optional(Type.String()),
          sortOrderAsc: Type.Optional(Type.String()),
        }),
      },
    },
    async (request) => {
      const id = accountConnectorId(request.params.id);
      await service.get(accountOf(request), id);
      const by = request.query.orderBy?.toLowerCase() === 'name' ? 'Name' : 'Id';
      const properties = await service.properties(id, {
        by,
        ascending: request.query.sortOrderAsc !== 'false',
      });
      return properties.map(propertyView);
    },
  );
}
