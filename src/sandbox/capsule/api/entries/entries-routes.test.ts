import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BASE_URL, type Harness, startHarness } from '../../testing/harness.ts';

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

describe('entries', () => {
  it('lists entries newest first', async () => {
    const entries = (await call('GET', '/entries?perPage=100')).json().entries as { entryAt: string }[];
    const times = entries.map((entry) => entry.entryAt);

    expect(entries.length).toBeGreaterThan(10);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('creates a note on exactly one record', async () => {
    const response = await call('POST', '/entries', {
      entry: { type: 'note', content: 'Spoke to Ops', opportunity: { id: 5001 } },
    });

    expect(response.statusCode).toBe(201);
    expect(response.headers.location).toBe(`${BASE_URL}/api/v2/entries/${response.json().entry.id}`);
    expect(response.json().entry).toMatchObject({
      type: 'note',
      content: 'Spoke to Ops',
      opportunity: { id: 5001, name: 'Factory floor tablets' },
      party: null,
      creator: { id: 6 },
      activityType: { id: -1, name: 'Note' },
    });
  });

  it('creates only notes, and only on one record', async () => {
    const email = await call('POST', '/entries', {
      entry: { type: 'email', content: 'x', party: { id: 11002 } },
    });
    const nowhere = await call('POST', '/entries', { entry: { type: 'note', content: 'x' } });
    const twice = await call('POST', '/entries', {
      entry: { type: 'note', content: 'x', party: { id: 11002 }, kase: { id: 7001 } },
    });

    expect(email.statusCode).toBe(422);
    expect(nowhere.statusCode).toBe(422);
    expect(twice.statusCode).toBe(422);
  });

  it('updates and deletes an entry', async () => {
    const updated = (await call('PUT', '/entries/30001', { entry: { content: 'Edited' } })).json().entry;
    const deleted = await call('DELETE', '/entries/30001');

    expect(updated).toMatchObject({ id: 30001, content: 'Edited', party: { id: 11002 } });
    expect(deleted.statusCode).toBe(204);
    expect((await call('GET', '/entries/30001')).statusCode).toBe(404);
  });

  it('has no show-many', async () => {
    expect((await call('GET', '/entries/30001,30002')).statusCode).toBe(404);
  });
});
