import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../../src/connectors/capsule-v2/index.ts';
import { SESSION_LIFETIME_MS } from '../../src/domain/admin-sessions/admin-session-service.ts';
import { ConsoleSession, setupCodeFromLogs } from '../support/console-session.ts';
import { PartnerClient } from '../support/partner-client.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, type TestPlugboard } from '../support/test-plugboard.ts';

const PASSWORD = 'correct horse battery';

function setCookieLine(response: { headers: Record<string, string | string[] | undefined> }): string {
  const value = response.headers['set-cookie'];
  return (Array.isArray(value) ? value.join('\n') : value) ?? '';
}

for (const kind of testDatabaseKinds()) {
  describe(`console sessions [${kind.kind}]`, () => {
    let database: TestDatabase;
    let app: TestPlugboard;
    let now = Date.parse('2030-01-01T00:00:00Z');
    let setupCode: string;
    const browser = () => new ConsoleSession(app);
    let ada: ConsoleSession;

    beforeAll(async () => {
      database = await kind.create();
      app = await startTestPlugboard(database, { clock: () => now });
      setupCode = setupCodeFromLogs(app.logs.text);
      ada = browser();
    });
    afterAll(async () => {
      await app.close();
      await database.drop();
    });

    it('offers the first-admin setup while no admin exists, and prints a one-time code in the log', async () => {
      const response = await browser().call('GET', '/console-api/session');
      expect(response.status).toBe(200);
      expect(response.json()).toEqual({ SignedIn: false, SetupRequired: true });
      expect(response.headers['cache-control']).toBe('no-store');
      expect(setupCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
      expect(app.logs.text).toContain(`http://plugboard.test/console`);
    });

    it('stores only a hash of the setup code', async () => {
      const rows = await app.database.db.selectFrom('admin_setup_codes').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(setupCode);
      expect(JSON.stringify(rows)).not.toContain(setupCode.replaceAll('-', ''));
    });

    it('refuses a wrong setup code, a form-encoded body and a weak password, creating nobody', async () => {
      const wrong = await browser().setUp('AAAAA-BBBBB-CCCCC-DDDDD', 'ada', PASSWORD);
      expect(wrong.status).toBe(403);
      expect(wrong.json().Message).toContain('setup code is wrong');
      const form = await browser().call('POST', '/console-api/setup', {
        body: `SetupCode=${setupCode}&Username=ada&Password=${encodeURIComponent(PASSWORD)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(form.status).toBe(415);
      const weak = await browser().setUp(setupCode, 'ada', 'short');
      expect(weak.status).toBe(400);
      expect(weak.json().Message).toBe('Password must be at least 10 characters');
      expect(await app.services.admins.exists()).toBe(false);
    });

    it('creates the first admin with the setup code and signs them in with an HttpOnly, SameSite=Strict cookie', async () => {
      const response = await ada.setUp(setupCode.toLowerCase(), 'ada', PASSWORD);
      expect(response.status).toBe(200);
      expect(response.json()).toMatchObject({ SignedIn: true, Username: 'ada', SetupRequired: false });
      const cookie = setCookieLine(response);
      expect(cookie).toMatch(/^pb_console_session=[A-Za-z0-9_-]{43};/);
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Strict');
      expect(cookie).toContain('Path=/');
      expect(cookie).not.toContain('Secure');
      expect(ada.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('accepts the setup code only once', async () => {
      const again = await browser().setUp(setupCode, 'mallory', PASSWORD);
      expect(again.status).toBe(409);
      expect(again.json().Message).toBe('An administrator already exists. Sign in instead.');
      expect(await app.database.db.selectFrom('admin_setup_codes').selectAll().execute()).toEqual([]);
    });

    it('stores sessions by hash only', async () => {
      const rows = await app.database.db.selectFrom('admin_sessions').selectAll().execute();
      const text = JSON.stringify(rows);
      expect(text).not.toContain((ada.cookie ?? '').split('=')[1]);
      expect(text).not.toContain(ada.csrfToken);
    });

    it('says who is signed in and gives the same CSRF token again after a reload', async () => {
      const response = await ada.call('GET', '/console-api/session');
      expect(response.json()).toMatchObject({ SignedIn: true, Username: 'ada', CsrfToken: ada.csrfToken });
    });

    it('lets the session cookie call /v1.0 as an admin, reading without a CSRF token', async () => {
      const response = await ada.call('GET', `/v1.0/connectors/${CAPSULE_V2.id}/setup`);
      expect(response.status).toBe(200);
      expect(response.json().CallbackUrl).toBe('http://plugboard.test/connector/callback');
    });

    it('refuses a state-changing /v1.0 call made with the cookie but without the right CSRF token', async () => {
      const url = `/v1.0/connectors/${CAPSULE_V2.id}/setup`;
      const missing = await ada.call('PUT', url, { body: { ClientId: 'x' }, csrf: false });
      expect(missing.status).toBe(403);
      expect(missing.json().Message).toContain('X-CSRF-Token');
      const wrong = await ada.call('PUT', url, {
        body: { ClientId: 'x' },
        headers: { 'x-csrf-token': 'nope' },
        csrf: false,
      });
      expect(wrong.status).toBe(403);
      const right = await ada.call('PUT', url, { body: { ClientId: 'console-app' } });
      expect(right.status).toBe(200);
      expect(right.json().ClientId).toBe('console-app');
    });

    it("does not accept another session's CSRF token", async () => {
      const bob = browser();
      await app.services.admins.create('bob', PASSWORD);
      expect((await bob.signIn('bob', PASSWORD)).status).toBe(200);
      const response = await ada.call('PUT', `/v1.0/connectors/${CAPSULE_V2.id}/setup`, {
        body: { ClientId: 'x' },
        headers: { 'x-csrf-token': bob.csrfToken ?? '' },
        csrf: false,
      });
      expect(response.status).toBe(403);
    });

    it('leaves bearer-token callers alone: no CSRF token needed', async () => {
      const partner = await PartnerClient.connect(app, 'in-process');
      await partner.authenticate();
      const response = await partner.call('PUT', `/v1.0/connectors/${CAPSULE_V2.id}/setup`, {
        body: { ClientId: 'partner-app' },
      });
      expect(response.status).toBe(200);
    });

    it('answers a bad sign-in with 401 and the Message, and a good one with a new session', async () => {
      const stranger = browser();
      const wrong = await stranger.signIn('ada', 'not the password');
      expect(wrong.status).toBe(401);
      expect(wrong.json()).toEqual({ Message: 'Wrong username or password.' });
      expect(setCookieLine(wrong)).toBe('');
      const unknown = await stranger.signIn('nobody', PASSWORD);
      expect(unknown.status).toBe(401);
      expect(unknown.json()).toEqual({ Message: 'Wrong username or password.' });
      const right = await stranger.signIn('ada', PASSWORD);
      expect(right.status).toBe(200);
      expect(stranger.cookie).not.toBe(ada.cookie);
    });

    it('signs out only with the CSRF token, and the old cookie then stops working', async () => {
      const session = browser();
      await session.signIn('ada', PASSWORD);
      const oldCookie = session.cookie;
      expect((await session.call('DELETE', '/console-api/session', { csrf: false })).status).toBe(403);
      const out = await session.call('DELETE', '/console-api/session');
      expect(out.status).toBe(200);
      expect(setCookieLine(out)).toMatch(/pb_console_session=;/);
      session.cookie = oldCookie;
      const after = await session.call('GET', `/v1.0/connectors/${CAPSULE_V2.id}/setup`);
      expect(after.status).toBe(401);
      expect(after.json().Message).toBe('Your console session has ended. Sign in again.');
      expect((await session.call('GET', '/console-api/session')).json()).toEqual({
        SignedIn: false,
        SetupRequired: false,
      });
    });

    it('ends a session twelve hours after sign-in', async () => {
      const session = browser();
      await session.signIn('ada', PASSWORD);
      now += SESSION_LIFETIME_MS - 1000;
      expect((await session.call('GET', '/v1.0/connectors')).status).toBe(200);
      now += 2000;
      expect((await session.call('GET', '/v1.0/connectors')).status).toBe(401);
      expect((await session.call('GET', '/console-api/session')).json().SignedIn).toBe(false);
    });

    it('does not print a setup code when an admin exists', async () => {
      const second = await startTestPlugboard(database, { clock: () => now });
      try {
        expect(second.logs.text).not.toContain('setup code');
      } finally {
        await second.close();
      }
    });

    it('gives the sandbox presets only to a signed-in admin', async () => {
      expect((await browser().call('GET', '/console-api/sandbox')).status).toBe(401);
      const session = browser();
      await session.signIn('ada', PASSWORD);
      const response = await session.call('GET', '/console-api/sandbox');
      expect(response.status).toBe(200);
      expect(response.json()).toHaveProperty('Enabled');
    });
  });
}

describe('console session cookie over https', () => {
  let database: TestDatabase;
  let app: TestPlugboard;
  beforeAll(async () => {
    database = await (testDatabaseKinds()[0] as { create(): Promise<TestDatabase> }).create();
    app = await startTestPlugboard(database, {
      env: { PLUGBOARD_PUBLIC_URL: 'https://connect.example.com' },
    });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('is Secure and uses the __Host- prefix', async () => {
    const browser = new ConsoleSession(app);
    const response = await browser.setUp(setupCodeFromLogs(app.logs.text), 'ada', PASSWORD);
    expect(response.status).toBe(200);
    const cookie = setCookieLine(response);
    expect(cookie).toMatch(/^__Host-pb_console_session=/);
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Domain=');
    expect((await browser.call('GET', '/console-api/session')).json().Username).toBe('ada');
  });
});

describe('the console with the Capsule sandbox on', () => {
  let database: TestDatabase;
  let app: TestPlugboard;
  beforeAll(async () => {
    database = await (testDatabaseKinds()[0] as { create(): Promise<TestDatabase> }).create();
    app = await startTestPlugboard(database, {
      env: { PLUGBOARD_SANDBOX: 'on', PLUGBOARD_PUBLIC_URL: 'http://localhost:3000' },
    });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it("offers the sandbox's seeded app as a Capsule v2 setup", async () => {
    const browser = new ConsoleSession(app);
    await browser.setUp(setupCodeFromLogs(app.logs.text), 'ada', PASSWORD);
    const response = await browser.call('GET', '/console-api/sandbox');
    expect(response.json()).toEqual({
      Enabled: true,
      Presets: [
        {
          ConnectorName: 'Capsule',
          ConnectorVersion: 'v2',
          ClientId: 'capsule-sandbox-client',
          ClientSecret: 'capsule-sandbox-secret',
          AuthoriseUrl: 'http://localhost:3000/sandbox/capsule/oauth/authorise?scope=read+write',
          AccessTokenUrl: 'http://localhost:3000/sandbox/capsule/oauth/token',
          ApiBaseUrl: 'http://localhost:3000/sandbox/capsule/api/v2',
          Scopes: null,
        },
      ],
    });
    const setup = await browser.call('PUT', '/v1.0/connectors/5801/setup', {
      body: {
        ...response.json<{ Presets: Record<string, unknown>[] }>().Presets[0],
        ConnectorName: undefined,
      },
    });
    expect(setup.status).toBe(200);
    expect(setup.json()).toMatchObject({ ClientId: 'capsule-sandbox-client', HasClientSecret: true });
  });
});
