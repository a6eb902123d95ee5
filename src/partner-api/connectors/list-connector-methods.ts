import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { MethodQuery, methodsOf, tags } from './catalog-shapes.ts';
import { connectorsFor } from './connector-lookup.ts';

/** `GET /v1.0/connectors/:ref/methods`: listConnectorMethods. */
export function listConnectorMethods(v1: HttpServer, deps: PartnerApiDependencies): void {
  const { catalog } = deps;
  v1.get(
    '/connectors/:ref/methods',
    {
      schema: {
        tags,
        operationId: 'listConnectorMethods',
        summary: "A connector's methods",
        params: Type.Object({ ref: Type.String() }),
        querystring: MethodQuery,
      },
    },
    async (request) => connectorsFor(catalog, request.params.ref).flatMap((d) => methodsOf(d, request.query)),
  );
}
