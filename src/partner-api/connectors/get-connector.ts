import { Type } from 'typebox';
import type { ConnectorDefinition } from '../../connectors/connector-definition.ts';
import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { tags } from './catalog-shapes.ts';
import { connectorsFor } from './connector-lookup.ts';
import { connectorView } from './connector-views.ts';

/** `GET /v1.0/connectors/:ref`: A connector by id (an object), or by name (an array). */
export function getConnector(v1: HttpServer, deps: PartnerApiDependencies): void {
  const { catalog } = deps;
  v1.get(
    '/connectors/:ref',
    {
      schema: {
        tags,
        operationId: 'getConnector',
        summary: 'A connector by id (an object), or by name (an array)',
        params: Type.Object({ ref: Type.String() }),
      },
    },
    async (request) => {
      const found = connectorsFor(catalog, request.params.ref);
      return /^\d+$/.test(request.params.ref)
        ? connectorView(found[0] as ConnectorDefinition)
        : found.map(connectorView);
    },
  );
}
