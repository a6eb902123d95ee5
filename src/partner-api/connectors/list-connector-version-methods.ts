import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { MethodQuery, methodsOf, tags } from './catalog-shapes.ts';
import { connectorsFor } from './connector-lookup.ts';

/** `GET /v1.0/connectors/:name/:version/methods`: listConnectorVersionMethods. */
export function listConnectorVersionMethods(v1: HttpServer, deps: PartnerApiDependencies): void {
  const { catalog } = deps;
  v1.get(
    '/connectors/:name/:version/methods',
    {
      schema: {
        tags,
        operationId: 'listConnectorVersionMethods',
        summary: "A connector version's methods",
        params: Type.Object({ name: Type.String(), version: Type.String() }),
        querystring: MethodQuery,
      },
    },
    async (request) =>
      connectorsFor(catalog, request.params.name, request.params.version).flatMap((d) =>
        methodsOf(d, request.query),
      ),
  );
}
