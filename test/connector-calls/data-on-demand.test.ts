import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../../src/connectors/capsule-v2/index.ts';
import { ConsoleSession } from '../support/console-session.ts';
import { type LivePlugboard, startLivePlugboard } from '../support/live-plugboard.ts';
import { PartnerClient } from '../support/partner-client.ts';
import { insertAccount } from '../support/raw-rows.ts';
import { sandboxTokens, setUpCapsuleAgainstSandbox } from '../support/sandbox-consent.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';

const LIST_PARTIES = '6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a01';
const GET_PARTY = '6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a02';
const CREATE_PERSON = '6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a05';
const DELETE_PARTY = 'aae01022-c4fc-4225-9bee-9360a4f31c6e';

for (const kind of testDatabaseKinds()) {
  describe(`data on demand against the sandbox [${kind.kind}]`, () => {
    let database: TestDatabase;
    let app: LivePlugboard;
    let partner: PartnerClient;
    let connectorId: number;
    const account = 'acme';
    const sandbox = () => `${app.baseUrl}/sandbox/capsule`;
    const call = (method: string, body?: unknown) =>
      partner.call('POST', `/v1.0/account/connectors/${connectorId}/methods/${method}`, {
        account,
        body: body ?? {},
      });

    async function installAuthenticated(name: string): Promise<number> {
      const tokens = await sandboxTokens(sandbox(), app.config.callbackUrl);
      const authValue = JSON.stringify({
        AccessToken: tokens.access_token,
        RefreshToken: tokens.refresh_token,
        Expires: new Date(Date.now() + tokens.expires_in * 1000).toISOString(),
      });
      const installed = await partner.call('POST', '/v1.0/connectors/Capsule/v2/install', {
        account,
        body: { Name: name, AuthValue: authValue },
      });
      return installed.json().Id;
    }

    beforeAll(async () => {
      database = await kind.create();
      app = await startLivePlugboard(database);
      partner = await PartnerClient.connect(app, 'HTTP');
      await partner.authenticate();
      await insertAccount(app, account);
      await setUpCapsuleAgainstSandbox(app.services.connectorSetups, sandbox());
      connectorId = await installAuthenticated('Capsule');
    });
    afterAll(async () => {
      await app.close();
      await database.drop();
    });

    it("lists parties, Capsule's body passed through", async () => {
      const response = await call(LIST_PARTIES, { Parameters: { perPage: 5 } });
      expect(response.status).toBe(200);
      expect(response.json().parties).toHaveLength(5);
      expect(response.headers['plugboard-has-more']).toBe('true');
    });

    it('follows Link rel=next up to the number of pages asked for', async () => {
      const response = await call(LIST_PARTIES, { Parameters: { perPage: 10 }, MaxPages: 3 });
      expect(response.json().parties).toHaveLength(30);
      expect(response.headers['plugboard-pages-fetched']).toBe('3');
      expect(response.headers['plugboard-next-page']).toBe('4');
      const ids = response.json().parties.map((p: { id: number }) => p.id);
      expect(new Set(ids).size).toBe(30);
    });

    it('names the next page as the page parameter to pass back, so a partner walks the whole list', async () => {
      const all = await call(LIST_PARTIES, { Parameters: { perPage: 100 }, MaxPages: 50 });
      expect(all.headers['plugboard-has-more']).toBe('false');
      const everyId = all.json().parties.map((p: { id: number }) => p.id);
      expect(everyId.length).toBeGreaterThan(14);
      expect(everyId.length).toBeLessThan(100);

      const walked: number[] = [];
      const asked: string[] = [];
      let page: string | undefined = '1';
      while (page !== undefined) {
        asked.push(page);
        const response = await call(LIST_PARTIES, { Parameters: { perPage: 7, page }, MaxPages: 2 });
        expect(response.status).toBe(200);
        walked.push(...response.json().parties.map((p: { id: number }) => p.id));
        page = response.headers['plugboard-next-page'];
        expect(response.headers['plugboard-has-more']).toBe(String(page !== undefined));
        if (page !== undefined) expect(page).not.toMatch(/\D/);
      }
      expect(walked).toEqual(everyId);
      expect(asked.length).toBe(Math.ceil(everyId.length / 14));

      // The same walk by GET, the page in the query.
      const first = await partner.call(
        'GET',
        `/v1.0/account/connectors/${connectorId}/methods/${LIST_PARTIES}?perPage=5`,
        { account },
      );
      const next = first.headers['plugboard-next-page'];
      expect(next).toBe('2');
      const second = await partner.call(
        'GET',
        `/v1.0/account/connectors/${connectorId}/methods/${LIST_PARTIES}?perPage=5&page=${next}`,
        { account },
      );
      expect(second.json().parties.map((p: { id: number }) => p.id)).toEqual(everyId.slice(5, 10));
      expect(second.headers['plugboard-next-page']).toBe('3');
    });

    it("returns Capsule's rate-limit headers as Provider-X-RateLimit-*, beside Plugboard's own", async () => {
      const response = await call(LIST_PARTIES, { Parameters: { perPage: 1 } });
      expect(response.headers['provider-x-ratelimit-limit']).toBe('4000');
      expect(Number(response.headers['provider-x-ratelimit-remaining'])).toBeLessThan(4000);
      // Plugboard's own: the API client's limit, as on every /v1.0 answer.
      expect(response.headers['x-ratelimit-limit']).toBe(String(app.config.apiRateLimitPerMinute));
      expect(app.config.apiRateLimitPerMinute).not.toBe(4000);
    });

    it('takes parameters in the query on GET', async () => {
      const response = await partner.call(
        'GET',
        `/v1.0/account/connectors/${connectorId}/methods/${LIST_PARTIES}?perPage=2`,
        { account },
      );
      expect(response.json().parties).toHaveLength(2);
    });

    it('runs only methods that read on GET, for a bearer token and for a console cookie without CSRF', async () => {
      const created = await call(CREATE_PERSON, { Fields: { type: 'person', firstName: 'Kept' } });
      const partyId = created.json().party.id;
      const before = app.sandbox?.stats.apiRequests;
      const deleted = await partner.call(
        'GET',
        `/v1.0/account/connectors/${connectorId}/methods/${DELETE_PARTY}?id=${partyId}`,
        { account },
      );
      expect(deleted.status).toBe(405);
      expect(deleted.json().Message).toBe(
        "Method 'Delete Party' sends DELETE to Capsule; call it with POST. A GET runs only methods that read.",
      );
      const create = await partner.call(
        'GET',
        `/v1.0/account/connectors/${connectorId}/methods/${CREATE_PERSON}?type=person`,
        { account },
      );
      expect(create.status).toBe(405);
      await app.services.admins.create('root', 'a long console password');
      const console = new ConsoleSession(app);
      expect((await console.signIn('root', 'a long console password')).status).toBe(200);
      const viaCookie = await console.call(
        'GET',
        `/v1.0/account/connectors/${connectorId}/methods/${DELETE_PARTY}?id=${partyId}`,
        { account },
      );
      expect(viaCookie.status).toBe(405);
      expect(app.sandbox?.stats.apiRequests).toBe(before);
      expect((await call(GET_PARTY, { Parameters: { id: partyId } })).status).toBe(200);
    });

    it('creates a person from Fields, wrapped as Capsule expects, and reads it back', async () => {
      const created = await call(CREATE_PERSON, {
        Fields: {
          type: 'person',
          firstName: 'Ada',
          lastName: 'Lovelace',
          emailAddresses: [{ address: 'ada@example.com' }],
        },
      });
      expect(created.status).toBe(201);
      const party = created.json().party;
      expect(party).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', type: 'person' });
      const fetched = await call(GET_PARTY, { Parameters: { id: party.id } });
      expect(fetched.json().party.emailAddresses[0].address).toBe('ada@example.com');
    });

    it("maps Capsule's 404 to 404 and 422 to 422 with Capsule's errors", async () => {
      const missing = await call(GET_PARTY, { Parameters: { id: 99999999 } });
      expect(missing.status).toBe(404);
      expect(missing.json().Message).toBeTruthy();
      const invalid = await call(CREATE_PERSON, { Fields: { type: 'person' } });
      expect(invalid.status).toBe(422);
      expect(invalid.json().Errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ resource: 'party' })]),
      );
    });

    it('names a missing, unknown or badly typed parameter in a 400, before calling Capsule', async () => {
      expect((await call(GET_PARTY, {})).json()).toEqual({ Message: expect.stringContaining("'id'") });
      const unknown = await call(LIST_PARTIES, { Parameters: { colour: 'blue' } });
      expect(unknown.status).toBe(400);
      expect(unknown.json().Message).toContain("'colour'");
      const badType = await call(LIST_PARTIES, { Parameters: { perPage: 'lots' } });
      expect(badType.status).toBe(400);
      expect(badType.json().Message).toContain('perPage');
    });

    it('answers 404 for an unknown numeric method, 400 for a malformed GUID, 404 for an unknown account connector', async () => {
      expect((await call('123')).status).toBe(404);
      expect((await call('not-a-guid')).status).toBe(400);
      const other = await partner.call('POST', `/v1.0/account/connectors/99999/methods/${LIST_PARTIES}`, {
        account,
        body: {},
      });
      expect(other.status).toBe(404);
    });

    it('refuses an unauthenticated account connector with 409 after checking the input', async () => {
      const installed = await partner.call('POST', '/v1.0/connectors/Capsule/v2/install', {
        account,
        body: { Name: 'Not yet' },
      });
      const id = installed.json().Id;
      const bad = await partner.call('POST', `/v1.0/account/connectors/${id}/methods/${LIST_PARTIES}`, {
        account,
        body: { Parameters: { x: 1 } },
      });
      expect(bad.status).toBe(400);
      const response = await partner.call('POST', `/v1.0/account/connectors/${id}/methods/${LIST_PARTIES}`, {
        account,
        body: {},
      });
      expect(response.status).toBe(409);
      expect(response.json().Message).toContain('/UpdateAccountConnectorOAuth');
    });

    it('refreshes an expired access token once and goes on', async () => {
      const id = await installAuthenticated('Expiring');
      await app.database.db
        .updateTable('account_connectors')
        .set({ token_expires_at: Date.now() - 1000 })
        .where('id', '=', id)
        .execute();
      const before = app.sandbox?.stats.refreshGrants ?? 0;
      const response = await partner.call('POST', `/v1.0/account/connectors/${id}/methods/${LIST_PARTIES}`, {
        account,
        body: {},
      });
      expect(response.status).toBe(200);
      expect((app.sandbox?.stats.refreshGrants ?? 0) - before).toBe(1);
      const after = (await partner.call('GET', `/v1.0/account/connectors/${id}`, { account })).json();
      expect(after.AuthStatus).toBe('Authenticated');
      expect(after.LastRefreshedAtUtc).not.toBeNull();
    });

    it('a 401 that survives a refresh answers 401 and marks the connector NeedsReauthentication', async () => {
      const id = await installAuthenticated('Refused');
      const stored = await app.stores.connectorCredentials.readCredentials(id);
      await fetch(`${sandbox()}/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token: stored?.credentials.accessToken ?? '',
          token_type_hint: 'access_token',
        }).toString(),
      });
      const switches = app.sandbox?.switches as NonNullable<LivePlugboard['sandbox']>['switches'];
      // Every access token Capsule issues from now on is already expired: the refreshed one is refused too.
      switches.accessTokenTtlSeconds = 0;
      const before = app.sandbox?.stats.refreshGrants ?? 0;
      try {
        const response = await partner.call(
          'POST',
          `/v1.0/account/connectors/${id}/methods/${LIST_PARTIES}`,
          { account, body: {} },
        );
        expect(response.status).toBe(401);
        expect(response.headers['plugboard-error-code']).toBe('needs_reauthentication');
      } finally {
        switches.accessTokenTtlSeconds = 604_799;
      }
      expect((app.sandbox?.stats.refreshGrants ?? 0) - before).toBe(1);
      const shown = (await partner.call('GET', `/v1.0/account/connectors/${id}`, { account })).json();
      expect(shown).toMatchObject({ AuthStatus: 'NeedsReauthentication', Authenticated: false });
    });

    it('spends the budget and then answers 429 with Retry-After instead of calling Capsule', async () => {
      await app.services.connectorSetups.update(CAPSULE_V2, { requestsPerHour: 2 });
      const id = await installAuthenticated('Budgeted');
      const path = `/v1.0/account/connectors/${id}/methods/${LIST_PARTIES}`;
      expect((await partner.call('POST', path, { account, body: {} })).status).toBe(200);
      expect((await partner.call('POST', path, { account, body: {} })).status).toBe(200);
      const before = app.sandbox?.stats.apiRequests ?? 0;
      const limited = await partner.call('POST', path, { account, body: {} });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(app.sandbox?.stats.apiRequests).toBe(before);
      await app.services.connectorSetups.update(CAPSULE_V2, { requestsPerHour: null });
    });
  });
}
