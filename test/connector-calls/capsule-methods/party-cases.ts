import { expect } from 'vitest';
import { CAPSULE } from './guids.ts';
import { expectNoContent } from './shared-checks.ts';
import { first, idsOf, type Json, type MethodTable, type Row, type World } from './world.ts';

/** Creates a person through data on demand and returns Capsule's record. */
export async function createPerson(world: World, fields: Record<string, unknown> = {}): Promise<Json> {
  const body = await world.expectCall(
    CAPSULE.createPerson,
    { Fields: { type: 'person', firstName: 'Test', lastName: world.unique('Person'), ...fields } },
    201,
  );
  return body.party;
}

export const PARTY_CASES: MethodTable = {
  [CAPSULE.listParties]: {
    name: 'List Parties',
    shows:
      'pages with page and perPage, embeds tags and fields only when asked, and narrows to changes with since',
    async run(world) {
      const firstPage = await world.call(CAPSULE.listParties, { Parameters: { perPage: 10 } });
      expect(firstPage.status).toBe(200);
      expect(firstPage.headers['plugboard-has-more']).toBe('true');
      // The next page is the value to pass back as `page`, not Capsule's URL.
      expect(firstPage.headers['plugboard-next-page']).toBe('2');
      const twenty = await world.expectCall(CAPSULE.listParties, { Parameters: { perPage: 20 } }, 200);
      const secondPage = await world.expectCall(
        CAPSULE.listParties,
        { Parameters: { page: firstPage.headers['plugboard-next-page'], perPage: 10 } },
        200,
      );
      expect(idsOf(firstPage.json().parties)).toEqual(idsOf(twenty.parties).slice(0, 10));
      expect(idsOf(secondPage.parties)).toEqual(idsOf(twenty.parties).slice(10, 20));

      expect(first<Row>(firstPage.json().parties, 'party')).not.toHaveProperty('tags');
      const embedded = await world.expectCall(
        CAPSULE.listParties,
        { Parameters: { perPage: 100, embed: 'tags,fields' } },
        200,
      );
      expect(embedded.parties.every((p: Json) => Array.isArray(p.tags) && Array.isArray(p.fields))).toBe(
        true,
      );
      expect(embedded.parties.some((p: Json) => p.tags.length > 0 && p.fields.length > 0)).toBe(true);

      const since = await world.mark();
      const changed = await createPerson(world);
      const recent = await world.expectCall(CAPSULE.listParties, { Parameters: { since } }, 200);
      expect(idsOf(recent.parties)).toEqual([changed.id]);
    },
  },

  [CAPSULE.getParty]: {
    name: 'Get Party',
    shows: 'shows one party, nesting its whole organisation and its tags when embedded',
    async run(world) {
      const person = world.seeds.people.find((p) => p.organisation !== null);
      if (!person) throw new Error('no seeded person with an organisation');
      const plain = await world.expectCall(CAPSULE.getParty, { Parameters: { id: person.id } }, 200);
      expect(plain.party).toMatchObject({ id: person.id, type: 'person', lastName: person.lastName });
      expect(plain.party.organisation).not.toHaveProperty('type');
      const embedded = await world.expectCall(
        CAPSULE.getParty,
        { Parameters: { id: person.id, embed: ['organisation', 'tags'] } },
        200,
      );
      expect(embedded.party.organisation).toMatchObject({
        id: (person.organisation as Row).id,
        type: 'organisation',
      });
      expect(Array.isArray(embedded.party.tags)).toBe(true);
    },
  },

  [CAPSULE.getMultipleParties]: {
    name: 'Get Multiple Parties',
    shows: 'shows up to 10 parties by id, and refuses 11 before calling Capsule',
    async run(world) {
      const ten = idsOf(world.seeds.parties).slice(0, 10);
      const body = await world.expectCall(CAPSULE.getMultipleParties, { Parameters: { ids: ten } }, 200);
      expect(idsOf(body.parties).sort()).toEqual([...ten].sort());
      const asText = await world.expectCall(
        CAPSULE.getMultipleParties,
        { Parameters: { ids: ten.slice(0, 3).join(','), embed: 'tags' } },
        200,
      );
      expect(asText.parties).toHaveLength(3);
      expect(asText.parties.every((p: Json) => Array.isArray(p.tags))).toBe(true);
      // One id is Capsule's Get Party URL, which answers {"party": …}: the list shape is kept.
      const single = await world.expectCall(
        CAPSULE.getMultipleParties,
        { Parameters: { ids: [ten[0]] } },
        200,
      );
      expect(single).toEqual({ parties: [expect.objectContaining({ id: ten[0] })] });

      const eleven = idsOf(world.seeds.parties).slice(0, 11);
      const before = world.stats().apiRequests;
      const refused = await world.call(CAPSULE.getMultipleParties, { Parameters: { ids: eleven } });
      expect(refused.status).toBe(400);
      expect(refused.json().Message).toContain("'ids'");
      expect(world.stats().apiRequests).toBe(before);
      // The proxy leaves the judgement to Capsule, whose answer passes through unchanged.
      const passedThrough = await world.proxy('GET', `parties/${eleven.join(',')}`);
      expect(passedThrough.status).toBe(422);
      expect(passedThrough.json().errors[0].message).toBe('too many ids');
    },
  },

  [CAPSULE.searchParties]: {
    name: 'Search Parties',
    shows: 'finds parties by name with paging, and nothing for text no party has',
    async run(world) {
      const person = first(world.seeds.people, 'person');
      const found = await world.expectCall(
        CAPSULE.searchParties,
        { Parameters: { q: person.lastName, perPage: 100 } },
        200,
      );
      expect(idsOf(found.parties)).toContain(person.id);
      expect(found.parties.length).toBeLessThan(world.seeds.parties.length);
      const one = await world.expectCall(
        CAPSULE.searchParties,
        { Parameters: { q: person.lastName, perPage: 1 } },
        200,
      );
      expect(one.parties).toHaveLength(1);
      const none = await world.expectCall(
        CAPSULE.searchParties,
        { Parameters: { q: 'no-party-is-called-this' } },
        200,
      );
      expect(none.parties).toEqual([]);
      expect((await world.call(CAPSULE.searchParties, {})).status).toBe(400);
    },
  },

  [CAPSULE.createPerson]: {
    name: 'Create Person',
    shows: 'creates a person with nested details and an organisation, answering 201 with its Location',
    async run(world) {
      const lastName = world.unique('Hopper');
      const response = await world.call(CAPSULE.createPerson, {
        Fields: {
          type: 'person',
          firstName: 'Grace',
          lastName,
          jobTitle: 'Rear Admiral',
          organisation: { id: world.seeds.employer },
          emailAddresses: [{ type: 'Work', address: 'grace@example.com' }],
          phoneNumbers: [{ type: 'Mobile', number: '07700 900123' }],
          tags: [{ name: 'VIP' }],
        },
      });
      expect(response.status).toBe(201);
      const party = response.json().party;
      expect(party).toMatchObject({
        type: 'person',
        firstName: 'Grace',
        lastName,
        jobTitle: 'Rear Admiral',
        organisation: { id: world.seeds.employer },
        emailAddresses: [{ type: 'Work', address: 'grace@example.com' }],
        phoneNumbers: [{ type: 'Mobile', number: '07700 900123' }],
      });
      expect(response.headers['provider-location']).toMatch(new RegExp(`/api/v2/parties/${party.id}$`));
      const stored = await world.expectCall(
        CAPSULE.getParty,
        { Parameters: { id: party.id, embed: 'tags' } },
        200,
      );
      expect(stored.party.tags.map((t: Json) => t.name)).toEqual(['VIP']);
    },
  },

  [CAPSULE.createOrganisation]: {
    name: 'Create Organisation',
    shows: "creates an organisation and passes Capsule's 422 through for a duplicate name",
    async run(world) {
      const name = world.unique('Analytical Engines Ltd');
      const created = await world.expectCall(
        CAPSULE.createOrganisation,
        {
          Fields: {
            type: 'organisation',
            name,
            websites: [{ service: 'URL', address: 'https://ae.example' }],
          },
        },
        201,
      );
      expect(created.party).toMatchObject({ type: 'organisation', name });
      expect(created.party.websites[0]).toMatchObject({ service: 'URL', address: 'https://ae.example' });
      const duplicate = await world.call(CAPSULE.createOrganisation, {
        Fields: { type: 'organisation', name },
      });
      expect(duplicate.status).toBe(422);
      expect(duplicate.json().Errors).toEqual([
        expect.objectContaining({ field: 'name', message: 'name must be unique' }),
      ]);
    },
  },

  [CAPSULE.updateParty]: {
    name: 'Update Party',
    shows: 'merges changes, adds a nested e-mail address and removes one with {"id", "_delete": true}',
    async run(world) {
      const person = await createPerson(world, { emailAddresses: [{ address: 'first@example.com' }] });
      const firstEmail = first<Row>(person.emailAddresses, 'e-mail address');

      const added = await world.expectCall(
        CAPSULE.updateParty,
        {
          Parameters: { id: person.id },
          Fields: { jobTitle: 'Engineer', emailAddresses: [{ type: 'Home', address: 'second@example.com' }] },
        },
        200,
      );
      expect(added.party).toMatchObject({ firstName: person.firstName, jobTitle: 'Engineer' });
      expect(added.party.emailAddresses.map((e: Json) => e.address)).toEqual([
        'first@example.com',
        'second@example.com',
      ]);

      const removed = await world.expectCall(
        CAPSULE.updateParty,
        { Parameters: { id: person.id }, Fields: { emailAddresses: [{ id: firstEmail.id, _delete: true }] } },
        200,
      );
      expect(removed.party.emailAddresses.map((e: Json) => e.address)).toEqual(['second@example.com']);
      const stored = await world.expectCall(CAPSULE.getParty, { Parameters: { id: person.id } }, 200);
      expect(stored.party.emailAddresses).toEqual(removed.party.emailAddresses);
      expect(stored.party.jobTitle).toBe('Engineer');
    },
  },

  [CAPSULE.deleteParty]: {
    name: 'Delete Party',
    shows: "deletes a party (Capsule's 204 answered as 200), after which it is not found",
    async run(world) {
      const person = await createPerson(world);
      await expectNoContent(world, CAPSULE.deleteParty, { id: person.id });
      expect((await world.call(CAPSULE.getParty, { Parameters: { id: person.id } })).status).toBe(404);
      expect((await world.call(CAPSULE.deleteParty, { Parameters: { id: person.id } })).status).toBe(404);
    },
  },

  [CAPSULE.listDeletedParties]: {
    name: 'List Deleted Parties',
    shows: 'lists parties deleted since a time, and requires since',
    async run(world) {
      const person = await createPerson(world);
      const since = await world.mark();
      await expectNoContent(world, CAPSULE.deleteParty, { id: person.id });
      const deleted = await world.expectCall(CAPSULE.listDeletedParties, { Parameters: { since } }, 200);
      expect(deleted.parties).toEqual([{ id: person.id, deletedAt: expect.any(String) }]);
      const missing = await world.call(CAPSULE.listDeletedParties, {});
      expect(missing.status).toBe(400);
      expect(missing.json().Message).toContain("'since'");
    },
  },

  [CAPSULE.filterParties]: {
    name: 'Filter Parties',
    shows: 'lists the parties matching filter conditions, with embed and paging',
    async run(world) {
      const organisations = await world.expectCall(
        CAPSULE.filterParties,
        {
          Parameters: { perPage: 100 },
          Fields: { conditions: [{ field: 'type', operator: 'is', value: 'organisation' }] },
        },
        200,
      );
      expect(organisations.parties.length).toBeGreaterThanOrEqual(world.seeds.organisations.length);
      expect(organisations.parties.every((p: Json) => p.type === 'organisation')).toBe(true);

      const vip = await world.expectCall(
        CAPSULE.filterParties,
        {
          Parameters: { perPage: 100, embed: 'tags' },
          Fields: { conditions: [{ field: 'tag', operator: 'is', value: 'VIP' }] },
        },
        200,
      );
      expect(vip.parties.length).toBeGreaterThan(0);
      for (const party of vip.parties) expect(party.tags.map((t: Json) => t.name)).toContain('VIP');

      const paged = await world.expectCall(
        CAPSULE.filterParties,
        {
          Parameters: { perPage: 2 },
          Fields: { conditions: [{ field: 'type', operator: 'is', value: 'organisation' }] },
        },
        200,
      );
      expect(idsOf(paged.parties)).toEqual(idsOf(organisations.parties).slice(0, 2));
      const bad = await world.call(CAPSULE.filterParties, {
        Fields: { conditions: [{ field: 'colour', operator: 'is', value: 'blue' }] },
      });
      expect(bad.status).toBe(422);
    },
  },

  [CAPSULE.listOrganisationPeople]: {
    name: 'List Organisation People',
    shows: "lists only the people who work for the organisation, and 404 for a person's id",
    async run(world) {
      const body = await world.expectCall(
        CAPSULE.listOrganisationPeople,
        { Parameters: { id: world.seeds.employer } },
        200,
      );
      expect(body.parties.length).toBeGreaterThan(0);
      for (const person of body.parties) {
        expect(person).toMatchObject({ type: 'person', organisation: { id: world.seeds.employer } });
      }
      const person = first(world.seeds.people, 'person');
      expect(
        (await world.call(CAPSULE.listOrganisationPeople, { Parameters: { id: person.id } })).status,
      ).toBe(404);
    },
  },

  [CAPSULE.listPartyOpportunities]: {
    name: 'List Party Opportunities',
    shows: "lists the party's opportunities only, embedding their milestone",
    async run(world) {
      const opportunity = first(world.seeds.opportunities, 'opportunity');
      const partyId = (opportunity.party as Row).id;
      const body = await world.expectCall(
        CAPSULE.listPartyOpportunities,
        { Parameters: { id: partyId, embed: 'milestone' } },
        200,
      );
      expect(idsOf(body.opportunities)).toContain(opportunity.id);
      for (const o of body.opportunities) expect(o.party.id).toBe(partyId);
    },
  },

  [CAPSULE.listPartyProjects]: {
    name: 'List Party Projects',
    shows: "lists the party's projects only",
    async run(world) {
      const kase = first(world.seeds.kases, 'project');
      const partyId = (kase.party as Row).id;
      const body = await world.expectCall(CAPSULE.listPartyProjects, { Parameters: { id: partyId } }, 200);
      expect(idsOf(body.kases)).toContain(kase.id);
      for (const k of body.kases) expect(k.party.id).toBe(partyId);
    },
  },
};
