import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { PlugboardError } from '../../domain/errors.ts';
import type { HttpServer } from '../../http/build-server.ts';
import type { MethodCallSuccess } from '../../runtime/provider-call.ts';
import { accountOf, callActorOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { sendProviderFailure } from './provider-failure.ts';
import { accountConnectorId } from './request-shapes.ts';

const MAX_PAGES_LIMIT = 50;

const Params = Type.Object({ id: Type.String(), method: Type.String() });
const CallBody = Type.Object(
  {
    Parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    Fields: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    MaxPages: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGES_LIMIT })),
  },
  { additionalProperties: false },
);

function maxPagesFrom(value: unknown): number {
  if (value === undefined) return 1;
  const pages = Number(value);
  if (!Number.isInteger(pages) || pages < 1 || pages > MAX_PAGES_LIMIT) {
    throw new PlugboardError(
      'invalid_parameter',
      `maxPages must be a whole number from 1 to ${MAX_PAGES_LIMIT}.`,
    );
  }
  return pages;
}

function sendSuccess(reply: FastifyReply, result: MethodCallSuccess): FastifyReply {
  for (const [name, value] of Object.entries(result.headers)) {
    if (name !== 'link') reply.header(`Provider-${name}`, value);
  }
  if (result.paging) {
    reply.header('Plugboard-Pages-Fetched', String(result.paging.pagesFetched));
    reply.header('Plugboard-Has-More', String(result.paging.hasMore));
    // The page to ask for next, passed back as the method's page parameter (Capsule: `page`); the
    // provider's own next-page URL is of no use to a partner, who cannot call it without Plugboard.
    if (result.paging.nextPage !== undefined) reply.header('Plugboard-Next-Page', result.paging.nextPage);
  }
  return reply.status(result.status === 204 ? 200 : result.status).send(result.body ?? null);
}

/**
 * Data on demand: `GET|POST /v1.0/account/connectors/{id}/methods/{MethodUniqueIdentifier}`.
 * POST takes `{"Parameters":{…},"Fields":{…},"MaxPages":n}`; GET takes the parameters in the query
 * (`maxPages` reserved). The answer is the provider's JSON; list methods can follow `Link rel=next`,
 * and `Plugboard-Next-Page` says which page to pass back (as `page`) for the rest.
 */
export async function methodCallRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  const tags = ['Data on demand'];
  const description =
    "Answers with the provider's JSON and status; the provider's headers (its rate limit, `Location`) come back as `Provider-*`. A list method fetches up to `MaxPages` pages (`maxPages` on GET) by following the provider's `Link rel=next`; `Plugboard-Pages-Fetched`, `Plugboard-Has-More` and `Plugboard-Next-Page` report the paging. `Plugboard-Next-Page` is the value to pass back as the method's page parameter (Capsule: `page`), with the same other parameters, for the pages after these.";

  async function call(
    request: FastifyRequest,
    reply: FastifyReply,
    input: { Parameters?: Record<string, unknown>; Fields?: Record<string, unknown> },
    maxPages: number,
    safeOnly = false,
  ) {
    const { id, method } = request.params as { id: string; method: string };
    const result = await deps.connectorCalls.callMethod(
      accountOf(request),
      accountConnectorId(id),
      method,
      input,
      {
        maxPages,
        safeOnly,
        actor: callActorOf(request),
        ...(request.readScope ? { readScope: request.readScope } : {}),
      },
    );
    return result.ok ? sendSuccess(reply, result) : sendProviderFailure(reply, result);
  }

  v1.post(
    '/account/connectors/:id/methods/:method',
    {
      config: { access: 'account' },
      schema: {
        tags,
        operationId: 'callMethod',
        summary: 'Call a connector method',
        description,
        params: Params,
        body: Type.Optional(CallBody),
      },
    },
    async (request, reply) => {
      const body = request.body ?? {};
      return call(
        request,
        reply,
        {
          ...(body.Parameters ? { Parameters: body.Parameters } : {}),
          ...(body.Fields ? { Fields: body.Fields } : {}),
        },
        body.MaxPages ?? 1,
      );
    },
  );

  v1.get(
    '/account/connectors/:id/methods/:method',
    {
      config: { access: 'account' },
      schema: {
        tags,
        operationId: 'callMethodWithQuery',
        summary: 'Call a connector method (parameters in the query)',
        description,
        params: Params,
        querystring: Type.Record(Type.String(), Type.String()),
      },
    },
    async (request, reply) => {
      const { maxPages, ...parameters } = request.query as Record<string, string>;
      return call(request, reply, { Parameters: parameters }, maxPagesFrom(maxPages), true);
    },
  );
}
