import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { tags } from './catalog-shapes.ts';
import { connectorsFor } from './connector-lookup.ts';
import { connectorView } from './connector-views.ts';

/** `GET /v1.0/connectors/:name/:version`: Connectors by name and version (an array). */
export function getConnectorVersion(v1: HttpServer, deps: PartnerApiDependencies): void {
  const { catalog } = deps;
  v1.get(
    '/connectors/:name/:version',
    {
      schema: {
        tags,
        operationId: 'getConnectorVersion',
        summary: 'Connectors by name and version (an array)',
        params: Type.Object({ name: Type.String(), version: Type.String() }),
      },
    },
    async (request) => connectorsFor(catalog, request.params.name, request.params.version).map(connectorView),
  );
}
