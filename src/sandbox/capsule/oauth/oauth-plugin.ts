import type { FastifyPluginAsync } from 'fastify';
import { clientErrorOf } from '../http/client-errors.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { registerAuthoriseRoutes } from './authorise-routes.ts';
import { renderErrorPage, sendHtmlPage } from './consent-page.ts';
import { registerDiscoveryRoute } from './discovery-route.ts';
import { OAuthError, sendOAuthError } from './oauth-errors.ts';
import { registerRevokeRoutes } from './revoke-routes.ts';
import { registerTokenRoutes } from './token-routes.ts';

/**
 * The authorisation server: consent, token, revocation and discovery. Errors raised before a handler
 * runs (a malformed body) are answered in the endpoint's own style: a page for the browser
 * endpoint, RFC 6749 JSON for the others.
 */
export function oauthPlugin(ctx: SandboxContext): FastifyPluginAsync {
  return async (fastify) => {
    registerAuthoriseRoutes(fastify, ctx);
    registerTokenRoutes(fastify, ctx);
    registerRevokeRoutes(fastify, ctx);
    registerDiscoveryRoute(fastify, ctx);
    fastify.setErrorHandler(async (error, request, reply) => {
      const clientError = clientErrorOf(error);
      if (clientError === undefined) {
        request.log.error({ err: error }, 'Capsule sandbox OAuth route failed');
      }
      if (request.url.split('?')[0]?.endsWith('/oauth/authorise') === true) {
        return sendHtmlPage(
          reply,
          clientError?.status ?? 500,
          renderErrorPage('The request could not be read.'),
        );
      }
      const oauthError =
        clientError === undefined
          ? new OAuthError('server_error', 'The server failed to process the request')
          : new OAuthError('invalid_request', clientError.message);
      return sendOAuthError(reply, oauthError);
    });
  };
}
