import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../../src/connectors/capsule-v2/index.ts';
import { TokenEndpointError } from '../../src/domain/account-connectors/provider-token-client.ts';
import { TokenRefresher } from '../../src/domain/token-refresh/token-refresher.ts';
import { Oauth4webapiTokenClient } from '../../src/provider-oauth/oauth4webapi-token-client.ts';
import { type LivePlugboard, startLivePlugboard } from '../support/live-plugboard.ts';
import { PartnerClient } from '../support/partner-client.ts';
import { insertAccount } from '../support/raw-rows.ts';
import { installWithSandboxTokens, setUpCapsuleAgainstSandbox } from '../support/sandbox-consent.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';

const LIST_PARTIES = '6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a01';

for (const kind of testDatabaseKinds()) {
  describe(`token refresh reliability [${kind.kind}]`, () => {
    let database: TestDatabase;
    let app: LivePlugboard;
    let partner: PartnerClient;
    const account = 'acme';
    const sandbox = () => app.sandbox as NonNullable<LivePlugboard['sandbox']>;
    const sandboxBase = () => `${app.baseUrl}/sandbox/capsule`;
    const install = (name: string, expiresAt = Date.now() - 1000) =>
      installWithSandboxTokens(partner, sandboxBase(), app.config.callbackUrl, account, name, expiresAt);
    const listParties = (id: number) =>
      partner.call('POST', `/v1.0/account/connectors/${id}/methods/${LIST_PARTIES}`, {
        account,
        body: { Parameters: { perPage: 1 } },
      });
    const refreshGrants = () => sandbox().stats.refreshGrants;
    const row = (id: number) =>
      app.database.db
        .selectFrom('account_connectors')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

    beforeAll(async () => {
      database = await kind.create();
      app = await startLivePlugboard(database, { refreshLeaseTtlMs: 300 });
      partner = await PartnerClient.connect(app, 'HTTP');
      await partner.authenticate();
      await insertAccount(app, account);
      await setUpCapsuleAgainstSandbox(app.services.connectorSetups, sandboxBase());
    });
    afterEach(() => {
      Object.assign(sandbox().switches, {
        strictRotation: false,
        rotateRefreshTokens: true,
        tokenLatencyMs: 0,
        failToken5xx: 0,
      });
    });
    afterAll(async () => {
      await app.close();
      await database.drop();
    });

    it('row 33 (one process): 50 concurrent calls on an expired token with strict rotation make one refresh, and all succeed', async () => {
      sandbox().switches.strictRotation = true;
      const id = await install('Concurrent');
      const before = refreshGrants();
      const responses = await Promise.all(Array.from({ length: 50 }, () => listParties(id)));
      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
      expect(refreshGrants() - before).toBe(1);
      expect(sandbox().stats.refreshGrantsRejected).toBe(0);
    });

    it('row 34: a token endpoint slower than the lease does not let a second refresher spend the old refresh token', async () => {
      sandbox().switches.strictRotation = true;
      sandbox().switches.tokenLatencyMs = 1200;
      const id = await install('Slow endpoint');
      const version = (await row(id)).credentials_version;
      const common = {
        stores: app.stores,
        catalog: app.services.catalog,
        setups: app.services.connectorSetups,
        clock: Date.now,
        leaseTtlMs: 300,
      };
      const processA = new TokenRefresher({
        ...common,
        tokenClient: new Oauth4webapiTokenClient(),
        holder: 'process-a',
      });
      const processB = new TokenRefresher({
        ...common,
        tokenClient: new Oauth4webapiTokenClient(),
        holder: 'process-b',
      });
      const before = refreshGrants();
      const [a, b] = await Promise.all([processA.refresh(id, version), processB.refresh(id, version)]);
      expect(refreshGrants() - before).toBe(1);
      expect(a).toEqual(b);
      expect((await row(id)).auth_status).toBe('Authenticated');
    });

    it('row 35: a refresher refused with invalid_grant after a sibling rotated re-reads and uses the sibling’s tokens', async () => {
      const id = await install('Race');
      const stored = await app.stores.connectorCredentials.readCredentials(id);
      if (!stored) throw new Error('no credentials');
      const sibling = {
        ...stored.credentials,
        accessToken: 'sibling-access',
        refreshToken: 'sibling-refresh',
      };
      const real = new Oauth4webapiTokenClient();
      // The provider sees our (now stale) refresh token only after a sibling process committed its refresh.
      const racingClient = {
        exchangeCode: real.exchangeCode.bind(real),
        revoke: real.revoke.bind(real),
        async refresh() {
          await app.stores.connectorCredentials.storeCredentials(id, sibling, Date.now(), {
            expectedVersion: stored.version,
            refreshed: true,
          });
          throw new TokenEndpointError('invalid_grant', 'The token refresh refused: invalid_grant');
        },
      };
      const loser = new TokenRefresher({
        stores: app.stores,
        catalog: app.services.catalog,
        setups: app.services.connectorSetups,
        clock: Date.now,
        tokenClient: racingClient,
        holder: 'loser',
      });
      const result = await loser.refresh(id, stored.version);
      expect(result).toEqual({ accessToken: 'sibling-access', version: stored.version + 1 });
      expect((await row(id)).auth_status).toBe('Authenticated');
      expect((await app.stores.refreshAttempts.list(id)).map((a) => a.outcome)).toEqual(['superseded']);
    });

    it('row 36: a refresh response without a refresh token keeps the old one; with one, it replaces it atomically', async () => {
      const id = await install('Keep refresh token');
      const before = await app.stores.connectorCredentials.readCredentials(id);
      sandbox().switches.rotateRefreshTokens = false;
      expect((await listParties(id)).status).toBe(200);
      const kept = await app.stores.connectorCredentials.readCredentials(id);
      expect(kept?.credentials.refreshToken).toBe(before?.credentials.refreshToken);
      expect(kept?.credentials.accessToken).not.toBe(before?.credentials.accessToken);
      sandbox().switches.rotateRefreshTokens = true;
      await app.database.db
        .updateTable('account_connectors')
        .set({ token_expires_at: Date.now() - 1 })
        .where('id', '=', id)
        .execute();
      expect((await listParties(id)).status).toBe(200);
      const rotated = await app.stores.connectorCredentials.readCredentials(id);
      expect(rotated?.credentials.refreshToken).not.toBe(before?.credentials.refreshToken);
      expect(rotated?.version).toBe((kept?.version ?? 0) + 1);
    });

    it('rows 38 and 40: a failing token endpoint backs off, shows Degraded, and 200 calls make one refresh attempt', async () => {
      const id = await install('Provider down');
      sandbox().switches.failToken5xx = 1000;
      const before = sandbox().stats.tokenRequests;
      const first = await listParties(id);
      expect(first.status).toBe(503);
      expect(Number(first.headers['retry-after'])).toBeGreaterThan(0);
      const again = await Promise.all(Array.from({ length: 200 }, () => listParties(id)));
      expect(again.every((r) => r.status === 503)).toBe(true);
      expect(sandbox().stats.tokenRequests - before).toBe(1);
      const after = await row(id);
      expect(after.auth_status).toBe('Degraded');
      expect(after.refresh_blocked_until).toBeGreaterThan(Date.now());
      expect(after.last_error).toContain('HTTP 503');
      const shown = (await partner.call('GET', `/v1.0/account/connectors/${id}`, { account })).json();
      expect(shown).toMatchObject({ AuthStatus: 'Degraded', Authenticated: false });
    });

    it('row 39: a revoked grant makes NeedsReauthentication once, with no hot loop', async () => {
      const id = await install('Revoked');
      const stored = await app.stores.connectorCredentials.readCredentials(id);
      await fetch(`${sandboxBase()}/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: stored?.credentials.refreshToken ?? '' }).toString(),
      });
      const before = sandbox().stats.tokenRequests;
      const response = await listParties(id);
      expect(response.status).toBe(401);
      expect(response.headers['plugboard-error-code']).toBe('needs_reauthentication');
      for (let i = 0; i < 20; i++) expect((await listParties(id)).status).toBe(401);
      expect(sandbox().stats.tokenRequests - before).toBe(1);
      const shown = (await partner.call('GET', `/v1.0/account/connectors/${id}`, { account })).json();
      expect(shown).toMatchObject({ AuthStatus: 'NeedsReauthentication', Authenticated: false });
      expect(shown.LastError).toContain('invalid_grant');
    });

    it('refreshes a token before it expires, inside the connector margin', async () => {
      const id = await install('Near expiry', Date.now() + 60_000);
      const before = refreshGrants();
      expect((await listParties(id)).status).toBe(200);
      expect(refreshGrants() - before).toBe(1);
      expect((await row(id)).token_expires_at).toBeGreaterThan(
        Date.now() + CAPSULE_V2.auth.refreshMarginSeconds * 1000,
      );
    });

    it('the background sweep refreshes tokens near expiry and idle connections, and leaves fresh ones alone', async () => {
      const expiring = await install('Sweep expiring', Date.now() + 5 * 60_000);
      const idle = await install('Sweep idle', Date.now() + 5 * 24 * 3600_000);
      const fresh = await install('Sweep fresh', Date.now() + 5 * 24 * 3600_000);
      await app.database.db
        .updateTable('account_connectors')
        .set({ authenticated_at: Date.now() - 25 * 3600_000 })
        .where('id', '=', idle)
        .execute();
      await app.database.db
        .updateTable('jobs')
        .set({ run_at: Date.now() - 1, payload: '{"after":null}' })
        .where('status', '=', 'queued')
        .execute();
      await app.jobs.runDueJobs();
      const versions = await app.database.db
        .selectFrom('account_connectors')
        .select(['id', 'credentials_version'])
        .where('id', 'in', [expiring, idle, fresh])
        .orderBy('id')
        .execute();
      expect(versions.map((v) => Number(v.credentials_version))).toEqual([2, 2, 1]);
    });

    it('keeps the journal: one finished attempt per refresh, none left open', async () => {
      const id = await install('Journal');
      await listParties(id);
      const attempts = await app.stores.refreshAttempts.list(id);
      expect(attempts.map((a) => a.outcome)).toEqual(['refreshed']);
    });
  });
}
