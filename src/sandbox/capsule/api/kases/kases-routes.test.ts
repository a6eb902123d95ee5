import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../testing/harness.ts';

let harness: Harness;
let token: string;

beforeEach(async () => {
  harness = await startHarness();
  token = (await harness.signIn()).access_token;
});
afterEach(async () => {
  await harness.close();
});

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) =>
  harness.api(method, path, token, body);

describe('kases', () => {
  it('creates a kase without an owner unless one is sent', async () => {
    const response = await call('POST', '/kases', {
      kase: { party: { id: 11004 }, name: 'Warehouse study' },
    });

    expect(response.statusCode).toBe(201);
    expect(response.json().kase).toMatchObject({
      name: 'Warehouse study',
      status: 'OPEN',
      owner: null,
      party: { id: 11004 },
    });
  });

  it('requires a party and a name', async () => {
    const response = await call('POST', '/kases', { kase: {} });

    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(['name', 'party']);
  });

  it('stamps closedOn when a kase is closed and clears it when reopened', async () => {
    const closed = (await call('PUT', '/kases/7001', { kase: { status: 'CLOSED' } })).json().kase;
    const reopened = (await call('PUT', '/kases/7001', { kase: { status: 'OPEN' } })).json().kase;

    expect(closed).toMatchObject({ status: 'CLOSED', closedOn: '2026-03-10' });
    expect(reopened).toMatchObject({ status: 'OPEN', closedOn: null });
  });

  it('lists, searches and filters kases, and manages their additional parties', async () => {
    const open = (
      await call('POST', '/kases/filters/results', {
        filter: { conditions: [{ field: 'status', operator: 'is', value: 'OPEN' }] },
      })
    ).json().kases;
    const found = (await call('GET', '/kases/search?q=portal')).json().kases;
    const added = await call('POST', '/kases/7003/parties/11020');

    expect((await call('GET', '/kases')).json().kases).toHaveLength(5);
    expect(open.map((kase: { id: number }) => kase.id)).toEqual([7001, 7003, 7004, 7005]);
    expect(found.map((kase: { id: number }) => kase.id)).toEqual([7003]);
    expect(added.statusCode).toBe(204);
    expect(
      (await call('GET', '/kases/7003/parties')).json().parties.map((p: { id: number }) => p.id),
    ).toEqual([11020]);
  });

  it('lists the entries of a kase and embeds its opportunity', async () => {
    const entries = (await call('GET', '/kases/7001/entries')).json().entries;
    const kase = (await call('GET', '/kases/7001?embed=opportunity')).json().kase;

    expect(entries.map((entry: { kase: { id: number } }) => entry.kase.id)).toEqual([7001]);
    expect(kase.opportunity).toMatchObject({ id: 5001, value: { amount: 48000, currency: 'GBP' } });
  });
});
