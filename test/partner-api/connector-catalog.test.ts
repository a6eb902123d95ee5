import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../../src/connectors/capsule-v2/index.ts';
import { TRANSPORTS } from '../support/api-harness.ts';
import { TEST_CONNECTORS } from '../support/fixture-connectors.ts';
import { PartnerClient } from '../support/partner-client.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, type TestPlugboard } from '../support/test-plugboard.ts';

const LIST_PARTIES = '6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a01';

for (const kind of testDatabaseKinds()) {
  for (const transport of TRANSPORTS) {
    describe(`connector catalog [${kind.kind}, ${transport}]`, () => {
      let database: TestDatabase;
      let app: TestPlugboard;
      let partner: PartnerClient;

      beforeAll(async () => {
        database = await kind.create();
        app = await startTestPlugboard(database, { connectors: TEST_CONNECTORS });
        partner = await PartnerClient.connect(app, transport);
        await partner.authenticate();
      });
      afterAll(async () => {
        await app.close();
        await database.drop();
      });

      it('lists the catalog as a bare array with paging headers', async () => {
        const response = await partner.call('GET', '/v1.0/connectors?pageSize=1');
        expect(response.status).toBe(200);
        expect(response.headers['total-records']).toBe('2');
        expect(response.headers['total-pages']).toBe('2');
        const [first] = response.json();
        expect(first).toMatchObject({
          Name: 'Capsule',
          Version: 'v2',
          AuthType: 'OAuth2',
          Status: 'Approved',
        });
        expect(first.Icon).toMatch(/^data:image\//);
        const second = await partner.call('GET', '/v1.0/connectors?pageSize=1&page=2');
        expect(second.json()[0].Name).toBe('Fixture');
      });

      it('filters the catalog by query and category', async () => {
        expect(
          (await partner.call('GET', '/v1.0/connectors?query=capsule'))
            .json()
            .map((c: { Name: string }) => c.Name),
        ).toEqual(['Capsule']);
        expect(
          (await partner.call('GET', '/v1.0/connectors?category=Testing'))
            .json()
            .map((c: { Name: string }) => c.Name),
        ).toEqual(['Fixture']);
      });

      it('refuses bad paging with a clear 400', async () => {
        const response = await partner.call('GET', '/v1.0/connectors?pageSize=1001');
        expect(response.status).toBe(400);
        expect(response.json()).toEqual({ Message: 'pageSize must be a whole number from 1 to 1000.' });
      });

      it('gets a connector by id as an object and by name or name/version as an array', async () => {
        const byId = await partner.call('GET', `/v1.0/connectors/${CAPSULE_V2.id}`);
        expect(byId.json()).toMatchObject({ Id: CAPSULE_V2.id, Name: 'Capsule' });
        const byName = await partner.call('GET', '/v1.0/connectors/capsule');
        expect(byName.json()).toHaveLength(1);
        const byVersion = await partner.call('GET', '/v1.0/connectors/Capsule/v2');
        expect(byVersion.json()[0].Id).toBe(CAPSULE_V2.id);
        expect((await partner.call('GET', '/v1.0/connectors/424242')).status).toBe(404);
        expect((await partner.call('GET', '/v1.0/connectors/Capsule/v9')).status).toBe(404);
      });

      it('lists methods sorted by name with a stable MethodUniqueIdentifier, filtered by query and category', async () => {
        const methods = (await partner.call('GET', `/v1.0/connectors/${CAPSULE_V2.id}/methods`)).json();
        expect(methods.length).toBe(CAPSULE_V2.methods.length);
        const names = methods.map((m: { Name: string }) => m.Name);
        expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
        const list = methods.find(
          (m: { MethodUniqueIdentifier: string }) => m.MethodUniqueIdentifier === LIST_PARTIES,
        );
        expect(list).toMatchObject({
          Name: 'List Parties',
          HttpMethod: 'GET',
          EndPoint: '/parties',
          Category: 'Parties',
        });
        expect(list.Parameters.map((p: { Name: string }) => p.Name)).toEqual(
          expect.arrayContaining(['page', 'perPage', 'since', 'embed']),
        );
        const filtered = (
          await partner.call('GET', '/v1.0/connectors/Capsule/v2/methods?query=person')
        ).json();
        expect(filtered.map((m: { Name: string }) => m.Name)).toContain('Create Person');
        const tasks = (
          await partner.call('GET', `/v1.0/connectors/${CAPSULE_V2.id}/methods?category=Tasks`)
        ).json();
        expect(tasks.length).toBeGreaterThan(0);
        expect(tasks.every((m: { Category: string }) => m.Category === 'Tasks')).toBe(true);
      });

      it('gets one method by numeric id or GUID, 404 for an unknown number and 400 for a malformed reference', async () => {
        const method = CAPSULE_V2.methods[0];
        const byId = await partner.call('GET', `/v1.0/methods/${method?.id}`);
        expect(byId.json()).toEqual({
          Name: method?.name,
          Description: method?.description,
          Category: method?.category,
          MethodType: 'Action',
          EndPoint: method?.endpoint,
        });
        expect((await partner.call('GET', `/v1.0/methods/${LIST_PARTIES}`)).json().Name).toBe('List Parties');
        expect((await partner.call('GET', '/v1.0/methods/999999999')).status).toBe(404);
        expect((await partner.call('GET', '/v1.0/methods/not-a-guid')).status).toBe(400);
      });
    });
  }
}
