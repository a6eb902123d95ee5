import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../sandbox-context.ts';
import { checkAuthorizationRequest, redirectWithParams } from './authorization-checks.ts';
import type { AuthorizationRequest } from './authorization-requests.ts';
import { renderConsentPage, renderErrorPage, sendHtmlPage } from './consent-page.ts';

/**
 * `GET /oauth/authorise` shows the consent page for a valid request; `POST /oauth/authorise` takes the
 * user's decision and redirects back to the client with a code or `access_denied`.
 */
export function registerAuthoriseRoutes(fastify: FastifyInstance, ctx: SandboxContext): void {
  fastify.get('/oauth/authorise', async (request, reply) => showConsent(ctx, request, reply));
  fastify.post('/oauth/authorise', async (request, reply) => decide(ctx, request, reply));
}

async function showConsent(ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply) {
  const check = checkAuthorizationRequest(
    request.query as Record<string, unknown>,
    ctx.clients,
    ctx.switches,
  );
  if (check.outcome === 'error-page') {
    return sendHtmlPage(reply, 400, renderErrorPage(check.message));
  }
  if (check.outcome === 'redirect-error') {
    return redirectToClient(reply, ctx, check.redirectUri, {
      error: check.error,
      error_description: check.description,
      state: check.state,
    });
  }
  const user = ctx.state.users.get(ctx.state.currentUserId);
  const client = ctx.clients.get(check.request.clientId);
  const consentId = ctx.authorizations.holdForConsent(check.request);
  return sendHtmlPage(
    reply,
    200,
    renderConsentPage({
      appName: client?.name ?? check.request.clientId,
      scopes: check.request.scopes,
      userName: user?.name ?? 'Unknown user',
      userEmail: user?.email ?? '',
      subdomain: ctx.state.site.subdomain,
      consentId,
      redirectOrigin: new URL(check.request.redirectUri).origin,
    }),
  );
}

async function decide(ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply) {
  const form = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
    string,
    unknown
  >;
  const consentId = form.consent_id;
  const decision = form.decision;
  if (typeof consentId !== 'string' || (decision !== 'allow' && decision !== 'deny')) {
    return sendHtmlPage(reply, 400, renderErrorPage('The consent form was incomplete.'));
  }
  const pending = ctx.authorizations.takeConsent(consentId);
  if (pending === undefined) {
    return sendHtmlPage(
      reply,
      400,
      renderErrorPage('This authorisation request has expired or was already answered.'),
    );
  }
  if (decision === 'deny') {
    ctx.stats.consentsDenied += 1;
    return redirectToClient(reply, ctx, pending.redirectUri, {
      error: 'access_denied',
      error_description: 'The user denied access',
      state: pending.state,
    });
  }
  ctx.stats.consentsAllowed += 1;
  return redirectToClient(reply, ctx, pending.redirectUri, {
    code: issueCode(ctx, pending),
    state: pending.state,
  });
}

function issueCode(ctx: SandboxContext, request: AuthorizationRequest): string {
  return ctx.authorizations.issueCode(request, ctx.state.currentUserId);
}

function redirectToClient(
  reply: FastifyReply,
  ctx: SandboxContext,
  redirectUri: string,
  params: Record<string, string | undefined>,
): FastifyReply {
  const withIssuer = ctx.switches.sendIssuer ? { ...params, iss: ctx.baseUrl } : params;
  return reply
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .redirect(redirectWithParams(redirectUri, withIssuer), 302);
}
