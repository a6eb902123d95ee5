import { beforeAll, expect, it } from 'vitest';
import { hashToken } from '../../src/crypto/tokens.ts';
import { describeApi } from '../support/api-harness.ts';

/** Time stands still unless a test moves it, so creation order is exact. */
const START = Date.UTC(2025, 0, 15, 9, 0, 0);
let now = START;
const clock = () => now;

const FULL = {
  Id: 'JO-Test-1234567890',
  Name: 'JO-Test-1234567890',
  Description: 'API Created Test Account',
  Timezone: 'Europe/London',
  AuditInfo: 'AuditInfo',
  TaskAuditInfo: 'TaskAuditInfo',
  StepDataSuccessRetentionHours: 120,
  StepDataErroredRetentionHours: 60,
  TransactionErrorWebhookEnabled: true,
  TransactionErrorWebhookUrl: 'staging.cyclr.com/api/webhook/123',
  TransactionErrorWebhookIncludeWarnings: true,
};

describeApi(
  'accounts API',
  (harness) => {
    beforeAll(() => {
      now = START;
    });
    const call = (method: string, url: string, body?: unknown) =>
      harness().call(method, url, body === undefined ? {} : { body });

    it('creates an account with every Cyclr field and echoes it with 200', async () => {
      const response = await call('POST', '/v1.0/accounts', FULL);
      expect(response.status).toBe(200);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.json()).toEqual({
        Id: 'JO-Test-1234567890',
        Name: 'JO-Test-1234567890',
        Description: 'API Created Test Account',
        CreatedDate: '2025-01-15T09:00:00.000Z',
        NextBillDateUtc: '2025-02-15T09:00:00.000Z',
        AuditInfo: 'AuditInfo',
        TaskAuditInfo: 'TaskAuditInfo',
        Timezone: 'Europe/London',
        StepDataSuccessRetentionHours: 120,
        StepDataErroredRetentionHours: 60,
        TransactionErrorWebhookEnabled: true,
        TransactionErrorWebhookUrl: 'https://staging.cyclr.com/api/webhook/123',
        TransactionErrorWebhookIncludeWarnings: true,
      });
    });

    it('refuses an Id in use with exactly {"Message":"ID already in use"}', async () => {
      const response = await call('POST', '/v1.0/accounts', { Id: FULL.Id, Name: 'Other' });
      expect(response.status).toBe(400);
      expect(response.text).toBe('{"Message":"ID already in use"}');
      expect(response.headers['plugboard-error-code']).toBe('id_in_use');
      expect((await call('GET', `/v1.0/accounts/${FULL.Id}`)).json().Name).toBe(FULL.Name);
    });

    it('generates a UUID Id, non-empty dates and a UTC time zone when the body names only the account', async () => {
      const response = await call('POST', '/v1.0/accounts', { Name: 'Generated' });
      expect(response.status).toBe(200);
      const body = response.json();
      expect(body.Id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(body.CreatedDate).not.toBe('');
      expect(body.NextBillDateUtc).not.toBe('');
      expect(body).toMatchObject({
        Timezone: 'UTC',
        Description: null,
        AuditInfo: null,
        TaskAuditInfo: null,
        StepDataSuccessRetentionHours: null,
        StepDataErroredRetentionHours: null,
        TransactionErrorWebhookEnabled: null,
        TransactionErrorWebhookUrl: null,
        TransactionErrorWebhookIncludeWarnings: null,
      });
    });

    it('reads field names in any case, as Cyclr does', async () => {
      const response = await call('POST', '/v1.0/accounts', {
        id: 'lower-case',
        name: 'Lower',
        description: 'd',
      });
      expect(response.status).toBe(200);
      expect(response.json()).toMatchObject({ Id: 'lower-case', Name: 'Lower', Description: 'd' });
    });

    it('refuses a create without a Name, or with an empty one: "Name is required"', async () => {
      for (const body of [
        { description: 'SD-1932', AuditInfo: 'a', NextBillDateUtc: '2023-04-19T09:00:23.601Z' },
        { Name: '' },
        { Name: '   ' },
        { Name: null },
        {},
      ]) {
        const response = await call('POST', '/v1.0/accounts', body);
        expect(response.status).toBe(400);
        expect(response.text).toBe('{"Message":"Name is required"}');
      }
      const empty = await harness().call('POST', '/v1.0/accounts', {
        headers: { 'content-type': 'application/json' },
      });
      expect(empty.status).toBe(400);
      expect(empty.json()).toEqual({ Message: 'Name is required' });
    });

    it('refuses a body that is not a JSON object, or not JSON', async () => {
      const array = await call('POST', '/v1.0/accounts', [FULL]);
      expect(array.status).toBe(400);
      expect(Object.keys(array.json())).toEqual(['Message']);
      const broken = await harness().call('POST', '/v1.0/accounts', {
        headers: { 'content-type': 'application/json' },
        body: undefined,
      });
      expect(broken.status).toBe(400);
    });

    it("refuses negative retention with Cyclr's exact messages, creating nothing", async () => {
      const success = await call('POST', '/v1.0/accounts', {
        ...FULL,
        Id: 'neg-1',
        StepDataSuccessRetentionHours: -10,
      });
      expect(success.status).toBe(400);
      expect(success.text).toBe('{"Message":"StepDataSuccessRetentionHours (-10): must be non negative"}');
      const errored = await call('POST', '/v1.0/accounts', {
        ...FULL,
        Id: 'neg-1',
        StepDataErroredRetentionHours: -10,
      });
      expect(errored.text).toBe('{"Message":"StepDataErroredRetentionHours (-10): must be non negative"}');
      expect((await call('GET', '/v1.0/accounts/neg-1')).status).toBe(404);
    });

    it('refuses enabling the webhook without a URL in the same body, with Cyclr’s message', async () => {
      for (const url of [null, '', undefined]) {
        const body: Record<string, unknown> = { ...FULL, Id: 'hook-1', TransactionErrorWebhookUrl: url };
        if (url === undefined) delete body.TransactionErrorWebhookUrl;
        const response = await call('POST', '/v1.0/accounts', body);
        expect(response.status).toBe(400);
        expect(response.text).toBe(
          '{"Message":"Transaction Error Webhook enabled: Transaction Error Webhook URL must be defined"}',
        );
      }
      const blank = await call('POST', '/v1.0/accounts', {
        ...FULL,
        Id: 'hook-1',
        TransactionErrorWebhookUrl: '    ',
      });
      expect(blank.text).toBe('{"Message":"https://     is not a valid URL"}');
    });

    it('gets an account by Id and answers 404 {"Message"} for an unknown one', async () => {
      const found = await call('GET', `/v1.0/accounts/${FULL.Id}`);
      expect(found.status).toBe(200);
      expect(found.json().TransactionErrorWebhookUrl).toBe('https://staging.cyclr.com/api/webhook/123');
      const missing = await call('GET', '/v1.0/accounts/JO-Test-987654321');
      expect(missing.status).toBe(404);
      expect(missing.json()).toEqual({ Message: "Account 'JO-Test-987654321' was not found." });
      expect(missing.headers['plugboard-error-code']).toBe('not_found');
      expect(missing.headers['x-content-type-options']).toBe('nosniff');
    });

    it('updates only the fields sent, following Cyclr’s sequence', async () => {
      const url = `/v1.0/accounts/${FULL.Id}`;
      const first = await call('PUT', url, {
        Id: 'ignored-in-put',
        Name: FULL.Name,
        Description: 'API Created Test Account, modified description',
        Timezone: 'Europe/London',
        StepDataSuccessRetentionHours: 0,
        StepDataErroredRetentionHours: null,
        TransactionErrorWebhookEnabled: false,
        TransactionErrorWebhookUrl: 'https://staging.cyclr.com/api/webhook/1234',
        TransactionErrorWebhookIncludeWarnings: false,
      });
      expect(first.status).toBe(200);
      expect(first.json()).toMatchObject({
        Id: FULL.Id,
        Description: 'API Created Test Account, modified description',
        AuditInfo: 'AuditInfo',
        TaskAuditInfo: 'TaskAuditInfo',
        StepDataSuccessRetentionHours: 0,
        StepDataErroredRetentionHours: null,
        TransactionErrorWebhookEnabled: false,
        TransactionErrorWebhookUrl: 'https://staging.cyclr.com/api/webhook/1234',
        TransactionErrorWebhookIncludeWarnings: false,
      });
      const noScheme = await call('PUT', url, {
        TransactionErrorWebhookEnabled: true,
        TransactionErrorWebhookUrl: 'staging.cyclr.com/api/webhook/12345',
        TransactionErrorWebhookIncludeWarnings: true,
      });
      expect(noScheme.json()).toMatchObject({
        Description: 'API Created Test Account, modified description',
        TransactionErrorWebhookEnabled: true,
        TransactionErrorWebhookUrl: 'https://staging.cyclr.com/api/webhook/12345',
      });
      const nulls = await call('PUT', url, {
        StepDataSuccessRetentionHours: null,
        StepDataErroredRetentionHours: null,
      });
      expect(nulls.json()).toMatchObject({
        StepDataSuccessRetentionHours: null,
        StepDataErroredRetentionHours: null,
        TransactionErrorWebhookEnabled: true,
      });
      expect((await call('GET', '/v1.0/accounts/ignored-in-put')).status).toBe(404);
    });

    it('refuses an update that enables the webhook without carrying a URL, even when one is stored', async () => {
      const url = `/v1.0/accounts/${FULL.Id}`;
      for (const body of [
        { TransactionErrorWebhookEnabled: true, TransactionErrorWebhookUrl: null },
        { TransactionErrorWebhookEnabled: true, TransactionErrorWebhookUrl: '' },
        {
          Name: FULL.Name,
          TransactionErrorWebhookEnabled: true,
          TransactionErrorWebhookIncludeWarnings: true,
        },
      ]) {
        const response = await call('PUT', url, body);
        expect(response.status).toBe(400);
        expect(response.text).toBe(
          '{"Message":"Transaction Error Webhook enabled: Transaction Error Webhook URL must be defined"}',
        );
      }
      const space = await call('PUT', url, {
        TransactionErrorWebhookEnabled: true,
        TransactionErrorWebhookUrl: ' ',
      });
      expect(space.text).toBe('{"Message":"https://  is not a valid URL"}');
      const bad = await call('PUT', url, { TransactionErrorWebhookUrl: 'ftp://files.example.com' });
      expect(bad.text).toBe('{"Message":"ftp://files.example.com is not a valid URL"}');
    });

    it('applies Cyclr’s retention rules on update: negative refused, over 744 capped, non-numbers ignored', async () => {
      const url = `/v1.0/accounts/${FULL.Id}`;
      const negative = await call('PUT', url, { Name: FULL.Name, StepDataSuccessRetentionHours: -10 });
      expect(negative.text).toBe('{"Message":"StepDataSuccessRetentionHours (-10): must be non negative"}');
      const negativeErrored = await call('PUT', url, { StepDataErroredRetentionHours: -10 });
      expect(negativeErrored.text).toBe(
        '{"Message":"StepDataErroredRetentionHours (-10): must be non negative"}',
      );
      const ignored = await call('PUT', url, {
        StepDataSuccessRetentionHours: 'abc',
        StepDataErroredRetentionHours: 'abc',
      });
      expect(ignored.status).toBe(200);
      expect(ignored.json()).toMatchObject({
        StepDataSuccessRetentionHours: null,
        StepDataErroredRetentionHours: null,
      });
      const max = await call('PUT', url, {
        StepDataSuccessRetentionHours: 744,
        StepDataErroredRetentionHours: 744,
      });
      expect(max.json()).toMatchObject({
        StepDataSuccessRetentionHours: 744,
        StepDataErroredRetentionHours: 744,
      });
      const over = await call('PUT', url, {
        StepDataSuccessRetentionHours: 745,
        StepDataErroredRetentionHours: 100000,
      });
      expect(over.json()).toMatchObject({
        StepDataSuccessRetentionHours: 744,
        StepDataErroredRetentionHours: 744,
      });
      const stillIgnored = await call('PUT', url, { StepDataSuccessRetentionHours: true });
      expect(stillIgnored.json().StepDataSuccessRetentionHours).toBe(744);
    });

    it('writes nothing when any field of an update is refused', async () => {
      const url = `/v1.0/accounts/${FULL.Id}`;
      const before = (await call('GET', url)).json();
      const refused = await call('PUT', url, {
        Description: 'half-written?',
        StepDataErroredRetentionHours: -1,
      });
      expect(refused.status).toBe(400);
      expect((await call('GET', url)).json()).toEqual(before);
    });

    it('validates the time zone against IANA names', async () => {
      const url = `/v1.0/accounts/${FULL.Id}`;
      const good = await call('PUT', url, { Timezone: 'America/Argentina/Buenos_Aires' });
      expect(good.json().Timezone).toBe('America/Argentina/Buenos_Aires');
      const bad = await call('PUT', url, { Timezone: 'Mars/Olympus_Mons' });
      expect(bad.status).toBe(400);
      expect(bad.json().Message).toBe(
        "Timezone 'Mars/Olympus_Mons' is not an IANA time zone name (such as Europe/London or UTC).",
      );
      expect((await call('PUT', url, { Timezone: '+01:00' })).status).toBe(400);
      expect((await call('PUT', url, { Timezone: null })).json().Timezone).toBeNull();
    });

    it('answers 404 for an update of an unknown account', async () => {
      const response = await call('PUT', '/v1.0/accounts/nobody-here', { Description: 'x' });
      expect(response.status).toBe(404);
      expect(response.json()).toEqual({ Message: "Account 'nobody-here' was not found." });
    });

    it('lists accounts sorted by creation date then Id, paged, with the total headers', async () => {
      now += 60 * 60 * 1000;
      for (const id of ['list-b', 'list-a'])
        await call('POST', '/v1.0/accounts', { Id: id, Name: `Listed ${id}` });
      now += 1000;
      await call('POST', '/v1.0/accounts', { Id: 'list-0', Name: 'Listed list-0' });
      const all = await call('GET', '/v1.0/accounts?query=listed');
      expect(all.status).toBe(200);
      expect(all.json().map((a: { Id: string }) => a.Id)).toEqual(['list-a', 'list-b', 'list-0']);
      expect(all.headers['total-records']).toBe('3');
      const reversed = await call('GET', '/v1.0/accounts?query=LISTED&sortOrderAsc=false');
      expect(reversed.json().map((a: { Id: string }) => a.Id)).toEqual(['list-0', 'list-b', 'list-a']);
      const page = await call('GET', '/v1.0/accounts?query=listed&page=2&pageSize=2');
      expect(page.json().map((a: { Id: string }) => a.Id)).toEqual(['list-0']);
      expect(page.headers['total-records']).toBe('3');
      expect(page.headers['total-pages']).toBe('2');
      const byName = await call('GET', '/v1.0/accounts?query=list-&orderBy=Id');
      expect(byName.json().map((a: { Id: string }) => a.Id)).toEqual(['list-0', 'list-a', 'list-b']);
      const everything = await call('GET', '/v1.0/accounts?pageSize=1000');
      expect(Number(everything.headers['total-records'])).toBe(everything.json().length);
    });

    it('answers a page asked again with the rows now at its place, after adds, removals and renames', async () => {
      for (let i = 0; i < 8; i++)
        await call('POST', '/v1.0/accounts', { Id: `again-${i}`, Name: `Again ${i}` });
      const ids = async (query: string) =>
        (await call('GET', `/v1.0/accounts?query=again-&${query}`)).json().map((a: { Id: string }) => a.Id);
      expect(await ids('page=3&pageSize=2')).toEqual(['again-4', 'again-5']);
      expect(await ids('page=3&pageSize=2')).toEqual(['again-4', 'again-5']);
      expect(await ids('page=4&pageSize=2')).toEqual(['again-6', 'again-7']);
      expect((await call('DELETE', '/v1.0/accounts/again-1')).status).toBeLessThan(300);
      expect(await ids('page=3&pageSize=2')).toEqual(['again-5', 'again-6']);
      await call('POST', '/v1.0/accounts', { Id: 'again-8', Name: 'Again 8' });
      expect(await ids('page=4&pageSize=2')).toEqual(['again-7', 'again-8']);
      expect(await ids('page=2&pageSize=2&orderBy=Name&sortOrderAsc=false')).toEqual(['again-6', 'again-5']);
      await call('PUT', '/v1.0/accounts/again-7', { Name: 'Again 0b' });
      expect(await ids('page=2&pageSize=2&orderBy=Name&sortOrderAsc=false')).toEqual(['again-5', 'again-4']);
    });

    it('matches the query literally, wildcards included', async () => {
      await call('POST', '/v1.0/accounts', { Id: 'percent', Name: '100% Widgets' });
      const literal = await call('GET', '/v1.0/accounts?query=0%25%20W');
      expect(literal.json().map((a: { Id: string }) => a.Id)).toEqual(['percent']);
      const underscore = await call('GET', '/v1.0/accounts?query=_');
      expect(underscore.json()).toEqual([]);
    });

    it('refuses bad paging and sorting values with a 400 naming the parameter', async () => {
      for (const [query, message] of [
        ['pageSize=1001', 'pageSize must be a whole number from 1 to 1000.'],
        ['page=0', 'page must be a whole number from 1 to 1000000.'],
        ['page=1e20', 'page must be a whole number from 1 to 1000000.'],
        ['page=0x10', 'page must be a whole number from 1 to 1000000.'],
        ['pageSize=1e2', 'pageSize must be a whole number from 1 to 1000.'],
        ['sortOrderAsc=maybe', 'sortOrderAsc must be true or false.'],
        ['orderBy=Colour', 'orderBy must be CreatedDate, Name or Id.'],
      ] as const) {
        const response = await call('GET', `/v1.0/accounts?${query}`);
        expect(response.status).toBe(400);
        expect(response.json()).toEqual({ Message: message });
      }
    });

    it('lists the usernames of an account after sign-in tokens create them', async () => {
      for (const username of ['zoe', 'adam', 'zoe']) {
        expect(
          (await call('POST', `/v1.0/accounts/${FULL.Id}/signintoken`, { Username: username })).status,
        ).toBe(200);
      }
      const users = await call('GET', `/v1.0/accounts/${FULL.Id}/users`);
      expect(users.status).toBe(200);
      expect(users.json()).toEqual(['adam', 'zoe']);
      expect(users.headers['total-records']).toBe('2');
      expect((await call('GET', '/v1.0/accounts/nobody-here/users')).status).toBe(404);
    });

    it("adds, updates and removes users with Cyclr's users API, and 404s for unknown accounts", async () => {
      await call('POST', '/v1.0/accounts', { Id: 'people', Name: 'People' });
      const users = '/v1.0/accounts/people/users';
      const added = await call('PUT', users, { UserName: 'jo-temp-api-user', Password: 'abc@1234567890' });
      expect(added.status).toBe(200);
      expect(added.headers['x-content-type-options']).toBe('nosniff');
      expect(added.json()).toEqual({ AccountId: 'people', UserName: 'jo-temp-api-user' });
      expect((await call('PUT', users, { UserName: 'jo-temp-api-user' })).status).toBe(200);
      expect((await call('PUT', users, { username: 'amy' })).status).toBe(200);
      expect((await call('GET', users)).json()).toEqual(['amy', 'jo-temp-api-user']);

      const setPassword = await harness().call('PUT', '/v1.0/users', {
        account: 'people',
        body: { UserName: 'jo-temp-api-user', Password: 'abc@1234567890' },
      });
      expect(setPassword.status).toBe(200);
      expect(setPassword.json()).toEqual({ AccountId: 'people', UserName: 'jo-temp-api-user' });
      const stranger = await harness().call('PUT', '/v1.0/users', {
        account: 'people',
        body: { UserName: 'nobody', Password: 'x' },
      });
      expect(stranger.status).toBe(404);
      expect(stranger.json()).toEqual({ Message: "User 'nobody' was not found in account 'people'." });

      const usage = await call('GET', '/v1.0/accounts/people/usage');
      expect(usage.json()).toEqual({ AccountId: 'people', UserCount: 2, AccountConnectorCount: 0 });
      const subAccounts = await call('GET', '/v1.0/accounts/people/subaccounts');
      expect(subAccounts.status).toBe(200);
      expect(subAccounts.json()).toEqual([]);
      expect(subAccounts.headers['total-records']).toBe('0');

      const removed = await call('DELETE', users, { UserName: 'jo-temp-api-user' });
      expect(removed.status).toBe(200);
      expect((await call('GET', users)).json()).toEqual(['amy']);
      expect((await call('DELETE', users, { UserName: 'jo-temp-api-user' })).status).toBe(404);

      for (const [method, path, body] of [
        ['PUT', '/v1.0/accounts/nobody-here/users', { UserName: 'x' }],
        ['DELETE', '/v1.0/accounts/nobody-here/users', { UserName: 'x' }],
        ['GET', '/v1.0/accounts/nobody-here/usage', undefined],
        ['GET', '/v1.0/accounts/nobody-here/subaccounts', undefined],
      ] as const) {
        const response = await call(method, path, body);
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(response.json()).toEqual({ Message: "Account 'nobody-here' was not found." });
      }
    });

    it('refuses a user body without a UserName or with a password that is not text, adding nobody', async () => {
      await call('POST', '/v1.0/accounts', { Id: 'strict', Name: 'Strict' });
      const users = '/v1.0/accounts/strict/users';
      for (const [body, message] of [
        [{}, 'Username is required'],
        [{ UserName: 42 }, 'Username must be a string.'],
        [{ UserName: 'kim', Password: 12 }, 'Password must be a string.'],
        [{ UserName: 'kim', Password: 'p'.repeat(257) }, 'Password must be at most 256 characters.'],
      ] as const) {
        const response = await call('PUT', users, body);
        expect(response.status).toBe(400);
        expect(response.json()).toEqual({ Message: message });
      }
      expect((await call('GET', users)).json()).toEqual([]);
    });

    it('deletes an account with 200, everything in it with it, and lets its Id be used again', async () => {
      const { db } = harness().app.database;
      await call('POST', '/v1.0/accounts', { Id: 'doomed', Name: 'Doomed' });
      await call('POST', '/v1.0/accounts/doomed/signintoken', { Username: 'dora' });
      const restricted = await harness().tokenFor('doomed');
      await db
        .insertInto('account_connectors')
        .values({
          account_id: 'doomed',
          connector_id: 5801,
          name: 'Capsule',
          auth_status: 'Authenticated',
          credentials_version: 1,
          access_token_ct: 'pb1.test.sealed.value',
          refresh_failures: 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const connector = await db
        .selectFrom('account_connectors')
        .select('id')
        .where('account_id', '=', 'doomed')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('account_connector_properties')
        .values({ account_connector_id: connector.id, name: 'isSandbox', value: 'true', created_at: now })
        .execute();

      const deleted = await harness().call('DELETE', '/v1.0/accounts/doomed', {
        headers: { 'content-type': 'application/json' },
      });
      expect(deleted.status).toBe(200);
      expect((await call('GET', '/v1.0/accounts/doomed')).status).toBe(404);
      expect((await call('DELETE', '/v1.0/accounts/doomed')).status).toBe(404);
      for (const table of ['account_connectors', 'account_users', 'sign_in_tokens'] as const) {
        const rows = await db.selectFrom(table).selectAll().where('account_id', '=', 'doomed').execute();
        expect(rows, table).toEqual([]);
      }
      const properties = await db
        .selectFrom('account_connector_properties')
        .selectAll()
        .where('account_connector_id', '=', connector.id)
        .execute();
      expect(properties).toEqual([]);
      const token = await db
        .selectFrom('api_tokens')
        .select('revoked_at')
        .where('token_hash', '=', hashToken(restricted))
        .executeTakeFirstOrThrow();
      expect(token.revoked_at).not.toBeNull();

      const again = await call('POST', '/v1.0/accounts', { Id: 'doomed', Name: 'Reborn' });
      expect(again.status).toBe(200);
      expect((await harness().call('GET', '/v1.0/accounts/doomed', { token: restricted })).status).toBe(401);
    });
  },
  { clock },
);
