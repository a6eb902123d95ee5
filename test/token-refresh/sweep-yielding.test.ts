import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../../src/connectors/capsule-v2/index.ts';
import type { ConnectorCatalog } from '../../src/connectors/catalog.ts';
import type { AccountConnector } from '../../src/domain/account-connectors/account-connector.ts';
import type { Stores } from '../../src/domain/stores.ts';
import type { TokenRefresher } from '../../src/domain/token-refresh/token-refresher.ts';
import { followPartnerTraffic } from '../../src/http/partner-traffic.ts';
import { type PartnerTraffic, refreshesAllowed } from '../../src/jobs/sweep-yielding.ts';
import { tokenRefreshSweep } from '../../src/jobs/token-refresh-sweep.ts';

const NOW = 1_000_000_000_000;

/** A connection whose token has expired: due now. */
const dueConnector = (id: number): AccountConnector => ({
  id,
  accountId: 'acme',
  connectorId: CAPSULE_V2.id,
  name: `c${id}`,
  description: null,
  authStatus: 'Authenticated',
  credentialsVersion: 1,
  tokenExpiresAt: NOW - 1,
  authenticatedAt: NOW - 1000,
  lastRefreshAt: null,
  lastUsedAt: null,
  lastError: null,
  lastErrorAt: null,
  refreshFailures: 0,
  refreshBlockedUntil: null,
  rateLimitedUntil: null,
  createdAt: NOW - 1000,
  updatedAt: NOW - 1000,
});

/** Runs one sweep batch over `count` due rows; records how many refreshes were in flight at each start. */
async function sweepOnce(count: number, traffic: PartnerTraffic | undefined) {
  const rows = Array.from({ length: count }, (_, i) => dueConnector(i + 1));
  const refreshed: number[] = [];
  const inFlightAtStart: number[] = [];
  let inFlight = 0;
  const refresher = {
    async refresh(id: number) {
      inFlightAtStart.push(++inFlight);
      // Finishes on a later turn of the event loop, so refreshes started together overlap.
      await new Promise((resolve) => setImmediate(resolve));
      refreshed.push(id);
      inFlight--;
      return { accessToken: 'new', version: 2 };
    },
  } as unknown as TokenRefresher;
  const stores = {
    connectorCredentials: {
      dueForRefresh: async () => rows.map((connector) => ({ connector, dueAt: NOW - 1 })),
      scheduleRefresh: async () => {},
      markUnreadable: async () => false,
    },
  } as unknown as Stores;
  const catalog = { byId: () => CAPSULE_V2 } as unknown as ConnectorCatalog;
  const sweep = tokenRefreshSweep({
    stores,
    catalog,
    refresher,
    clock: () => NOW,
    intervalMs: 60_000,
    batchSize: 200,
    concurrency: 4,
    ...(traffic ? { yieldTo: traffic } : {}),
    sleep: () => new Promise((resolve) => setImmediate(resolve)),
  });
  await sweep({ after: null });
  return { refreshed, inFlightAtStart };
}

const traffic = (requestsInFlight: () => number, lagging = () => false): PartnerTraffic => ({
  requestsInFlight,
  lagging,
});

describe('the refresh sweep yields to partner traffic', () => {
  it('allows its full concurrency when idle, one fewer per request in flight, one while lagging, never none', () => {
    expect(refreshesAllowed(4, undefined)).toBe(4);
    expect(
      refreshesAllowed(
        4,
        traffic(() => 0),
      ),
    ).toBe(4);
    expect(
      refreshesAllowed(
        4,
        traffic(() => 2),
      ),
    ).toBe(2);
    expect(
      refreshesAllowed(
        4,
        traffic(() => 50),
      ),
    ).toBe(1);
    expect(
      refreshesAllowed(
        4,
        traffic(
          () => 0,
          () => true,
        ),
      ),
    ).toBe(1);
  });

  it('runs its full concurrency with nothing being served', async () => {
    const { refreshed, inFlightAtStart } = await sweepOnce(
      20,
      traffic(() => 0),
    );
    expect(Math.max(...inFlightAtStart)).toBe(4);
    expect(refreshed.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('refreshes one at a time while requests are in flight, and still refreshes every due row', async () => {
    const { refreshed, inFlightAtStart } = await sweepOnce(
      20,
      traffic(() => 10),
    );
    expect(Math.max(...inFlightAtStart)).toBe(1);
    expect(refreshed.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('refreshes one at a time while the event loop lags', async () => {
    const { inFlightAtStart, refreshed } = await sweepOnce(
      12,
      traffic(
        () => 0,
        () => true,
      ),
    );
    expect(Math.max(...inFlightAtStart)).toBe(1);
    expect(refreshed).toHaveLength(12);
  });

  it('takes up its concurrency again once the traffic is gone', async () => {
    let asked = 0;
    // Busy for the first refreshes' decisions, then idle.
    const { inFlightAtStart, refreshed } = await sweepOnce(
      40,
      traffic(() => (asked++ < 20 ? 10 : 0)),
    );
    expect(inFlightAtStart.slice(0, 5).every((n) => n === 1)).toBe(true);
    expect(Math.max(...inFlightAtStart)).toBe(4);
    expect(refreshed).toHaveLength(40);
  });
});

describe('partner traffic of an HTTP server', () => {
  it('counts the requests in flight until their responses close', async () => {
    let finish: () => void = () => {};
    const server = createServer((_request, response) => {
      finish = () => response.end('ok');
    });
    const followed = followPartnerTraffic(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      expect(followed.requestsInFlight()).toBe(0);
      const answered = fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
      while (followed.requestsInFlight() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(followed.requestsInFlight()).toBe(1);
      finish();
      expect(await answered).toBe('ok');
      while (followed.requestsInFlight() !== 0) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(followed.requestsInFlight()).toBe(0);
      expect(followed.lagging()).toBe(false);
    } finally {
      followed.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
