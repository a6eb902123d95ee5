import type { SandboxState } from '../sandbox-state.ts';
import { DAY_MS, isoDate } from '../time-format.ts';
import { SEED_IDS } from './reference-seed.ts';

/**
 * Account settings: project boards and stages, task categories, lost reasons, activity types, teams,
 * track definitions, sales goals and saved filters. Ids are those `SEED_IDS` names where other seeds
 * point at them.
 */
export function seedSettings(state: SandboxState, now: number): void {
  const year = 365 * DAY_MS;
  const stamps = { createdAt: now - 2 * year, updatedAt: now - year };
  state.boards.set(1, {
    id: 1,
    name: 'Delivery',
    description: 'From kick-off to hand-over',
    archived: false,
    ...stamps,
  });
  state.boards.set(2, { id: 2, name: 'Onboarding', description: null, archived: false, ...stamps });
  state.reserveIds('board', 2);
  const stages: [number, number, string][] = [
    [41, 1, 'Planning'],
    [42, 1, 'In Progress'],
    [43, 1, 'Review'],
    [44, 1, 'Done'],
    [45, 2, 'Welcome'],
    [46, 2, 'Training'],
  ];
  stages.forEach(([id, boardId, name], index) => {
    state.stages.set(id, {
      id,
      name,
      description: null,
      boardId,
      displayOrder: boardId === 1 ? index + 1 : index - 3,
      archived: false,
      ...stamps,
    });
  });
  state.reserveIds('stage', 46);

  const categories: [number, string, string][] = [
    [51, 'Call', '#4c9be8'],
    [52, 'Email', '#8e44ad'],
    [53, 'Follow-up', '#27ae60'],
    [54, 'Meeting', '#e67e22'],
    [55, 'Billing', '#d36c00'],
  ];
  for (const [id, name, colour] of categories) state.taskCategories.set(id, { id, name, colour });
  state.reserveIds('category', 55);

  const lostReasons: [number, string, boolean][] = [
    [61, 'Price', true],
    [62, 'Timing', true],
    [63, 'Went with a competitor', true],
    [64, 'No decision', false],
  ];
  for (const [id, name, includedForConversion] of lostReasons) {
    state.lostReasons.set(id, { id, name, includedForConversion, ...stamps });
  }
  state.reserveIds('lostReason', 64);

  const activityTypes: [number, string, string][] = [
    [-1, 'Note', 'NOTE'],
    [1, 'Call', 'PHONE'],
    [2, 'Meeting', 'MEETING'],
    [3, 'Email', 'EMAIL'],
  ];
  for (const [id, name, iconId] of activityTypes) {
    state.activityTypes.set(id, { id, name, iconId, updateLastContacted: true });
  }
  state.reserveIds('activityType', 3);

  const { scott, ted, maia } = SEED_IDS.users;
  state.teams.set(1, { id: 1, name: 'The North', memberIds: [scott, ted], ...stamps });
  state.teams.set(2, { id: 2, name: 'The South', memberIds: [maia], ...stamps });
  state.reserveIds('team', 2);

  state.trackDefinitions.set(1, {
    id: 1,
    description: 'Sales follow-up',
    tag: null,
    captureRule: 'OPPORTUNITY',
    direction: 'START_DATE',
    taskDefinitions: [
      { id: 1, description: 'Send proposal', daysAfter: 1, displayOrder: 1 },
      { id: 2, description: 'Follow up the proposal', daysAfter: 7, displayOrder: 2 },
    ],
    ...stamps,
  });
  state.trackDefinitions.set(2, {
    id: 2,
    description: 'Project kick-off',
    tag: null,
    captureRule: 'CASEFILE',
    direction: 'START_DATE',
    taskDefinitions: [
      { id: 3, description: 'Kick-off meeting', daysAfter: 2, displayOrder: 1 },
      { id: 4, description: 'Agree the plan', daysAfter: 5, displayOrder: 2 },
      { id: 5, description: 'First review', daysAfter: 14, displayOrder: 3 },
    ],
    ...stamps,
  });
  state.reserveIds('trackDefinition', 2);

  const quarterStart = now - 30 * DAY_MS;
  state.goals.set(1, {
    id: 1,
    name: 'Quarterly sales',
    frequency: 'MONTHLY',
    status: 'ACTIVE',
    value: 60_000,
    currency: 'GBP',
    startOn: isoDate(quarterStart),
    endOn: isoDate(quarterStart + 90 * DAY_MS),
    pipelineId: 10,
    periods: [0, 1, 2].map((month) => ({
      id: month + 1,
      startOn: isoDate(quarterStart + month * 30 * DAY_MS),
      endOn: isoDate(quarterStart + (month + 1) * 30 * DAY_MS - DAY_MS),
      target: 20_000,
      achieved: month === 0 ? 9_600 : 0,
    })),
    ...stamps,
  });
  state.goals.set(2, {
    id: 2,
    name: 'Partner revenue',
    frequency: 'FIXED',
    status: 'ACTIVE',
    value: 50_000,
    currency: 'GBP',
    startOn: isoDate(now - 100 * DAY_MS),
    endOn: isoDate(now + 265 * DAY_MS),
    pipelineId: 11,
    periods: [
      {
        id: 4,
        startOn: isoDate(now - 100 * DAY_MS),
        endOn: isoDate(now + 265 * DAY_MS),
        target: 50_000,
        achieved: 40_000,
      },
    ],
    ...stamps,
  });
  state.reserveIds('goal', 2);

  const filters = [
    {
      entity: 'parties',
      name: 'Organisations by name',
      field: 'type',
      value: 'organisation',
      orderBy: 'name',
    },
    { entity: 'opportunities', name: 'Open deals', field: 'isOpen', value: true, orderBy: 'name' },
    { entity: 'kases', name: 'Open projects', field: 'isOpen', value: true, orderBy: 'name' },
  ] as const;
  filters.forEach(({ entity, name, field, value, orderBy }, index) => {
    state.savedFilters.set(index + 1, {
      id: index + 1,
      entity,
      name,
      conditions: [{ field, operator: 'is', value }],
      orderBy: [{ field: orderBy, direction: 'descending' }],
      ...stamps,
    });
  });
  state.reserveIds('savedFilter', filters.length);
}
