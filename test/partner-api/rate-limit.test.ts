import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNewAccount } from '../../src/partner-api/accounts/account-body.ts';
import { apiCaller, describeApi, listen, partnerCredentials } from '../support/api-harness.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, type TestPlugboard } from '../support/test-plugboard.ts';

/** 45.5 s into a minute: the window ends in 14.5 s, so Retry-After is 15. */
const START = Date.UTC(2025, 5, 1, 10, 0, 45, 500);
let now = START;
const LIMIT = { PLUGBOARD_API_RATE_LIMIT: '3' };

describeApi(
  'per-client rate limit',
  (harness) => {
    beforeAll(() => {
      now = START;
    });

    it('allows each API client its budget a minute, then answers 429 with Retry-After and the limit headers', async () => {
      const remaining: string[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await harness().call('GET', '/v1.0/settings');
        expect(response.status).toBe(200);
        expect(response.headers['x-ratelimit-limit']).toBe('3');
        expect(response.headers['x-ratelimit-reset']).toBe(
          String((START - (START % 60_000) + 60_000) / 1000),
        );
        remaining.push(response.headers['x-ratelimit-remaining'] ?? '');
      }
      expect(remaining).toEqual(['2', '1', '0']);
      const refused = await harness().call('GET', '/v1.0/settings');
      expect(refused.status).toBe(429);
      expect(refused.json()).toEqual({
        Message: 'Rate limit exceeded: at most 3 requests per minute per API client. Retry after 15 seconds.',
      });
      expect(refused.headers['plugboard-error-code']).toBe('rate_limited');
      expect(refused.headers['retry-after']).toBe('15');
      expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    });

    it('leaves another API client unaffected while one is limited', async () => {
      const other = await partnerCredentials(harness().app, 'Quiet backend');
      const response = await harness().call('GET', '/v1.0/settings', { token: other.token });
      expect(response.status).toBe(200);
      expect(response.headers['x-ratelimit-remaining']).toBe('2');
      expect((await harness().call('GET', '/v1.0/settings')).status).toBe(429);
    });

    it('counts refused calls too, so a flood of forbidden calls is limited', async () => {
      const other = await partnerCredentials(harness().app, 'Restricted backend');
      await harness().app.services.accounts.create(readNewAccount({ Id: 'limited', Name: 'Limited' }));
      const restricted = await harness().app.services.apiTokens.grant({
        grantType: 'client_credentials',
        clientId: other.clientId,
        clientSecret: other.clientSecret,
        scope: 'account:limited',
      });
      if (!restricted.ok) throw new Error('no token');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push(
          (await harness().call('GET', '/v1.0/settings', { token: restricted.accessToken })).status,
        );
      }
      expect(statuses).toEqual([403, 403, 403, 429]);
    });

    it('gives a fresh budget in the next window', async () => {
      now += 15_000;
      expect((await harness().call('GET', '/v1.0/settings')).status).toBe(200);
    });
  },
  { env: LIMIT, clock: () => now },
);

for (const kind of testDatabaseKinds()) {
  describe(`rate limit shared by two Plugboard processes on one database [${kind.kind}]`, () => {
    let database: TestDatabase;
    let first: TestPlugboard;
    let second: TestPlugboard;

    beforeAll(async () => {
      database = await kind.create();
      // Counts are flushed by hand here, so what each process sees does not depend on timing.
      const options = { env: LIMIT, clock: () => START, requestCountFlushMs: 3_600_000 };
      first = await startTestPlugboard(database, options);
      second = await startTestPlugboard(database, options);
      await listen(second);
    });
    afterAll(async () => {
      await first?.close();
      await second?.close();
      await database?.drop();
    });

    it('counts the calls made to either process against one budget, shared at every flush', async () => {
      const partner = await partnerCredentials(first);
      const viaFirst = apiCaller(first, 'in-process', () => partner.token);
      const viaSecond = apiCaller(second, 'HTTP', () => partner.token);
      const flushed = async (call: Promise<{ status: number }>) => {
        const { status } = await call;
        await first.requestCounts.flush();
        await second.requestCounts.flush();
        return status;
      };
      const statuses = [
        await flushed(viaFirst('GET', '/v1.0/settings')),
        await flushed(viaSecond('GET', '/v1.0/settings')),
        await flushed(viaFirst('GET', '/v1.0/settings')),
        await flushed(viaSecond('GET', '/v1.0/settings')),
        await flushed(viaFirst('GET', '/v1.0/settings')),
      ];
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    });

    it('between flushes, a process sees the others’ calls as of their last flush: the stated tolerance', async () => {
      const partner = await partnerCredentials(first);
      const viaFirst = apiCaller(first, 'in-process', () => partner.token);
      const viaSecond = apiCaller(second, 'HTTP', () => partner.token);
      const statuses = [
        (await viaFirst('GET', '/v1.0/settings')).status, // written through: 1
        (await viaFirst('GET', '/v1.0/settings')).status, // counted in the first process: 2
        (await viaSecond('GET', '/v1.0/settings')).status, // written through, sees 1 + its own: 2
        (await viaSecond('GET', '/v1.0/settings')).status, // 3 as the second process sees it
      ];
      // One call over the limit of 3: the first process's unflushed call, within one flush interval.
      expect(statuses).toEqual([200, 200, 200, 200]);
      await first.requestCounts.flush();
      await second.requestCounts.flush();
      expect((await viaFirst('GET', '/v1.0/settings')).status).toBe(429);
      expect((await viaSecond('GET', '/v1.0/settings')).status).toBe(429);
    });
  });
}
