import { expect } from 'vitest';
import { idsOf, type Json, type Row, type World } from './world.ts';

/** Capsule answers 204 for deletes and link changes; data on demand answers 200 with a JSON null. */
export async function expectNoContent(
  world: World,
  guid: string,
  parameters: Record<string, unknown>,
): Promise<void> {
  const response = await world.call(guid, { Parameters: parameters });
  expect(response.status, response.text).toBe(200);
  expect(response.json()).toBeNull();
}

/**
 * Page 2 of `perPage` items is the second slice of one bigger page; `Plugboard-Has-More` says so and
 * `Plugboard-Next-Page` names it.
 */
export async function expectPaging(
  world: World,
  guid: string,
  key: string,
  perPage: number,
  parameters: Record<string, unknown> = {},
): Promise<void> {
  const whole = await world.expectCall(guid, { Parameters: { ...parameters, perPage: perPage * 2 } }, 200);
  expect(whole[key].length, `${key}: too few records to page through`).toBeGreaterThan(perPage);
  const firstPage = await world.call(guid, { Parameters: { ...parameters, perPage } });
  expect(firstPage.status).toBe(200);
  expect(firstPage.headers['plugboard-has-more']).toBe('true');
  expect(firstPage.headers['plugboard-next-page']).toBe('2');
  const page = firstPage.headers['plugboard-next-page'];
  const secondPage = await world.expectCall(guid, { Parameters: { ...parameters, perPage, page } }, 200);
  expect(idsOf(firstPage.json()[key])).toEqual(idsOf(whole[key]).slice(0, perPage));
  expect(idsOf(secondPage[key])).toEqual(idsOf(whole[key]).slice(perPage, perPage * 2));
}

/** A list with `since` holds exactly what changed after the mark. */
export async function expectSince(
  world: World,
  guid: string,
  key: string,
  change: () => Promise<number>,
): Promise<void> {
  const since = await world.mark();
  const changedId = await change();
  const recent = await world.expectCall(guid, { Parameters: { since } }, 200);
  expect(idsOf(recent[key])).toEqual([changedId]);
}

/**
 * Show-many returns exactly the ids asked for, with `embed` applied (`embedded` tells); 11 ids are
 * refused by Plugboard without calling Capsule (through the proxy, Capsule's own 422 says the same).
 */
export async function expectShowMany(
  world: World,
  guid: string,
  key: string,
  rows: readonly Row[],
  embed: string,
  embedded: (record: Json) => boolean,
): Promise<void> {
  const ids = idsOf(rows).slice(0, 10);
  expect(ids.length).toBeGreaterThan(1);
  const body = await world.expectCall(guid, { Parameters: { ids, embed } }, 200);
  expect(idsOf(body[key]).sort()).toEqual([...ids].sort());
  expect(body[key].every(embedded)).toBe(true);
  const plain = await world.expectCall(guid, { Parameters: { ids } }, 200);
  expect(plain[key].some(embedded)).toBe(false);
  // One id reaches Capsule's show-one, which answers a single record: still a one-item list here.
  const one = await world.expectCall(guid, { Parameters: { ids: ids.slice(0, 1) } }, 200);
  expect(Object.keys(one)).toEqual([key]);
  expect(idsOf(one[key])).toEqual(ids.slice(0, 1));
  const eleven = [...ids, ...Array.from({ length: 11 - ids.length }, (_, i) => 990_000 + i)];
  const before = world.stats().apiRequests;
  const refused = await world.call(guid, { Parameters: { ids: eleven } });
  expect(refused.status).toBe(400);
  expect(refused.json().Message).toContain("'ids'");
  expect(world.stats().apiRequests).toBe(before);
}

/** Deleting answers 200 (for Capsule's 204); the record is then gone, and a second delete is a 404. */
export async function expectDeleted(
  world: World,
  guids: { readonly remove: string; readonly get: string },
  id: number,
): Promise<void> {
  await expectNoContent(world, guids.remove, { id });
  expect((await world.call(guids.get, { Parameters: { id } })).status).toBe(404);
  expect((await world.call(guids.remove, { Parameters: { id } })).status).toBe(404);
}

/** The deleted feed lists what was deleted after `since` and refuses to run without it. */
export async function expectDeletedFeed(
  world: World,
  guid: string,
  key: string,
  deleteOne: () => Promise<number>,
): Promise<void> {
  const since = await world.mark();
  const id = await deleteOne();
  const feed = await world.expectCall(guid, { Parameters: { since, perPage: 10 } }, 200);
  expect(feed[key]).toEqual([{ id, deletedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) }]);
  const missing = await world.call(guid, {});
  expect(missing.status).toBe(400);
  expect(missing.json().Message).toContain("'since'");
}

/** The methods that link additional parties to an opportunity or a project. */
export interface LinkMethods {
  readonly list: string;
  readonly add: string;
  readonly remove: string;
}

/**
 * Adds a party to a record (200 for Capsule's 204), sees it listed, refuses a second add with Capsule's
 * 422, removes it and sees it gone; a second removal is Capsule's 404.
 */
export async function expectLinkRoundTrip(
  world: World,
  methods: LinkMethods,
  recordId: number,
  partyId: number,
  step: 'list' | 'add' | 'remove',
): Promise<void> {
  const listed = async () =>
    idsOf(
      (await world.expectCall(methods.list, { Parameters: { id: recordId, embed: 'tags' } }, 200)).parties,
    );
  expect(await listed()).not.toContain(partyId);
  await expectNoContent(world, methods.add, { id: recordId, partyId });
  const afterAdd = await world.expectCall(methods.list, { Parameters: { id: recordId, embed: 'tags' } }, 200);
  expect(idsOf(afterAdd.parties)).toContain(partyId);
  if (step === 'list') expect(afterAdd.parties.every((p: Json) => Array.isArray(p.tags))).toBe(true);
  if (step === 'add') {
    const again = await world.call(methods.add, { Parameters: { id: recordId, partyId } });
    expect(again.status).toBe(422);
    expect(again.json().Errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining('already') }),
    ]);
  }
  await expectNoContent(world, methods.remove, { id: recordId, partyId });
  expect(await listed()).not.toContain(partyId);
  if (step === 'remove') {
    const again = await world.call(methods.remove, { Parameters: { id: recordId, partyId } });
    expect(again.status).toBe(404);
  }
}
