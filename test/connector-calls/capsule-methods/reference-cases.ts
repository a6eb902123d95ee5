import { expect } from 'vitest';
import { CAPSULE } from './guids.ts';
import { expectTagDeletedByJob } from './job-and-attachment-cases.ts';
import { createOpportunity, createProject } from './opportunity-cases.ts';
import { createPerson } from './party-cases.ts';
import { expectDeleted, expectNoContent } from './shared-checks.ts';
import { first, idsOf, type Json, type MethodTable, type Row, type World } from './world.ts';

/** Whether the record shown by `get` carries the tag. */
const carries = (world: World, get: string, key: string, id: number, tagId: number) => async () =>
  (await world.expectCall(get, { Parameters: { id, embed: 'tags' } }, 200))[key].tags.some(
    (t: Json) => t.id === tagId,
  );

/** The five tag methods of one kind of record. */
interface TagMethods {
  readonly label: string;
  readonly list: string;
  readonly get: string;
  readonly create: string;
  readonly update: string;
  readonly remove: string;
  /** Whether a record carries the tag, after tagging one with it. */
  tagRecord(world: World, tagId: number): Promise<() => Promise<boolean>>;
}

async function createTag(world: World, tags: TagMethods): Promise<Json> {
  const name = world.unique(`${tags.label} tag`);
  const body = await world.expectCall(
    tags.create,
    { Fields: { name, description: 'Made by a test', dataTag: 'false' } },
    201,
  );
  expect(body.tag).toMatchObject({ name, description: 'Made by a test', dataTag: false });
  return body.tag;
}

/** List, get, create, update and delete of one kind of tag definition. */
function tagCases(tags: TagMethods): MethodTable {
  const plural = `${tags.label.toLowerCase()} tags`;
  return {
    [tags.list]: {
      name: `List ${tags.label} Tags`,
      shows: `lists the seeded ${plural}, a page at a time`,
      async run(world) {
        const all = await world.expectCall(tags.list, { Parameters: { perPage: 100 } }, 200);
        expect(all.tags.length).toBeGreaterThan(0);
        for (const tag of all.tags) expect(tag).toEqual(expect.objectContaining({ id: expect.any(Number) }));
        const one = await world.expectCall(tags.list, { Parameters: { perPage: 1 } }, 200);
        expect(idsOf(one.tags)).toEqual(idsOf(all.tags).slice(0, 1));
      },
    },
    [tags.get]: {
      name: `Get ${tags.label} Tag`,
      shows: `shows one of the ${plural}, and 404 for a tag of another kind`,
      async run(world) {
        const listed = await world.expectCall(tags.list, {}, 200);
        const tag = first<Row>(listed.tags, 'tag');
        const body = await world.expectCall(tags.get, { Parameters: { id: tag.id } }, 200);
        expect(body.tag).toEqual(tag);
        expect((await world.call(tags.get, { Parameters: { id: 987654 } })).status).toBe(404);
      },
    },
    [tags.create]: {
      name: `Create ${tags.label} Tag`,
      shows: `defines a new ${tags.label.toLowerCase()} tag, listed afterwards; a duplicate name is a 422`,
      async run(world) {
        const tag = await createTag(world, tags);
        const listed = await world.expectCall(tags.list, { Parameters: { perPage: 100 } }, 200);
        expect(idsOf(listed.tags)).toContain(tag.id);
        const again = await world.call(tags.create, { Fields: { name: tag.name } });
        expect(again.status).toBe(422);
      },
    },
    [tags.update]: {
      name: `Update ${tags.label} Tag`,
      shows: 'renames a tag and keeps its description',
      async run(world) {
        const tag = await createTag(world, tags);
        const name = world.unique('Renamed');
        const body = await world.expectCall(
          tags.update,
          { Parameters: { id: tag.id }, Fields: { name } },
          200,
        );
        expect(body.tag).toEqual({ ...tag, name });
      },
    },
    [tags.remove]: {
      name: `Delete ${tags.label} Tag`,
      shows:
        "deletes an unused tag (Capsule's 204 answered as 200); a used one through a background job (202), after which no record carries it",
      async run(world) {
        const tag = await createTag(world, tags);
        await expectDeleted(world, { remove: tags.remove, get: tags.get }, tag.id);
        const used = await createTag(world, tags);
        await expectTagDeletedByJob(world, tags.remove, used.id, await tags.tagRecord(world, used.id));
        expect((await world.call(tags.get, { Parameters: { id: used.id } })).status).toBe(404);
      },
    },
  };
}

/** List and get of one kind of custom field definition. */
function customFieldCases(label: string, list: string, get: string): MethodTable {
  return {
    [list]: {
      name: `List ${label} Custom Fields`,
      shows: `lists the custom fields defined for ${label.toLowerCase()} records`,
      async run(world) {
        const body = await world.expectCall(list, { Parameters: { perPage: 100 } }, 200);
        expect(body.definitions.length).toBeGreaterThan(0);
        for (const d of body.definitions)
          expect(d).toMatchObject({ id: expect.any(Number), type: expect.any(String) });
      },
    },
    [get]: {
      name: `Get ${label} Custom Field`,
      shows: 'shows one custom field definition, and 404 for one of another kind of record',
      async run(world) {
        const listed = await world.expectCall(list, {}, 200);
        const definition = first<Row>(listed.definitions, 'custom field');
        const body = await world.expectCall(get, { Parameters: { id: definition.id } }, 200);
        expect(body.definition).toEqual(definition);
        expect((await world.call(get, { Parameters: { id: 987654 } })).status).toBe(404);
      },
    },
  };
}

export const REFERENCE_CASES: MethodTable = {
  [CAPSULE.listUsers]: {
    name: 'List Users',
    shows: "lists the account's active users, nesting their party when embedded",
    async run(world) {
      const body = await world.expectCall(CAPSULE.listUsers, { Parameters: { embed: 'party' } }, 200);
      expect(body.users.length).toBeGreaterThan(1);
      for (const user of body.users) {
        expect(user).toMatchObject({ username: expect.any(String), status: 'ACTIVE' });
        if (user.party !== null) expect(user.party).toHaveProperty('createdAt');
      }
    },
  },
  [CAPSULE.getCurrentUser]: {
    name: 'Get Current User',
    shows: 'shows the user who approved the connection',
    async run(world) {
      const body = await world.expectCall(CAPSULE.getCurrentUser, {}, 200);
      expect(body.user).toMatchObject({ username: 'scott', name: 'Scott Spacey' });
      expect(idsOf(world.seeds.users)).toContain(body.user.id);
    },
  },
  [CAPSULE.getUser]: {
    name: 'Get User',
    shows: 'shows one user by id',
    async run(world) {
      const user = world.seeds.users[1] ?? first(world.seeds.users, 'user');
      const body = await world.expectCall(CAPSULE.getUser, { Parameters: { id: user.id } }, 200);
      expect(body.user).toEqual(user);
      expect((await world.call(CAPSULE.getUser, { Parameters: { id: 987654 } })).status).toBe(404);
    },
  },
  [CAPSULE.getSite]: {
    name: 'Get Site',
    shows: "shows the Capsule account's name, URL and subdomain",
    async run(world) {
      const body = await world.expectCall(CAPSULE.getSite, {}, 200);
      expect(body.site).toEqual({
        name: expect.any(String),
        subdomain: 'exampleco',
        url: expect.stringContaining('exampleco'),
      });
    },
  },

  ...tagCases({
    label: 'Party',
    list: CAPSULE.listPartyTags,
    get: CAPSULE.getPartyTag,
    create: CAPSULE.createPartyTag,
    update: CAPSULE.updatePartyTag,
    remove: CAPSULE.deletePartyTag,
    tagRecord: async (world, tagId) => {
      const person = await createPerson(world, { tags: [{ id: tagId }] });
      return carries(world, CAPSULE.getParty, 'party', person.id, tagId);
    },
  }),
  ...tagCases({
    label: 'Opportunity',
    list: CAPSULE.listOpportunityTags,
    get: CAPSULE.getOpportunityTag,
    create: CAPSULE.createOpportunityTag,
    update: CAPSULE.updateOpportunityTag,
    remove: CAPSULE.deleteOpportunityTag,
    tagRecord: async (world, tagId) => {
      const opportunity = await createOpportunity(world, { tags: [{ id: tagId }] });
      return carries(world, CAPSULE.getOpportunity, 'opportunity', opportunity.id, tagId);
    },
  }),
  ...tagCases({
    label: 'Project',
    list: CAPSULE.listProjectTags,
    get: CAPSULE.getProjectTag,
    create: CAPSULE.createProjectTag,
    update: CAPSULE.updateProjectTag,
    remove: CAPSULE.deleteProjectTag,
    tagRecord: async (world, tagId) => {
      const project = await createProject(world, { tags: [{ id: tagId }] });
      return carries(world, CAPSULE.getProject, 'kase', project.id, tagId);
    },
  }),

  ...customFieldCases('Party', CAPSULE.listPartyCustomFields, CAPSULE.getPartyCustomField),
  ...customFieldCases('Opportunity', CAPSULE.listOpportunityCustomFields, CAPSULE.getOpportunityCustomField),
  ...customFieldCases('Project', CAPSULE.listProjectCustomFields, CAPSULE.getProjectCustomField),

  [CAPSULE.listPipelineMilestones]: {
    name: 'List Pipeline Milestones',
    shows: "lists only the given pipeline's milestones",
    async run(world) {
      for (const pipeline of world.seeds.pipelines) {
        const body = await world.expectCall(
          CAPSULE.listPipelineMilestones,
          { Parameters: { id: pipeline.id } },
          200,
        );
        expect(body.milestones.length).toBeGreaterThan(0);
        for (const m of body.milestones) expect(m.pipeline.id).toBe(pipeline.id);
      }
    },
  },
  [CAPSULE.listMilestones]: {
    name: 'List Milestones',
    shows: "lists one pipeline's milestones, open and complete",
    async run(world) {
      const body = await world.expectCall(CAPSULE.listMilestones, { Parameters: { perPage: 100 } }, 200);
      const pipelines = new Set(body.milestones.map((m: Json) => m.pipeline.id));
      expect(pipelines.size).toBe(1);
      expect(new Set(body.milestones.map((m: Json) => m.complete))).toEqual(new Set([true, false]));
    },
  },
  [CAPSULE.getMilestone]: {
    name: 'Get Milestone',
    shows: 'shows one milestone with its pipeline',
    async run(world) {
      const milestone = first(world.seeds.milestones, 'milestone');
      const body = await world.expectCall(CAPSULE.getMilestone, { Parameters: { id: milestone.id } }, 200);
      expect(body.milestone).toEqual(milestone);
    },
  },
};

/** Subscribes a hook on `party/created` to the world's receiver. */
async function subscribe(world: World): Promise<Json> {
  const targetUrl = world.hooks.url(`/capsule/${world.unique('hook').replaceAll(' ', '-')}`);
  const body = await world.expectCall(
    CAPSULE.subscribeRestHook,
    { Fields: { event: 'party/created', targetUrl, description: 'Test hook' } },
    201,
  );
  expect(body.restHook).toMatchObject({ event: 'party/created', targetUrl, description: 'Test hook' });
  return body.restHook;
}

async function unsubscribe(world: World, id: number): Promise<void> {
  await expectNoContent(world, CAPSULE.unsubscribeRestHook, { id });
}

export const REST_HOOK_CASES: MethodTable = {
  [CAPSULE.listRestHooks]: {
    name: 'List REST Hooks',
    shows: 'lists the hooks this application subscribed, and not one after it is unsubscribed',
    async run(world) {
      const hook = await subscribe(world);
      const listed = await world.expectCall(CAPSULE.listRestHooks, {}, 200);
      expect(listed.restHooks).toContainEqual(hook);
      await unsubscribe(world, hook.id);
      const after = await world.expectCall(CAPSULE.listRestHooks, {}, 200);
      expect(idsOf(after.restHooks)).not.toContain(hook.id);
    },
  },
  [CAPSULE.getRestHook]: {
    name: 'Get REST Hook',
    shows: 'shows one subscribed hook',
    async run(world) {
      const hook = await subscribe(world);
      const body = await world.expectCall(CAPSULE.getRestHook, { Parameters: { id: hook.id } }, 200);
      expect(body.restHook).toEqual(hook);
      await unsubscribe(world, hook.id);
    },
  },
  [CAPSULE.subscribeRestHook]: {
    name: 'Subscribe REST Hook',
    shows: 'subscribes a hook that Capsule then calls when a party is created; an unknown event is refused',
    async run(world) {
      world.setHookBatchDelay(10);
      const hook = await subscribe(world);
      const before = world.hooks.received.length;
      const created = await world.expectCall(
        CAPSULE.createOrganisation,
        { Fields: { type: 'organisation', name: world.unique('Hooked Ltd') } },
        201,
      );
      const [delivery] = (await world.hooks.waitFor(before + 1)).slice(before);
      expect(delivery?.path).toBe(new URL(hook.targetUrl).pathname);
      expect(delivery?.body.event).toBe('party/created');
      expect(delivery?.body.payload.map((p) => p.id)).toEqual([created.party.id]);
      await unsubscribe(world, hook.id);
      const unknown = await world.call(CAPSULE.subscribeRestHook, {
        Fields: { event: 'party/renamed', targetUrl: hook.targetUrl },
      });
      expect(unknown.status).toBe(400);
    },
  },
  [CAPSULE.unsubscribeRestHook]: {
    name: 'Unsubscribe REST Hook',
    shows: "deletes a hook (Capsule's 204 answered as 200), after which Capsule no longer calls it",
    async run(world) {
      world.setHookBatchDelay(10);
      const hook = await subscribe(world);
      await unsubscribe(world, hook.id);
      expect((await world.call(CAPSULE.getRestHook, { Parameters: { id: hook.id } })).status).toBe(404);
      const before = world.hooks.received.length;
      await world.expectCall(
        CAPSULE.createOrganisation,
        { Fields: { type: 'organisation', name: world.unique('Unhooked Ltd') } },
        201,
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(world.hooks.received.length).toBe(before);
    },
  },
};
