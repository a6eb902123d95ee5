import { Type } from 'typebox';
import type { ApiClient } from '../../domain/api-clients/api-client-store.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { PagingQuery, pageOf, readPaging } from '../paging.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { Nullable, Timestamp } from '../schemas.ts';

const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());

const ApiClientSchema = Type.Object({
  ClientId: Type.String({ description: 'The client_id for POST /oauth/token' }),
  Name: Type.String(),
  CreatedAtUtc: Timestamp('When the client was created'),
  Revoked: Type.Boolean(),
  RevokedAtUtc: Nullable(Type.String({ format: 'date-time' }), { description: 'When it was revoked' }),
});

const NewApiClientSchema = Type.Object({
  ...ApiClientSchema.properties,
  ClientSecret: Type.String({ description: 'The client_secret: returned here only, never again' }),
});

/** An API client as listed: never its secret (only a hash of it is stored). */
export function apiClientView(client: ApiClient) {
  return {
    ClientId: client.id,
    Name: client.name,
    CreatedAtUtc: iso(client.createdAt) as string,
    Revoked: client.revokedAt !== null,
    RevokedAtUtc: iso(client.revokedAt),
  };
}

const CreateBody = Type.Object(
  { Name: Type.String({ maxLength: 200, description: 'Who uses it, e.g. "Production backend"' }) },
  { additionalProperties: true },
);
const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

/**
 * The partner's API clients (a Plugboard addition; Cyclr keeps them in its console under Settings >
 * OAuth Client Credentials): list, create — the secret is in that one response only — and revoke, which
 * also revokes every token the client holds. Partner-wide: account-restricted tokens cannot call these.
 */
export async function apiClientRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  const tags = ['API clients'];
  const config = { access: 'partner-wide' } as const;

  v1.get(
    '/apiclients',
    {
      config,
      schema: {
        operationId: 'listApiClients',
        tags,
        summary: 'List API clients, revoked ones included',
        querystring: Type.Object(PagingQuery),
        response: { 200: Type.Array(ApiClientSchema) },
      },
    },
    async (request, reply) => {
      const paging = readPaging(request.query);
      return pageOf(reply, (await deps.clients.list()).map(apiClientView), paging);
    },
  );

  v1.get(
    '/apiclients/:id',
    {
      config,
      schema: {
        operationId: 'getApiClient',
        tags,
        summary: 'One API client',
        params: IdParams,
        response: { 200: ApiClientSchema },
      },
    },
    async (request) => apiClientView(await deps.clients.get(request.params.id)),
  );

  v1.post(
    '/apiclients',
    {
      // No Idempotency-Key: a replay would need a stored copy of the secret, and only its hash is kept.
      config: { ...config, idempotency: false },
      schema: {
        operationId: 'createApiClient',
        tags,
        summary: 'Create an API client',
        description:
          'The response is the only place the client secret ever appears; only a hash is stored. Not idempotent for the same reason: a retry makes a second client (revoke the one you did not get).',
        body: CreateBody,
        response: { 200: NewApiClientSchema },
      },
    },
    async (request, reply) => {
      const created = await deps.clients.create(request.body.Name);
      reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
      return { ...apiClientView(created.client), ClientSecret: created.ClientSecret };
    },
  );

  v1.delete(
    '/apiclients/:id',
    {
      config,
      schema: {
        operationId: 'revokeApiClient',
        tags,
        summary: 'Revoke an API client and its access tokens',
        params: IdParams,
        response: { 200: Type.Object({ Message: Type.String() }) },
      },
    },
    async (request) => {
      const client = await deps.clients.revoke(request.params.id);
      return { Message: `API client '${client.name}' revoked; its access tokens no longer work.` };
    },
  );
}
