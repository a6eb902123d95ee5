import type { MethodDefinition } from '../connector-definition.ts';
import { embedParameter, idParameter, list, PAGE_PARAMETERS, PAGING } from './common-parameters.ts';
import { choiceParameter, resourceMethods } from './resource-methods.ts';
import {
  TRACK_DEFINITION_FIELDS,
  TRACK_DEFINITION_RESPONSE_FIELDS,
  TRACK_FIELDS,
  TRACK_RESPONSE_FIELDS,
} from './settings-fields.ts';

/** Capsule documents `task` (the track's tasks) as the one embed of the track endpoints. */
const TRACK_EMBED = embedParameter(['task']);

/** The tracks applied to one kind of record (`/opportunities/{id}/tracks`, `/kases/{id}/tracks`). */
function tracksOf(
  label: string,
  path: string,
  identity: { id: number; uniqueIdentifier: string },
): MethodDefinition {
  return {
    ...identity,
    name: `List ${label} Tracks`,
    description: `Lists the tracks applied to one ${label.toLowerCase()}.`,
    category: 'Tracks',
    httpMethod: 'GET',
    endpoint: `/${path}/{id}/tracks`,
    parameters: [idParameter(`${label} id`), TRACK_EMBED, ...PAGE_PARAMETERS],
    response: list('tracks', TRACK_RESPONSE_FIELDS),
    paging: PAGING,
  };
}

/** Track definitions (task templates) and the tracks made by applying them. */
export const TRACK_METHODS: readonly MethodDefinition[] = [
  ...resourceMethods(
    {
      label: 'Track Definition',
      plural: 'Track Definitions',
      category: 'Tracks',
      path: '/trackdefinitions',
      key: 'trackDefinition',
      listKey: 'trackDefinitions',
      described: 'track definitions: task templates for opportunities and projects',
      fields: TRACK_DEFINITION_FIELDS,
      requiredOnCreate: ['description', 'captureRule', 'direction'],
      responseFields: TRACK_DEFINITION_RESPONSE_FIELDS,
      paged: true,
      listParameters: [
        choiceParameter(
          'type',
          ['all', 'kases', 'opportunities'],
          'Definitions for projects, opportunities or all (the default)',
        ),
      ],
      deleteNote: 'Tracks already applied keep their tasks.',
    },
    {
      list: { id: 580349, uniqueIdentifier: '026fcb35-1db5-4595-bd38-58f4818b268a' },
      get: { id: 580350, uniqueIdentifier: 'c6bb6dd4-026e-497d-83d3-82e88f45f5ea' },
      create: { id: 580351, uniqueIdentifier: 'ff32a3ad-3970-4094-ae23-b91d8faf30f6' },
      update: { id: 580352, uniqueIdentifier: '28d6a485-86bc-42c4-8b5c-6c87960c256b' },
      delete: { id: 580353, uniqueIdentifier: 'eeb620e8-24c5-4ad1-9db8-a5e261df2b46' },
    },
  ),
  tracksOf('Opportunity', 'opportunities', {
    id: 580354,
    uniqueIdentifier: 'f8554d38-4ec3-420a-a95e-4add8187c4db',
  }),
  tracksOf('Project', 'kases', { id: 580355, uniqueIdentifier: 'a300cdeb-e6f6-4b05-82a0-afd06aaba57c' }),
  ...resourceMethods(
    {
      label: 'Track',
      plural: 'Tracks',
      category: 'Tracks',
      path: '/tracks',
      key: 'track',
      listKey: 'tracks',
      described:
        'tracks: track definitions applied to an opportunity or a project, with the tasks they added',
      fields: TRACK_FIELDS,
      requiredOnCreate: ['trackDateOn', 'definition'],
      responseFields: TRACK_RESPONSE_FIELDS,
      paged: false,
      recordParameters: [TRACK_EMBED],
      deleteNote: 'The tasks it added stay on the record.',
    },
    {
      get: { id: 580356, uniqueIdentifier: '4a03cb7a-d7ab-40f2-abf7-742706135bb6' },
      create: { id: 580357, uniqueIdentifier: '043de248-03b3-4af6-bea9-966aaa149a5f' },
      update: { id: 580358, uniqueIdentifier: 'f95cc272-a5ac-4f06-97f3-8fefec3c27bd' },
      delete: { id: 580359, uniqueIdentifier: '1adf99a3-7803-4e76-8af4-23b129326110' },
    },
  ),
];
