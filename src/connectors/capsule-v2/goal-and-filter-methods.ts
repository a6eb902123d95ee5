import type { MethodDefinition } from '../connector-definition.ts';
import {
  EMBEDS,
  embedParameter,
  idParameter,
  list,
  NO_PAGING,
  PAGE_PARAMETERS,
  PAGING,
  single,
} from './common-parameters.ts';
import { type EntityKind, type MethodIdentity, OPPORTUNITIES, PARTIES, PROJECTS } from './entity-kinds.ts';
import { KASE_RESPONSE_FIELDS, OPPORTUNITY_RESPONSE_FIELDS, PARTY_RESPONSE_FIELDS } from './record-fields.ts';
import {
  GOAL_PERIOD_RESPONSE_FIELDS,
  GOAL_RESPONSE_FIELDS,
  SAVED_FILTER_RESPONSE_FIELDS,
} from './settings-fields.ts';

const GOAL_ID = idParameter('Goal id');

/** Sales goals and the periods they are measured over. */
export const GOAL_METHODS: readonly MethodDefinition[] = [
  {
    id: 580360,
    uniqueIdentifier: '467a91e5-23aa-4926-993f-69e39380dbda',
    name: 'List Goals',
    description: 'Lists the sales goals of the account.',
    category: 'Goals',
    httpMethod: 'GET',
    endpoint: '/goals',
    parameters: PAGE_PARAMETERS,
    response: list('goals', GOAL_RESPONSE_FIELDS),
    paging: PAGING,
  },
  {
    id: 580361,
    uniqueIdentifier: '12fe08e8-9472-4fae-b928-c7239a854ed5',
    name: 'Get Goal',
    description: 'Shows one sales goal.',
    category: 'Goals',
    httpMethod: 'GET',
    endpoint: '/goals/{id}',
    parameters: [GOAL_ID],
    response: single('goal', GOAL_RESPONSE_FIELDS),
    paging: NO_PAGING,
  },
  {
    id: 580362,
    uniqueIdentifier: '6305680b-db7a-4adb-9071-32ff3cc3ef42',
    name: 'List Goal Periods',
    description: 'Lists the periods of one sales goal with their target and what was achieved.',
    category: 'Goals',
    httpMethod: 'GET',
    endpoint: '/goals/{id}/periods',
    parameters: [GOAL_ID, ...PAGE_PARAMETERS],
    response: list('periods', GOAL_PERIOD_RESPONSE_FIELDS),
    paging: PAGING,
  },
];

/** The saved filters of one kind of record and their results, sorted as saved. */
function savedFilterMethods(
  kind: EntityKind,
  results: {
    readonly key: string;
    readonly fields: MethodDefinition['response']['fields'];
    readonly embed: readonly string[];
  },
  identities: Record<'list' | 'get' | 'results', MethodIdentity>,
): MethodDefinition[] {
  return [
    {
      ...identities.list,
      name: `List Saved ${kind.label} Filters`,
      description: `Lists the filters saved in Capsule for ${kind.described}.`,
      category: 'Saved Filters',
      httpMethod: 'GET',
      endpoint: `/${kind.path}/filters`,
      parameters: PAGE_PARAMETERS,
      response: list('filters', SAVED_FILTER_RESPONSE_FIELDS),
      paging: PAGING,
    },
    {
      ...identities.get,
      name: `Get Saved ${kind.label} Filter`,
      description: `Shows one filter saved for ${kind.described}: its conditions and order.`,
      category: 'Saved Filters',
      httpMethod: 'GET',
      endpoint: `/${kind.path}/filters/{id}`,
      parameters: [idParameter('Saved filter id')],
      response: single('filter', SAVED_FILTER_RESPONSE_FIELDS),
      paging: NO_PAGING,
    },
    {
      ...identities.results,
      name: `Run Saved ${kind.label} Filter`,
      description: `Lists the ${kind.described} a saved filter matches, in the filter's saved order.`,
      category: 'Saved Filters',
      httpMethod: 'GET',
      endpoint: `/${kind.path}/filters/{id}/results`,
      parameters: [idParameter('Saved filter id'), ...PAGE_PARAMETERS, embedParameter(results.embed)],
      response: list(results.key, results.fields),
      paging: PAGING,
    },
  ];
}

export const SAVED_FILTER_METHODS: readonly MethodDefinition[] = [
  ...savedFilterMethods(
    PARTIES,
    { key: 'parties', fields: PARTY_RESPONSE_FIELDS, embed: EMBEDS.party },
    {
      get: { id: 580374, uniqueIdentifier: '1762c32c-ce6d-4b82-b58e-d2446a32dcfb' },
      list: { id: 580363, uniqueIdentifier: 'c8d9b890-be09-44ad-b69e-ab38407dd181' },
      results: { id: 580364, uniqueIdentifier: '99006f37-6821-4e28-a4ce-280f7bb75242' },
    },
  ),
  ...savedFilterMethods(
    OPPORTUNITIES,
    { key: 'opportunities', fields: OPPORTUNITY_RESPONSE_FIELDS, embed: EMBEDS.opportunity },
    {
      get: { id: 580375, uniqueIdentifier: '7fe5ea0b-027a-406e-8888-15ce641ace72' },
      list: { id: 580365, uniqueIdentifier: '848aa60b-667b-4b4e-be32-12c1b827b738' },
      results: { id: 580366, uniqueIdentifier: '5ae108a8-f23d-416e-9022-6115c78d485c' },
    },
  ),
  ...savedFilterMethods(
    PROJECTS,
    { key: 'kases', fields: KASE_RESPONSE_FIELDS, embed: EMBEDS.kase },
    {
      get: { id: 580376, uniqueIdentifier: '212a5394-c646-422b-9b70-df7d0598dd6b' },
      list: { id: 580367, uniqueIdentifier: '8288de40-7afe-489f-8361-7913da9118eb' },
      results: { id: 580368, uniqueIdentifier: '56922504-4e00-41da-ba0e-303b28920591' },
    },
  ),
];
