import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sendCall } from '../support/api-harness.ts';
import { ConsoleSession } from '../support/console-session.ts';
import { type LivePlugboard, startLivePlugboard } from '../support/live-plugboard.ts';
import { sandboxTokens } from '../support/sandbox-consent.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, type TestPlugboard } from '../support/test-plugboard.ts';

const running: (TestPlugboard | LivePlugboard)[] = [];
const databases: TestDatabase[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) await app.close().catch(() => {});
  for (const database of databases.splice(0)) await database.drop();
});

async function database(kind = testDatabaseKinds()[0]) {
  if (!kind) throw new Error('no test database');
  const created = await kind.create();
  databases.push(created);
  return created;
}

const hook = (targetUrl: string) => ({ restHook: { event: 'party/created', targetUrl } });

describe('the sandbox mounted in Plugboard', () => {
  it('opens /control only to console admins (with CSRF on changes) and to the control token', async () => {
    const app = await startTestPlugboard(await database(), { env: { PLUGBOARD_SANDBOX: 'on' } });
    running.push(app);
    const control = (method: 'GET' | 'PUT', headers: Record<string, string> = {}) =>
      app.server.inject({
        method,
        url: '/sandbox/capsule/control',
        headers: { 'content-type': 'application/json', ...headers },
        ...(method === 'PUT' ? { payload: JSON.stringify({ fail5xx: 1, latencyMs: 86_400_000 }) } : {}),
      });
    expect((await control('GET')).statusCode).toBe(401);
    expect((await control('PUT')).statusCode).toBe(401);
    expect(app.sandbox?.switches.fail5xx).toBe(0);

    await app.services.admins.create('root', 'a long console password');
    const console = new ConsoleSession(app);
    expect((await console.signIn('root', 'a long console password')).status).toBe(200);
    expect((await console.call('GET', '/sandbox/capsule/control')).status).toBe(200);
    const withoutCsrf = await console.call('PUT', '/sandbox/capsule/control', {
      body: { fail5xx: 1 },
      csrf: false,
    });
    expect(withoutCsrf.status).toBe(401);
    expect((await console.call('PUT', '/sandbox/capsule/control', { body: { fail5xx: 0 } })).status).toBe(
      200,
    );

    const token = app.sandbox?.controlToken ?? '';
    expect((await control('GET', { authorization: `Bearer ${token}` })).statusCode).toBe(200);
  });

  it('delivers REST hooks only to loopback or its own webhook URLs in development', async () => {
    const app = await startLivePlugboard(await database());
    running.push(app);
    const sandbox = `${app.baseUrl}/sandbox/capsule`;
    const { access_token: token } = await sandboxTokens(sandbox, app.config.callbackUrl);
    const create = (targetUrl: string) =>
      sendCall({ baseUrl: sandbox }, 'POST', '/api/v2/resthooks', { body: hook(targetUrl) }, token);
    expect((await create(`${app.baseUrl}/webhooks/abc`)).status).toBe(201);
    expect((await create('http://127.0.0.1:9/anything')).status).toBe(201);
    for (const refused of ['http://169.254.169.254/latest', 'http://10.0.0.5/', 'https://example.com/hook']) {
      expect((await create(refused)).status).toBe(422);
    }
  });

  it('on a public service domain: off by default, and a warning at start when turned on', async () => {
    const publicUrl = 'https://connect.example.com';
    const off = await startTestPlugboard(await database(), {
      env: { PLUGBOARD_PUBLIC_URL: publicUrl },
    });
    running.push(off);
    expect(off.sandbox).toBeNull();

    const on = await startTestPlugboard(await database(), {
      env: { PLUGBOARD_PUBLIC_URL: publicUrl, PLUGBOARD_SANDBOX: 'on' },
    });
    running.push(on);
    expect(on.logs.text).toMatch(/The Capsule sandbox is mounted on a public service domain/);
    const grant = await on.server.inject({
      method: 'POST',
      url: '/sandbox/capsule/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials',
    });
    expect(grant.statusCode).toBeGreaterThanOrEqual(400);
  });

  it('keeps its grants and control token across a restart, in an owner-only file next to the database', async () => {
    const db = await database();
    const first = await startLivePlugboard(db);
    const sandbox = () => `${first.baseUrl}/sandbox/capsule`;
    const tokens = await sandboxTokens(sandbox(), first.config.callbackUrl);
    const controlToken = first.sandbox?.controlToken;
    await first.close();

    const file = join(dirname(db.url.slice('sqlite:'.length)), 'sandbox-capsule.json');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toContain(tokens.access_token);
    expect(readFileSync(file, 'utf8')).not.toContain(tokens.refresh_token);

    const second = await startLivePlugboard(db);
    running.push(second);
    expect(second.sandbox?.controlToken).toBe(controlToken);
    const base = `${second.baseUrl}/sandbox/capsule`;
    const site = await fetch(`${base}/api/v2/site`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(site.status).toBe(200);
    const refreshed = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
        client_id: 'capsule-sandbox-client',
        client_secret: 'capsule-sandbox-secret',
      }).toString(),
    });
    expect(refreshed.status).toBe(200);
  });
});
