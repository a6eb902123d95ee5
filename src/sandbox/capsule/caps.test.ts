import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ADDED_RECORDS } from './sandbox-state.ts';
import { type Harness, startHarness } from './testing/harness.ts';

let harness: Harness;
let token: string;

beforeEach(async () => {
  harness = await startHarness();
  token = (await harness.signIn()).access_token;
});
afterEach(async () => {
  await harness.close();
});

const person = (firstName: string, extra: Record<string, unknown> = {}) => ({
  party: { type: 'person', firstName, ...extra },
});

describe('what strangers can store in the sandbox', () => {
  it('refuses a JSON body over 64 KB and a list of more than 100 items, storing nothing', async () => {
    const before = harness.sandbox.stats.apiRequests;
    const big = await harness.api('POST', '/parties', token, person('Big', { about: 'x'.repeat(70_000) }));
    expect(big.statusCode).toBe(413);
    const addresses = Array.from({ length: 101 }, (_, i) => ({ address: `a${i}@example.com` }));
    const long = await harness.api('POST', '/parties', token, person('Long', { emailAddresses: addresses }));
    expect(long.statusCode).toBe(400);
    expect(long.json().message).toBe('A list in the request body holds more than 100 items');
    const listed = await harness.api('GET', '/parties/search?q=Big', token);
    expect(listed.json().parties ?? []).toEqual([]);
    expect(harness.sandbox.stats.apiRequests).toBeGreaterThan(before);
  });

  it(`stops at ${MAX_ADDED_RECORDS} added records, and deleting one makes room again`, async () => {
    let lastId = 0;
    for (let i = 0; i < MAX_ADDED_RECORDS; i++) {
      const created = await harness.api('POST', '/parties', token, person(`P${i}`));
      if (created.statusCode !== 201) throw new Error(`create ${i}: ${created.statusCode} ${created.body}`);
      lastId = created.json().party.id;
    }
    const full = await harness.api('POST', '/parties', token, person('One too many'));
    expect(full.statusCode).toBe(422);
    expect(full.json().message).toMatch(/maximum of 2000 added records; delete some/);
    expect((await harness.api('DELETE', `/parties/${lastId}`, token)).statusCode).toBe(204);
    expect((await harness.api('POST', '/parties', token, person('Fits again'))).statusCode).toBe(201);
  }, 120_000);
});
