import { Type } from 'typebox';
import { PlugboardError } from '../../domain/errors.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { propertyView } from './account-connector-view.ts';
import { AccountConnectorIdParams, accountConnectorId, PropertyInputSchema } from './request-shapes.ts';

const PropertyParams = Type.Object({ id: Type.String(), pid: Type.String() });
const ValueBody = Type.Object(
  { Value: Type.Optional(Type.Union([Type.String(), Type.Null()])) },
  { additionalProperties: true },
);

function propertyId(text: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new PlugboardError('not_found', `Property ${text} was not found.`);
  return Number(text);
}

/** `…/account/connectors/{id}/properties[/{pid}]`: the account connector's properties (`Id` in bodies is ignored). */
export async function propertyRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  const service = deps.accountConnectors;
  const tags = ['Account connector properties'];
  const access = { access: 'account' } as const;

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

  v1.get(
    '/account/connectors/:id/properties/:pid',
    {
      config: access,
      schema: {
        tags,
        operationId: 'getAccountConnectorProperty',
        summary: 'One property',
        params: PropertyParams,
      },
    },
    async (request) =>
      propertyView(
        await service.getProperty(
          accountOf(request),
          accountConnectorId(request.params.id),
          propertyId(request.params.pid),
        ),
      ),
  );

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
