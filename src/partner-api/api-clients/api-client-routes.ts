import { Type } from 'typebox';
import type { ApiClient } from '../../domain/api-clients/api-client-store.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { PagingQuery, pageOf, readPaging } from '../paging.ts';
import type { PartnerApiDependencies } from '../partner-api-plugin.ts';

const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());

/** An API client as listed: never its secret (only a hash of it is stored). */
export function apiClientView(client: ApiClient) {
  return {
    ClientId: client.id,
    Name: client.name,
    CreatedAtUtc: iso(client.createdAt),
    Revoked: client.revokedAt !== null,
    RevokedAtUtc: iso(client.revokedAt),
  };
}

const CreateBody = Type.Object({ Name: Type.String({ maxLength: 200 }) }, { additionalProperties: true });
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
        tags,
        summary: 'List API clients, revoked ones included',
        querystring: Type.Object(PagingQuery),
      },
    },
    async (request, reply) => {
      const paging = readPaging(request.query);
      return pageOf(reply, (await deps.clients.list()).map(apiClientView), paging);
    },
  );

  v1.get(
    '/apiclients/:id',
    { config, schema: { tags, summary: 'One API client', params: IdParams } },
    async (request) => apiClientView(await deps.clients.get(request.params.id)),
  );

  v1.post(
    '/apiclients',
    {
      config,
      schema: { tags, summary: 'Create an API client; the secret is returned once', body: CreateBody },
    },
    async (request, reply) => {
      const created = await deps.clients.create(request.body.Name);
      reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
      return { ...apiClientView(created.client), ClientSecret: created.ClientSecret };
    },
  );

  v1.delete(
    '/apiclients/:id',
    { config, schema: { tags, summary: 'Revoke an API client and its tokens', params: IdParams } },
    async (request) => {
      const client = await deps.clients.revoke(request.params.id);
      return { Message: `API client '${client.name}' revoked; its access tokens no longer work.` };
    },
  );
}
