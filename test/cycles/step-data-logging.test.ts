/**
 * `LogStepDataRequests`: on (the default) each step's request and response are kept on the
 * transaction with secrets redacted — in the database, not only in the API's view; off, a step run
 * keeps its status and what later steps read, but not what was sent and received. The template sets
 * it, the cycle overrides it (install body or `PUT /v1.0/cycles/{id}`), and bad values are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { type EngineWorld, startEngineWorld, usersToApp } from './support/engine-world.ts';

const API_KEY = 'sk_live_do_not_keep_1234';
const URL_TOKEN = 'url-token-do-not-keep-5678';

/** Users to the app, with a secret in the body and in the URL's query. */
function secretive(name: string, settings: Record<string, unknown> = {}) {
  const template = usersToApp(name, { CollectionSplitType: 'First', ...settings });
  const send = template.Steps[1] as { Fields: Record<string, unknown> };
  send.Fields.apiKey = { MappingType: 'StaticValue', Value: API_KEY };
  return template;
}

for (const kind of testDatabaseKinds()) {
  describe(`LogStepDataRequests [${kind.kind}]`, { timeout: 90_000 }, () => {
    let database: TestDatabase;
    let world: EngineWorld;
    const call = (method: string, url: string, body?: unknown) =>
      world.partner.call(method, url, { account: world.account, ...(body === undefined ? {} : { body }) });
    /** Every stored request and response of a transaction, as the database holds them. */
    const storedText = async (transactionId: string) => {
      const rows = await world.app.database.db
        .selectFrom('cycle_step_runs')
        .select(['step_key', 'request', 'response'])
        .where('transaction_id', '=', transactionId)
        .execute();
      return rows;
    };
    const installAt = async (template: Record<string, unknown>, path: string) => {
      const id = await world.install(template, path);
      // A secret in the URL's query as well.
      const url = world.receiver.url(`${path}?token=${URL_TOKEN}&page=2`);
      expect(
        (await call('PATCH', `/v1.0/cycles/${id}/variables`, [{ SystemName: 'TargetUrl', Value: url }]))
          .status,
      ).toBe(200);
      return id;
    };

    beforeAll(async () => {
      database = await kind.create();
      world = await startEngineWorld(database);
    }, 60_000);
    afterAll(async () => {
      await world?.close();
      await database?.drop();
    });

    it('keeps each step’s request and response by default, with secrets redacted where they are stored', async () => {
      const id = await installAt(secretive('Logged'), '/logged');
      expect((await call('GET', `/v1.0/cycles/${id}`)).json().LogStepDataRequests).toBe(true);
      const [transaction] = await world.runOnce(id);
      expect(transaction?.Status).toBe('Completed');
      // The partner's app got the real values: redaction is of what is kept, not of what is sent.
      const sent = world.receiver.received.filter((d) => d.path.startsWith('/logged'));
      expect(sent).toHaveLength(1);
      expect(sent[0]?.body.apiKey).toBe(API_KEY);
      expect(sent[0]?.path).toContain(URL_TOKEN);
      const detail = (await call('GET', `/v1.0/transactions/${transaction?.Id}`)).json();
      const send = detail.Steps.find((s: { StepKey: string }) => s.StepKey === 'send');
      expect(send.Request.Method).toBe('POST');
      expect(send.Request.Body).toMatchObject({ apiKey: '[redacted]', userId: expect.anything() });
      expect(send.Request.Url).toContain('page=2');
      expect(send.Request.Url).not.toContain(URL_TOKEN);
      expect(send.Response).toMatchObject({ Status: 200, Body: { ok: true } });
      expect(detail.Steps[0]).toMatchObject({ StepKey: 'users', Response: { id: expect.anything() } });
      const stored = JSON.stringify(await storedText(transaction?.Id as string));
      expect(stored).toContain('[redacted]');
      expect(stored).not.toContain(API_KEY);
      expect(stored).not.toContain(URL_TOKEN);
    });

    it('keeps no requests or responses when the cycle turns it off, and still runs every step', async () => {
      const id = await installAt(secretive('Not logged'), '/unlogged');
      const off = await call('PUT', `/v1.0/cycles/${id}`, { LogStepDataRequests: false });
      expect(off.status, off.text).toBe(200);
      expect(off.json().LogStepDataRequests).toBe(false);
      const [transaction] = await world.runOnce(id);
      expect(transaction?.Status).toBe('Completed');
      expect(world.receiver.received.filter((d) => d.path.startsWith('/unlogged'))).toHaveLength(1);
      const detail = (await call('GET', `/v1.0/transactions/${transaction?.Id}`)).json();
      expect(
        detail.Steps.map((s: { StepKey: string; Status: string }) => `${s.StepKey}:${s.Status}`),
      ).toEqual(['users:Completed', 'send:Completed']);
      expect(detail.Steps[1]).toMatchObject({ Request: null, Response: null });
      // The record that started the transaction is its data, not a request: still shown.
      expect(detail.Steps[0].Response).toMatchObject({ id: expect.anything() });
      const send = (await storedText(transaction?.Id as string)).find((r) => r.step_key === 'send');
      const parsed = (text: string | null | undefined) => (text == null ? null : JSON.parse(text));
      expect([parsed(send?.request), parsed(send?.response)]).toEqual([null, null]);
    });

    it('takes the template’s setting, lets an install override it, and refuses values that are not true or false', async () => {
      const imported = await call(
        'POST',
        '/v1.0/templates/import',
        secretive('Quiet template', { LogStepDataRequests: false }),
      );
      expect(imported.status, imported.text).toBe(200);
      const templateId = imported.json().Id as string;
      const quiet = await call('POST', `/v1.0/templates/${templateId}/install`, {
        AccountConnectors: { capsule: world.accountConnectorId },
      });
      expect(quiet.json().LogStepDataRequests).toBe(false);
      const loud = await call('POST', '/v1.0/cycles', {
        TemplateId: templateId,
        Name: 'Loud',
        AccountConnectors: { capsule: world.accountConnectorId },
        LogStepDataRequests: true,
      });
      expect(loud.status, loud.text).toBe(200);
      expect(loud.json().LogStepDataRequests).toBe(true);

      const badTemplate = await call(
        'POST',
        '/v1.0/templates/import',
        secretive('Bad setting', { LogStepDataRequests: 'yes' }),
      );
      expect(badTemplate.status).toBe(400);
      expect(badTemplate.json().Message).toContain('Settings.LogStepDataRequests must be true or false');
      expect(
        (await call('GET', '/v1.0/templates')).json().some((t: { Name: string }) => t.Name === 'Bad setting'),
      ).toBe(false);
      const badPut = await call('PUT', `/v1.0/cycles/${quiet.json().Id}`, {
        LogStepDataRequests: 'no',
        Name: 'Renamed',
      });
      expect(badPut.status).toBe(400);
      expect(Object.keys(badPut.json())).toEqual(['Message']);
      expect(badPut.json().Message).toContain('LogStepDataRequests');
      const unchanged = (await call('GET', `/v1.0/cycles/${quiet.json().Id}`)).json();
      expect(unchanged).toMatchObject({ Name: 'Quiet template', LogStepDataRequests: false });
    });
  });
}
