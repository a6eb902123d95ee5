import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../sandbox-context.ts';
import { SUPPORTED_SCOPES } from './scopes.ts';

/**
 * `GET /.well-known/oauth-authorization-server`: Capsule's discovery document with the sandbox's
 * URLs. The RFC 9207 flag appears only while `sendIssuer` is on, so clients see what they will get.
 */
export function registerDiscoveryRoute(fastify: FastifyInstance, ctx: SandboxContext): void {
  fastify.get('/.well-known/oauth-authorization-server', async (_request, reply) => {
    const { baseUrl } = ctx;
    return reply.header('cache-control', 'public, max-age=60').send({
      issuer: baseUrl,
      authorization_endpoint: `${baseUrl}/oauth/authorise`,
      token_endpoint: `${baseUrl}/oauth/token`,
      revocation_endpoint: `${baseUrl}/oauth/revoke`,
      scopes_supported: [...SUPPORTED_SCOPES],
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['plain', 'S256'],
      service_documentation: 'https://developer.capsulecrm.com/',
      ui_locales_supported: ['en'],
      ...(ctx.switches.sendIssuer ? { authorization_response_iss_parameter_supported: true } : {}),
    });
  });
}
