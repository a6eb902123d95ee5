import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../../src/connectors/capsule-v2/index.ts';
import type { ConnectorDefinition } from '../../src/connectors/connector-definition.ts';
import {
  json,
  readBody,
  type ScriptedProvider,
  startScriptedProvider,
} from '../../src/runtime/test-support/scripted-provider.ts';
import type { SandboxStats } from '../../src/sandbox/capsule/index.ts';
import { FIXTURE_CONNECTOR, TEST_CONNECTORS } from '../support/fixture-connectors.ts';
import { type LivePlugboard, startLivePlugboard } from '../support/live-plugboard.ts';
import { PartnerClient } from '../support/partner-client.ts';
import { type RawResponse, rawRequest } from '../support/raw-http.ts';
import { insertAccount } from '../support/raw-rows.ts';
import { SANDBOX_CLIENT, sandboxTokens, setUpCapsuleAgainstSandbox } from '../support/sandbox-consent.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';

const ACCOUNT = 'acme';
const OTHER_ACCOUNT = 'globex';

interface Installed {
  readonly id: number;
  readonly accessToken: string;
  readonly refreshToken: string;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const idOf = (party: { id: number }) => party.id;

/** The `Link` header's targets by relation (`next`, `prev`…). */
function linksOf(response: RawResponse): Record<string, string> {
  const links: Record<string, string> = {};
  const header = response.headers.link;
  const text = Array.isArray(header) ? header.join(', ') : (header ?? '');
  for (const match of text.matchAll(/<([^>]*)>;\s*rel="([^"]+)"/g)) links[match[2] ?? ''] = match[1] ?? '';
  return links;
}

for (const kind of testDatabaseKinds()) {
  describe(`the proxy over HTTP [${kind.kind}]`, () => {
    let database: TestDatabase;
    let app: LivePlugboard;
    let partner: PartnerClient;
    /** The Fixture connector's API: a plain local server that shows exactly what arrives. */
    let upstream: ScriptedProvider;
    /** "Another host": nothing may ever reach it. */
    let elsewhere: ScriptedProvider;
    let capsule: Installed;
    let fixture: Installed;
    const sandbox = () => `${app.baseUrl}/sandbox/capsule`;
    const stats = (): SandboxStats => {
      if (!app.sandbox) throw new Error('the sandbox is not mounted');
      return { ...app.sandbox.stats };
    };

    async function install(
      definition: ConnectorDefinition,
      name: string,
      account = ACCOUNT,
      authenticated = true,
    ): Promise<Installed> {
      const tokens = authenticated ? await sandboxTokens(sandbox(), app.config.callbackUrl) : undefined;
      const response = await partner.call('POST', `/v1.0/connectors/${definition.id}/install`, {
        account,
        body: {
          Name: name,
          ...(tokens
            ? {
                AuthValue: JSON.stringify({
                  AccessToken: tokens.access_token,
                  RefreshToken: tokens.refresh_token,
                  Expires: new Date(Date.now() + tokens.expires_in * 1000).toISOString(),
                }),
              }
            : {}),
        },
      });
      expect(response.status, response.text).toBe(200);
      return {
        id: response.json().Id,
        accessToken: tokens?.access_token ?? '',
        refreshToken: tokens?.refresh_token ?? '',
      };
    }

    /** A request through `…/account/connectors/{id}/proxy/{path}`, the path sent byte for byte. */
    function proxy(
      id: number,
      method: string,
      path: string,
      options: { headers?: Record<string, string>; body?: Buffer | string; account?: string } = {},
    ): Promise<RawResponse> {
      return rawRequest(app.baseUrl, {
        method,
        path: `/v1.0/account/connectors/${id}/proxy/${path}`,
        headers: {
          authorization: `Bearer ${partner.token}`,
          'x-cyclr-account': options.account ?? ACCOUNT,
          ...options.headers,
        },
        ...(options.body === undefined ? {} : { body: options.body }),
      });
    }

    const sendJson = (id: number, method: string, path: string, body: unknown) =>
      proxy(id, method, path, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    beforeAll(async () => {
      database = await kind.create();
      upstream = await startScriptedProvider();
      elsewhere = await startScriptedProvider();
      app = await startLivePlugboard(database, { connectors: TEST_CONNECTORS });
      partner = await PartnerClient.connect(app, 'HTTP');
      await partner.authenticate();
      await insertAccount(app, ACCOUNT);
      await insertAccount(app, OTHER_ACCOUNT);
      await setUpCapsuleAgainstSandbox(app.services.connectorSetups, sandbox());
      // The Fixture connector gets its tokens from the sandbox but calls the local upstream.
      await app.services.connectorSetups.update(FIXTURE_CONNECTOR, {
        clientId: SANDBOX_CLIENT.clientId,
        clientSecret: SANDBOX_CLIENT.clientSecret,
        authoriseUrl: `${sandbox()}/oauth/authorise`,
        accessTokenUrl: `${sandbox()}/oauth/token`,
        apiBaseUrl: `${upstream.origin}/api/v2`,
      });
      capsule = await install(CAPSULE_V2, 'Capsule');
      fixture = await install(FIXTURE_CONNECTOR, 'Fixture');
    });
    afterEach(() => {
      expect(elsewhere.arrived, 'a request reached another host').toEqual([]);
    });
    afterAll(async () => {
      await app?.close();
      await upstream?.close();
      await elsewhere?.close();
      await database?.drop();
    });

    it("passes a GET through to Capsule and returns Capsule's status, headers and body", async () => {
      const response = await proxy(capsule.id, 'GET', 'parties?perPage=2&embed=tags');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toContain('application/json');
      expect(response.headers['provider-x-ratelimit-limit']).toBe('4000');
      expect(response.headers.link).toContain('rel="next"');
      const { parties } = response.json();
      expect(parties).toHaveLength(2);
      expect(parties.every((p: { tags?: unknown }) => Array.isArray(p.tags))).toBe(true);
    });

    it("points Capsule's Link at this proxy, so rel=next walks every party through Plugboard", async () => {
      const proxyPath = `/v1.0/account/connectors/${capsule.id}/proxy/`;
      const everyId = (await proxy(capsule.id, 'GET', 'parties?perPage=100')).json().parties.map(idOf);
      expect(everyId.length).toBeGreaterThan(20);
      expect(everyId.length).toBeLessThan(100);

      const walked: number[] = [];
      let response = await proxy(capsule.id, 'GET', 'parties?perPage=10&embed=tags');
      let pages = 1;
      for (;;) {
        expect(response.status).toBe(200);
        walked.push(...response.json().parties.map(idOf));
        const links = linksOf(response);
        for (const target of Object.values(links))
          expect(target.startsWith(`${app.baseUrl}${proxyPath}parties?`)).toBe(true);
        if (pages > 1) expect(new URL(links.prev ?? '').searchParams.get('page')).toBe(String(pages - 1));
        if (links.next === undefined) break;
        expect(new URL(links.next).searchParams.get('embed')).toBe('tags');
        const next = new URL(links.next);
        response = await proxy(capsule.id, 'GET', `${next.pathname.slice(proxyPath.length)}${next.search}`);
        pages++;
      }
      expect(walked).toEqual(everyId);
      expect(pages).toBe(Math.ceil(everyId.length / 10));
    });

    it("keeps Capsule's rate-limit headers apart from Plugboard's own", async () => {
      const response = await proxy(capsule.id, 'GET', 'parties?perPage=1');
      expect(response.headers['provider-x-ratelimit-limit']).toBe('4000');
      expect(Number(response.headers['provider-x-ratelimit-remaining'])).toBeLessThan(4000);
      expect(Number(response.headers['provider-x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
      // Plugboard's own: the API client's limit, as on every /v1.0 answer.
      const own = await partner.call('GET', '/v1.0/account/connectors', { account: ACCOUNT });
      expect(own.headers['x-ratelimit-limit']).toBe(String(app.config.apiRateLimitPerMinute));
      expect(response.headers['x-ratelimit-limit']).toBe(own.headers['x-ratelimit-limit']);
      expect(Number(response.headers['x-ratelimit-remaining'])).toBeLessThan(
        app.config.apiRateLimitPerMinute,
      );
    });

    it('rewrites relative and repeated Link headers under the API base, and leaves other links pointing where they did', async () => {
      upstream.handle((_, res) => {
        res.writeHead(200, {
          'content-type': 'application/json',
          link: [
            '</api/v2/things?cursor=a%2Cb&size=2>; rel="next"; title="more, please"',
            '<https://elsewhere.example/docs>; rel="help", <../../outside>; rel=up',
          ],
          'x-ratelimit-remaining': '7',
        });
        res.end('{"things":[]}');
      });
      const response = await proxy(fixture.id, 'GET', 'things/1');
      expect(response.status).toBe(200);
      const proxyBase = `${app.baseUrl}/v1.0/account/connectors/${fixture.id}/proxy/`;
      expect(response.headers.link).toBe(
        [
          `<${proxyBase}things?cursor=a%2Cb&size=2>; rel="next"; title="more, please"`,
          `<https://elsewhere.example/docs>; rel="help", <${upstream.origin}/api/outside>; rel=up`,
        ].join(', '),
      );
      expect(response.headers['provider-x-ratelimit-remaining']).toBe('7');
      expect(response.headers['x-ratelimit-remaining']).not.toBe('7');
    });

    it('passes POST, PUT and DELETE through, with the statuses Capsule chose', async () => {
      const created = await sendJson(capsule.id, 'POST', 'parties', {
        party: { type: 'person', firstName: 'Ada', lastName: 'Proxy' },
      });
      expect(created.status).toBe(201);
      const { id } = created.json().party;
      expect(created.headers.location).toBe(`${sandbox()}/api/v2/parties/${id}`);

      const updated = await sendJson(capsule.id, 'PUT', `parties/${id}`, { party: { jobTitle: 'Countess' } });
      expect(updated.status).toBe(200);
      expect(updated.json().party).toMatchObject({ id, firstName: 'Ada', jobTitle: 'Countess' });

      const deleted = await proxy(capsule.id, 'DELETE', `parties/${id}`);
      expect(deleted.status).toBe(204);
      expect(deleted.body).toHaveLength(0);

      const gone = await proxy(capsule.id, 'GET', `parties/${id}`);
      expect(gone.status).toBe(404);
      expect(gone.json()).toEqual({ message: 'Could not find resource' });
    });

    it("sends only the account connector's token upstream, never the partner's credentials", async () => {
      upstream.handle((_, res) =>
        json(res, 418, { brewed: true }, { 'x-upstream': 'yes', 'set-cookie': 'session=upstream' }),
      );
      const before = upstream.arrived.length;
      const response = await proxy(fixture.id, 'GET', 'things/1?x=1', {
        headers: { cookie: 'plugboard=1', accept: 'application/json', 'if-none-match': '"v1"' },
      });
      expect(response.status).toBe(418);
      expect(response.json()).toEqual({ brewed: true });
      expect(response.headers['x-upstream']).toBe('yes');
      expect(response.headers['set-cookie']).toBeUndefined();
      const [arrived] = upstream.arrived.slice(before);
      expect(arrived?.url).toBe('/api/v2/things/1?x=1');
      expect(arrived?.headers.authorization).toBe(`Bearer ${fixture.accessToken}`);
      expect(arrived?.headers['if-none-match']).toBe('"v1"');
      expect(arrived?.headers).not.toHaveProperty('cookie');
      expect(arrived?.headers).not.toHaveProperty('x-cyclr-account');
    });

    it('streams a multi-megabyte body through intact, both ways', async () => {
      upstream.handle(async (req, res) => {
        const body = await readBody(req);
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-received-sha256': sha256(body) });
        res.end(body);
      });
      const payload = randomBytes(6 * 1024 * 1024 + 123);
      const response = await proxy(fixture.id, 'POST', 'attachments/upload', {
        headers: { 'content-type': 'application/octet-stream', 'x-attachment-filename': 'big.bin' },
        body: payload,
      });
      expect(response.status).toBe(200);
      expect(response.headers['x-received-sha256']).toBe(sha256(payload));
      expect(response.body.length).toBe(payload.length);
      expect(sha256(response.body)).toBe(sha256(payload));
      const arrived = upstream.arrived.at(-1);
      expect(arrived?.headers['x-attachment-filename']).toBe('big.bin');
      expect(arrived?.headers['content-length']).toBe(String(payload.length));
    });

    describe('refuses paths that could leave the API base URL, before any request', () => {
      const attacks: [string, string][] = [
        ['//evil.example/x', 'a protocol-relative host'],
        ['/evil.example/x', 'an empty first segment (…/proxy//evil.example/x)'],
        ['@evil.example', 'a user-info host'],
        ['%2F%2Fevil.example', 'encoded slashes'],
        ['..%2F..%2Foauth%2Ftoken', 'encoded slashes after dot segments'],
        ['/%2e%2e/oauth/token', 'encoded dots after an empty segment'],
        ['%2e%2e/%2e%2e/oauth/token', 'encoded dot segments'],
        ['../../oauth/token', 'raw dot segments'],
        ['parties/../../../oauth/token', 'dot segments after a real segment'],
        ['http://127.0.0.1:{elsewhere}/steal', 'an absolute URL to another local server'],
        ['http:%2F%2F127.0.0.1:{elsewhere}/steal', 'an absolute URL with encoded slashes'],
        ['\\\\127.0.0.1:{elsewhere}\\steal', 'backslashes'],
        ['parties\\..\\..\\oauth\\token', 'backslash dot segments'],
      ];
      it.each(attacks)('answers 400 for %j (%s)', async (attack) => {
        const port = new URL(elsewhere.origin).port;
        const path = attack.replaceAll('{elsewhere}', port);
        const before = stats();
        const upstreamBefore = upstream.arrived.length;
        for (const id of [capsule.id, fixture.id]) {
          const response = await proxy(id, 'GET', path);
          expect(response.status, `${path}: ${response.body}`).toBe(400);
          expect(response.headers['plugboard-error-code']).toBe('invalid_parameter');
          expect(Object.keys(response.json())).toEqual(['Message']);
        }
        expect(stats().apiRequests).toBe(before.apiRequests);
        expect(stats().tokenRequests).toBe(before.tokenRequests);
        expect(upstream.arrived.length).toBe(upstreamBefore);
      });
    });

    it('returns an upstream redirect to another host as it is, without following it', async () => {
      upstream.handle((_, res) => {
        res.writeHead(302, { location: `${elsewhere.origin}/steal` });
        res.end();
      });
      const before = upstream.arrived.length;
      const response = await proxy(fixture.id, 'GET', 'parties/1');
      expect(response.status).toBe(302);
      expect(response.headers.location).toBe(`${elsewhere.origin}/steal`);
      expect(upstream.arrived.length - before).toBe(1);
      // Give a follow-up request every chance to arrive: the afterEach hook checks nothing did.
      await new Promise((resolve) => setTimeout(resolve, 50));
    });

    it('refreshes once after a 401 from Capsule, sends the request again and goes on with the new token', async () => {
      const own = await install(CAPSULE_V2, 'Revoked access token');
      await revoke(own.accessToken);
      const before = stats();
      const response = await proxy(own.id, 'GET', 'parties?perPage=1');
      expect(response.status).toBe(200);
      const after = stats();
      expect(after.apiUnauthorized - before.apiUnauthorized).toBe(1);
      expect(after.refreshGrants - before.refreshGrants).toBe(1);
      expect(after.apiRequests - before.apiRequests).toBe(2);

      const again = await proxy(own.id, 'GET', 'parties?perPage=1');
      expect(again.status).toBe(200);
      expect(stats().refreshGrants).toBe(after.refreshGrants);
      expect(stats().apiRequests - after.apiRequests).toBe(1);
    });

    it('refreshes once after a 401 on a streamed body and asks the partner to send it again', async () => {
      const own = await install(CAPSULE_V2, 'Revoked before a POST');
      await revoke(own.accessToken);
      const before = stats();
      const body = { party: { type: 'organisation', name: `Resent ${Date.now()}` } };
      const refused = await sendJson(own.id, 'POST', 'parties', body);
      expect(refused.status).toBe(503);
      expect(refused.json().Message).toContain('send the request again');
      expect(stats().refreshGrants - before.refreshGrants).toBe(1);
      expect(stats().apiRequests - before.apiRequests).toBe(1);
      const resent = await sendJson(own.id, 'POST', 'parties', body);
      expect(resent.status).toBe(201);
      expect(stats().refreshGrants - before.refreshGrants).toBe(1);
    });

    it('stops after one refresh when the upstream keeps answering 401, and needs re-authentication', async () => {
      const own = await install(FIXTURE_CONNECTOR, 'Always refused');
      upstream.handle((_, res) => json(res, 401, { message: 'The access token is invalid' }));
      const before = stats();
      const upstreamBefore = upstream.arrived.length;
      const response = await proxy(own.id, 'GET', 'parties');
      expect(response.status).toBe(401);
      expect(response.headers['plugboard-error-code']).toBe('needs_reauthentication');
      expect(upstream.arrived.length - upstreamBefore).toBe(2);
      expect(stats().refreshGrants - before.refreshGrants).toBe(1);
      const tokens = upstream.arrived.slice(upstreamBefore).map((r) => r.headers.authorization);
      expect(tokens[0]).toBe(`Bearer ${own.accessToken}`);
      expect(tokens[1]).not.toBe(tokens[0]);

      const view = await partner.call('GET', `/v1.0/account/connectors/${own.id}`, { account: ACCOUNT });
      expect(view.json().AuthStatus).toBe('NeedsReauthentication');
      const later = await proxy(own.id, 'GET', 'parties');
      expect(later.status).toBe(401);
      expect(later.json().Message).toContain('needs to be authenticated again');
      expect(upstream.arrived.length - upstreamBefore).toBe(2);
      expect(stats().refreshGrants - before.refreshGrants).toBe(1);
    });

    it('tries no more than one refresh when Capsule has revoked the whole grant', async () => {
      const own = await install(CAPSULE_V2, 'Revoked grant');
      await revoke(own.refreshToken);
      const before = stats();
      const response = await proxy(own.id, 'GET', 'parties');
      expect(response.status).toBe(401);
      const after = stats();
      expect(after.apiRequests - before.apiRequests).toBe(1);
      expect(after.refreshGrants - before.refreshGrants).toBe(1);
      expect(after.refreshGrantsRejected - before.refreshGrantsRejected).toBe(1);
      const view = await partner.call('GET', `/v1.0/account/connectors/${own.id}`, { account: ACCOUNT });
      expect(view.json().AuthStatus).toBe('NeedsReauthentication');
    });

    it("answers 404 for another account's connector id, without calling Capsule", async () => {
      const theirs = await install(CAPSULE_V2, 'Theirs', OTHER_ACCOUNT);
      const before = stats();
      const response = await proxy(theirs.id, 'GET', 'parties');
      expect(response.status).toBe(404);
      expect(response.headers['plugboard-error-code']).toBe('not_found');
      const owner = await proxy(theirs.id, 'GET', 'parties?perPage=1', { account: OTHER_ACCOUNT });
      expect(owner.status).toBe(200);
      expect(stats().apiRequests - before.apiRequests).toBe(1);
    });

    it('answers 409 for an account connector that is not authenticated yet', async () => {
      const pending = await install(CAPSULE_V2, 'Pending', ACCOUNT, false);
      const before = stats();
      const response = await proxy(pending.id, 'GET', 'parties');
      expect(response.status).toBe(409);
      expect(response.json().Message).toContain('/UpdateAccountConnectorOAuth');
      expect(stats().apiRequests).toBe(before.apiRequests);
    });

    async function revoke(token: string): Promise<void> {
      const response = await fetch(`${sandbox()}/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
      });
      expect(response.status).toBe(200);
    }
  });
}
