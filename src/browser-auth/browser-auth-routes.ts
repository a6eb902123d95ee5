import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConnectorCatalog } from '../connectors/catalog.ts';
import { FlowFailure } from '../domain/oauth-flows/flow-failure.ts';
import { FLOW_LIFETIME_MS, type OAuthFlowService } from '../domain/oauth-flows/oauth-flow-service.ts';
import type { HttpServer } from '../http/build-server.ts';
import { FLOW_FAILURE_STATUS } from '../http/error-status.ts';
import { completionPage } from './completion-page.ts';
import { errorPage } from './error-page.ts';
import { FlowCookies } from './flow-cookie.ts';
import { securePage } from './page-security.ts';

export interface BrowserAuthDependencies {
  readonly flows: OAuthFlowService;
  readonly catalog: ConnectorCatalog;
  readonly allowedOrigins: () => Promise<readonly string[]>;
  readonly publicUrl: string;
}

function queryOf(request: FastifyRequest): URLSearchParams {
  const url = request.raw.url ?? '';
  const start = url.indexOf('?');
  return new URLSearchParams(start < 0 ? '' : url.slice(start + 1));
}

/** The one value of a query parameter; a repeated parameter is refused (it could smuggle a second value). */
function single(query: URLSearchParams, name: string): string | null {
  const values = query.getAll(name);
  if (values.length > 1)
    throw new FlowFailure('invalid_request', `The "${name}" parameter appears more than once.`);
  return values[0] ?? null;
}

/**
 * The browser endpoints of the end-user OAuth flow, on the service domain:
 * `GET /connectorauth/updateaccountconnectoroauth` (alias `/UpdateAccountConnectorOAuth`) checks the
 * one-time link and binds the flow to this browser, `GET /connectorauth/continue` sends it to the provider,
 * `GET /connector/callback` finishes it.
 */
export async function browserAuthRoutes(server: HttpServer, deps: BrowserAuthDependencies): Promise<void> {
  const cookies = new FlowCookies(deps.publicUrl);

  async function fail(reply: FastifyReply, failure: FlowFailure): Promise<FastifyReply> {
    const nonce = securePage(reply, await deps.allowedOrigins());
    reply.header('Plugboard-Error-Code', failure.kind);
    return reply
      .status(FLOW_FAILURE_STATUS[failure.kind])
      .type('text/html; charset=utf-8')
      .send(errorPage(nonce, failure.kind, failure.detail));
  }

  async function start(request: FastifyRequest, reply: FastifyReply) {
    try {
      const query = queryOf(request);
      const id = single(query, 'id');
      const token = single(query, 'token');
      const targetOrigin = single(query, 'targetOrigin');
      const callbackMessage = single(query, 'callbackMessage');
      if (!id || !token || !targetOrigin) {
        throw new FlowFailure('invalid_request', 'The link needs id, token and targetOrigin.');
      }
      const started = await deps.flows.start({
        accountConnectorId: id,
        signInToken: token,
        targetOrigin,
        callbackMessage,
      });
      securePage(reply, await deps.allowedOrigins());
      reply.header(
        'Set-Cookie',
        cookies.set(started.flowId, started.browserSecret, Math.floor(FLOW_LIFETIME_MS / 1000)),
      );
      // A redirect takes the one-time token out of the address bar before anything else happens.
      return reply.redirect(`/connectorauth/continue?flow=${encodeURIComponent(started.flowId)}`, 303);
    } catch (error) {
      if (error instanceof FlowFailure) return fail(reply, error);
      throw error;
    }
  }

  server.get('/connectorauth/updateaccountconnectoroauth', start);
  server.get('/updateaccountconnectoroauth', start);

  server.get('/connectorauth/continue', async (request, reply) => {
    try {
      const flowId = single(queryOf(request), 'flow');
      if (!flowId || !/^[A-Za-z0-9_-]{16,64}$/.test(flowId)) throw new FlowFailure('invalid_request');
      const location = await deps.flows.continueToProvider(
        flowId,
        cookies.read(request.headers.cookie, flowId),
      );
      securePage(reply, await deps.allowedOrigins());
      return reply.redirect(location, 302);
    } catch (error) {
      if (error instanceof FlowFailure) return fail(reply, error);
      throw error;
    }
  });

  server.get('/connector/callback', async (request, reply) => {
    const result = await deps.flows.complete({
      query: queryOf(request),
      browserSecretFor: (flowId) => cookies.read(request.headers.cookie, flowId),
    });
    if (result.flow) reply.header('Set-Cookie', cookies.clear(result.flow.id));
    if (!result.ok) {
      if (result.failure.cause !== undefined) {
        request.log.error(
          { err: result.failure.cause, flowId: result.flow?.id, failure: result.failure.kind },
          'the OAuth callback could not finish',
        );
      }
      return fail(reply, result.failure);
    }
    const { flow } = result;
    const nonce = securePage(reply, await deps.allowedOrigins());
    if (flow.callbackMessage !== null) {
      const name = deps.catalog.byId(flow.connectorId)?.name ?? 'The app';
      return reply
        .type('text/html; charset=utf-8')
        .send(completionPage(nonce, name, flow.callbackMessage, flow.targetOrigin));
    }
    return reply.redirect(flow.redirectUrl ?? flow.targetOrigin, 303);
  });
}
