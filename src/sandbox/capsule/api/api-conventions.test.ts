import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, type Harness, linksOf, PREFIX, startHarness } from '../testing/harness.ts';

let harness: Harness;
let token: string;

beforeAll(async () => {
  harness = await startHarness();
  token = (await harness.signIn()).access_token;
});
afterAll(async () => {
  await harness.close();
});

const get = (path: string) => harness.api('GET', path, token);

describe('responses', () => {
  it('wraps a single record and a list in one key, as minified JSON', async () => {
    const one = await get('/parties/11002');
    const many = await get('/parties?perPage=2');

    expect(Object.keys(one.json())).toEqual(['party']);
    expect(Object.keys(many.json())).toEqual(['parties']);
    expect(one.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(one.body).not.toMatch(/\n|": /);
  });

  it("answers an unknown path with 404 and Capsule's body", async () => {
    const response = await get('/users/me/and/more');

    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ message: 'Could not find resource' });
  });

  it('answers /users/me with 404, as Capsule only has /users/current', async () => {
    expect((await get('/users/me')).statusCode).toBe(404);
  });

  it('answers a missing record with 404', async () => {
    expect((await get('/parties/999999')).json()).toEqual({ message: 'Could not find resource' });
  });

  it("answers a wrong method on a known path with 405 and Capsule's body", async () => {
    const response = await harness.api('PATCH', '/parties/11002', token, {});

    expect(response.statusCode).toBe(405);
    expect(response.json()).toEqual({ message: 'Method not allowed' });
    expect(response.headers.allow).toBe('GET, PUT, DELETE');
  });

  it('answers malformed JSON with 400 and a message', async () => {
    const response = await harness.inject({
      method: 'POST',
      url: `${PREFIX}/api/v2/parties`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: '{"party":',
    });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ message: 'The request body is not valid JSON' });
  });

  it('answers invalid input with 422 Validation Failed listing every problem', async () => {
    const response = await harness.api('POST', '/tasks', token, {
      task: { detail: 'no description or date' },
    });

    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({
      message: 'Validation Failed',
      errors: [
        { message: 'description is required', resource: 'task', field: 'description' },
        { message: 'dueOn is required', resource: 'task', field: 'dueOn' },
      ],
    });
  });

  it('answers a body without its wrapping key with 422', async () => {
    const response = await harness.api('POST', '/parties', token, {
      type: 'organisation',
      name: 'Unwrapped',
    });

    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0]).toMatchObject({ message: 'party is required' });
  });

  it('creates with 201, a Location header and the stored record', async () => {
    const response = await harness.api('POST', '/parties', token, {
      party: { type: 'organisation', name: 'Location Ltd' },
    });

    const party = response.json().party;
    expect(response.statusCode).toBe(201);
    expect(response.headers.location).toBe(`${BASE_URL}/api/v2/parties/${party.id}`);
    expect(party).toMatchObject({
      type: 'organisation',
      name: 'Location Ltd',
      addresses: [],
      phoneNumbers: [],
      websites: [],
      emailAddresses: [],
    });
    expect((await get(`/parties/${party.id}`)).json().party).toEqual(party);
  });
});

describe('paging', () => {
  it('walks every party through rel="next" links and ends without one', async () => {
    const seen: number[] = [];
    let url: string | undefined = `${BASE_URL}/api/v2/parties?perPage=25`;
    let pages = 0;
    while (url !== undefined) {
      const response = await get(url.slice(`${BASE_URL}/api/v2`.length));
      seen.push(...response.json().parties.map((party: { id: number }) => party.id));
      url = linksOf(response.headers.link).next;
      pages += 1;
    }

    expect(seen.length).toBeGreaterThanOrEqual(60);
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(seen.length / 25));
  });

  it('puts absolute next and prev links that keep the other query parameters', async () => {
    const response = await get('/parties?page=2&perPage=10&embed=tags');
    const links = linksOf(response.headers.link);

    expect(links.next).toBe(`${BASE_URL}/api/v2/parties?page=3&perPage=10&embed=tags`);
    expect(links.prev).toBe(`${BASE_URL}/api/v2/parties?page=1&perPage=10&embed=tags`);
  });

  it('defaults to 50 per page', async () => {
    expect((await get('/parties')).json().parties).toHaveLength(50);
  });

  it('rejects perPage above 100 and page below 1', async () => {
    expect((await get('/parties?perPage=101')).statusCode).toBe(400);
    expect((await get('/parties?page=0')).statusCode).toBe(400);
  });

  it('allows at most 50 per page on per-entity entry lists', async () => {
    expect((await get('/parties/11002/entries?perPage=51')).statusCode).toBe(400);
    expect((await get('/parties/11002/entries?perPage=50')).statusCode).toBe(200);
  });
});

describe('embed', () => {
  it('leaves tags and custom fields out unless they are embedded', async () => {
    const plain = (await get('/parties/11002')).json().party;
    const embedded = (await get('/parties/11002?embed=tags,fields')).json().party;

    expect(plain).not.toHaveProperty('tags');
    expect(plain).not.toHaveProperty('fields');
    expect(embedded.tags).toEqual([{ id: 101, name: 'Customer', dataTag: true }]);
    expect(embedded.fields).toContainEqual(
      expect.objectContaining({ definition: { id: 201, name: 'Industry Sector' }, value: 'Manufacturing' }),
    );
  });

  it('nests the whole organisation with embed=organisation', async () => {
    const person = (await get('/parties/11021?embed=organisation')).json().party;

    expect(person.organisation).toMatchObject({ type: 'organisation', emailAddresses: expect.any(Array) });
  });
});

describe('show many', () => {
  it('returns the listed records under the list key', async () => {
    const response = await get('/parties/11002,11003,11004');

    expect(response.json().parties.map((party: { id: number }) => party.id)).toEqual([11002, 11003, 11004]);
  });

  it('refuses more than ten ids', async () => {
    const ids = Array.from({ length: 11 }, (_, index) => 11001 + index).join(',');
    const response = await get(`/parties/${ids}`);

    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0].message).toBe('too many ids');
  });

  it('supports opportunities, kases and tasks too', async () => {
    expect((await get('/opportunities/5001,5002')).json().opportunities).toHaveLength(2);
    expect((await get('/kases/7001,7002')).json().kases).toHaveLength(2);
    expect((await get('/tasks/9001,9008')).json().tasks).toHaveLength(2);
  });
});

describe('since and deleted feeds', () => {
  it('lists only records changed after since', async () => {
    const all = (await get('/parties?perPage=100')).json().parties as { updatedAt: string }[];
    const since = '2026-03-03T00:00:00Z';
    const recent = (await get(`/parties?perPage=100&since=${since}`)).json().parties as {
      updatedAt: string;
    }[];

    expect(recent.length).toBeGreaterThan(0);
    expect(recent.length).toBeLessThan(all.length);
    expect(recent.every((party) => party.updatedAt > since)).toBe(true);
    expect(recent.length).toBe(all.filter((party) => party.updatedAt > since).length);
  });

  it('rejects a since that is not ISO-8601', async () => {
    expect((await get('/parties?since=yesterday')).statusCode).toBe(422);
  });

  it('requires since on the deleted feeds', async () => {
    for (const collection of ['parties', 'opportunities', 'kases']) {
      const response = await get(`/${collection}/deleted`);
      expect(response.statusCode).toBe(422);
      expect(response.json().errors[0].message).toBe('since is required');
    }
  });

  it('has no deleted feed for tasks', async () => {
    expect((await get('/tasks/deleted?since=2020-01-01')).statusCode).toBe(404);
  });
});
