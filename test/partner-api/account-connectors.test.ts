import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../../src/connectors/capsule-v2/index.ts';
import { TRANSPORTS } from '../support/api-harness.ts';
import { FIXTURE_CONNECTOR, TEST_CONNECTORS } from '../support/fixture-connectors.ts';
import { PartnerClient } from '../support/partner-client.ts';
import { insertAccount } from '../support/raw-rows.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, type TestPlugboard } from '../support/test-plugboard.ts';

const AUTH_VALUE = JSON.stringify({
  AccessToken: 'at-presupplied-1',
  RefreshToken: 'rt-presupplied-1',
  Expires: '2031-01-01T00:00:00Z',
});

/** A provider's RFC 7009 endpoint that records what was revoked. */
async function revocationEndpoint(): Promise<{ server: Server; url: string; revoked: string[] }> {
  const revoked: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      if (request.url === '/oauth/token/revoke') revoked.push(new URLSearchParams(body).get('token') ?? '');
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}`, revoked };
}

for (const kind of testDatabaseKinds()) {
  for (const transport of TRANSPORTS) {
    describe(`installs and account connectors [${kind.kind}, ${transport}]`, () => {
      let database: TestDatabase;
      let app: TestPlugboard;
      let partner: PartnerClient;
      let provider: Awaited<ReturnType<typeof revocationEndpoint>>;
      const account = 'acme';

      beforeAll(async () => {
        database = await kind.create();
        app = await startTestPlugboard(database, { connectors: TEST_CONNECTORS });
        partner = await PartnerClient.connect(app, transport);
        await partner.authenticate();
        await insertAccount(app, account);
        await insertAccount(app, 'globex');
        provider = await revocationEndpoint();
        await app.services.connectorSetups.update(CAPSULE_V2, {
          clientId: 'app',
          clientSecret: 'app-secret',
          accessTokenUrl: `${provider.url}/oauth/token`,
        });
      });
      afterAll(async () => {
        await app.close();
        provider.server.close();
        await database.drop();
      });

      it('installs Capsule by id, unauthenticated, in the account named by X-Cyclr-Account', async () => {
        const response = await partner.call('POST', `/v1.0/connectors/${CAPSULE_V2.id}/install`, {
          account,
          body: { Name: 'Sales CRM', Description: 'Our Capsule' },
        });
        expect(response.status).toBe(200);
        expect(response.json()).toMatchObject({
          Name: 'Sales CRM',
          Description: 'Our Capsule',
          Authenticated: false,
          AuthStatus: 'Unauthenticated',
          Connector: { Name: 'Capsule', Version: 'v2' },
          Properties: [],
        });
      });

      it('installs by Name/Version with AuthValue as Authenticated, never echoing or storing it in clear', async () => {
        const response = await partner.call('POST', '/v1.0/connectors/Capsule/v2/install', {
          account,
          body: { Name: 'Presupplied', AuthValue: AUTH_VALUE },
        });
        expect(response.status).toBe(200);
        expect(response.json()).toMatchObject({
          Authenticated: true,
          AuthStatus: 'Authenticated',
          TokenExpiresAtUtc: '2031-01-01T00:00:00.000Z',
        });
        expect(response.text).not.toContain('presupplied-1');
        const row = await app.database.db
          .selectFrom('account_connectors')
          .selectAll()
          .where('id', '=', response.json().Id)
          .executeTakeFirstOrThrow();
        expect(row.access_token_ct).toMatch(/^pb1\./);
        expect(JSON.stringify(row)).not.toContain('presupplied-1');
        const fetched = await partner.call('GET', `/v1.0/account/connectors/${response.json().Id}`, {
          account,
        });
        expect(fetched.text).not.toContain('presupplied-1');
      });

      it('installs without a Name or a body under its default name, and keeps answering afterwards', async () => {
        await insertAccount(app, 'initech');
        const installed = await partner.call('POST', `/v1.0/connectors/${CAPSULE_V2.id}/install`, {
          account: 'initech',
          headers: { 'content-type': 'application/json' },
        });
        expect(installed.status).toBe(200);
        expect(installed.json()).toMatchObject({ Name: 'Capsule v2' });
        const listed = await partner.call('GET', '/v1.0/account/connectors', { account: 'initech' });
        expect(listed.json().map((c: { Name: string }) => c.Name)).toEqual(['Capsule v2']);
        expect((await partner.call('GET', '/v1.0/accounts/initech')).status).toBe(200);
      });

      it('refuses a second install without a Name as Cyclr does: the default name is in use', async () => {
        await insertAccount(app, 'umbrella');
        const install = () =>
          partner.call('POST', '/v1.0/connectors/Capsule/v2/install', { account: 'umbrella', body: {} });
        const first = await install();
        expect(first.status).toBe(200);
        const again = await install();
        expect(again.status).toBe(400);
        expect(again.headers['plugboard-error-code']).toBe('name_in_use');
        expect(again.json()).toEqual({
          Message: `Account connector name Capsule v2 is in use. It is the name of account connector ${first.json().Id}.`,
        });
        const listed = await partner.call('GET', '/v1.0/account/connectors', { account: 'umbrella' });
        expect(listed.json()).toHaveLength(1);
      });

      it("answers Cyclr's install errors and writes nothing", async () => {
        const before = (await partner.call('GET', '/v1.0/account/connectors', { account })).headers[
          'total-records'
        ];
        const salesCrm = (await partner.call('GET', '/v1.0/account/connectors', { account }))
          .json()
          .find((c: { Name: string }) => c.Name === 'Sales CRM');
        const taken = await partner.call('POST', '/v1.0/connectors/Capsule/install', {
          account,
          body: { Name: 'sales crm' },
        });
        expect(taken.status).toBe(400);
        expect(taken.json()).toEqual({
          Message: `Account connector name sales crm is in use. It is the name of account connector ${salesCrm.Id}.`,
        });
        const unknown = await partner.call('POST', `/v1.0/connectors/${FIXTURE_CONNECTOR.id}/install`, {
          account,
          body: { Properties: [{ Name: 'Colour', Value: 'blue' }] },
        });
        expect(unknown.json()).toEqual({
          Message: "There is not a connector property that matches name 'Colour'.",
        });
        const partnerOnly = await partner.call('POST', `/v1.0/connectors/${FIXTURE_CONNECTOR.id}/install`, {
          account,
          body: { Properties: [{ Name: 'PartnerKey', Value: 'x' }] },
        });
        expect(partnerOnly.json()).toEqual({
          Message: "Connector property name 'PartnerKey' is not an account connector property.",
        });
        const badAuth = await partner.call('POST', '/v1.0/connectors/Capsule/install', {
          account,
          body: { AuthValue: '{"RefreshToken":"x"}' },
        });
        expect(badAuth.json()).toEqual({ Message: 'AuthValue must include a non-empty AccessToken.' });
        expect(
          (await partner.call('POST', '/v1.0/connectors/424242/install', { account, body: {} })).status,
        ).toBe(404);
        expect(
          (await partner.call('GET', '/v1.0/account/connectors', { account })).headers['total-records'],
        ).toBe(before);
      });

      it('lists, gets, renames and re-authenticates with AuthValue through a partial PUT', async () => {
        const list = await partner.call('GET', '/v1.0/account/connectors', { account });
        expect(list.status).toBe(200);
        expect(list.json().map((c: { Name: string }) => c.Name)).toEqual(['Sales CRM', 'Presupplied']);
        const id = list.json()[0].Id;
        const renamed = await partner.call('PUT', `/v1.0/account/connectors/${id}`, {
          account,
          body: { Name: 'CRM' },
        });
        expect(renamed.json()).toMatchObject({
          Name: 'CRM',
          Description: 'Our Capsule',
          Authenticated: false,
        });
        const authenticated = await partner.call('PUT', `/v1.0/account/connectors/${id}`, {
          account,
          body: { AuthValue: AUTH_VALUE },
        });
        expect(authenticated.json()).toMatchObject({ Name: 'CRM', Authenticated: true });
        const other = list.json()[1];
        const clash = await partner.call('PUT', `/v1.0/account/connectors/${other.Id}`, {
          account,
          body: { Name: 'crm' },
        });
        expect(clash.status).toBe(400);
        expect(clash.json()).toEqual({
          Message: `Account connector name crm is in use. It is the name of account connector ${id}.`,
        });
        const unchanged = await partner.call('GET', `/v1.0/account/connectors/${other.Id}`, { account });
        expect(unchanged.json().Name).toBe('Presupplied');
        const same = await partner.call('PUT', `/v1.0/account/connectors/${id}`, {
          account,
          body: { Name: 'CRM' },
        });
        expect(same.status).toBe(200);
      });

      it('deauthenticates, revoking the refresh and access tokens at the provider', async () => {
        const installed = await partner.call('POST', '/v1.0/connectors/Capsule/install', {
          account,
          body: {
            Name: `Revocable ${transport}`,
            AuthValue: JSON.stringify({ AccessToken: `at-${transport}`, RefreshToken: `rt-${transport}` }),
          },
        });
        const id = installed.json().Id;
        const response = await partner.call('PUT', `/v1.0/account/connectors/${id}/deauthenticate`, {
          account,
        });
        expect(response.status).toBe(200);
        expect(response.json()).toEqual({
          Message: `Connector 'Revocable ${transport}' successfully de-authenticated.`,
        });
        expect(provider.revoked).toEqual(expect.arrayContaining([`rt-${transport}`, `at-${transport}`]));
        const after = (await partner.call('GET', `/v1.0/account/connectors/${id}`, { account })).json();
        expect(after).toMatchObject({ Authenticated: false, AuthStatus: 'Unauthenticated' });
        expect(await app.stores.connectorCredentials.readCredentials(id)).toBeUndefined();
      });

      it("manages a connector's properties with Cyclr's shapes", async () => {
        const installed = await partner.call('POST', `/v1.0/connectors/${FIXTURE_CONNECTOR.id}/install`, {
          account,
          body: { Name: `With props ${transport}`, Properties: [{ Name: 'Region', Value: 'eu' }] },
        });
        const id = installed.json().Id;
        expect(installed.json().Properties).toEqual([
          { Id: expect.any(Number), Name: 'Region', Value: 'eu', AccountConnectorId: id },
        ]);
        const base = `/v1.0/account/connectors/${id}/properties`;
        const duplicate = await partner.call('POST', base, {
          account,
          body: { Name: 'Region', Value: 'us', Id: 99 },
        });
        expect(duplicate.status).toBe(400);
        const pid = (
          await partner.call('GET', `${base}?orderBy=Name&sortOrderAsc=true`, { account })
        ).json()[0].Id;
        const updated = await partner.call('PUT', `${base}/${pid}`, { account, body: { Value: 'us' } });
        expect(updated.json()).toEqual({ Id: pid, Name: 'Region', Value: 'us', AccountConnectorId: id });
        expect((await partner.call('DELETE', `${base}/${pid}`, { account })).status).toBe(200);
        expect((await partner.call('GET', `${base}/${pid}`, { account })).status).toBe(404);
        // As Cyclr does: the sub-resource takes any name (only an install with an unknown name is refused).
        const custom = await partner.call('POST', base, { account, body: { Name: 'My-Prop', Value: 'x' } });
        expect(custom.status).toBe(200);
        // A listed connector is written apart from the single view: the same JSON, byte for byte.
        const single = await partner.call('GET', `/v1.0/account/connectors/${id}`, { account });
        const listed = await partner.call('GET', '/v1.0/account/connectors?pageSize=1000', { account });
        expect(listed.headers['content-type']).toMatch(/^application\/json/);
        const item = (listed.json() as { Id: number }[]).find((c) => c.Id === id);
        expect(JSON.stringify(item)).toBe(single.text);
        expect(item).toMatchObject({
          Properties: [{ Name: 'My-Prop', Value: 'x' }],
          Connector: { Id: FIXTURE_CONNECTOR.id },
        });
        expect(custom.json()).toEqual({
          Id: expect.any(Number),
          Name: 'My-Prop',
          Value: 'x',
          AccountConnectorId: id,
        });
        const partnerOnly = await partner.call('POST', base, {
          account,
          body: { Name: 'PartnerKey', Value: 'x' },
        });
        expect(partnerOnly.json()).toEqual({
          Message: "Connector property name 'PartnerKey' is not an account connector property.",
        });
      });

      it("keeps one account's connectors out of another's reach", async () => {
        const mine = (await partner.call('GET', '/v1.0/account/connectors', { account })).json()[0].Id;
        expect(
          (await partner.call('GET', `/v1.0/account/connectors/${mine}`, { account: 'globex' })).status,
        ).toBe(404);
        expect(
          (await partner.call('DELETE', `/v1.0/account/connectors/${mine}`, { account: 'globex' })).status,
        ).toBe(404);
        expect(
          (await partner.call('GET', `/v1.0/account/connectors/${mine}`, { account: 'nobody' })).status,
        ).toBe(404);
        expect((await partner.call('GET', '/v1.0/account/connectors')).status).toBe(401);
        expect((await partner.call('GET', `/v1.0/account/connectors/${mine}`, { account })).status).toBe(200);
      });

      it('deletes an account connector with 200', async () => {
        const created = await partner.call('POST', '/v1.0/connectors/Capsule/install', {
          account,
          body: { Name: `Doomed ${transport}` },
        });
        const id = created.json().Id;
        expect((await partner.call('DELETE', `/v1.0/account/connectors/${id}`, { account })).status).toBe(
          200,
        );
        expect((await partner.call('GET', `/v1.0/account/connectors/${id}`, { account })).status).toBe(404);
        expect((await partner.call('GET', '/v1.0/account/connectors/abc', { account })).status).toBe(404);
      });
    });
  }
}
