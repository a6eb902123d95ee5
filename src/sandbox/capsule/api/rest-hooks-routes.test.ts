import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerBodyParsers } from '../http/body-parsers.ts';
import { AuthorizationRequests } from '../oauth/authorization-requests.ts';
import { GrantsAndTokens } from '../oauth/grants-and-tokens.ts';
import { seededClient } from '../oauth/oauth-client.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { createSeededState } from '../seed-data.ts';
import { createStats } from '../stats.ts';
import { createSwitches } from '../switches.ts';
import { BASE_URL, REDIRECT_URI, START_TIME } from '../testing/harness.ts';
import { apiPlugin } from './api-plugin.ts';

/** The API alone, with two registered applications, so per-application hook lists can be checked. */
let app: FastifyInstance;
let tokens: GrantsAndTokens;

beforeEach(async () => {
  const now = () => START_TIME;
  const ours = seededClient([REDIRECT_URI]);
  const theirs = { ...ours, clientId: 'other-app', clientSecret: 'other-secret', name: 'Other' };
  tokens = new GrantsAndTokens(now);
  const ctx: SandboxContext = {
    baseUrl: BASE_URL,
    now,
    switches: createSwitches(),
    stats: createStats(),
    state: createSeededState(now()),
    clients: new Map([
      [ours.clientId, ours],
      [theirs.clientId, theirs],
    ]),
    authorizations: new AuthorizationRequests(now),
    tokens,
    hooks: { publish: () => undefined },
    allowHookTarget: (url) => url.hostname !== 'internal.example',
  };
  app = Fastify();
  registerBodyParsers(app);
  await app.register(apiPlugin(ctx), { prefix: '/api/v2' });
});
afterEach(async () => {
  await app.close();
});

const tokenFor = (clientId: string, userId = 6): string =>
  tokens.issueAccessToken(tokens.createGrant(clientId, userId, ['read', 'write']), ['read', 'write'], 3600);

const call = (
  token: string,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  payload?: Record<string, unknown>,
) =>
  app.inject({
    method,
    url: `/api/v2${url}`,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });

const hook = (event = 'party/created', targetUrl = 'https://receiver.example/hook') => ({
  restHook: { event, targetUrl },
});

describe('REST hook subscriptions', () => {
  it('creates a hook with 201, Location and the batched flag', async () => {
    const response = await call(tokenFor('capsule-sandbox-client'), 'POST', '/resthooks', {
      restHook: {
        event: 'kase/moved',
        targetUrl: 'https://receiver.example/x?subdomain=exampleco',
        embed: 'tags',
      },
    });

    const created = response.json().restHook;
    expect(response.statusCode).toBe(201);
    expect(response.headers.location).toBe(`${BASE_URL}/api/v2/resthooks/${created.id}`);
    expect(created).toMatchObject({
      event: 'kase/moved',
      targetUrl: 'https://receiver.example/x?subdomain=exampleco',
      embed: 'tags',
      batched: true,
      clientId: 'capsule-sandbox-client',
      user: { id: 6 },
    });
  });

  it('refuses an unknown event and a missing or non-http target URL', async () => {
    const token = tokenFor('capsule-sandbox-client');
    const badEvent = await call(token, 'POST', '/resthooks', hook('party/renamed'));
    const noUrl = await call(token, 'POST', '/resthooks', { restHook: { event: 'party/created' } });
    const ftp = await call(token, 'POST', '/resthooks', hook('party/created', 'ftp://receiver.example/x'));

    expect(badEvent.statusCode).toBe(422);
    expect(badEvent.json().errors[0]).toMatchObject({ field: 'event' });
    expect(noUrl.json().errors[0]).toMatchObject({ message: 'targetUrl is required' });
    expect(ftp.statusCode).toBe(422);
  });

  it('refuses a target the host does not deliver to, creating no hook', async () => {
    const token = tokenFor('capsule-sandbox-client');
    const refused = await call(
      token,
      'POST',
      '/resthooks',
      hook('party/created', 'http://internal.example/x'),
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({
      message: 'targetUrl is not a receiver this sandbox delivers to',
    });
    expect((await call(token, 'GET', '/resthooks')).json().restHooks).toEqual([]);
  });

  it('allows at most 20 hooks per account', async () => {
    const token = tokenFor('capsule-sandbox-client');
    for (let index = 0; index < 20; index += 1) {
      expect((await call(token, 'POST', '/resthooks', hook())).statusCode).toBe(201);
    }
    const twentyFirst = await call(tokenFor('other-app'), 'POST', '/resthooks', hook());

    expect(twentyFirst.statusCode).toBe(422);
  });

  it("lists and shows only the calling application's hooks", async () => {
    const ours = tokenFor('capsule-sandbox-client');
    const theirs = tokenFor('other-app');
    await call(ours, 'POST', '/resthooks', hook('party/created'));
    const theirHook = (await call(theirs, 'POST', '/resthooks', hook('task/created'))).json().restHook;

    const listed = (await call(ours, 'GET', '/resthooks')).json().restHooks;
    expect(listed.map((item: { event: string }) => item.event)).toEqual(['party/created']);
    expect((await call(ours, 'GET', `/resthooks/${theirHook.id}`)).statusCode).toBe(404);
    expect((await call(ours, 'DELETE', `/resthooks/${theirHook.id}`)).statusCode).toBe(404);
    expect((await call(theirs, 'DELETE', `/resthooks/${theirHook.id}`)).statusCode).toBe(204);
  });

  it('lets only administrators manage hooks', async () => {
    const ted = tokenFor('capsule-sandbox-client', 7);
    const response = await call(ted, 'POST', '/resthooks', hook());

    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ message: 'REST hooks can only be managed by an administrator' });
  });
});
