import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { simulatedLatency } from '../http/delay.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { authenticateClient, presentedCredentials } from './client-authentication.ts';
import { OAuthError, sendOAuthError } from './oauth-errors.ts';
import { readOAuthParams } from './request-params.ts';
import { exchangeAuthorizationCode, refreshAccessToken, type TokenResponseBody } from './token-grants.ts';

/**
 * `POST /oauth/token`: form or JSON bodies, `client_secret_post` or `client_secret_basic`, the
 * authorization_code and refresh_token grants, and the latency and outage switches.
 */
export function registerTokenRoutes(fastify: FastifyInstance, ctx: SandboxContext): void {
  fastify.post(
    '/oauth/token',
    {
      onRequest: async () => {
        ctx.stats.tokenRequests += 1;
        await simulatedLatency(ctx.switches.latencyMs + ctx.switches.tokenLatencyMs);
      },
    },
    async (request, reply) => handleTokenRequest(ctx, request, reply),
  );
}

async function handleTokenRequest(ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply) {
  const grantType = grantTypeOf(request.body);
  const { stats } = ctx;
  if (grantType === 'authorization_code') {
    stats.authorizationCodeGrants += 1;
  } else if (grantType === 'refresh_token') {
    stats.refreshGrants += 1;
  }
  try {
    const body = issue(ctx, request, grantType);
    return reply.code(200).header('cache-control', 'no-store').header('pragma', 'no-cache').send(body);
  } catch (error) {
    if (grantType === 'authorization_code') {
      stats.authorizationCodeGrantsRejected += 1;
    } else if (grantType === 'refresh_token') {
      stats.refreshGrantsRejected += 1;
    }
    if (error instanceof OAuthError) {
      return sendOAuthError(reply, error);
    }
    throw error;
  }
}

function issue(
  ctx: SandboxContext,
  request: FastifyRequest,
  grantType: string | undefined,
): TokenResponseBody {
  if (ctx.switches.failToken5xx > 0) {
    ctx.switches.failToken5xx -= 1;
    throw new OAuthError('temporarily_unavailable', 'The token endpoint is unavailable (simulated outage)');
  }
  const params = readOAuthParams(request.body);
  const client = authenticateClient(presentedCredentials(request.headers.authorization, params), ctx.clients);
  switch (grantType) {
    case 'authorization_code':
      return exchangeAuthorizationCode(ctx, client, params);
    case 'refresh_token':
      return refreshAccessToken(ctx, client, params);
    case undefined:
      throw new OAuthError('invalid_request', 'grant_type is required');
    default:
      throw new OAuthError(
        'unsupported_grant_type',
        'Only authorization_code and refresh_token are supported',
      );
  }
}

/** The grant type as sent, read leniently so the counters see it even when the body is otherwise bad. */
function grantTypeOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) {
    return undefined;
  }
  const value = (body as Record<string, unknown>).grant_type;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
