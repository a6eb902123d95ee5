import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildSandboxServer, createCapsuleSandbox } from './index.ts';
import { consentIdOf, REDIRECT_URI } from './testing/harness.ts';

const options = { baseUrl: 'http://127.0.0.1:3999/sandbox/capsule', redirectUris: [REDIRECT_URI] };

describe('createCapsuleSandbox', () => {
  it('refuses a base URL with a trailing slash and an empty redirect URI list', () => {
    expect(() => createCapsuleSandbox({ ...options, baseUrl: 'http://localhost:3000/sandbox/' })).toThrow(
      TypeError,
    );
    expect(() => createCapsuleSandbox({ ...options, redirectUris: [] })).toThrow(/redirectUris/);
    expect(() => createCapsuleSandbox({ ...options, redirectUris: ['/relative'] })).toThrow(/redirectUris/);
  });

  it('seeds a client with fixed credentials, so a configured connector survives a restart', () => {
    const first = createCapsuleSandbox(options);
    const second = createCapsuleSandbox(options);

    expect(first.client).toEqual({
      clientId: 'capsule-sandbox-client',
      clientSecret: 'capsule-sandbox-secret',
    });
    expect(second.client).toEqual(first.client);
  });

  it('keeps each sandbox independent', async () => {
    const one = await buildSandboxServer(options);
    const two = await buildSandboxServer(options);
    const token = await signInOverInject(one.server, one.sandbox.client);

    const elsewhere = await two.server.inject({
      url: '/api/v2/site',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(elsewhere.statusCode).toBe(401);
    await one.server.close();
    await two.server.close();
  });

  it('works inside a host that registered its own form parser and 404 handler', async () => {
    const host = Fastify();
    await host.register(formbody);
    host.setNotFoundHandler((_request, reply) => reply.code(404).send({ host: true }));
    host.post('/host/echo', async (request) => ({ body: request.body }));
    await host.register(createCapsuleSandbox(options).plugin, { prefix: '/sandbox/capsule' });

    const hostForm = await host.inject({
      method: 'POST',
      url: '/host/echo',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=1',
    });
    expect(hostForm.json()).toEqual({ body: { a: '1' } });
    expect((await host.inject({ url: '/elsewhere' })).json()).toEqual({ host: true });
    expect((await host.inject({ url: '/sandbox/capsule/api/v2/nothing' })).json()).toEqual({
      message: 'No access token was provided',
    });
    await host.close();
  });
});

describe('buildSandboxServer', () => {
  it('runs the whole flow over a real socket on 127.0.0.1, mounted at the root', async () => {
    const { server, sandbox } = await buildSandboxServer(options);
    const address = await server.listen({ port: 0, host: '127.0.0.1' });
    try {
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: sandbox.client.clientId,
        redirect_uri: REDIRECT_URI,
        state: 's',
      });
      const page = await fetch(`${address}/oauth/authorise?${query}`);
      const decision = await fetch(`${address}/oauth/authorise`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ consent_id: consentIdOf(await page.text()), decision: 'allow' }),
        redirect: 'manual',
      });
      const code = new URL(decision.headers.get('location') ?? '').searchParams.get('code') ?? '';
      const token = await fetch(`${address}/oauth/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${sandbox.client.clientId}:${sandbox.client.clientSecret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'authorization_code', code }),
      });
      const { access_token: accessToken } = (await token.json()) as { access_token: string };
      const site = await fetch(`${address}/api/v2/site`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });

      expect(decision.status).toBe(302);
      expect(site.status).toBe(200);
      expect(site.headers.get('x-ratelimit-limit')).toBe('4000');
      expect(await site.json()).toMatchObject({ site: { subdomain: 'exampleco' } });
    } finally {
      await server.close();
    }
  });
});

async function signInOverInject(
  server: Awaited<ReturnType<typeof buildSandboxServer>>['server'],
  client: { clientId: string; clientSecret: string },
): Promise<string> {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: REDIRECT_URI,
  });
  const page = await server.inject({ url: `/oauth/authorise?${query}` });
  const decision = await server.inject({
    method: 'POST',
    url: '/oauth/authorise',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `consent_id=${encodeURIComponent(consentIdOf(page.body))}&decision=allow`,
  });
  const code = new URL(String(decision.headers.location)).searchParams.get('code') ?? '';
  const token = await server.inject({
    method: 'POST',
    url: '/oauth/token',
    payload: {
      grant_type: 'authorization_code',
      code,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    },
  });
  return token.json().access_token;
}
