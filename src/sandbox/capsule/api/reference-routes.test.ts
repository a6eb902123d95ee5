import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BASE_URL, type Harness, startHarness } from '../testing/harness.ts';

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

describe('users and site', () => {
  it('shows the user the token belongs to at /users/current', async () => {
    const user = (await call('GET', '/users/current?embed=party')).json().user;

    expect(user).toMatchObject({ id: 6, username: 'scott', name: 'Scott Spacey', status: 'ACTIVE' });
    expect(user.party).toMatchObject({
      firstName: 'Scott',
      emailAddresses: [{ address: 'scott@example.com' }],
    });
  });

  it('lists active users and shows one by id', async () => {
    const users = (await call('GET', '/users')).json().users;

    expect(users.map((user: { username: string }) => user.username)).toEqual(['scott', 'ted', 'maia']);
    expect((await call('GET', '/users/7')).json().user.name).toBe('Ted Danson');
  });

  it('shows a deleted user as an owner with deleted: true', async () => {
    const organisation = (await call('GET', '/parties/11003')).json().party;

    expect(organisation.owner).toMatchObject({ id: 9, deleted: true });
  });

  it('shows the site', async () => {
    expect((await call('GET', '/site')).json()).toEqual({
      site: { url: 'https://exampleco.capsulecrm.com', subdomain: 'exampleco', name: 'Example Co.' },
    });
  });
});

describe('tags', () => {
  it('lists tags per entity type', async () => {
    const partyTags = (await call('GET', '/parties/tags'))
      .json()
      .tags.map((tag: { name: string }) => tag.name);
    const kaseTags = (await call('GET', '/kases/tags')).json().tags.map((tag: { name: string }) => tag.name);

    expect(partyTags).toContain('Customer');
    expect(kaseTags).toEqual(['Onboarding', 'Support', 'Priority']);
  });

  it('creates, renames and deletes a tag, detaching it from records', async () => {
    const created = await call('POST', '/opportunities/tags', { tag: { name: 'Strategic' } });
    const id = created.json().tag.id;
    await call('PUT', '/opportunities/5002', { opportunity: { tags: [{ id }] } });
    const renamed = (await call('PUT', `/opportunities/tags/${id}`, { tag: { name: 'Key account' } })).json()
      .tag;
    const deleted = await call('DELETE', `/opportunities/tags/${id}`);

    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe(`${BASE_URL}/api/v2/opportunities/tags/${id}`);
    expect(renamed).toEqual({ id, name: 'Key account', description: null, dataTag: false });
    // Records carry it, so Capsule detaches it in a background job: 202 with the job's Location.
    expect(deleted.statusCode).toBe(202);
    const jobPath = new URL(String(deleted.headers.location)).pathname.replace(/^.*\/api\/v2/, '');
    expect(jobPath).toMatch(/^\/jobs\/[0-9a-f-]{36}$/);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await call('GET', jobPath)).json().job).toMatchObject({
      status: 'completed',
      progress: 100,
      action: 'Deleting Tag',
    });
    expect((await call('GET', '/opportunities/5002?embed=tags')).json().opportunity.tags).toEqual([]);
    const unused = (await call('POST', '/opportunities/tags', { tag: { name: 'Unused' } })).json().tag.id;
    expect((await call('DELETE', `/opportunities/tags/${unused}`)).statusCode).toBe(204);
    expect((await call('GET', '/jobs/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('refuses a duplicate tag name and hides tags of other entity types', async () => {
    expect((await call('POST', '/parties/tags', { tag: { name: 'vip' } })).statusCode).toBe(422);
    expect((await call('GET', '/kases/tags/101')).statusCode).toBe(404);
  });
});

describe('custom field definitions', () => {
  it('lists definitions per entity type', async () => {
    const definitions = (await call('GET', '/parties/fields/definitions')).json().definitions;

    expect(definitions[0]).toMatchObject({
      id: 201,
      name: 'Industry Sector',
      type: 'list',
      captureRule: 'organisation',
    });
    expect(definitions.find((d: { id: number }) => d.id === 206).tag).toEqual({
      id: 101,
      name: 'Customer',
      dataTag: true,
    });
  });

  it('creates, updates and deletes a definition, removing its values', async () => {
    const created = await call('POST', '/kases/fields/definitions', {
      definition: { name: 'Risk', type: 'list', options: ['Low', 'High'] },
    });
    const id = created.json().definition.id;
    await call('PUT', '/kases/7001', { kase: { fields: [{ definition: { id }, value: 'High' }] } });
    const updated = (
      await call('PUT', `/kases/fields/definitions/${id}`, {
        definition: { options: ['Low', 'Medium', 'High'] },
      })
    ).json();
    const deleted = await call('DELETE', `/kases/fields/definitions/${id}`);

    expect(created.statusCode).toBe(201);
    expect(updated.definition.options).toEqual(['Low', 'Medium', 'High']);
    expect(deleted.statusCode).toBe(204);
    const fields = (await call('GET', '/kases/7001?embed=fields')).json().kase.fields;
    expect(fields.some((field: { definition: { id: number } }) => field.definition.id === id)).toBe(false);
  });

  it('requires options for a list field and refuses a value outside them', async () => {
    expect(
      (await call('POST', '/parties/fields/definitions', { definition: { name: 'Colour', type: 'list' } }))
        .statusCode,
    ).toBe(422);
    const outside = await call('PUT', '/parties/11002', {
      party: { fields: [{ definition: { id: 201 }, value: 'Mining' }] },
    });
    expect(outside.statusCode).toBe(422);
  });
});

describe('pipelines and milestones', () => {
  it('lists pipelines and the milestones of each', async () => {
    const pipelines = (await call('GET', '/pipelines')).json().pipelines;
    const partnerMilestones = (await call('GET', '/pipelines/11/milestones')).json().milestones;

    expect(pipelines.map((p: { name: string }) => p.name)).toEqual(['Sales', 'Partnerships']);
    expect(partnerMilestones.map((m: { name: string }) => m.name)).toEqual([
      'Introduced',
      'Evaluating',
      'Signed',
      'Declined',
    ]);
  });

  it("lists the oldest pipeline's milestones at /milestones", async () => {
    const milestones = (await call('GET', '/milestones')).json().milestones;

    expect(milestones.map((m: { name: string }) => m.name)).toEqual([
      'New',
      'Qualified',
      'Proposal',
      'Negotiation',
      'Won',
      'Lost',
    ]);
  });

  it('creates, updates and deletes a milestone, but not one in use', async () => {
    const created = await call('POST', '/milestones', {
      milestone: { name: 'Demo', probability: 35, pipeline: { id: 10 } },
    });
    const id = created.json().milestone.id;
    const updated = (await call('PUT', `/milestones/${id}`, { milestone: { probability: 40 } })).json()
      .milestone;

    expect(created.statusCode).toBe(201);
    expect(updated).toMatchObject({ id, name: 'Demo', probability: 40, pipeline: { id: 10, name: 'Sales' } });
    expect((await call('DELETE', `/milestones/${id}`)).statusCode).toBe(204);
    expect((await call('DELETE', '/milestones/23')).statusCode).toBe(422);
  });
});

describe('lookup lists', () => {
  it('lists lost reasons, activity types and task categories under their keys', async () => {
    expect((await call('GET', '/lostreasons')).json().lostReasons).toContainEqual(
      expect.objectContaining({ id: 61, name: 'Price', includedForConversion: true }),
    );
    expect((await call('GET', '/activitytypes')).json().activityTypes).toContainEqual(
      expect.objectContaining({ id: -1, name: 'Note' }),
    );
    expect((await call('GET', '/categories')).json().categories).toHaveLength(5);
  });
});
