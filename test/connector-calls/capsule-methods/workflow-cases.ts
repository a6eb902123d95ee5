import { expect } from 'vitest';
import { CAPSULE } from './guids.ts';
import { createOpportunity, createProject } from './opportunity-cases.ts';
import { resourceCases } from './resource-cases.ts';
import { expectNoContent, expectPaging } from './shared-checks.ts';
import { first, idsOf, type Json, type MethodTable, type Row, type World } from './world.ts';

/** The seeded track definitions: one for opportunities (2 tasks), one for projects (3 tasks). */
const SALES_TRACK = 1;
const PROJECT_TRACK = 2;

/** Applies the sales track to a new opportunity, from `trackDateOn`. */
async function applyTrack(world: World, on: 'opportunity' | 'kase' = 'opportunity'): Promise<Json> {
  const record = on === 'opportunity' ? await createOpportunity(world) : await createProject(world);
  const body = await world.expectCall(
    CAPSULE.createTrack,
    {
      Fields: {
        definition: { id: on === 'opportunity' ? SALES_TRACK : PROJECT_TRACK },
        trackDateOn: '2030-01-01',
        [on]: { id: record.id },
      },
    },
    201,
  );
  return { ...body.track, owner: record };
}

/** Tracks of one kind of record: only that record's tracks. */
async function expectTracksOf(world: World, guid: string, on: 'opportunity' | 'kase'): Promise<void> {
  const track = await applyTrack(world, on);
  const other = await applyTrack(world, on);
  const body = await world.expectCall(guid, { Parameters: { id: track.owner.id, embed: 'task' } }, 200);
  const { owner: _, ...shown } = track;
  expect(body.tracks).toEqual([shown]);
  expect(idsOf(body.tracks)).not.toContain(other.id);
  expect((await world.call(guid, { Parameters: { id: 987654 } })).status).toBe(404);
}

const savedFilter = (
  entity: string,
  key: string,
  guids: { list: string; get: string; run: string },
  label: string,
): MethodTable => ({
  [guids.get]: {
    name: `Get Saved ${label} Filter`,
    shows: 'shows one saved filter as listed; a filter of another kind of record is a 404',
    async run(world) {
      const saved = first<Row>((await world.expectCall(guids.list, {}, 200)).filters, 'saved filter');
      const body = await world.expectCall(guids.get, { Parameters: { id: saved.id } }, 200);
      expect(body.filter).toEqual(saved);
      expect((await world.call(guids.get, { Parameters: { id: 987654 } })).status).toBe(404);
    },
  },
  [guids.list]: {
    name: `List Saved ${label} Filters`,
    shows: `lists the filters saved for ${entity}, with their conditions and order`,
    async run(world) {
      const body = await world.expectCall(guids.list, {}, 200);
      expect(body.filters.length).toBeGreaterThan(0);
      for (const filter of body.filters) {
        expect(filter).toMatchObject({ id: expect.any(Number), name: expect.any(String) });
        expect(filter.conditions.length).toBeGreaterThan(0);
      }
    },
  },
  [guids.run]: {
    name: `Run Saved ${label} Filter`,
    shows:
      "lists what the saved filter's conditions match, sorted by its saved order; 404 for an unknown filter",
    async run(world) {
      const saved = first<Row>((await world.expectCall(guids.list, {}, 200)).filters, 'saved filter');
      const body = await world.expectCall(guids.run, { Parameters: { id: saved.id, perPage: 100 } }, 200);
      const rows: Row[] = body[key];
      expect(rows.length).toBeGreaterThan(1);
      const order = (saved.orderBy as { field: string; direction: string }[])[0];
      if (!order) throw new Error('the seeded saved filter has no order');
      const names = rows.map((row) => String(row[order.field]).toLowerCase());
      const sorted = [...names].sort((a, b) => a.localeCompare(b));
      expect(names).toEqual(order.direction === 'descending' ? sorted.reverse() : sorted);
      expect((await world.call(guids.run, { Parameters: { id: 987654 } })).status).toBe(404);
    },
  },
});

/** Tracks, goals, saved filters, user preferences and an opportunity's projects. */
export const WORKFLOW_CASES: MethodTable = {
  ...resourceCases({
    label: 'Track Definition',
    plural: 'Track Definitions',
    key: 'trackDefinition',
    listKey: 'trackDefinitions',
    paged: true,
    guids: {
      list: CAPSULE.listTrackDefinitions,
      get: CAPSULE.getTrackDefinition,
      create: CAPSULE.createTrackDefinition,
      update: CAPSULE.updateTrackDefinition,
      remove: CAPSULE.deleteTrackDefinition,
    },
    newFields: (world) => ({
      description: world.unique('Track'),
      captureRule: 'OPPORTUNITY',
      direction: 'START_DATE',
      taskDefinitions: [{ description: 'Call them', daysAfter: 3 }],
    }),
    change: (world) => ({ description: world.unique('Renamed track') }),
    refused: () => ({
      description: 'Broken',
      captureRule: 'CASEFILE',
      direction: 'END_DATE',
      taskDefinitions: [{ daysAfter: 2 }],
    }),
  }),
  [CAPSULE.listOpportunityTracks]: {
    name: 'List Opportunity Tracks',
    shows: "lists the tracks applied to one opportunity and not another's",
    run: (world) => expectTracksOf(world, CAPSULE.listOpportunityTracks, 'opportunity'),
  },
  [CAPSULE.listProjectTracks]: {
    name: 'List Project Tracks',
    shows: "lists the tracks applied to one project and not another's",
    run: (world) => expectTracksOf(world, CAPSULE.listProjectTracks, 'kase'),
  },
  [CAPSULE.createTrack]: {
    name: 'Create Track',
    shows:
      'applies a track definition (201): its tasks are added, due from the track date; a definition for another kind of record is a 422',
    async run(world) {
      const track = await applyTrack(world);
      expect(track.tasks.map((t: Json) => t.description)).toEqual([
        'Send proposal',
        'Follow up the proposal',
      ]);
      const task = await world.expectCall(CAPSULE.getTask, { Parameters: { id: track.tasks[0].id } }, 200);
      expect(task.task).toMatchObject({ dueOn: '2030-01-02', hasTrack: true, status: 'OPEN' });
      expect(task.task.opportunity.id).toBe(track.owner.id);
      const refused = await world.call(CAPSULE.createTrack, {
        Fields: {
          definition: { id: PROJECT_TRACK },
          trackDateOn: '2030-01-01',
          opportunity: { id: track.owner.id },
        },
      });
      expect(refused.status).toBe(422);
    },
  },
  [CAPSULE.getTrack]: {
    name: 'Get Track',
    shows: 'shows one track with its tasks',
    async run(world) {
      const { owner: _, ...track } = await applyTrack(world);
      expect((await world.expectCall(CAPSULE.getTrack, { Parameters: { id: track.id } }, 200)).track).toEqual(
        track,
      );
      expect((await world.call(CAPSULE.getTrack, { Parameters: { id: 987654 } })).status).toBe(404);
    },
  },
  [CAPSULE.updateTrack]: {
    name: 'Update Track',
    shows: 'renames a track and keeps its tasks and date',
    async run(world) {
      const { owner: _, ...track } = await applyTrack(world);
      const description = world.unique('Renamed track');
      const body = await world.expectCall(
        CAPSULE.updateTrack,
        { Parameters: { id: track.id }, Fields: { description } },
        200,
      );
      expect(body.track).toEqual({ ...track, description });
    },
  },
  [CAPSULE.deleteTrack]: {
    name: 'Delete Track',
    shows: 'deletes a track, which is then not found; the tasks it added stay, no longer on a track',
    async run(world) {
      const track = await applyTrack(world);
      await expectNoContent(world, CAPSULE.deleteTrack, { id: track.id });
      expect((await world.call(CAPSULE.getTrack, { Parameters: { id: track.id } })).status).toBe(404);
      for (const task of track.tasks) {
        const kept = await world.expectCall(CAPSULE.getTask, { Parameters: { id: task.id } }, 200);
        expect(kept.task).toMatchObject({ id: task.id, hasTrack: false });
      }
      expect((await world.call(CAPSULE.deleteTrack, { Parameters: { id: track.id } })).status).toBe(404);
    },
  },

  ...resourceCases({
    label: 'Goal',
    plural: 'Goals',
    key: 'goal',
    listKey: 'goals',
    paged: true,
    guids: { list: CAPSULE.listGoals, get: CAPSULE.getGoal },
    newFields: () => ({}),
    change: () => ({}),
  }),
  [CAPSULE.listGoalPeriods]: {
    name: 'List Goal Periods',
    shows: "lists a goal's periods with target and achievement, a page at a time",
    async run(world) {
      const goals = (await world.expectCall(CAPSULE.listGoals, {}, 200)).goals;
      const monthly = goals.find((goal: Json) => goal.frequency === 'MONTHLY');
      const body = await world.expectCall(CAPSULE.listGoalPeriods, { Parameters: { id: monthly.id } }, 200);
      expect(body.periods.length).toBe(3);
      for (const period of body.periods) {
        expect(period).toMatchObject({
          startOn: expect.any(String),
          target: expect.any(Number),
          achieved: expect.any(Number),
        });
      }
      await expectPaging(world, CAPSULE.listGoalPeriods, 'periods', 1, { id: monthly.id });
    },
  },

  ...savedFilter(
    'parties',
    'parties',
    {
      list: CAPSULE.listSavedPartyFilters,
      get: CAPSULE.getSavedPartyFilter,
      run: CAPSULE.runSavedPartyFilter,
    },
    'Party',
  ),
  ...savedFilter(
    'opportunities',
    'opportunities',
    {
      list: CAPSULE.listSavedOpportunityFilters,
      get: CAPSULE.getSavedOpportunityFilter,
      run: CAPSULE.runSavedOpportunityFilter,
    },
    'Opportunity',
  ),
  ...savedFilter(
    'projects',
    'kases',
    {
      list: CAPSULE.listSavedProjectFilters,
      get: CAPSULE.getSavedProjectFilter,
      run: CAPSULE.runSavedProjectFilter,
    },
    'Project',
  ),

  [CAPSULE.updateUser]: {
    name: 'Update User',
    shows: "changes a user's preferences and leaves the rest; an unknown time zone is a 422",
    async run(world) {
      const user = (await world.expectCall(CAPSULE.getCurrentUser, {}, 200)).user;
      const body = await world.expectCall(
        CAPSULE.updateUser,
        { Parameters: { id: user.id }, Fields: { timezone: 'America/New_York', taskReminder: false } },
        200,
      );
      expect(body.user).toEqual({ ...user, timezone: 'America/New_York', taskReminder: false });
      const refused = await world.call(CAPSULE.updateUser, {
        Parameters: { id: user.id },
        Fields: { timezone: 'Mars/Olympus_Mons' },
      });
      expect(refused.status).toBe(422);
      await world.expectCall(
        CAPSULE.updateUser,
        { Parameters: { id: user.id }, Fields: { timezone: user.timezone, taskReminder: user.taskReminder } },
        200,
      );
    },
  },
  [CAPSULE.listOpportunityProjects]: {
    name: 'List Opportunity Projects',
    shows: 'lists the projects that belong to an opportunity, and no others',
    async run(world) {
      const opportunity = await createOpportunity(world);
      const project = await createProject(world, { opportunity: { id: opportunity.id } });
      await createProject(world);
      const body = await world.expectCall(
        CAPSULE.listOpportunityProjects,
        { Parameters: { id: opportunity.id, embed: 'opportunity' } },
        200,
      );
      expect(idsOf(body.kases)).toEqual([project.id]);
      expect(body.kases[0].opportunity).toHaveProperty('createdAt');
    },
  },
};
