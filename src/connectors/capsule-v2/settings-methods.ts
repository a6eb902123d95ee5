import type { MethodDefinition } from '../connector-definition.ts';
import {
  embedParameter,
  idParameter,
  list,
  NO_PAGING,
  PAGE_PARAMETERS,
  PAGING,
} from './common-parameters.ts';
import { choiceParameter, flagParameter, resourceMethods } from './resource-methods.ts';
import {
  ACTIVITY_TYPE_FIELDS,
  ACTIVITY_TYPE_RESPONSE_FIELDS,
  BOARD_FIELDS,
  BOARD_RESPONSE_FIELDS,
  COUNTRY_RESPONSE_FIELDS,
  CURRENCY_RESPONSE_FIELDS,
  NAME_RESPONSE_FIELDS,
  STAGE_FIELDS,
  STAGE_RESPONSE_FIELDS,
  TASK_CATEGORY_FIELDS,
  TASK_CATEGORY_RESPONSE_FIELDS,
  TEAM_RESPONSE_FIELDS,
} from './settings-fields.ts';

const STAGE_STATUS = choiceParameter(
  'status',
  ['active', 'archived', 'all'],
  'Which stages: active (the default), archived or all',
);
const ON_DELETED_BOARD = flagParameter('includeOnDeletedBoard', 'Also list stages of archived boards');

/** Project boards and their stages. */
export const BOARD_METHODS: readonly MethodDefinition[] = [
  ...resourceMethods(
    {
      label: 'Board',
      plural: 'Boards',
      category: 'Boards',
      path: '/boards',
      key: 'board',
      listKey: 'boards',
      described: 'project boards',
      fields: BOARD_FIELDS,
      requiredOnCreate: ['name'],
      responseFields: BOARD_RESPONSE_FIELDS,
      paged: true,
      listParameters: [
        {
          name: 'q',
          location: 'query',
          dataType: 'Text',
          required: false,
          description: 'Full or partial name',
        },
        choiceParameter(
          'status',
          ['active', 'archived', 'nonempty', 'all'],
          'Which boards: active (the default), archived, nonempty or all',
        ),
      ],
      deleteNote: 'A board that still holds projects cannot be deleted.',
    },
    {
      list: { id: 580300, uniqueIdentifier: '691b59ec-2937-4aab-a27f-12af95df4939' },
      get: { id: 580301, uniqueIdentifier: '97217e27-bc4b-4815-a92e-774204ef0e62' },
      create: { id: 580302, uniqueIdentifier: '6795f246-6acd-4ff7-816e-11451ddfd795' },
      update: { id: 580303, uniqueIdentifier: '1400cef1-a3a5-4e2a-bc08-f83326adfd68' },
      delete: { id: 580304, uniqueIdentifier: '7a707959-1d94-4af9-900d-d5eefaa371e7' },
    },
  ),
  ...resourceMethods(
    {
      label: 'Stage',
      plural: 'Stages',
      category: 'Boards',
      path: '/stages',
      key: 'stage',
      listKey: 'stages',
      described: 'stages of every project board',
      fields: STAGE_FIELDS,
      requiredOnCreate: ['name', 'board'],
      responseFields: STAGE_RESPONSE_FIELDS,
      paged: true,
      listParameters: [STAGE_STATUS, ON_DELETED_BOARD],
      deleteNote: 'A stage that still holds projects cannot be deleted.',
    },
    {
      list: { id: 580305, uniqueIdentifier: '1a01088b-fe6e-4081-8f74-2896cf59c967' },
      get: { id: 580306, uniqueIdentifier: 'f167bb5d-2a4b-4322-9978-ea52d87a60fc' },
      create: { id: 580307, uniqueIdentifier: 'd45ca284-7784-4311-b239-fd190dcb1b1b' },
      update: { id: 580308, uniqueIdentifier: 'cfe9cdf5-ff51-43d3-8eb8-eb872d0486f5' },
      delete: { id: 580309, uniqueIdentifier: '973cc342-baf8-4c68-9f9c-b1448cb3cef9' },
    },
  ),
  {
    id: 580310,
    uniqueIdentifier: 'd1feac32-af34-4984-a649-3cbcc5830a5b',
    name: 'List Board Stages',
    description: 'Lists the stages of one project board, in board order.',
    category: 'Boards',
    httpMethod: 'GET',
    endpoint: '/boards/{id}/stages',
    parameters: [idParameter('Board id'), STAGE_STATUS, ...PAGE_PARAMETERS],
    response: list('stages', STAGE_RESPONSE_FIELDS),
    paging: PAGING,
  },
];

/** Task categories and the activity types of history entries. */
export const CATEGORY_AND_ACTIVITY_TYPE_METHODS: readonly MethodDefinition[] = [
  ...resourceMethods(
    {
      label: 'Task Category',
      plural: 'Task Categories',
      category: 'Task Categories',
      path: '/categories',
      key: 'category',
      listKey: 'categories',
      described: 'task categories (call, meeting…)',
      fields: TASK_CATEGORY_FIELDS,
      requiredOnCreate: ['name', 'colour'],
      responseFields: TASK_CATEGORY_RESPONSE_FIELDS,
      paged: true,
      deleteNote: 'Tasks in the category keep no category.',
    },
    {
      list: { id: 580311, uniqueIdentifier: 'bb156433-d38d-44b9-b855-40534b7ecfdf' },
      get: { id: 580312, uniqueIdentifier: 'af738527-2045-4a40-9c05-df632b4b34ac' },
      create: { id: 580313, uniqueIdentifier: '58021305-8da7-4fa1-9e83-ca6582e17ee1' },
      update: { id: 580314, uniqueIdentifier: '0aa3e962-072f-48fe-bbf4-842b77785f6b' },
      delete: { id: 580315, uniqueIdentifier: 'c0bb636f-1482-4b66-b5a0-e8e4fed78603' },
    },
  ),
  ...resourceMethods(
    {
      label: 'Activity Type',
      plural: 'Activity Types',
      category: 'Activity Types',
      path: '/activitytypes',
      key: 'activityType',
      listKey: 'activityTypes',
      described: 'activity types of history entries (note, call, meeting…)',
      fields: ACTIVITY_TYPE_FIELDS,
      requiredOnCreate: ['name'],
      responseFields: ACTIVITY_TYPE_RESPONSE_FIELDS,
      paged: true,
      deleteNote: "Capsule's built-in types (negative ids) cannot be deleted.",
    },
    {
      list: { id: 580316, uniqueIdentifier: '81e44b53-a062-4a9d-985f-f6cd09704e95' },
      get: { id: 580317, uniqueIdentifier: '56f7d2e9-6796-4319-b0aa-4838899d7202' },
      create: { id: 580318, uniqueIdentifier: 'ed6adca9-f1cf-4c16-aa09-6b6d1204f95f' },
      update: { id: 580319, uniqueIdentifier: '71a41360-cf65-4e1c-9771-18d98e2bdc8e' },
      delete: { id: 580320, uniqueIdentifier: 'fdaa9aa9-eb00-4afb-8778-c5f8d5c99aa5' },
    },
  ),
];

/** Teams and the account-wide lookup lists (person titles, countries, currencies). */
export const TEAM_AND_LOOKUP_METHODS: readonly MethodDefinition[] = [
  ...resourceMethods(
    {
      label: 'Team',
      plural: 'Teams',
      category: 'Teams',
      path: '/teams',
      key: 'team',
      listKey: 'teams',
      described: 'teams of the Capsule account',
      fields: [],
      requiredOnCreate: [],
      responseFields: TEAM_RESPONSE_FIELDS,
      paged: false,
      recordParameters: [embedParameter(['memberships'])],
    },
    {
      list: { id: 580321, uniqueIdentifier: 'cfb2ab28-ebca-47f0-bde3-634df349207c' },
      get: { id: 580322, uniqueIdentifier: '725da48e-0834-4084-b49d-57960e842da5' },
    },
  ),
  {
    id: 580323,
    uniqueIdentifier: '9c55fe08-a0a2-4d7b-b1fe-3a124712c9c8',
    name: 'List Person Titles',
    description: 'Lists the titles a person can have (Mr, Mrs, Dr…).',
    category: 'Lookups',
    httpMethod: 'GET',
    endpoint: '/titles',
    parameters: [],
    response: list('personTitles', NAME_RESPONSE_FIELDS),
    paging: NO_PAGING,
  },
  {
    id: 580324,
    uniqueIdentifier: 'b6a107bc-ea1c-4a84-a84d-de9aa1095937',
    name: 'List Countries',
    description: 'Lists the country names Capsule accepts in addresses.',
    category: 'Lookups',
    httpMethod: 'GET',
    endpoint: '/countries',
    parameters: [],
    response: list('countries', COUNTRY_RESPONSE_FIELDS),
    paging: NO_PAGING,
  },
  {
    id: 580325,
    uniqueIdentifier: 'ad876321-10f7-4180-a2be-9583fa197adc',
    name: 'List Currencies',
    description: 'Lists the currency codes Capsule accepts in opportunity values.',
    category: 'Lookups',
    httpMethod: 'GET',
    endpoint: '/currencies',
    parameters: [],
    response: list('currencies', CURRENCY_RESPONSE_FIELDS),
    paging: NO_PAGING,
  },
];
