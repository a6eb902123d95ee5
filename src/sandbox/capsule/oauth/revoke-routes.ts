import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../sandbox-context.ts';
import { authenticateClient, presentedCredentials } from './client-authentication.ts';
import { OAuthError, sendOAuthError } from './oauth-errors.ts';
import { readOAuthParams } from './request-params.ts';

/**
 * RFC 7009 revocation at both URLs Capsule publishes: `/oauth/token/revoke` (its docs) and
 * `/oauth/revoke` (its discovery document). Clients that send credentials must send valid ones;
 * clients that send only `token` are accepted, as observed with Capsule.
 */
export function registerRevokeRoutes(fastify: FastifyInstance, ctx: SandboxContext): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => revoke(ctx, request, reply);
  fastify.post('/oauth/token/revoke', handler);
  fastify.post('/oauth/revoke', handler);
}

async function revoke(ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply) {
  ctx.stats.revocationRequests += 1;
  try {
    const params = readOAuthParams(request.body);
    const credentials = presentedCredentials(request.headers.authorization, params);
    const clientId =
      credentials === undefined || credentials.method === 'none'
        ? credentials?.clientId
        : authenticateClient(credentials, ctx.clients).clientId;
    if (params.token === undefined) {
      throw new OAuthError('invalid_request', 'token is required');
    }
    if (ctx.tokens.revokeToken(params.token, clientId) === 'grant') {
      ctx.stats.grantsRevoked += 1;
    }
    return reply.code(200).header('cache-control', 'no-store').send();
  } catch (error) {
    if (error instanceof OAuthError) {
      return sendOAuthError(reply, error);
    }
    throw error;
  }
}
