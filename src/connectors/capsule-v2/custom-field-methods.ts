import type { MethodDefinition } from '../connector-definition.ts';
import { type EntityKind, type MethodIdentity, OPPORTUNITIES, PARTIES, PROJECTS } from './entity-kinds.ts';
import { type ResourceOperation, resourceMethods } from './resource-methods.ts';
import { FIELD_DEFINITION_FIELDS, FIELD_DEFINITION_RESPONSE_FIELDS } from './settings-fields.ts';

/** The custom field definitions of one kind of record (`/parties/fields/definitions`…). */
function customFieldMethods(
  kind: EntityKind,
  identities: Record<ResourceOperation, MethodIdentity>,
): MethodDefinition[] {
  const fields =
    kind === PARTIES
      ? FIELD_DEFINITION_FIELDS
      : FIELD_DEFINITION_FIELDS.filter((f) => f.name !== 'captureRule');
  return resourceMethods(
    {
      label: `${kind.label} Custom Field`,
      plural: `${kind.label} Custom Fields`,
      category: 'Custom Fields',
      path: `/${kind.path}/fields/definitions`,
      key: 'definition',
      listKey: 'definitions',
      described: `custom fields defined for ${kind.described}`,
      fields,
      requiredOnCreate: ['name', 'type'],
      responseFields: FIELD_DEFINITION_RESPONSE_FIELDS,
      paged: true,
      deleteNote: 'The values records hold for it are deleted too.',
    },
    identities,
  );
}

/** Custom field definitions for parties, opportunities and projects. Values are written via `fields`. */
export const CUSTOM_FIELD_METHODS: readonly MethodDefinition[] = [
  ...customFieldMethods(PARTIES, {
    list: { id: 580210, uniqueIdentifier: 'cc7a0413-3d75-44f7-beaf-eb288a9b0f09' },
    get: { id: 580211, uniqueIdentifier: '4827ae24-cccb-4743-b4a9-5a0972a5af86' },
    create: { id: 580340, uniqueIdentifier: '5ca93864-2318-417d-b0b2-1afd68dd5776' },
    update: { id: 580341, uniqueIdentifier: '9ea88213-7143-46db-99f2-5a1fbeb4a35d' },
    delete: { id: 580342, uniqueIdentifier: 'acc5140c-5f47-49df-b405-bc76e13f49ed' },
  }),
  ...customFieldMethods(OPPORTUNITIES, {
    list: { id: 580212, uniqueIdentifier: '52e368ba-19dd-4a93-bb05-17eb45cee7ab' },
    get: { id: 580213, uniqueIdentifier: 'fcebe42f-e91c-4350-9d61-18e00cfd5ab5' },
    create: { id: 580343, uniqueIdentifier: '3657246b-cffe-4e82-8fd5-0c36b5ce4ccb' },
    update: { id: 580344, uniqueIdentifier: '3a82f990-fe83-461e-9be8-cd6fd9106f67' },
    delete: { id: 580345, uniqueIdentifier: '9f8b2528-c641-4d36-9b29-76d2220b744e' },
  }),
  ...customFieldMethods(PROJECTS, {
    list: { id: 580214, uniqueIdentifier: 'bce80930-59e9-4210-b60a-5a62a29fb275' },
    get: { id: 580215, uniqueIdentifier: '95e9d94d-908d-4271-bb2d-4a0508f714a8' },
    create: { id: 580346, uniqueIdentifier: '2ef9d85b-c94e-470a-82a9-bcd82c1e2831' },
    update: { id: 580347, uniqueIdentifier: '6ab84880-33c3-4e82-8ec4-a58368ee260e' },
    delete: { id: 580348, uniqueIdentifier: 'a4ed2e91-b6e4-4551-a44b-5a18489255f5' },
  }),
];
