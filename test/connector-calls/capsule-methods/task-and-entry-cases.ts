import { expect } from 'vitest';
import { CAPSULE } from './guids.ts';
import { createPerson } from './party-cases.ts';
import { expectDeleted, expectPaging, expectShowMany } from './shared-checks.ts';
import { first, idsOf, type Json, type MethodTable, type Row, type World } from './world.ts';

/** Creates an open task about a new person. */
async function createTask(world: World, fields: Record<string, unknown> = {}): Promise<Json> {
  const body = await world.expectCall(
    CAPSULE.createTask,
    { Fields: { description: world.unique('Call back'), dueOn: '2030-05-20', ...fields } },
    201,
  );
  return body.task;
}

/** Adds a note to a new person. */
async function createNote(world: World): Promise<Json> {
  const person = await createPerson(world);
  const body = await world.expectCall(
    CAPSULE.createNote,
    { Fields: { type: 'note', content: world.unique('Spoke to them'), party: { id: person.id } } },
    201,
  );
  return body.entry;
}

const statuses = (tasks: readonly Json[]) => [...new Set(tasks.map((t) => t.status))].sort();

/** Entries of one record: only that record's, newest first, and at most 50 a page. */
async function expectEntriesOf(world: World, guid: string, link: 'party' | 'opportunity' | 'kase') {
  const entry = world.seeds.entries.find((e) => e[link] !== null);
  if (!entry) throw new Error(`no seeded entry on a ${link}`);
  const id = (entry[link] as Row).id;
  const body = await world.expectCall(guid, { Parameters: { id, perPage: 50, embed: 'creator' } }, 200);
  expect(idsOf(body.entries)).toContain(entry.id);
  for (const e of body.entries) {
    expect(e[link].id).toBe(id);
    expect(e.creator).toHaveProperty('username');
  }
  const times = body.entries.map((e: Json) => e.entryAt);
  expect(times).toEqual([...times].sort().reverse());
  const before = world.stats().apiRequests;
  const tooMany = await world.call(guid, { Parameters: { id, perPage: 51 } });
  expect(tooMany.status).toBe(400);
  expect(tooMany.json().Message).toContain("'perPage'");
  expect(world.stats().apiRequests).toBe(before);
}

export const TASK_CASES: MethodTable = {
  [CAPSULE.listTasks]: {
    name: 'List Tasks',
    shows: 'lists open tasks by default and others only when status asks for them, with paging',
    async run(world) {
      const open = await world.expectCall(CAPSULE.listTasks, { Parameters: { perPage: 100 } }, 200);
      expect(statuses(open.tasks)).toEqual(['OPEN']);
      const completed = await world.expectCall(
        CAPSULE.listTasks,
        { Parameters: { status: 'completed', perPage: 100 } },
        200,
      );
      expect(statuses(completed.tasks)).toEqual(['COMPLETED']);
      const every = await world.expectCall(
        CAPSULE.listTasks,
        { Parameters: { status: ['open', 'completed', 'pending'], perPage: 100 } },
        200,
      );
      expect(statuses(every.tasks)).toEqual(['COMPLETED', 'OPEN', 'PENDING']);
      const unknown = await world.call(CAPSULE.listTasks, { Parameters: { status: 'finished' } });
      expect(unknown.status).toBe(400);
      await expectPaging(world, CAPSULE.listTasks, 'tasks', 3, { status: 'open,completed,pending' });
    },
  },

  [CAPSULE.getTask]: {
    name: 'Get Task',
    shows: 'shows one task, nesting its whole owner when embedded',
    async run(world) {
      const task = first(world.seeds.tasks, 'task');
      const body = await world.expectCall(
        CAPSULE.getTask,
        { Parameters: { id: task.id, embed: 'owner' } },
        200,
      );
      expect(body.task).toMatchObject({ id: task.id, description: task.description, status: task.status });
      expect(body.task.owner).toHaveProperty('timezone');
    },
  },

  [CAPSULE.getMultipleTasks]: {
    name: 'Get Multiple Tasks',
    shows: 'shows up to 10 tasks by id, and refuses 11 before calling Capsule',
    run: (world) =>
      expectShowMany(world, CAPSULE.getMultipleTasks, 'tasks', world.seeds.tasks, 'owner', (t) =>
        Boolean(t.owner?.timezone),
      ),
  },

  [CAPSULE.createTask]: {
    name: 'Create Task',
    shows: 'creates an open task with a category and a party',
    async run(world) {
      const category = world.seeds.tasks.map((t) => t.category as Row | null).find((c) => c !== null);
      if (!category) throw new Error('no seeded task has a category');
      const person = await createPerson(world);
      const task = await createTask(world, {
        dueTime: '09:30:00',
        category: { id: category.id },
        party: { id: person.id },
      });
      expect(task).toMatchObject({
        status: 'OPEN',
        dueOn: '2030-05-20',
        dueTime: '09:30:00',
        category: { id: category.id },
        party: { id: person.id },
        completedAt: null,
      });
      const missing = await world.call(CAPSULE.createTask, { Fields: { description: 'No date' } });
      expect(missing.status).toBe(400);
      expect(missing.json().Message).toContain("'dueOn'");
    },
  },

  [CAPSULE.updateTask]: {
    name: 'Update Task',
    shows: 'completes a task, which then leaves the default list and joins the completed one',
    async run(world) {
      const task = await createTask(world);
      const body = await world.expectCall(
        CAPSULE.updateTask,
        { Parameters: { id: task.id }, Fields: { status: 'COMPLETED' } },
        200,
      );
      expect(body.task).toMatchObject({ description: task.description, status: 'COMPLETED' });
      expect(body.task.completedAt).not.toBeNull();
      const open = await world.expectCall(CAPSULE.listTasks, { Parameters: { perPage: 100 } }, 200);
      expect(idsOf(open.tasks)).not.toContain(task.id);
      const completed = await world.expectCall(
        CAPSULE.listTasks,
        { Parameters: { status: 'completed', perPage: 100 } },
        200,
      );
      expect(idsOf(completed.tasks)).toContain(task.id);
    },
  },

  [CAPSULE.deleteTask]: {
    name: 'Delete Task',
    shows: 'deletes a task, which is then not found',
    async run(world) {
      const task = await createTask(world);
      await expectDeleted(world, { remove: CAPSULE.deleteTask, get: CAPSULE.getTask }, task.id);
    },
  },
};

export const ENTRY_CASES: MethodTable = {
  [CAPSULE.listEntries]: {
    name: 'List Entries',
    shows: 'lists every entry newest first, with paging',
    async run(world) {
      const body = await world.expectCall(CAPSULE.listEntries, { Parameters: { perPage: 100 } }, 200);
      const times = body.entries.map((e: Json) => e.entryAt);
      expect(times).toEqual([...times].sort().reverse());
      expect(new Set(body.entries.map((e: Json) => e.type))).toEqual(new Set(['note', 'email', 'task']));
      await expectPaging(world, CAPSULE.listEntries, 'entries', 4);
    },
  },

  [CAPSULE.listPartyEntries]: {
    name: 'List Party Entries',
    shows: "lists one party's entries newest first, and refuses perPage above 50 before calling Capsule",
    run: (world) => expectEntriesOf(world, CAPSULE.listPartyEntries, 'party'),
  },

  [CAPSULE.listOpportunityEntries]: {
    name: 'List Opportunity Entries',
    shows: "lists one opportunity's entries newest first, and refuses perPage above 50",
    run: (world) => expectEntriesOf(world, CAPSULE.listOpportunityEntries, 'opportunity'),
  },

  [CAPSULE.listProjectEntries]: {
    name: 'List Project Entries',
    shows: "lists one project's entries newest first, and refuses perPage above 50",
    run: (world) => expectEntriesOf(world, CAPSULE.listProjectEntries, 'kase'),
  },

  [CAPSULE.getEntry]: {
    name: 'Get Entry',
    shows: 'shows one entry, nesting its whole party when embedded',
    async run(world) {
      const entry = world.seeds.entries.find((e) => e.party !== null);
      if (!entry) throw new Error('no seeded entry on a party');
      const body = await world.expectCall(
        CAPSULE.getEntry,
        { Parameters: { id: entry.id, embed: 'party' } },
        200,
      );
      expect(body.entry).toMatchObject({ id: entry.id, type: entry.type, content: entry.content });
      expect(body.entry.party).toMatchObject({ id: (entry.party as Row).id, createdAt: expect.any(String) });
    },
  },

  [CAPSULE.createNote]: {
    name: 'Create Note',
    shows: "adds a note to a party, which heads that party's entries; a note on two records is Capsule's 422",
    async run(world) {
      const note = await createNote(world);
      expect(note).toMatchObject({ type: 'note', creator: { id: expect.any(Number) } });
      const partyId = note.party.id;
      const listed = await world.expectCall(CAPSULE.listPartyEntries, { Parameters: { id: partyId } }, 200);
      expect(idsOf(listed.entries)).toEqual([note.id]);
      const opportunity = first(world.seeds.opportunities, 'opportunity');
      const twice = await world.call(CAPSULE.createNote, {
        Fields: {
          type: 'note',
          content: 'Both',
          party: { id: partyId },
          opportunity: { id: opportunity.id },
        },
      });
      expect(twice.status).toBe(422);
    },
  },

  [CAPSULE.updateEntry]: {
    name: 'Update Entry',
    shows: 'changes the content of a note and keeps its party',
    async run(world) {
      const note = await createNote(world);
      const body = await world.expectCall(
        CAPSULE.updateEntry,
        { Parameters: { id: note.id }, Fields: { content: 'Rewritten', entryAt: '2030-01-02T03:04:05Z' } },
        200,
      );
      expect(body.entry).toMatchObject({
        content: 'Rewritten',
        entryAt: '2030-01-02T03:04:05Z',
        party: { id: note.party.id },
      });
    },
  },

  [CAPSULE.deleteEntry]: {
    name: 'Delete Entry',
    shows: 'deletes an entry, which is then not found',
    async run(world) {
      const note = await createNote(world);
      await expectDeleted(world, { remove: CAPSULE.deleteEntry, get: CAPSULE.getEntry }, note.id);
    },
  },
};
