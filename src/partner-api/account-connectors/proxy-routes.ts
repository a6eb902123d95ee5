import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf, callActorOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { sendProviderFailure } from './provider-failure.ts';
import { accountConnectorId } from './request-shapes.ts';

/** The still-encoded path after `/proxy/` and the raw query, read from the request line itself. */
function rawTarget(request: FastifyRequest): { path: string; query: string } {
  const url = request.raw.url ?? '';
  const queryStart = url.indexOf('?');
  const pathPart = queryStart < 0 ? url : url.slice(0, queryStart);
  const marker = pathPart.toLowerCase().indexOf('/proxy/');
  return {
    path: marker < 0 ? '' : pathPart.slice(marker + '/proxy/'.length),
    query: queryStart < 0 ? '' : url.slice(queryStart + 1),
  };
}

/**
 * The name a provider's response header is returned under. Every `/v1.0` answer carries Plugboard's
 * own `X-RateLimit-*` (the API client's limit), so the provider's (Capsule's per-user limit) come back
 * as `Provider-X-RateLimit-*`, as data on demand returns them.
 */
function partnerHeaderName(name: string): string {
  // The runtime hands the headers over with lower-case names.
  return name.startsWith('x-ratelimit-') ? `provider-${name}` : name;
}

/**
 * `ANY /v1.0/account/connectors/{id}/proxy/{path…}`: an authenticated pass-through to the setup's
 * `ApiBaseUrl` and nowhere else. Bodies stream both ways; nothing is buffered. The provider's `Link`
 * header points back at this route for the same account connector.
 */
export async function proxyRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  // In this route's context only: every body arrives as the raw stream, to be streamed on.
  v1.removeAllContentTypeParsers();
  v1.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  const publicBase = deps.publicUrl.replace(/\/+$/, '');

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = request.params as { id: string };
    const { path, query } = rawTarget(request);
    const body = request.body as Readable | undefined;
    const result = await deps.connectorCalls.proxy(
      accountOf(request),
      accountConnectorId(id),
      {
        method: request.method,
        path,
        query,
        headers: request.headers,
        body: body && request.method !== 'GET' && request.method !== 'HEAD' ? body : undefined,
        proxyBase: `${publicBase}/v1.0/account/connectors/${accountConnectorId(id)}/proxy/`,
      },
      callActorOf(request),
      request.readScope ?? undefined,
    );
    if (!result.ok) return sendProviderFailure(reply, result);
    reply.status(result.status);
    const { headers } = result;
    for (const name in headers) reply.header(partnerHeaderName(name), headers[name]);
    return reply.send(result.body);
  };

  // One route per method, so each has its own operation in the OpenAPI document (HEAD comes with GET).
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
    v1.route({
      method,
      url: '/account/connectors/:id/proxy/*',
      // Streamed bodies are not stored for replay.
      config: { access: 'account', idempotency: false },
      schema: {
        tags: ['Proxy'],
        operationId: `proxy${method[0]}${method.slice(1).toLowerCase()}`,
        summary: `Pass a ${method} request through to the connector's API base URL`,
        description:
          "Answers with the provider's status, headers and body, streamed. `Link` URLs under the API base are rewritten to this proxy path for the same account connector, so `rel=\"next\"` can be followed as it is; the provider's `X-RateLimit-*` headers come back as `Provider-X-RateLimit-*`, beside Plugboard's own `X-RateLimit-*`.",
        params: Type.Object({ id: Type.String(), '*': Type.String() }),
      },
      handler,
    });
  }
}
