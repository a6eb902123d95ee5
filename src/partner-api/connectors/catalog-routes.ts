import { Type } from 'typebox';
import type { ConnectorDefinition, MethodDefinition } from '../../connectors/connector-definition.ts';
import { PlugboardError } from '../../domain/errors.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { PagingQuery, pageOf, readPaging } from '../paging.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { connectorsFor } from './connector-lookup.ts';
import { connectorView, methodView } from './connector-views.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CatalogQuery = Type.Object({
  ...PagingQuery,
  query: Type.Optional(
    Type.String({ description: 'Case-insensitive text to find in the name or description' }),
  ),
  category: Type.Optional(Type.String()),
  orderBy: Type.Optional(Type.String()),
  sortOrderAsc: Type.Optional(Type.String()),
});

const MethodQuery = Type.Object({
  query: Type.Optional(Type.String()),
  category: Type.Optional(Type.String()),
});

function matches(text: string | undefined, ...fields: string[]): boolean {
  if (!text) return true;
  const wanted = text.toLowerCase();
  return fields.some((field) => field.toLowerCase().includes(wanted));
}

function methodsOf(
  definition: ConnectorDefinition,
  query: { query?: string | undefined; category?: string | undefined },
) {
  return definition.methods
    .filter((m) => matches(query.query, m.name, m.description))
    .filter((m) => !query.category || m.category.toLowerCase() === query.category.toLowerCase())
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(methodView);
}

/** The connector catalog: Cyclr's `GET /v1.0/connectors…` and `GET /v1.0/methods/{id}`. */
export async function catalogRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  const { catalog } = deps;
  const tags = ['Connectors'];

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

  v1.get(
    '/methods/:id',
    {
      schema: {
        tags,
        operationId: 'getMethod',
        summary: 'One method by numeric id or MethodUniqueIdentifier',
        params: Type.Object({ id: Type.String() }),
      },
    },
    async (request) => {
      const reference = request.params.id;
      let method: MethodDefinition | undefined;
      if (/^\d+$/.test(reference)) method = catalog.methodById(Number(reference))?.method;
      else if (GUID.test(reference)) {
        for (const definition of catalog.definitions) method ??= catalog.method(definition, reference);
      } else
        throw new PlugboardError('invalid_parameter', `'${reference}' is neither a method id nor a GUID.`);
      if (!method) throw new PlugboardError('not_found', `Method ${reference} was not found.`);
      return {
        Name: method.name,
        Description: method.description,
        Category: method.category,
        MethodType: 'Action',
        EndPoint: method.endpoint,
      };
    },
  );
}
