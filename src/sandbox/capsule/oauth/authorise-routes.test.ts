import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  authoriseUrl,
  consentIdOf,
  type Harness,
  PREFIX,
  REDIRECT_URI,
  startHarness,
} from '../testing/harness.ts';

let harness: Harness;

beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

const postDecision = (consentId: string, decision: string) =>
  harness.inject({
    method: 'POST',
    url: `${PREFIX}/oauth/authorise`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `consent_id=${encodeURIComponent(consentId)}&decision=${decision}`,
  });

describe('GET /oauth/authorise', () => {
  it('shows a consent page naming the app, the scopes and the signed-in test user', async () => {
    const page = await harness.inject({
      url: authoriseUrl(harness.sandbox, { scope: 'read write user_preference' }),
    });

    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('Plugboard would like to access your Capsule account');
    expect(page.body).toContain('Signed in to Capsule as Scott Spacey (scott@example.com), site exampleco');
    expect(page.body).toContain('<strong>user_preference</strong>');
    expect(page.body).toContain('<button type="submit" name="decision" value="allow">Allow</button>');
    expect(page.body).toContain('<button type="submit" name="decision" value="deny">Deny</button>');
  });

  it('sends the consent page with no-store, no referrer and framing forbidden', async () => {
    const page = await harness.inject({ url: authoriseUrl(harness.sandbox) });

    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.body).not.toMatch(/<script|<link|https?:\/\/[^"]*\.(css|js)/);
  });

  it('decodes a plus-separated scope as space-separated scopes', async () => {
    const url = authoriseUrl(harness.sandbox).replace('scope=read+write', 'scope=read+email');
    const page = await harness.inject({ url });

    expect(page.body).toContain('<strong>email</strong>');
    expect(page.body).not.toContain('<strong>write</strong>');
  });

  it('shows an error page and does not redirect for an unknown client', async () => {
    const page = await harness.inject({ url: authoriseUrl(harness.sandbox, { client_id: 'someone-else' }) });

    expect(page.statusCode).toBe(400);
    expect(page.headers.location).toBeUndefined();
    expect(page.body).toContain('not registered');
  });

  it('shows an error page and does not redirect for an unregistered redirect_uri', async () => {
    const page = await harness.inject({
      url: authoriseUrl(harness.sandbox, { redirect_uri: `${REDIRECT_URI}/../evil` }),
    });

    expect(page.statusCode).toBe(400);
    expect(page.headers.location).toBeUndefined();
  });

  it('redirects unsupported_response_type with the state', async () => {
    const response = await harness.inject({ url: authoriseUrl(harness.sandbox, { response_type: 'token' }) });

    const location = new URL(String(response.headers.location));
    expect(response.statusCode).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('error')).toBe('unsupported_response_type');
    expect(location.searchParams.get('state')).toBe('state-123');
  });

  it('redirects invalid_scope for a scope Capsule does not have', async () => {
    const response = await harness.inject({ url: authoriseUrl(harness.sandbox, { scope: 'read admin' }) });

    expect(new URL(String(response.headers.location)).searchParams.get('error')).toBe('invalid_scope');
  });

  it('redirects invalid_request when PKCE is required and no challenge was sent', async () => {
    harness.sandbox.switches.requirePkce = true;
    const response = await harness.inject({ url: authoriseUrl(harness.sandbox) });

    const location = new URL(String(response.headers.location));
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toContain('code_challenge');
  });

  it('redirects invalid_request for an unknown code_challenge_method', async () => {
    const response = await harness.inject({
      url: authoriseUrl(harness.sandbox, { code_challenge: 'a'.repeat(43), code_challenge_method: 'S512' }),
    });

    expect(new URL(String(response.headers.location)).searchParams.get('error')).toBe('invalid_request');
  });
});

describe('POST /oauth/authorise', () => {
  it('redirects Allow back with a code and the state', async () => {
    const page = await harness.inject({ url: authoriseUrl(harness.sandbox) });
    const response = await postDecision(consentIdOf(page.body), 'allow');

    const location = new URL(String(response.headers.location));
    expect(response.statusCode).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(location.searchParams.get('state')).toBe('state-123');
    expect(location.searchParams.has('iss')).toBe(false);
    expect(harness.sandbox.stats.consentsAllowed).toBe(1);
  });

  it('adds the RFC 9207 iss parameter when sendIssuer is on', async () => {
    harness.sandbox.switches.sendIssuer = true;
    const page = await harness.inject({ url: authoriseUrl(harness.sandbox) });
    const response = await postDecision(consentIdOf(page.body), 'allow');

    expect(new URL(String(response.headers.location)).searchParams.get('iss')).toBe(
      'http://localhost:3000/sandbox/capsule',
    );
  });

  it('redirects Deny back with access_denied and the state', async () => {
    const page = await harness.inject({ url: authoriseUrl(harness.sandbox) });
    const response = await postDecision(consentIdOf(page.body), 'deny');

    const location = new URL(String(response.headers.location));
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('error_description')).toBeTruthy();
    expect(location.searchParams.get('state')).toBe('state-123');
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('accepts a consent id only once', async () => {
    const page = await harness.inject({ url: authoriseUrl(harness.sandbox) });
    const consentId = consentIdOf(page.body);
    await postDecision(consentId, 'allow');

    const replay = await postDecision(consentId, 'allow');
    expect(replay.statusCode).toBe(400);
    expect(replay.headers.location).toBeUndefined();
  });

  it('rejects a consent id older than ten minutes', async () => {
    const page = await harness.inject({ url: authoriseUrl(harness.sandbox) });
    harness.clock.now += 10 * 60_000 + 1;

    const response = await postDecision(consentIdOf(page.body), 'allow');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('expired');
  });

  it('ignores request parameters the browser adds to the consent form', async () => {
    const page = await harness.inject({ url: authoriseUrl(harness.sandbox) });
    const response = await harness.inject({
      method: 'POST',
      url: `${PREFIX}/oauth/authorise`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        consent_id: consentIdOf(page.body),
        decision: 'allow',
        redirect_uri: 'https://attacker.example/cb',
        state: 'forged',
      }).toString(),
    });

    const location = new URL(String(response.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe('state-123');
  });
});
