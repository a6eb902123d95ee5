import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ApiClientService } from '../../domain/api-clients/api-client-service.ts';
import {
  API_TOKEN_LIFETIME_SECONDS,
  type ApiTokenService,
} from '../../domain/api-tokens/api-token-service.ts';
import type { RateLimitService } from '../../domain/rate-limits/rate-limit-service.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { installOAuthErrorHandling, oauthError } from './oauth-errors.ts';

interface ClientCredentials {
  clientId: string | undefined;
  clientSecret: string | undefined;
}

function field(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function formDecoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}

/** client_secret_basic (HTTP Basic) or client_secret_post (form or JSON body). */
function clientCredentials(request: FastifyRequest, params: unknown): ClientCredentials {
  const header = request.headers.authorization;
  const basic = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      // RFC 6749 §2.3.1 form-encodes both parts; text that is not valid encoding matches no client.
      return {
        clientId: formDecoded(decoded.slice(0, colon)),
        clientSecret: formDecoded(decoded.slice(colon + 1)),
      };
    }
  }
  return { clientId: field(params, 'client_id'), clientSecret: field(params, 'client_secret') };
}

const FORM_OR_JSON = ['application/x-www-form-urlencoded', 'application/json'];

/** A token request is a few hundred bytes; anything far larger is not one. */
const GET_BODY_LIMIT = 16 * 1024;

/**
 * The parameters in a GET request's body: a form or a JSON object (`{}` when there is none); `null`
 * for a body that is neither, or too large.
 */
async function readGetBody(request: FastifyRequest): Promise<Record<string, string> | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw) {
    size += (chunk as Buffer).length;
    if (size > GET_BODY_LIMIT) return null;
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  const params: Record<string, string> = Object.create(null);
  if ((request.headers['content-type'] ?? '').includes('json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return null;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    for (const [name, value] of Object.entries(parsed)) if (typeof value === 'string') params[name] = value;
    return params;
  }
  for (const [name, value] of new URLSearchParams(text)) params[name] = value;
  return params;
}

const TokenRequest = Type.Object(
  {
    grant_type: Type.Optional(Type.String({ description: 'Always client_credentials.' })),
    client_id: Type.Optional(Type.String({ description: 'Or send the id and secret with HTTP Basic.' })),
    client_secret: Type.Optional(Type.String()),
    scope: Type.Optional(
      Type.String({ description: 'account:{AccountId} for a token restricted to that account.' }),
    ),
  },
  { additionalProperties: true },
);

const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.String({ description: 'bearer' }),
  expires_in: Type.Integer({ description: 'Seconds: 1209599 (14 days).' }),
  clientId: Type.String(),
  '.issued': Type.String(),
  '.expires': Type.String(),
});

const OAuthError = Type.Object(
  { error: Type.String(), error_description: Type.String() },
  { description: 'An OAuth 2 error (RFC 6749 §5.2).' },
);

const RevokeRequest = Type.Object(
  {
    token: Type.Optional(Type.String()),
    client_id: Type.Optional(Type.String()),
    client_secret: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

export interface TokenRouteDependencies {
  readonly tokens: ApiTokenService;
  readonly clients: ApiClientService;
  /** `PLUGBOARD_TOKEN_RATE_LIMIT`: token requests per minute per client address. */
  readonly rateLimits: RateLimitService;
}

/**
 * `POST /oauth/token` (client credentials, Cyclr's partner token) and `POST /oauth/revoke` (RFC 7009).
 * Errors follow RFC 6749 §5.2 here, since OAuth client libraries read them.
 */
export async function tokenRoutes(server: HttpServer, deps: TokenRouteDependencies): Promise<void> {
  installOAuthErrorHandling(server);
  /** Grants a token for the parameters of a POST body, or of a GET's query and body. */
  async function issueToken(request: FastifyRequest, reply: FastifyReply, params: unknown) {
    // Counted per client address before anything else: guessing secrets costs a minute per few tries.
    const budget = await deps.rateLimits.consume(`oauth-token:${request.ip}`);
    if (budget && !budget.allowed) {
      reply.header('Retry-After', String(budget.retryAfterSeconds));
      return oauthError(
        reply,
        429,
        'temporarily_unavailable',
        `Too many token requests from this address; try again in ${budget.retryAfterSeconds} s.`,
      );
    }
    const { clientId, clientSecret } = clientCredentials(request, params);
    const result = await deps.tokens.grant({
      grantType: field(params, 'grant_type'),
      clientId,
      clientSecret,
      scope: field(params, 'scope'),
    });
    if (!result.ok) {
      return oauthError(
        reply,
        result.error === 'invalid_client' ? 401 : 400,
        result.error,
        result.description,
      );
    }
    reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
    return {
      access_token: result.accessToken,
      token_type: 'bearer',
      expires_in: API_TOKEN_LIFETIME_SECONDS,
      clientId: result.token.clientId,
      '.issued': new Date(result.token.createdAt).toUTCString(),
      '.expires': new Date(result.token.expiresAt).toUTCString(),
    };
  }

  // attachValidation: the schemas document the routes; a bad body still gets an OAuth error, not {"Message"}.
  server.post(
    '/oauth/token',
    {
      attachValidation: true,
      schema: {
        operationId: 'getAccessToken',
        tags: ['Authentication'],
        summary: 'Get an access token (client credentials)',
        description:
          'Form or JSON body. The token lasts 14 days; send it as Authorization: Bearer on every /v1.0 call. Errors are OAuth 2 errors.',
        security: [],
        consumes: FORM_OR_JSON,
        body: TokenRequest,
        response: { 200: TokenResponse, 400: OAuthError, 401: OAuthError, 429: OAuthError },
      },
    },
    async (request, reply) => issueToken(request, reply, request.body),
  );

  // Cyclr also answers GET, with the parameters in a form (or JSON) body or in the query; some
  // clients rely on it. Fastify does not read GET bodies, so the route reads its own.
  server.get(
    '/oauth/token',
    {
      schema: {
        operationId: 'getAccessTokenWithGet',
        tags: ['Authentication'],
        summary: 'Get an access token with GET (as Cyclr allows)',
        description:
          'The same as POST, with the parameters in a form or JSON body, or in the query (avoid: URLs are logged by proxies). Errors are OAuth 2 errors.',
        security: [],
        response: { 200: TokenResponse, 400: OAuthError, 401: OAuthError, 429: OAuthError },
      },
    },
    async (request, reply) => {
      const body = await readGetBody(request);
      if (body === null)
        return oauthError(reply, 400, 'invalid_request', 'The body must be a form or a JSON object.');
      return issueToken(request, reply, { ...(request.query as object), ...body });
    },
  );

  server.post(
    '/oauth/revoke',
    {
      attachValidation: true,
      schema: {
        operationId: 'revokeAccessToken',
        tags: ['Authentication'],
        summary: 'Revoke an access token (RFC 7009)',
        description:
          'Authenticated with the client id and secret (form, JSON or HTTP Basic). Revoking an unknown token is not an error.',
        security: [],
        consumes: FORM_OR_JSON,
        body: RevokeRequest,
        response: {
          200: Type.Unsafe<undefined>({ description: 'Revoked, or the token was unknown: an empty body.' }),
          400: OAuthError,
          401: OAuthError,
        },
      },
    },
    async (request, reply) => {
      const { clientId, clientSecret } = clientCredentials(request, request.body);
      const client = clientId && clientSecret ? await deps.clients.verify(clientId, clientSecret) : undefined;
      if (!client) return oauthError(reply, 401, 'invalid_client', 'Unknown client or wrong secret');
      const token = field(request.body, 'token');
      if (!token) return oauthError(reply, 400, 'invalid_request', 'token is required');
      const live = await deps.tokens.verify(token);
      if (live && live.clientId === client.id) await deps.tokens.revoke(token);
      reply.header('Cache-Control', 'no-store');
      return reply.status(200).send(undefined);
    },
  );
}
