import { expect } from 'vitest';
import { CAPSULE } from './guids.ts';
import { createPerson } from './party-cases.ts';
import {
  expectDeleted,
  expectDeletedFeed,
  expectLinkRoundTrip,
  expectPaging,
  expectShowMany,
  expectSince,
} from './shared-checks.ts';
import { first, idsOf, type Json, type MethodTable, type Row, type World } from './world.ts';

const OPEN = (milestone: Row) => milestone.complete === false;

/** Creates an opportunity with a seeded party on an open milestone of the first pipeline. */
export async function createOpportunity(world: World, fields: Record<string, unknown> = {}): Promise<Json> {
  const milestone = first(world.seeds.milestones.filter(OPEN), 'open milestone');
  const body = await world.expectCall(
    CAPSULE.createOpportunity,
    {
      Fields: {
        name: world.unique('Deal'),
        party: { id: world.seeds.employer },
        milestone: { id: milestone.id },
        ...fields,
      },
    },
    201,
  );
  return body.opportunity;
}

const LINKS = {
  list: CAPSULE.listOpportunityParties,
  add: CAPSULE.addPartyToOpportunity,
  remove: CAPSULE.removePartyFromOpportunity,
};

async function linkRoundTrip(world: World, step: 'list' | 'add' | 'remove'): Promise<void> {
  const opportunity = await createOpportunity(world);
  const person = first(world.seeds.people, 'person');
  await expectLinkRoundTrip(world, LINKS, opportunity.id, person.id, step);
}

export const OPPORTUNITY_CASES: MethodTable = {
  [CAPSULE.listOpportunities]: {
    name: 'List Opportunities',
    shows: 'pages, embeds the whole party and milestone, and narrows to changes with since',
    async run(world) {
      await expectPaging(world, CAPSULE.listOpportunities, 'opportunities', 3);
      const embedded = await world.expectCall(
        CAPSULE.listOpportunities,
        { Parameters: { embed: 'party,milestone' } },
        200,
      );
      for (const o of embedded.opportunities) {
        expect(o.party).toHaveProperty('type');
        expect(o.milestone).toHaveProperty('complete');
      }
      await expectSince(world, CAPSULE.listOpportunities, 'opportunities', async () => {
        const seeded = first(world.seeds.opportunities, 'opportunity');
        await world.expectCall(
          CAPSULE.updateOpportunity,
          { Parameters: { id: seeded.id }, Fields: { description: 'Touched' } },
          200,
        );
        return seeded.id;
      });
    },
  },

  [CAPSULE.getOpportunity]: {
    name: 'Get Opportunity',
    shows: 'shows one opportunity with its custom fields and tags when embedded',
    async run(world) {
      const seeded = first(world.seeds.opportunities, 'opportunity');
      const plain = await world.expectCall(CAPSULE.getOpportunity, { Parameters: { id: seeded.id } }, 200);
      expect(plain.opportunity).toMatchObject({ id: seeded.id, name: seeded.name });
      expect(plain.opportunity).not.toHaveProperty('fields');
      const embedded = await world.expectCall(
        CAPSULE.getOpportunity,
        { Parameters: { id: seeded.id, embed: 'fields,tags' } },
        200,
      );
      expect(embedded.opportunity.fields.length).toBeGreaterThan(0);
      expect(Array.isArray(embedded.opportunity.tags)).toBe(true);
    },
  },

  [CAPSULE.getMultipleOpportunities]: {
    name: 'Get Multiple Opportunities',
    shows: 'shows up to 10 opportunities by id, and refuses 11 before calling Capsule',
    run: (world) =>
      expectShowMany(
        world,
        CAPSULE.getMultipleOpportunities,
        'opportunities',
        world.seeds.opportunities,
        'tags',
        (o) => Array.isArray(o.tags),
      ),
  },

  [CAPSULE.searchOpportunities]: {
    name: 'Search Opportunities',
    shows: 'finds opportunities by name',
    async run(world) {
      const seeded = first(world.seeds.opportunities, 'opportunity');
      const found = await world.expectCall(
        CAPSULE.searchOpportunities,
        { Parameters: { q: seeded.name, embed: 'milestone' } },
        200,
      );
      expect(idsOf(found.opportunities)).toContain(seeded.id);
      expect(found.opportunities.length).toBeLessThan(world.seeds.opportunities.length);
      const none = await world.expectCall(
        CAPSULE.searchOpportunities,
        { Parameters: { q: 'zzz-none' } },
        200,
      );
      expect(none.opportunities).toEqual([]);
    },
  },

  [CAPSULE.filterOpportunities]: {
    name: 'Filter Opportunities',
    shows: 'lists the opportunities matching filter conditions',
    async run(world) {
      const likely = await world.expectCall(
        CAPSULE.filterOpportunities,
        {
          Parameters: { perPage: 100 },
          Fields: { conditions: [{ field: 'probability', operator: 'is greater than', value: 50 }] },
        },
        200,
      );
      expect(likely.opportunities.length).toBeGreaterThan(0);
      expect(likely.opportunities.length).toBeLessThan(world.seeds.opportunities.length);
      for (const o of likely.opportunities) expect(o.probability).toBeGreaterThan(50);
    },
  },

  [CAPSULE.createOpportunity]: {
    name: 'Create Opportunity',
    shows: 'creates an opportunity with a value and date, and names the missing required fields in 400',
    async run(world) {
      const created = await createOpportunity(world, {
        value: { amount: 1234.5, currency: 'EUR' },
        expectedCloseOn: '2030-01-31',
        durationBasis: 'month',
        duration: '6',
      });
      expect(created).toMatchObject({
        party: { id: world.seeds.employer },
        value: { amount: 1234.5, currency: 'EUR' },
        expectedCloseOn: '2030-01-31',
        durationBasis: 'MONTH',
        duration: 6,
        closedOn: null,
      });
      const missing = await world.call(CAPSULE.createOpportunity, { Fields: { name: 'No party' } });
      expect(missing.status).toBe(400);
      expect(missing.json().Message).toContain("'party'");
    },
  },

  [CAPSULE.updateOpportunity]: {
    name: 'Update Opportunity',
    shows: 'moves an opportunity to a complete milestone, which closes it, leaving other fields as they were',
    async run(world) {
      const opportunity = await createOpportunity(world, { description: 'Before' });
      const won = first(
        world.seeds.milestones.filter((m) => m.complete === true && Number(m.probability) > 0),
        'winning milestone',
      );
      const updated = await world.expectCall(
        CAPSULE.updateOpportunity,
        { Parameters: { id: opportunity.id }, Fields: { milestone: { id: won.id } } },
        200,
      );
      expect(updated.opportunity).toMatchObject({
        name: opportunity.name,
        description: 'Before',
        milestone: { id: won.id },
        probability: won.probability,
        closedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });
    },
  },

  [CAPSULE.deleteOpportunity]: {
    name: 'Delete Opportunity',
    shows: 'deletes an opportunity, which is then not found',
    async run(world) {
      const opportunity = await createOpportunity(world);
      await expectDeleted(
        world,
        { remove: CAPSULE.deleteOpportunity, get: CAPSULE.getOpportunity },
        opportunity.id,
      );
    },
  },

  [CAPSULE.listDeletedOpportunities]: {
    name: 'List Deleted Opportunities',
    shows: 'lists opportunities deleted since a time, and requires since',
    run: (world) =>
      expectDeletedFeed(world, CAPSULE.listDeletedOpportunities, 'opportunities', async () => {
        const opportunity = await createOpportunity(world);
        await world.expectCall(CAPSULE.deleteOpportunity, { Parameters: { id: opportunity.id } }, 200);
        return opportunity.id;
      }),
  },

  [CAPSULE.listOpportunityParties]: {
    name: 'List Opportunity Parties',
    shows: 'lists the additional parties of an opportunity, with embed',
    run: (world) => linkRoundTrip(world, 'list'),
  },

  [CAPSULE.addPartyToOpportunity]: {
    name: 'Add Party to Opportunity',
    shows: "links a party (Capsule's 204 answered as 200) and passes Capsule's 422 through for a second link",
    run: (world) => linkRoundTrip(world, 'add'),
  },

  [CAPSULE.removePartyFromOpportunity]: {
    name: 'Remove Party from Opportunity',
    shows:
      "unlinks a party (Capsule's 204 answered as 200) and passes Capsule's 404 through for a second time",
    run: (world) => linkRoundTrip(world, 'remove'),
  },
};

/** Creates a project for a new person. */
export async function createProject(world: World, fields: Record<string, unknown> = {}): Promise<Json> {
  const person = await createPerson(world);
  const body = await world.expectCall(
    CAPSULE.createProject,
    { Fields: { name: world.unique('Project'), party: { id: person.id }, ...fields } },
    201,
  );
  return body.kase;
}

const PROJECT_LINKS = {
  list: CAPSULE.listProjectParties,
  add: CAPSULE.addPartyToProject,
  remove: CAPSULE.removePartyFromProject,
};

async function projectLinkRoundTrip(world: World, step: 'list' | 'add' | 'remove'): Promise<void> {
  const kase = await createProject(world);
  const person = first(world.seeds.people, 'person');
  await expectLinkRoundTrip(world, PROJECT_LINKS, kase.id, person.id, step);
}

export const PROJECT_CASES: MethodTable = {
  [CAPSULE.listProjects]: {
    name: 'List Projects',
    shows: 'pages, embeds the whole party, and narrows to changes with since',
    async run(world) {
      await expectPaging(world, CAPSULE.listProjects, 'kases', 2);
      const embedded = await world.expectCall(CAPSULE.listProjects, { Parameters: { embed: 'party' } }, 200);
      for (const k of embedded.kases) expect(k.party).toHaveProperty('createdAt');
      await expectSince(world, CAPSULE.listProjects, 'kases', async () => (await createProject(world)).id);
    },
  },

  [CAPSULE.getProject]: {
    name: 'Get Project',
    shows: 'shows one project with its tags when embedded',
    async run(world) {
      const seeded = first(world.seeds.kases, 'project');
      const body = await world.expectCall(
        CAPSULE.getProject,
        { Parameters: { id: seeded.id, embed: 'tags,fields' } },
        200,
      );
      expect(body.kase).toMatchObject({ id: seeded.id, name: seeded.name, status: seeded.status });
      expect(Array.isArray(body.kase.tags)).toBe(true);
      expect(Array.isArray(body.kase.fields)).toBe(true);
    },
  },

  [CAPSULE.getMultipleProjects]: {
    name: 'Get Multiple Projects',
    shows: 'shows several projects by id, and refuses 11 before calling Capsule',
    run: (world) =>
      expectShowMany(world, CAPSULE.getMultipleProjects, 'kases', world.seeds.kases, 'fields', (k) =>
        Array.isArray(k.fields),
      ),
  },

  [CAPSULE.searchProjects]: {
    name: 'Search Projects',
    shows: 'finds projects by name',
    async run(world) {
      const seeded = first(world.seeds.kases, 'project');
      const found = await world.expectCall(CAPSULE.searchProjects, { Parameters: { q: seeded.name } }, 200);
      expect(idsOf(found.kases)).toContain(seeded.id);
      const none = await world.expectCall(CAPSULE.searchProjects, { Parameters: { q: 'zzz-none' } }, 200);
      expect(none.kases).toEqual([]);
    },
  },

  [CAPSULE.filterProjects]: {
    name: 'Filter Projects',
    shows: 'lists the projects matching filter conditions',
    async run(world) {
      const closed = world.seeds.kases.filter((k) => k.status === 'CLOSED');
      const body = await world.expectCall(
        CAPSULE.filterProjects,
        { Fields: { conditions: [{ field: 'status', operator: 'is', value: 'CLOSED' }] } },
        200,
      );
      expect(idsOf(body.kases).sort()).toEqual(idsOf(closed).sort());
      expect(body.kases.length).toBeGreaterThan(0);
    },
  },

  [CAPSULE.createProject]: {
    name: 'Create Project',
    shows: 'creates a project for a party on a board stage',
    async run(world) {
      const stage = world.seeds.kases.map((k) => k.stage as Row | null).find((s) => s !== null);
      if (!stage) throw new Error('no seeded project has a stage');
      const kase = await createProject(world, {
        description: 'Go live',
        stage: { id: stage.id },
        expectedCloseOn: '2031-03-01',
      });
      expect(kase).toMatchObject({
        description: 'Go live',
        status: 'OPEN',
        stage: { id: stage.id },
        expectedCloseOn: '2031-03-01',
      });
    },
  },

  [CAPSULE.updateProject]: {
    name: 'Update Project',
    shows: 'closes a project, keeping the fields not sent',
    async run(world) {
      const kase = await createProject(world, { description: 'Kept' });
      const body = await world.expectCall(
        CAPSULE.updateProject,
        { Parameters: { id: kase.id }, Fields: { status: 'closed' } },
        200,
      );
      expect(body.kase).toMatchObject({
        name: kase.name,
        description: 'Kept',
        status: 'CLOSED',
        closedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });
    },
  },

  [CAPSULE.deleteProject]: {
    name: 'Delete Project',
    shows: 'deletes a project, which is then not found',
    async run(world) {
      const kase = await createProject(world);
      await expectDeleted(world, { remove: CAPSULE.deleteProject, get: CAPSULE.getProject }, kase.id);
    },
  },

  [CAPSULE.listDeletedProjects]: {
    name: 'List Deleted Projects',
    shows: 'lists projects deleted since a time, and requires since',
    run: (world) =>
      expectDeletedFeed(world, CAPSULE.listDeletedProjects, 'kases', async () => {
        const kase = await createProject(world);
        await world.expectCall(CAPSULE.deleteProject, { Parameters: { id: kase.id } }, 200);
        return kase.id;
      }),
  },

  [CAPSULE.listProjectParties]: {
    name: 'List Project Parties',
    shows: 'lists the additional parties of a project, with embed',
    run: (world) => projectLinkRoundTrip(world, 'list'),
  },

  [CAPSULE.addPartyToProject]: {
    name: 'Add Party to Project',
    shows: "links a party (Capsule's 204 answered as 200) and passes Capsule's 422 through for a second link",
    run: (world) => projectLinkRoundTrip(world, 'add'),
  },

  [CAPSULE.removePartyFromProject]: {
    name: 'Remove Party from Project',
    shows:
      "unlinks a party (Capsule's 204 answered as 200) and passes Capsule's 404 through for a second time",
    run: (world) => projectLinkRoundTrip(world, 'remove'),
  },
};
