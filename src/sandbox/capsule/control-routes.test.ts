import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SWITCHES } from './switches.ts';
import { type Harness, PREFIX, startHarness } from './testing/harness.ts';

let harness: Harness;

beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

const operator = () => ({ authorization: `Bearer ${harness.sandbox.controlToken}` });
const put = (payload: unknown) =>
  harness.inject({
    method: 'PUT',
    url: `${PREFIX}/control`,
    payload: payload as Record<string, unknown>,
    headers: operator(),
  });

describe('control endpoint', () => {
  it("refuses anyone without the control token or the host's approval, changing nothing", async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 'Basic eDp5' }]) {
      const read = await harness.inject({ url: `${PREFIX}/control`, headers });
      expect(read.statusCode).toBe(401);
      const write = await harness.inject({
        method: 'PUT',
        url: `${PREFIX}/control`,
        payload: { fail5xx: 1 },
        headers,
      });
      expect(write.statusCode).toBe(401);
      expect(write.body).not.toContain('switches');
    }
    expect(harness.sandbox.switches.fail5xx).toBe(0);
  });

  it('asks the host when there is no control token (the console admin check)', async () => {
    const hosted = await startHarness({
      authorizeControl: (request) => request.headers['x-admin'] === 'yes',
    });
    expect(
      (await hosted.inject({ url: `${PREFIX}/control`, headers: { 'x-admin': 'yes' } })).statusCode,
    ).toBe(200);
    expect((await hosted.inject({ url: `${PREFIX}/control`, headers: { 'x-admin': 'no' } })).statusCode).toBe(
      401,
    );
    await hosted.close();
  });

  it('shows the live switches and stats', async () => {
    await harness.signIn();
    const response = await harness.inject({ url: `${PREFIX}/control`, headers: operator() });

    expect(response.statusCode).toBe(200);
    expect(response.json().switches).toEqual(DEFAULT_SWITCHES);
    expect(response.json().stats).toMatchObject({
      tokenRequests: 1,
      authorizationCodeGrants: 1,
      refreshGrants: 0,
    });
  });

  it('merges a PUT into the live switches, which the sandbox then obeys', async () => {
    const token = (await harness.signIn()).access_token;
    const response = await put({ fail5xx: 1, hookRetryDelaysMs: [1, 2] });

    expect(response.json().switches).toMatchObject({
      fail5xx: 1,
      hookRetryDelaysMs: [1, 2],
      strictRotation: false,
    });
    expect(harness.sandbox.switches.fail5xx).toBe(1);
    expect((await harness.api('GET', '/site', token)).statusCode).toBe(503);
  });

  it('refuses unknown switches and bad values, changing nothing', async () => {
    const unknown = await put({ strictRotaton: true });
    const negative = await put({ latencyMs: -1, strictRotation: true });

    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().problems.length).toBeGreaterThan(0);
    expect(negative.statusCode).toBe(400);
    expect(harness.sandbox.switches.strictRotation).toBe(false);
  });

  it('zeroes the stats on reset-stats, keeping the object tests hold', async () => {
    const stats = harness.sandbox.stats;
    await harness.signIn();
    const response = await harness.inject({
      method: 'POST',
      url: `${PREFIX}/control/reset-stats`,
      headers: operator(),
    });

    expect(response.json().stats.tokenRequests).toBe(0);
    expect(stats.tokenRequests).toBe(0);
    expect(harness.sandbox.stats).toBe(stats);
  });
});
