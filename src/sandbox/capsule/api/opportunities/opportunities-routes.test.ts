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
const errorsOf = (response: { json(): unknown }) =>
  (response.json() as { errors: { message: string }[] }).errors.map((e) => e.message);

describe('opportunities', () => {
  it('requires party, name and milestone', async () => {
    const response = await call('POST', '/opportunities', { opportunity: { description: 'nothing else' } });

    expect(response.statusCode).toBe(422);
    expect(errorsOf(response)).toEqual(['name is required', 'party is required', 'milestone is required']);
  });

  it('creates an opportunity with the milestone probability and the user as owner', async () => {
    const response = await call('POST', '/opportunities', {
      opportunity: {
        party: { id: 11003 },
        milestone: { id: 22 },
        name: 'Loyalty app',
        value: { amount: 500, currency: 'GBP' },
      },
    });

    expect(response.statusCode).toBe(201);
    expect(response.json().opportunity).toMatchObject({
      name: 'Loyalty app',
      party: { id: 11003, type: 'organisation', name: 'Northwind Traders' },
      milestone: { id: 22, name: 'Qualified' },
      probability: 25,
      owner: { id: 6 },
      value: { amount: 500, currency: 'GBP' },
      closedOn: null,
    });
  });

  it('closes the deal when it moves to a complete milestone', async () => {
    const response = await call('PUT', '/opportunities/5002', { opportunity: { milestone: { id: 25 } } });

    expect(response.json().opportunity).toMatchObject({
      milestone: { id: 25, name: 'Won' },
      probability: 100,
      closedOn: '2026-03-10',
      lastOpenMilestone: { id: 24, name: 'Negotiation' },
      lastStageChangedAt: '2026-03-10T12:34:56Z',
    });
  });

  it('embeds the whole party and milestone when asked', async () => {
    const opportunity = (await call('GET', '/opportunities/5001?embed=party,milestone,tags')).json()
      .opportunity;

    expect(opportunity.party).toMatchObject({ id: 11002, emailAddresses: expect.any(Array) });
    expect(opportunity.milestone).toMatchObject({
      id: 23,
      pipeline: { id: 10, name: 'Sales' },
      complete: false,
    });
    expect(opportunity.tags).toEqual([{ id: 106, name: 'Hot', dataTag: false }]);
  });

  it('searches and filters opportunities', async () => {
    const found = (await call('GET', '/opportunities/search?q=tablets')).json().opportunities;
    const partnerships = (
      await call('POST', '/opportunities/filters/results', {
        filter: { conditions: [{ field: 'pipeline', operator: 'is', value: 'Partnerships' }] },
      })
    ).json().opportunities;
    const big = (
      await call('POST', '/opportunities/filters/results', {
        filter: { conditions: [{ field: 'expectedValue', operator: 'is greater than', value: 40000 }] },
      })
    ).json().opportunities;

    expect(found.map((o: { id: number }) => o.id)).toEqual([5001]);
    expect(partnerships.map((o: { id: number }) => o.id)).toEqual([5008, 5009, 5010]);
    expect(big.map((o: { id: number }) => o.id)).toEqual([5001, 5005]);
  });

  it('deletes an opportunity into the deleted feed', async () => {
    expect((await call('DELETE', '/opportunities/5004')).statusCode).toBe(204);

    const deleted = (await call('GET', '/opportunities/deleted?since=2026-03-01')).json().opportunities;
    expect(deleted).toEqual([{ id: 5004, deletedAt: '2026-03-10T12:34:56Z' }]);
  });
});

describe('additional parties', () => {
  it('lists, adds and removes additional parties with empty 204 answers', async () => {
    const added = await call('POST', '/opportunities/5002/parties/11030');
    const listed = (await call('GET', '/opportunities/5002/parties')).json().parties;
    const removed = await call('DELETE', '/opportunities/5002/parties/11030');

    expect(added.statusCode).toBe(204);
    expect(added.body).toBe('');
    expect(listed.map((party: { id: number }) => party.id)).toEqual([11030]);
    expect(removed.statusCode).toBe(204);
    expect((await call('GET', '/opportunities/5002/parties')).json().parties).toEqual([]);
  });

  it('refuses to add a party twice or to add the main party', async () => {
    const twice = await call('POST', '/opportunities/5001/parties/11021');
    const main = await call('POST', '/opportunities/5001/parties/11002');

    expect(errorsOf(twice)).toEqual(['party is already a contact for this opportunity']);
    expect(errorsOf(main)).toEqual(['party is already related to this opportunity']);
  });

  it('answers 404 for an unknown party', async () => {
    const response = await call('POST', '/opportunities/5001/parties/999999');

    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ message: 'party not found' });
  });
});
