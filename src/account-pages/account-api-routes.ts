import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { ConnectorCatalog } from '../connectors/catalog.ts';
import type { AccountConnectorService } from '../domain/account-connectors/account-connector-service.ts';
import type { AccountSessionService } from '../domain/account-sessions/account-session-service.ts';
import type { AccountService } from '../domain/accounts/account-service.ts';
import type { CycleService } from '../domain/cycles/cycle-service.ts';
import { notFound } from '../domain/errors.ts';
import type { SettingsService } from '../domain/settings/settings-service.ts';
import type { SignInTokenService } from '../domain/sign-in-tokens/sign-in-token-service.ts';
import type { HttpServer } from '../http/build-server.ts';
import type { AccountSessionCookie } from './account-session-cookie.ts';
import { requireAccountSession } from './account-session-guard.ts';
import { launchResult } from './launch-result.ts';

export interface AccountApiDependencies {
  readonly sessions: AccountSessionService;
  readonly cookie: AccountSessionCookie;
  readonly accounts: AccountService;
  readonly accountConnectors: AccountConnectorService;
  readonly catalog: ConnectorCatalog;
  readonly signInTokens: SignInTokenService;
  readonly settings: SettingsService;
  readonly cycles: CycleService;
  /** The service domain: the OAuth popup's result comes back to the page on this origin. */
  readonly publicUrl: string;
}

const iso = (time: number) => new Date(time).toISOString();

/**
 * The JSON calls of the LAUNCH and account pages, under `/account-api`. Every call acts on the
 * session's own account and nothing else; the partner API (`/v1.0`) stays closed to account users.
 */
export async function accountApiRoutes(server: HttpServer, deps: AccountApiDependencies): Promise<void> {
  const session = (request: FastifyRequest) => requireAccountSession(request, deps.sessions, deps.cookie);

  server.addHook('onRequest', async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
  });

  server.get('/account-api/session', async (request) => {
    const current = await session(request);
    const account = await deps.accounts.get(current.accountId);
    const branding = await deps.settings.branding();
    return {
      AccountId: account.id,
      AccountName: account.name,
      Username: current.username,
      Mode: current.launch ? 'launch' : 'account',
      CsrfToken: current.csrfToken,
      ExpiresAtUtc: iso(current.expiresAt),
      Partner: { Name: branding.partnerName, Logo: branding.partnerLogo, Colour: branding.partnerColour },
      Launch: current.launch
        ? { Tags: current.launch.tags, RunOnce: current.launch.runOnce, Start: current.launch.start }
        : null,
    };
  });

  server.delete('/account-api/session', async (request, reply) => {
    await session(request);
    await deps.sessions.signOut(request.cookies[deps.cookie.name] as string);
    reply.clearCookie(deps.cookie.name, deps.cookie.options);
    return { Message: 'Signed out.' };
  });

  server.get('/account-api/connectors', async (request) => {
    const current = await session(request);
    const installed = await deps.accountConnectors.list(current.accountId, { page: 1, pageSize: 1000 });
    return installed.items.map((connector) => {
      const definition = deps.catalog.byId(connector.connectorId);
      return {
        Id: connector.id,
        Name: connector.name,
        ConnectorName: definition?.name ?? 'Unknown connector',
        ConnectorVersion: definition?.version ?? '',
        Icon: definition?.icon ?? null,
        Authenticated: connector.authStatus === 'Authenticated',
        AuthStatus: connector.authStatus,
      };
    });
  });

  // The same popup flow a partner's page uses: a fresh one-time sign-in token for this session's user
  // and `/UpdateAccountConnectorOAuth`, reporting back to this page's own origin.
  server.post<{ Params: { id: string } }>('/account-api/connectors/:id/authorize', async (request) => {
    const current = await session(request);
    const id = /^\d{1,15}$/.test(request.params.id) ? Number(request.params.id) : Number.NaN;
    if (Number.isNaN(id)) throw notFound(`Account connector ${request.params.id} was not found.`);
    const connector = await deps.accountConnectors.get(current.accountId, id);
    const token = await deps.signInTokens.issue(current.accountId, current.username);
    const callbackMessage = `plugboard-connected-${randomBytes(16).toString('hex')}`;
    const origin = new URL(deps.publicUrl).origin;
    const url = new URL('/UpdateAccountConnectorOAuth', deps.publicUrl);
    url.search = new URLSearchParams({
      id: String(connector.id),
      token: token.token,
      targetOrigin: origin,
      callbackMessage,
    }).toString();
    return { Url: url.href, CallbackMessage: callbackMessage, ServiceOrigin: origin };
  });

  server.post<{ Body: { Status?: unknown } | undefined }>('/account-api/complete', async (request, reply) => {
    const current = await session(request);
    if (!current.launch) throw notFound('Only a LAUNCH page reports a result.');
    const status = request.body?.Status === 'Cancelled' ? 'Cancelled' : 'Completed';
    // Cyclr's result names one cycle: the last one switched on during this LAUNCH.
    const switchedOn = (await deps.cycles.list(current.accountId, { offset: 0, limit: 1000 })).items
      .filter((c) => c.status === 'Active' && c.activatedAt !== null && c.activatedAt >= current.createdAt)
      .sort((a, b) => (b.activatedAt ?? 0) - (a.activatedAt ?? 0))[0];
    const result = launchResult(
      current,
      status,
      switchedOn ? { cycleId: switchedOn.id, templateId: switchedOn.templateId } : null,
    );
    // The LAUNCH is over: the link was single use, and so is the session it opened.
    await deps.sessions.signOut(request.cookies[deps.cookie.name] as string);
    reply.clearCookie(deps.cookie.name, deps.cookie.options);
    const redirect = new URL(current.launch.redirectUrl ?? current.launch.targetOrigin);
    redirect.searchParams.set('plugboardLaunchResult', JSON.stringify(result));
    return { Result: result, TargetOrigin: current.launch.targetOrigin, RedirectUrl: redirect.href };
  });
}
