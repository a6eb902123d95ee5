import { Type } from 'typebox';
import { PlugboardError } from '../../domain/errors.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import { PagingQuery, readPaging, setPagingHeaders } from '../paging.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { accountConnectorView } from './account-connector-view.ts';
import {
  AccountConnectorIdParams,
  accountConnectorId,
  PropertyInputSchema,
  propertiesFrom,
} from './request-shapes.ts';

const UpdateBody = Type.Object(
  {
    Name: Type.Optional(Type.String()),
    Description: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    AuthValue: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    Properties: Type.Optional(Type.Array(PropertyInputSchema)),
  },
  { additionalProperties: true },
);

/** The account's installed connectors: list, get, partial update, delete, deauthenticate. */
export async function accountConnectorRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  const service = deps.accountConnectors;
  const tags = ['Account connectors'];
  const access = { access: 'account' } as const;

  v1.get(
    '/account/connectors',
    {
      config: access,
      schema: {
        tags,
        operationId: 'listAccountConnectors',
        summary: "The account's connectors",
        querystring: Type.Object(PagingQuery),
      },
    },
    async (request, reply) => {
      const paging = readPaging(request.query);
      const { items, total, properties } = await service.list(accountOf(request), paging);
      setPagingHeaders(reply, paging, total);
      return Promise.all(items.map((item) => accountConnectorView(service, item, properties.get(item.id))));
    },
  );

  v1.get(
    '/account/connectors/:id',
    {
      config: access,
      schema: {
        tags,
        operationId: 'getAccountConnector',
        summary: 'One account connector',
        params: AccountConnectorIdParams,
      },
    },
    async (request) =>
      accountConnectorView(
        service,
        await service.get(accountOf(request), accountConnectorId(request.params.id)),
      ),
  );

  v1.put(
    '/account/connectors/:id',
    {
      config: access,
      schema: {
        tags,
        operationId: 'updateAccountConnector',
        summary: 'Change an account connector (partial)',
        params: AccountConnectorIdParams,
        body: UpdateBody,
      },
    },
    async (request) => {
      const body = request.body;
      const updated = await service.update(accountOf(request), accountConnectorId(request.params.id), {
        name: body.Name,
        description: body.Description,
        authValue: body.AuthValue,
        properties: propertiesFrom(body.Properties),
      });
      return accountConnectorView(service, updated);
    },
  );

  v1.delete(
    '/account/connectors/:id',
    {
      config: access,
      schema: {
        tags,
        operationId: 'deleteAccountConnector',
        summary: 'Delete an account connector (its credentials are revoked)',
        params: AccountConnectorIdParams,
      },
    },
    async (request, reply) => {
      await service.remove(accountOf(request), accountConnectorId(request.params.id));
      return reply.status(200).send();
    },
  );

  v1.put(
    '/account/connectors/:id/deauthenticate',
    {
      config: access,
      schema: {
        tags,
        operationId: 'deauthenticateAccountConnector',
        summary: 'Drop the credentials, revoking them at the provider',
        params: AccountConnectorIdParams,
      },
    },
    async (request) => {
      const connector = await service.deauthenticate(
        accountOf(request),
        accountConnectorId(request.params.id),
      );
      return { Message: `Connector '${connector.name}' successfully de-authenticated.` };
    },
  );
}

/** `GET /v1.0/account/connectors/{id}/events`: the connection's audit trail, newest first. */
export async function accountConnectorEventRoutes(
  v1: HttpServer,
  deps: PartnerApiDependencies,
): Promise<void> {
  v1.get(
    '/account/connectors/:id/events',
    {
      config: { access: 'account' },
      schema: {
        tags: ['Account connectors'],
        operationId: 'listAccountConnectorEvents',
        summary:
          "The connection's audit trail: authentications, refreshes, failures, deauthentication (newest first)",
        params: AccountConnectorIdParams,
        querystring: Type.Object({ limit: Type.Optional(Type.String()) }),
      },
    },
    async (request) => {
      const events = await deps.accountConnectors.events(
        accountOf(request),
        accountConnectorId(request.params.id),
        readLimit(request.query.limit),
      );
      return events.map((event) => ({
        AtUtc: new Date(event.at).toISOString(),
        Action: event.action,
        Actor: event.actor,
        Detail: event.detail,
      }));
    },
  );
}

function readLimit(text: string | undefined): number {
  if (text === undefined) return 50;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new PlugboardError('invalid_parameter', 'limit must be a whole number from 1 to 500.');
  }
  return limit;
}
