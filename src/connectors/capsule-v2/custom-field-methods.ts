import type { MethodDefinition } from '../connector-definition.ts';
import { idParameter, list, NO_PAGING, PAGE_PARAMETERS, PAGING, single } from './common-parameters.ts';
import { type EntityKind, type MethodIdentity, OPPORTUNITIES, PARTIES, PROJECTS } from './entity-kinds.ts';
import { FIELD_DEFINITION_RESPONSE_FIELDS } from './record-fields.ts';

/** The custom field definitions of one kind of record (`/parties/fields/definitions`…). */
function customFieldMethods(
  kind: EntityKind,
  identities: Record<'list' | 'get', MethodIdentity>,
): MethodDefinition[] {
  const base = `/${kind.path}/fields/definitions`;
  return [
    {
      ...identities.list,
      name: `List ${kind.label} Custom Fields`,
      description: `Lists the custom fields defined for ${kind.described}.`,
      category: 'Custom Fields',
      httpMethod: 'GET',
      endpoint: base,
      parameters: PAGE_PARAMETERS,
      response: list('definitions', FIELD_DEFINITION_RESPONSE_FIELDS),
      paging: PAGING,
    },
    {
      ...identities.get,
      name: `Get ${kind.label} Custom Field`,
      description: `Shows one custom field defined for ${kind.described}.`,
      category: 'Custom Fields',
      httpMethod: 'GET',
      endpoint: `${base}/{id}`,
      parameters: [idParameter('Custom field definition id')],
      response: single('definition', FIELD_DEFINITION_RESPONSE_FIELDS),
      paging: NO_PAGING,
    },
  ];
}

/** Custom field definitions for parties, opportunities and projects. Values are written via `fields`. */
export const CUSTOM_FIELD_METHODS: readonly MethodDefinition[] = [
  ...customFieldMethods(PARTIES, {
    list: { id: 580210, uniqueIdentifier: 'cc7a0413-3d75-44f7-beaf-eb288a9b0f09' },
    get: { id: 580211, uniqueIdentifier: '4827ae24-cccb-4743-b4a9-5a0972a5af86' },
  }),
  ...customFieldMethods(OPPORTUNITIES, {
    list: { id: 580212, uniqueIdentifier: '52e368ba-19dd-4a93-bb05-17eb45cee7ab' },
    get: { id: 580213, uniqueIdentifier: 'fcebe42f-e91c-4350-9d61-18e00cfd5ab5' },
  }),
  ...customFieldMethods(PROJECTS, {
    list: { id: 580214, uniqueIdentifier: 'bce80930-59e9-4210-b60a-5a62a29fb275' },
    get: { id: 580215, uniqueIdentifier: '95e9d94d-908d-4271-bb2d-4a0508f714a8' },
  }),
];
