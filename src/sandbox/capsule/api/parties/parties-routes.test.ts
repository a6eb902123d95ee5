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
const createParty = async (party: Record<string, unknown>) =>
  (await call('POST', '/parties', { party })).json().party;
const errorsOf = (response: { json(): unknown }) =>
  (response.json() as { errors: { message: string }[] }).errors.map((e) => e.message);

describe('creating parties', () => {
  it('creates a person owned by the calling user', async () => {
    const response = await call('POST', '/parties', {
      party: {
        type: 'person',
        firstName: 'Ada',
        lastName: 'Byron',
        emailAddresses: [{ type: 'Work', address: 'ada@calc.example' }],
      },
    });

    expect(response.statusCode).toBe(201);
    expect(response.json().party).toMatchObject({
      type: 'person',
      firstName: 'Ada',
      lastName: 'Byron',
      owner: { id: 6, username: 'scott' },
      emailAddresses: [{ id: expect.any(Number), type: 'Work', address: 'ada@calc.example' }],
    });
  });

  it('requires a type, and a name for an organisation', async () => {
    expect(errorsOf(await call('POST', '/parties', { party: { name: 'No type' } }))).toContain(
      'type is required',
    );
    expect(errorsOf(await call('POST', '/parties', { party: { type: 'organisation' } }))).toContain(
      'name is required',
    );
  });

  it('requires a first or last name for a person', async () => {
    const response = await call('POST', '/parties', { party: { type: 'person', jobTitle: 'Nobody' } });

    expect(response.statusCode).toBe(422);
    expect(errorsOf(response)).toEqual(['firstName or lastName is required']);
  });

  it('rejects a duplicate organisation name, ignoring case', async () => {
    const response = await call('POST', '/parties', {
      party: { type: 'organisation', name: 'acme industries' },
    });

    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      { message: 'name must be unique', resource: 'party', field: 'name' },
    ]);
  });

  it('links a person to an existing organisation by name, or creates it', async () => {
    const existing = await createParty({
      type: 'person',
      firstName: 'Al',
      organisation: { name: 'Initech' },
    });
    const created = await createParty({
      type: 'person',
      firstName: 'Bo',
      organisation: { name: 'Brand New Org' },
    });

    expect(existing.organisation).toMatchObject({ id: 11005, name: 'Initech' });
    expect(created.organisation.name).toBe('Brand New Org');
    expect((await call('GET', `/parties/${created.organisation.id}`)).json().party.type).toBe('organisation');
  });

  it('adds tags by name, creating unknown ones, and sets custom fields', async () => {
    const party = (
      await call('POST', '/parties?embed=tags,fields', {
        party: {
          type: 'person',
          firstName: 'Tagged',
          tags: [{ name: 'VIP' }, { name: 'Conference 2026' }],
          fields: [{ definition: { id: 202 }, value: 42 }],
        },
      })
    ).json().party;

    expect(party.tags.map((tag: { name: string }) => tag.name)).toEqual(['VIP', 'Conference 2026']);
    expect(party.fields).toEqual([
      expect.objectContaining({ definition: { id: 202, name: 'Lead Score' }, value: '42' }),
    ]);
    const tags = (await call('GET', '/parties/tags')).json().tags.map((tag: { name: string }) => tag.name);
    expect(tags).toContain('Conference 2026');
  });

  it('does not create tags or records when validation fails', async () => {
    const response = await call('POST', '/parties', {
      party: { type: 'person', tags: [{ name: 'Never Made' }] },
    });

    expect(response.statusCode).toBe(422);
    const tags = (await call('GET', '/parties/tags')).json().tags.map((tag: { name: string }) => tag.name);
    expect(tags).not.toContain('Never Made');
  });
});

describe('updating parties', () => {
  it('merges a partial update and leaves other fields unchanged', async () => {
    const before = (await call('GET', '/parties/11021')).json().party;
    const response = await call('PUT', '/parties/11021', { party: { jobTitle: 'Chief Explorer' } });

    const after = response.json().party;
    expect(response.statusCode).toBe(200);
    expect(after.jobTitle).toBe('Chief Explorer');
    expect({ ...after, jobTitle: before.jobTitle, updatedAt: before.updatedAt }).toEqual(before);
    expect(after.updatedAt).toBe('2026-03-10T12:34:56Z');
  });

  it('adds nested items without id, updates those with id and removes those with _delete', async () => {
    const party = await createParty({
      type: 'organisation',
      name: 'Nested Ltd',
      phoneNumbers: [{ number: '111' }, { number: '222' }],
      emailAddresses: [{ address: 'old@nested.example' }],
    });
    const [keep, remove] = party.phoneNumbers;
    const updated = (
      await call('PUT', `/parties/${party.id}`, {
        party: {
          phoneNumbers: [{ id: remove.id, _delete: true }, { number: '333' }],
          emailAddresses: [{ id: party.emailAddresses[0].id, type: 'Home' }],
        },
      })
    ).json().party;

    expect(updated.phoneNumbers.map((phone: { number: string }) => phone.number)).toEqual([
      keep.number,
      '333',
    ]);
    expect(updated.emailAddresses).toEqual([
      { id: party.emailAddresses[0].id, type: 'Home', address: 'old@nested.example' },
    ]);
  });

  it('ignores _destroy, as Capsule silently does', async () => {
    const party = await createParty({
      type: 'organisation',
      name: 'Destroy Ltd',
      websites: [{ address: 'destroy.example' }],
    });
    const updated = (
      await call('PUT', `/parties/${party.id}`, {
        party: { websites: [{ id: party.websites[0].id, _destroy: true }] },
      })
    ).json().party;

    expect(updated.websites).toEqual([
      {
        id: party.websites[0].id,
        type: null,
        service: 'URL',
        address: 'destroy.example',
        url: 'http://destroy.example',
      },
    ]);
  });

  it('does not clear a nested collection when sent an empty array', async () => {
    const before = (await call('GET', '/parties/11002')).json().party;
    const after = (await call('PUT', '/parties/11002', { party: { addresses: [] } })).json().party;

    expect(after.addresses).toEqual(before.addresses);
  });

  it('answers 404 for a nested item id the party does not have', async () => {
    const response = await call('PUT', '/parties/11002', {
      party: { phoneNumbers: [{ id: 1, _delete: true }] },
    });

    expect(response.statusCode).toBe(404);
  });

  it('detaches a tag by id and refuses to detach one the party does not have', async () => {
    const detached = await call('PUT', '/parties/11002?embed=tags', {
      party: { tags: [{ id: 101, _delete: true }] },
    });
    const again = await call('PUT', '/parties/11002', { party: { tags: [{ id: 101, _delete: true }] } });

    expect(detached.json().party.tags).toEqual([]);
    expect(again.statusCode).toBe(422);
    expect(errorsOf(again)).toEqual(['tag not found to delete']);
  });

  it('keeps NUMBER values as strings, clears a value with null and refuses null for a boolean', async () => {
    const withScore = (
      await call('PUT', '/parties/11018?embed=fields', {
        party: { fields: [{ definition: { id: 202 }, value: '17' }] },
      })
    ).json().party;
    const cleared = (
      await call('PUT', '/parties/11018?embed=fields', {
        party: { fields: [{ definition: { id: 202 }, value: null }] },
      })
    ).json().party;
    const booleanNull = await call('PUT', '/parties/11018', {
      party: { fields: [{ definition: { id: 204 }, value: null }] },
    });

    expect(
      withScore.fields.find((field: { definition: { id: number } }) => field.definition.id === 202).value,
    ).toBe('17');
    expect(cleared.fields.some((field: { definition: { id: number } }) => field.definition.id === 202)).toBe(
      false,
    );
    expect(booleanNull.statusCode).toBe(422);
    expect(errorsOf(booleanNull)).toEqual(['field.value: invalid type for field']);
  });

  it('refuses to change a party type', async () => {
    expect((await call('PUT', '/parties/11002', { party: { type: 'person' } })).statusCode).toBe(422);
  });
});

describe('deleting parties', () => {
  it('deletes with 204, lists the party in the deleted feed and deletes its opportunities and kases', async () => {
    const response = await call('DELETE', '/parties/11002');

    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect((await call('GET', '/parties/11002')).statusCode).toBe(404);
    const deleted = (await call('GET', '/parties/deleted?since=2026-03-10T00:00:00Z')).json().parties;
    expect(deleted).toEqual([{ id: 11002, deletedAt: '2026-03-10T12:34:56Z' }]);
    expect((await call('GET', '/opportunities/5001')).statusCode).toBe(404);
    expect((await call('GET', '/opportunities/deleted?since=2026-03-10')).json().opportunities).toEqual([
      { id: 5001, deletedAt: '2026-03-10T12:34:56Z' },
    ]);
    expect((await call('GET', '/kases/7001')).statusCode).toBe(404);
  });

  it('leaves the deleted feed empty for a since after the deletion', async () => {
    await call('DELETE', '/parties/11030');

    expect((await call('GET', '/parties/deleted?since=2026-03-11T00:00:00Z')).json().parties).toEqual([]);
  });
});

describe('search and filters', () => {
  it('finds parties by name, email or organisation with ?q=', async () => {
    const byName = (await call('GET', '/parties/search?q=northwind')).json().parties;
    const byEmail = (await call('GET', '/parties/search?q=amelia.clarke@')).json().parties;

    expect(byName.map((party: { id: number }) => party.id)).toContain(11003);
    expect(byEmail).toHaveLength(1);
    expect(byEmail[0]).toMatchObject({ firstName: 'Amelia', lastName: 'Clarke' });
  });

  it('filters on several conditions at once', async () => {
    const response = await call('POST', '/parties/filters/results', {
      filter: {
        conditions: [
          { field: 'type', operator: 'is', value: 'person' },
          { field: 'email', operator: 'ends with', value: '@acme.example' },
          { field: 'firstName', operator: 'contains', value: 'LI' },
        ],
      },
    });

    // Acme's people are Harry, Alice and Elijah; two of them have "li" in their first name.
    const names = response.json().parties.map((party: { firstName: string }) => party.firstName);
    expect(names).toEqual(['Alice', 'Elijah']);
  });

  it('filters by tag name or id, by custom field and by date', async () => {
    const filter = async (conditions: unknown[]) =>
      (await call('POST', '/parties/filters/results?perPage=100', { filter: { conditions } })).json()
        .parties as {
        id: number;
      }[];

    const vipByName = await filter([{ field: 'tag', operator: 'is', value: 'VIP' }]);
    const vipById = await filter([{ field: 'tag', operator: 'is', value: 104 }]);
    const notVip = await filter([{ field: 'tag', operator: 'is not', value: 'VIP' }]);
    const highScore = await filter([{ field: 'custom:202', operator: 'is greater than', value: 80 }]);
    const recent = await filter([{ field: 'updatedOn', operator: 'is within last', value: 7 }]);
    const old = await filter([{ field: 'addedOn', operator: 'is before', value: '2025-01-01' }]);

    expect(vipByName.length).toBeGreaterThan(0);
    expect(vipById).toEqual(vipByName);
    expect(vipByName.length + notVip.length).toBe(64);
    expect(highScore.length).toBeGreaterThan(0);
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.length).toBeLessThan(64);
    expect(old.length).toBeGreaterThan(0);
    expect(old.length).toBeLessThan(64);
  });

  it("answers an unknown filter field with Capsule's invalid field name", async () => {
    const response = await call('POST', '/parties/filters/results', {
      filter: { conditions: [{ field: 'lastContactedAt', operator: 'is after', value: '2026-01-01' }] },
    });

    expect(response.statusCode).toBe(422);
    expect(errorsOf(response)).toEqual(['invalid field name']);
  });
});

describe('related lists', () => {
  it("lists an organisation's people and refuses a person's", async () => {
    const people = (await call('GET', '/parties/11002/people')).json().parties;
    const ofPerson = await call('GET', '/parties/11021/people');

    expect(people.length).toBeGreaterThan(0);
    expect(people.every((person: { organisation: { id: number } }) => person.organisation.id === 11002)).toBe(
      true,
    );
    expect(ofPerson.statusCode).toBe(404);
    expect(ofPerson.json()).toEqual({ message: 'organisation not found' });
  });

  it("lists a party's opportunities, kases and entries", async () => {
    expect(
      (await call('GET', '/parties/11002/opportunities'))
        .json()
        .opportunities.map((o: { id: number }) => o.id),
    ).toEqual([5001]);
    expect((await call('GET', '/parties/11002/kases')).json().kases.map((k: { id: number }) => k.id)).toEqual(
      [7001],
    );
    const entries = (await call('GET', '/parties/11002/entries')).json().entries;
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((entry: { party: { id: number } }) => entry.party.id === 11002)).toBe(true);
  });
});
