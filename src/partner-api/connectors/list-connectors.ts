import type { HttpServer } from '../../http/build-server.ts';
import { pageOf, readPaging } from '../paging.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { CatalogQuery, matches, tags } from './catalog-shapes.ts';
import { connectorView } from './connector-views.ts';

/** `GET /v1.0/connectors`: List the connector catalog. */
export function listConnectors(v1: HttpServer, deps: PartnerApiDependencies): void {
  const { catalog } = deps;
  v1.get(
    '/connectors',
    {
      schema: {
        tags,
        operationId: 'listConnectors',
        summary: 'List the connector catalog',
        querystring: CatalogQuery,
      },
    },
    async (request, reply) => {
      const paging = readPaging(request.query);
      const { query, category } = request.query;
      const descending = request.query.sortOrderAsc === 'false';
      const found = catalog.definitions
        .filter((d) => matches(query, d.name, d.description, `${d.name} ${d.version}`))
        .filter((d) => !category || d.categories.some((c) => c.toLowerCase() === category.toLowerCase()))
        .sort(
          (a, b) => (descending ? -1 : 1) * `${a.name} ${a.version}`.localeCompare(`${b.name} ${b.version}`),
        );
      return pageOf(reply, found.map(connectorView), paging);
    },
  );
}
