import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Harness,
  PREFIX,
  REDIRECT_URI,
  s256,
  startHarness,
  type TokenBody,
} from '../testing/harness.ts';

let harness: Harness;

beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  harness.inject({
    method: 'POST',
    url: `${PREFIX}/oauth/token`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(fields).toString(),
  });

const json = (fields: Record<string, unknown>) =>
  harness.inject({ method: 'POST', url: `${PREFIX}/oauth/token`, payload: fields });

const credentials = () => ({
  client_id: harness.sandbox.client.clientId,
  client_secret: harness.sandbox.client.clientSecret,
});

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

const siteStatus = async (token: string) => (await harness.api('GET', '/site', token)).statusCode;

describe('authorization_code grant', () => {
  it("exchanges a code from a form body for Capsule's token response", async () => {
    const code = await harness.authorise();
    const response = await form({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      ...credentials(),
    });

    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json<TokenBody>();
    expect(Object.keys(body)).toEqual([
      'access_token',
      'token_type',
      'expires_in',
      'refresh_token',
      'scope',
      'subdomain',
    ]);
    expect(body).toMatchObject({
      token_type: 'bearer',
      expires_in: 604799,
      scope: 'read write',
      subdomain: 'exampleco',
    });
    expect(Buffer.from(body.access_token, 'base64url').length).toBeGreaterThanOrEqual(32);
    expect(await siteStatus(body.access_token)).toBe(200);
  });

  it('exchanges a code from a JSON body', async () => {
    const code = await harness.authorise();
    const response = await json({ grant_type: 'authorization_code', code, ...credentials() });

    expect(response.statusCode).toBe(200);
    expect(response.json<TokenBody>().access_token).toBeTruthy();
  });

  it('accepts client_secret_basic', async () => {
    const code = await harness.authorise();
    const { clientId, clientSecret } = harness.sandbox.client;
    const response = await form(
      { grant_type: 'authorization_code', code },
      { authorization: basic(clientId, clientSecret) },
    );

    expect(response.statusCode).toBe(200);
  });

  it('rejects a wrong client secret sent in the body with 401 invalid_client', async () => {
    const code = await harness.authorise();
    const response = await form({
      grant_type: 'authorization_code',
      code,
      ...credentials(),
      client_secret: 'wrong',
    });

    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: 'invalid_client' });
    expect(response.headers['www-authenticate']).toMatch(/^Basic/);
  });

  it('rejects a wrong client secret sent with HTTP Basic with 401 invalid_client', async () => {
    const code = await harness.authorise();
    const response = await form(
      { grant_type: 'authorization_code', code },
      { authorization: basic(harness.sandbox.client.clientId, 'wrong') },
    );

    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: 'invalid_client' });
    expect(response.headers['www-authenticate']).toMatch(/^Basic/);
  });

  it('rejects a request without client credentials with 401 invalid_client', async () => {
    const code = await harness.authorise();
    const response = await form({ grant_type: 'authorization_code', code });

    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('rejects a reused authorization code and revokes the tokens issued from it', async () => {
    const code = await harness.authorise();
    const first = await form({ grant_type: 'authorization_code', code, ...credentials() });
    const tokens = first.json<TokenBody>();

    const replay = await form({ grant_type: 'authorization_code', code, ...credentials() });
    expect(replay.statusCode).toBe(400);
    expect(replay.json()).toMatchObject({ error: 'invalid_grant' });
    expect(await siteStatus(tokens.access_token)).toBe(401);
    const refresh = await form({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      ...credentials(),
    });
    expect(refresh.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('rejects a code older than ten minutes', async () => {
    const code = await harness.authorise();
    harness.clock.now += 10 * 60_000 + 1;

    const response = await form({ grant_type: 'authorization_code', code, ...credentials() });
    expect(response.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'Authorization code has expired',
    });
  });

  it('rejects a redirect_uri that differs from the authorisation request', async () => {
    const code = await harness.authorise();
    const response = await form({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://localhost:3000/other',
      ...credentials(),
    });

    expect(response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('rejects an unsupported grant type', async () => {
    const response = await form({ grant_type: 'client_credentials', ...credentials() });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('answers malformed JSON with invalid_request', async () => {
    const response = await harness.inject({
      method: 'POST',
      url: `${PREFIX}/oauth/token`,
      headers: { 'content-type': 'application/json' },
      payload: '{"grant_type":',
    });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('PKCE', () => {
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

  it('issues tokens when the S256 verifier matches the challenge', async () => {
    const code = await harness.authorise({ code_challenge: s256(verifier), code_challenge_method: 'S256' });
    const response = await form({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      ...credentials(),
    });

    expect(response.statusCode).toBe(200);
  });

  it('issues tokens when the plain verifier equals the challenge', async () => {
    const code = await harness.authorise({ code_challenge: verifier, code_challenge_method: 'plain' });
    const response = await form({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      ...credentials(),
    });

    expect(response.statusCode).toBe(200);
  });

  it('rejects a verifier that does not match the challenge', async () => {
    const code = await harness.authorise({ code_challenge: s256(verifier), code_challenge_method: 'S256' });
    const response = await form({
      grant_type: 'authorization_code',
      code,
      code_verifier: `${verifier}x`,
      ...credentials(),
    });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('rejects a missing verifier when a challenge was sent', async () => {
    const code = await harness.authorise({ code_challenge: s256(verifier), code_challenge_method: 'S256' });
    const response = await form({ grant_type: 'authorization_code', code, ...credentials() });

    expect(response.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'code_verifier is required',
    });
  });

  it('rejects a verifier when no challenge was sent', async () => {
    const code = await harness.authorise();
    const response = await form({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      ...credentials(),
    });

    expect(response.json()).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('refresh_token grant', () => {
  const refresh = (refreshToken: string) =>
    form({ grant_type: 'refresh_token', refresh_token: refreshToken, ...credentials() });

  it('returns a new access and refresh token and keeps the old refresh token usable by default', async () => {
    const tokens = await harness.signIn();
    const first = await refresh(tokens.refresh_token ?? '');
    const again = await refresh(tokens.refresh_token ?? '');

    expect(first.statusCode).toBe(200);
    const rotated = first.json<TokenBody>();
    expect(rotated.refresh_token).toBeDefined();
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    expect(rotated.access_token).not.toBe(tokens.access_token);
    expect(again.statusCode).toBe(200);
    expect(harness.sandbox.stats.refreshGrants).toBe(2);
    expect(harness.sandbox.stats.refreshGrantsRejected).toBe(0);
  });

  it('consumes the refresh token under strict rotation and revokes the whole grant when it is reused', async () => {
    harness.sandbox.switches.strictRotation = true;
    const tokens = await harness.signIn();
    const rotated = (await refresh(tokens.refresh_token ?? '')).json<TokenBody>();
    expect(await siteStatus(rotated.access_token)).toBe(200);

    const reuse = await refresh(tokens.refresh_token ?? '');
    expect(reuse.statusCode).toBe(400);
    expect(reuse.json()).toMatchObject({ error: 'invalid_grant' });
    expect(await siteStatus(rotated.access_token)).toBe(401);
    expect(await siteStatus(tokens.access_token)).toBe(401);
    expect((await refresh(rotated.refresh_token ?? '')).json()).toMatchObject({ error: 'invalid_grant' });
    expect(harness.sandbox.stats.refreshGrantsRejected).toBe(2);
    expect(harness.sandbox.stats.grantsRevoked).toBe(1);
  });

  it('leaves other grants alone when one grant is revoked for reuse', async () => {
    harness.sandbox.switches.strictRotation = true;
    const victim = await harness.signIn();
    const bystander = await harness.signIn();
    await refresh(victim.refresh_token ?? '');
    await refresh(victim.refresh_token ?? '');

    expect(await siteStatus(bystander.access_token)).toBe(200);
  });

  it('omits refresh_token and keeps the presented one valid when rotation is off', async () => {
    harness.sandbox.switches.rotateRefreshTokens = false;
    harness.sandbox.switches.strictRotation = true;
    const tokens = await harness.signIn();
    const first = await refresh(tokens.refresh_token ?? '');

    expect(first.statusCode).toBe(200);
    expect(first.json()).not.toHaveProperty('refresh_token');
    expect((await refresh(tokens.refresh_token ?? '')).statusCode).toBe(200);
  });

  it('narrows the scope of the new access token when asked and refuses a wider one', async () => {
    const tokens = await harness.signIn();
    const narrowed = await form({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      scope: 'read',
      ...credentials(),
    });
    const widened = await form({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      scope: 'read write email',
      ...credentials(),
    });

    expect(narrowed.json()).toMatchObject({ scope: 'read' });
    expect(widened.json()).toMatchObject({ error: 'invalid_scope' });
  });

  it('issues access tokens with the configured lifetime and expires them', async () => {
    harness.sandbox.switches.accessTokenTtlSeconds = 60;
    const tokens = await harness.signIn();
    expect(tokens.expires_in).toBe(60);

    harness.clock.now += 60_000;
    const response = await harness.api('GET', '/site', tokens.access_token);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ message: 'The access token has expired' });
  });

  it('answers 503 for as many token requests as failToken5xx says, then recovers', async () => {
    const tokens = await harness.signIn();
    harness.sandbox.switches.failToken5xx = 1;

    const failed = await refresh(tokens.refresh_token ?? '');
    const recovered = await refresh(tokens.refresh_token ?? '');
    expect(failed.statusCode).toBe(503);
    expect(recovered.statusCode).toBe(200);
    expect(harness.sandbox.switches.failToken5xx).toBe(0);
    expect(harness.sandbox.stats.refreshGrantsRejected).toBe(1);
  });

  it('delays token responses by latencyMs plus tokenLatencyMs', async () => {
    const tokens = await harness.signIn();
    harness.sandbox.switches.latencyMs = 40;
    harness.sandbox.switches.tokenLatencyMs = 60;

    const started = performance.now();
    await refresh(tokens.refresh_token ?? '');
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });
});

describe('revocation', () => {
  for (const path of ['/oauth/token/revoke', '/oauth/revoke']) {
    it(`revokes a refresh token and its whole grant at ${path}`, async () => {
      const tokens = await harness.signIn();
      const response = await harness.inject({
        method: 'POST',
        url: `${PREFIX}${path}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          token: tokens.refresh_token ?? '',
          token_type_hint: 'refresh_token',
        }).toString(),
      });

      expect(response.statusCode).toBe(200);
      expect(response.body).toBe('');
      expect(await siteStatus(tokens.access_token)).toBe(401);
      const refresh = await form({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token ?? '',
        ...credentials(),
      });
      expect(refresh.json()).toMatchObject({ error: 'invalid_grant' });
    });
  }

  it('revokes only the access token when an access token is presented', async () => {
    const tokens = await harness.signIn();
    await harness.inject({
      method: 'POST',
      url: `${PREFIX}/oauth/revoke`,
      payload: { token: tokens.access_token, ...credentials() },
    });

    expect(await siteStatus(tokens.access_token)).toBe(401);
    const refresh = await form({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      ...credentials(),
    });
    expect(refresh.statusCode).toBe(200);
  });

  it('answers 200 for an unknown token', async () => {
    const response = await harness.inject({
      method: 'POST',
      url: `${PREFIX}/oauth/revoke`,
      payload: { token: 'unknown' },
    });

    expect(response.statusCode).toBe(200);
  });

  it('rejects wrong client credentials', async () => {
    const tokens = await harness.signIn();
    const response = await harness.inject({
      method: 'POST',
      url: `${PREFIX}/oauth/revoke`,
      payload: {
        token: tokens.refresh_token,
        client_id: harness.sandbox.client.clientId,
        client_secret: 'wrong',
      },
    });

    expect(response.statusCode).toBe(401);
    expect(await siteStatus(tokens.access_token)).toBe(200);
  });
});

describe('discovery', () => {
  it("serves Capsule's discovery document with the sandbox's URLs", async () => {
    const response = await harness.inject({ url: `${PREFIX}/.well-known/oauth-authorization-server` });

    expect(response.json()).toMatchObject({
      issuer: 'http://localhost:3000/sandbox/capsule',
      authorization_endpoint: 'http://localhost:3000/sandbox/capsule/oauth/authorise',
      token_endpoint: 'http://localhost:3000/sandbox/capsule/oauth/token',
      revocation_endpoint: 'http://localhost:3000/sandbox/capsule/oauth/revoke',
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['plain', 'S256'],
    });
    expect(response.json()).not.toHaveProperty('authorization_response_iss_parameter_supported');
  });

  it('announces iss support while sendIssuer is on', async () => {
    harness.sandbox.switches.sendIssuer = true;
    const response = await harness.inject({ url: `${PREFIX}/.well-known/oauth-authorization-server` });

    expect(response.json()).toMatchObject({ authorization_response_iss_parameter_supported: true });
  });
});
