import { expect } from 'vitest';
import { CAPSULE } from './guids.ts';
import { resourceCases } from './resource-cases.ts';
import type { Json, MethodTable, Row } from './world.ts';

const DELIVERY_BOARD = 1;

/** Boards, stages, task categories, activity types, teams and the lookup lists. */
export const SETTINGS_CASES: MethodTable = {
  ...resourceCases({
    label: 'Board',
    plural: 'Boards',
    key: 'board',
    listKey: 'boards',
    paged: true,
    guids: {
      list: CAPSULE.listBoards,
      get: CAPSULE.getBoard,
      create: CAPSULE.createBoard,
      update: CAPSULE.updateBoard,
      remove: CAPSULE.deleteBoard,
    },
    newFields: (world) => ({ name: world.unique('Board'), description: 'Made by a test' }),
    change: (world) => ({ name: world.unique('Renamed board') }),
    refused: (existing) => ({ name: existing.name }),
  }),
  ...resourceCases({
    label: 'Stage',
    plural: 'Stages',
    key: 'stage',
    listKey: 'stages',
    paged: true,
    guids: {
      list: CAPSULE.listStages,
      get: CAPSULE.getStage,
      create: CAPSULE.createStage,
      update: CAPSULE.updateStage,
      remove: CAPSULE.deleteStage,
    },
    newFields: (world) => ({ name: world.unique('Stage'), board: { id: DELIVERY_BOARD }, displayOrder: 9 }),
    change: () => ({ description: 'Waiting for sign-off' }),
    refused: () => ({ name: 'Orphan', board: { id: 987654 } }),
  }),
  [CAPSULE.listBoardStages]: {
    name: 'List Board Stages',
    shows: "lists only the board's own stages, in board order",
    async run(world) {
      const body = await world.expectCall(
        CAPSULE.listBoardStages,
        { Parameters: { id: DELIVERY_BOARD } },
        200,
      );
      expect(body.stages.length).toBeGreaterThan(2);
      for (const stage of body.stages) expect(stage.board.id).toBe(DELIVERY_BOARD);
      const orders = body.stages.map((s: Json) => s.displayOrder);
      expect(orders).toEqual([...orders].sort((a, b) => a - b));
      const all = await world.expectCall(CAPSULE.listStages, { Parameters: { perPage: 100 } }, 200);
      expect(all.stages.some((s: Json) => s.board.id !== DELIVERY_BOARD)).toBe(true);
      expect((await world.call(CAPSULE.listBoardStages, { Parameters: { id: 987654 } })).status).toBe(404);
    },
  },
  ...resourceCases({
    label: 'Task Category',
    plural: 'Task Categories',
    key: 'category',
    listKey: 'categories',
    paged: true,
    guids: {
      list: CAPSULE.listTaskCategories,
      get: CAPSULE.getTaskCategory,
      create: CAPSULE.createTaskCategory,
      update: CAPSULE.updateTaskCategory,
      remove: CAPSULE.deleteTaskCategory,
    },
    newFields: (world) => ({ name: world.unique('Category'), colour: '#123abc' }),
    change: () => ({ colour: '#abcdef' }),
    refused: (existing) => ({ name: existing.name, colour: 'red' }),
  }),
  ...resourceCases({
    label: 'Activity Type',
    plural: 'Activity Types',
    key: 'activityType',
    listKey: 'activityTypes',
    paged: true,
    guids: {
      list: CAPSULE.listActivityTypes,
      get: CAPSULE.getActivityType,
      create: CAPSULE.createActivityType,
      update: CAPSULE.updateActivityType,
      remove: CAPSULE.deleteActivityType,
    },
    newFields: (world) => ({ name: world.unique('Video call'), updateLastContacted: false }),
    change: (world) => ({ name: world.unique('Tele conference') }),
    refused: (existing) => ({ name: existing.name }),
  }),
  ...resourceCases({
    label: 'Team',
    plural: 'Teams',
    key: 'team',
    listKey: 'teams',
    paged: false,
    parameters: { embed: 'memberships' },
    guids: { list: CAPSULE.listTeams, get: CAPSULE.getTeam },
    newFields: () => ({}),
    change: () => ({}),
  }),
  [CAPSULE.listPersonTitles]: {
    name: 'List Person Titles',
    shows: 'lists the titles a person can have, as personTitles',
    async run(world) {
      const body = await world.expectCall(CAPSULE.listPersonTitles, {}, 200);
      expect(body.personTitles.map((t: Row) => t.name)).toEqual(expect.arrayContaining(['Mr', 'Mrs', 'Dr']));
    },
  },
  [CAPSULE.listCountries]: {
    name: 'List Countries',
    shows: 'lists the country names addresses may use',
    async run(world) {
      const body = await world.expectCall(CAPSULE.listCountries, {}, 200);
      expect(body.countries).toContainEqual({ name: 'United Kingdom' });
    },
  },
  [CAPSULE.listCurrencies]: {
    name: 'List Currencies',
    shows: 'lists the currency codes opportunity values may use',
    async run(world) {
      const body = await world.expectCall(CAPSULE.listCurrencies, {}, 200);
      expect(body.currencies).toContainEqual({ code: 'GBP' });
    },
  },
};
