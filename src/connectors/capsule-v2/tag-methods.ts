import type { MethodDefinition } from '../connector-definition.ts';
import { ACCEPTED_JOB } from './attachment-and-job-methods.ts';
import {
  EMPTY_RESPONSE,
  idParameter,
  list,
  NO_PAGING,
  PAGE_PARAMETERS,
  PAGING,
  requiring,
  single,
} from './common-parameters.ts';
import { type EntityKind, type MethodIdentity, OPPORTUNITIES, PARTIES, PROJECTS } from './entity-kinds.ts';
import { TAG_FIELDS, TAG_RESPONSE_FIELDS } from './settings-fields.ts';

type TagOperation = 'list' | 'get' | 'create' | 'update' | 'delete';

/**
 * The tag definitions of one kind of record (`/parties/tags`…). A record's own tags are changed
 * through its update method (`tags` field), so these only manage the definitions.
 */
function tagMethods(kind: EntityKind, identities: Record<TagOperation, MethodIdentity>): MethodDefinition[] {
  const base = `/${kind.path}/tags`;
  const tagId = idParameter('Tag id');
  const category = 'Tags';
  return [
    {
      ...identities.list,
      name: `List ${kind.label} Tags`,
      description: `Lists the tags defined for ${kind.described}.`,
      category,
      httpMethod: 'GET',
      endpoint: base,
      parameters: PAGE_PARAMETERS,
      response: list('tags', TAG_RESPONSE_FIELDS),
      paging: PAGING,
    },
    {
      ...identities.get,
      name: `Get ${kind.label} Tag`,
      description: `Shows one tag defined for ${kind.described}.`,
      category,
      httpMethod: 'GET',
      endpoint: `${base}/{id}`,
      parameters: [tagId],
      response: single('tag', TAG_RESPONSE_FIELDS),
      paging: NO_PAGING,
    },
    {
      ...identities.create,
      name: `Create ${kind.label} Tag`,
      description: `Defines a new tag for ${kind.described}.`,
      category,
      httpMethod: 'POST',
      endpoint: base,
      parameters: [],
      request: { wrapKey: 'tag', fields: requiring(TAG_FIELDS, 'name') },
      response: single('tag', TAG_RESPONSE_FIELDS),
      paging: NO_PAGING,
    },
    {
      ...identities.update,
      name: `Update ${kind.label} Tag`,
      description: `Renames or redescribes a tag defined for ${kind.described}.`,
      category,
      httpMethod: 'PUT',
      endpoint: `${base}/{id}`,
      parameters: [tagId],
      request: { wrapKey: 'tag', fields: TAG_FIELDS },
      response: single('tag', TAG_RESPONSE_FIELDS),
      paging: NO_PAGING,
    },
    {
      ...identities.delete,
      name: `Delete ${kind.label} Tag`,
      description: `Deletes a tag defined for ${kind.described}. When records still carry it, Capsule answers 202 and finishes in the background: follow job.id with Get Job.`,
      category,
      httpMethod: 'DELETE',
      endpoint: `${base}/{id}`,
      parameters: [tagId],
      response: { ...EMPTY_RESPONSE, acceptedJob: ACCEPTED_JOB },
      paging: NO_PAGING,
    },
  ];
}

/** Tag definitions for parties, opportunities and projects. */
export const TAG_METHODS: readonly MethodDefinition[] = [
  ...tagMethods(PARTIES, {
    list: { id: 580190, uniqueIdentifier: '95ab1b6a-4412-4943-b7a2-068f6d9f06c5' },
    get: { id: 580191, uniqueIdentifier: 'ee82d6c4-e177-4279-b766-3bb2ba26fc40' },
    create: { id: 580192, uniqueIdentifier: '320bf46b-dbc5-489f-b4f8-1119344f2698' },
    update: { id: 580193, uniqueIdentifier: '8e0af193-277a-4eda-80ee-86b8e0ebbe54' },
    delete: { id: 580194, uniqueIdentifier: 'ed4b3bf7-afff-4a98-9d77-07deb2ddcc0a' },
  }),
  ...tagMethods(OPPORTUNITIES, {
    list: { id: 580195, uniqueIdentifier: '7781f3d4-8ec5-4629-9d3b-da4fabfc0c43' },
    get: { id: 580196, uniqueIdentifier: '68e21e95-2448-4b67-930a-1db364f3e3bb' },
    create: { id: 580197, uniqueIdentifier: 'ddea22ad-9f7e-414e-95fe-ee61ba4d4589' },
    update: { id: 580198, uniqueIdentifier: 'a1f6e6a7-751a-4ce8-bf2b-ddbf74311ccc' },
    delete: { id: 580199, uniqueIdentifier: '4280f17c-2ba9-41fd-941d-3461e9261450' },
  }),
  ...tagMethods(PROJECTS, {
    list: { id: 580200, uniqueIdentifier: '6d89093b-078f-4402-b173-1113b7c580e0' },
    get: { id: 580201, uniqueIdentifier: 'e2abeb6f-3252-48f1-b640-9b87bf9e9ede' },
    create: { id: 580202, uniqueIdentifier: '1f920ba4-67ad-4988-8c48-874cefd91ca5' },
    update: { id: 580203, uniqueIdentifier: 'ffb66461-601a-4560-b477-d9e5d8819149' },
    delete: { id: 580204, uniqueIdentifier: '1a7590a6-b3c4-4d56-a64d-465be89932b8' },
  }),
];
