import { expect } from 'vitest';
import { expectNoContent } from './shared-checks.ts';
import { first, idsOf, type Json, type MethodTable, type Row, type World } from './world.ts';

/** The GUIDs of a settings resource's methods (any may be absent). */
export interface ResourceGuids {
  readonly list?: string;
  readonly get?: string;
  readonly create?: string;
  readonly update?: string;
  readonly remove?: string;
}

/** How to exercise one settings resource through data on demand. */
export interface ResourceSpec {
  /** Singular and plural labels, as in the method names. */
  readonly label: string;
  readonly plural: string;
  readonly key: string;
  readonly listKey: string;
  readonly guids: ResourceGuids;
  /** Whether the list pages (then at least three records must exist to page through). */
  readonly paged: boolean;
  /** Fields of a valid new record; `unique` makes names that no other record uses. */
  newFields(world: World): Record<string, unknown>;
  /** One field to change and its new value, for the partial update. */
  change(world: World): Record<string, unknown>;
  /** Fields Capsule refuses with a 422 (e.g. a duplicate name), given an existing record. */
  refused?(existing: Json): Record<string, unknown>;
  /** Parameters every call sends (e.g. `embed`). */
  readonly parameters?: Record<string, unknown>;
}

async function createRecord(world: World, spec: ResourceSpec): Promise<Json> {
  const guid = spec.guids.create;
  if (!guid) throw new Error(`${spec.label} has no create method`);
  const fields = spec.newFields(world);
  const response = await world.call(guid, { Fields: fields });
  expect(response.status, response.text).toBe(201);
  const record = response.json()[spec.key];
  expect(response.headers['provider-location']).toMatch(new RegExp(`/${record.id}$`));
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value !== 'object') expect(record[name], name).toEqual(value);
  }
  return record;
}

/** List, get, create, partial update and delete cases for the methods `spec.guids` names. */
export function resourceCases(spec: ResourceSpec): MethodTable {
  const { guids, label, plural } = spec;
  const extra = spec.parameters ?? {};
  const cases: Record<string, MethodTable[string]> = {};
  if (guids.list) {
    const list = guids.list;
    cases[list] = {
      name: `List ${plural}`,
      shows: spec.paged
        ? `lists the ${plural.toLowerCase()} under '${spec.listKey}', a page at a time`
        : `lists the ${plural.toLowerCase()} under '${spec.listKey}'`,
      async run(world) {
        const all = await world.expectCall(
          list,
          { Parameters: { ...extra, ...(spec.paged ? { perPage: 100 } : {}) } },
          200,
        );
        const rows: Row[] = all[spec.listKey];
        expect(rows.length).toBeGreaterThan(1);
        for (const row of rows) expect(row.id).toEqual(expect.any(Number));
        if (!spec.paged) {
          const refused = await world.call(list, { Parameters: { perPage: 5 } });
          expect(refused.status).toBe(400);
          return;
        }
        const firstPage = await world.call(list, { Parameters: { ...extra, perPage: 1 } });
        expect(firstPage.headers['plugboard-has-more']).toBe('true');
        expect(firstPage.headers['plugboard-next-page']).toBe('2');
        const page = firstPage.headers['plugboard-next-page'];
        const second = await world.expectCall(list, { Parameters: { ...extra, perPage: 1, page } }, 200);
        expect(idsOf(firstPage.json()[spec.listKey])).toEqual(idsOf(rows).slice(0, 1));
        expect(idsOf(second[spec.listKey])).toEqual(idsOf(rows).slice(1, 2));
      },
    };
  }
  if (guids.get) {
    const get = guids.get;
    cases[get] = {
      name: `Get ${label}`,
      shows: `shows one ${label.toLowerCase()} as listed, and 404 for an unknown id`,
      async run(world) {
        if (!guids.list) throw new Error(`${label} has no list method`);
        const listed = await world.expectCall(guids.list, { Parameters: extra }, 200);
        const row = first<Row>(listed[spec.listKey], label);
        const body = await world.expectCall(get, { Parameters: { ...extra, id: row.id } }, 200);
        expect(body[spec.key]).toEqual(row);
        expect((await world.call(get, { Parameters: { id: 987654 } })).status).toBe(404);
      },
    };
  }
  if (guids.create) {
    const create = guids.create;
    cases[create] = {
      name: `Create ${label}`,
      shows: `creates a ${label.toLowerCase()} (201 with Location), which is then listed${spec.refused ? '; invalid fields are a 422' : ''}`,
      async run(world) {
        const record = await createRecord(world, spec);
        if (guids.get) {
          const shown = await world.expectCall(guids.get, { Parameters: { ...extra, id: record.id } }, 200);
          expect(shown[spec.key]).toEqual(record);
        }
        if (spec.refused) {
          const refused = await world.call(create, { Fields: spec.refused(record) });
          expect(refused.status, refused.text).toBe(422);
          expect(refused.json().Errors.length).toBeGreaterThan(0);
        }
      },
    };
  }
  if (guids.update) {
    const update = guids.update;
    cases[update] = {
      name: `Update ${label}`,
      shows: 'changes one field and leaves the others as they were (a partial PUT)',
      async run(world) {
        const record = await createRecord(world, spec);
        const change = spec.change(world);
        const body = await world.expectCall(update, { Parameters: { id: record.id }, Fields: change }, 200);
        const { updatedAt: _before, ...unchanged } = record;
        const { updatedAt: _after, ...after } = body[spec.key];
        expect(after).toEqual({ ...unchanged, ...change });
        expect((await world.call(update, { Parameters: { id: 987654 }, Fields: change })).status).toBe(404);
      },
    };
  }
  if (guids.remove) {
    const remove = guids.remove;
    cases[remove] = {
      name: `Delete ${label}`,
      shows: `deletes a ${label.toLowerCase()} (Capsule's 204 answered as 200); it is then not found`,
      async run(world) {
        const record = await createRecord(world, spec);
        await expectNoContent(world, remove, { id: record.id });
        if (guids.get)
          expect((await world.call(guids.get, { Parameters: { id: record.id } })).status).toBe(404);
        expect((await world.call(remove, { Parameters: { id: record.id } })).status).toBe(404);
      },
    };
  }
  return cases;
}
