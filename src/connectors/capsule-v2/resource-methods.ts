/**
 * The five methods of a plain Capsule settings resource (boards, stages, categories, activity types…):
 * list, show, create, partial update and delete, all alike but for names, fields and list filters.
 * Families describe a resource once and pick the operations Capsule documents for it.
 */
import type { FieldDefinition, MethodDefinition, ParameterDefinition } from '../connector-definition.ts';
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
import type { MethodIdentity } from './entity-kinds.ts';

/** How one resource is named and shaped. */
export interface ResourceShape {
  /** Singular label in method names: `Board`. */
  readonly label: string;
  /** Plural label in method names: `Boards`. */
  readonly plural: string;
  readonly category: string;
  /** Collection path: `/boards`. */
  readonly path: string;
  /** Single-record wrapping key: `board`. */
  readonly key: string;
  /** List wrapping key: `boards`. */
  readonly listKey: string;
  /** What the records are, for descriptions: `project boards`. */
  readonly described: string;
  /** Fields a create or update may write. */
  readonly fields: readonly FieldDefinition[];
  /** Fields a create must send. */
  readonly requiredOnCreate: readonly string[];
  /** Fields a response reports. */
  readonly responseFields: readonly FieldDefinition[];
  /** Whether Capsule pages the list (`page`, `perPage`, `Link`). */
  readonly paged: boolean;
  /** Extra query parameters of the list (`status`, `q`…). */
  readonly listParameters?: readonly ParameterDefinition[];
  /** Query parameters of show, create and update (`embed`). */
  readonly recordParameters?: readonly ParameterDefinition[];
  /** Extra words after the delete description. */
  readonly deleteNote?: string;
}

export type ResourceOperation = 'list' | 'get' | 'create' | 'update' | 'delete';

/** The methods of `shape` for each operation given an identity, in list, get, create, update, delete order. */
export function resourceMethods(
  shape: ResourceShape,
  identities: Partial<Record<ResourceOperation, MethodIdentity>>,
): MethodDefinition[] {
  const id = idParameter(`${shape.label} id`);
  const extra = shape.recordParameters ?? [];
  const common = { category: shape.category, paging: NO_PAGING } as const;
  const methods: MethodDefinition[] = [];
  if (identities.list) {
    methods.push({
      ...identities.list,
      ...common,
      name: `List ${shape.plural}`,
      description: `Lists the ${shape.described}.`,
      httpMethod: 'GET',
      endpoint: shape.path,
      parameters: [...(shape.listParameters ?? []), ...extra, ...(shape.paged ? PAGE_PARAMETERS : [])],
      response: list(shape.listKey, shape.responseFields),
      paging: shape.paged ? PAGING : NO_PAGING,
    });
  }
  if (identities.get) {
    methods.push({
      ...identities.get,
      ...common,
      name: `Get ${shape.label}`,
      description: `Shows one of the ${shape.described}.`,
      httpMethod: 'GET',
      endpoint: `${shape.path}/{id}`,
      parameters: [id, ...extra],
      response: single(shape.key, shape.responseFields),
    });
  }
  if (identities.create) {
    methods.push({
      ...identities.create,
      ...common,
      name: `Create ${shape.label}`,
      description: `Adds one to the ${shape.described}.`,
      httpMethod: 'POST',
      endpoint: shape.path,
      parameters: extra,
      request: { wrapKey: shape.key, fields: requiring(shape.fields, ...shape.requiredOnCreate) },
      response: single(shape.key, shape.responseFields),
    });
  }
  if (identities.update) {
    methods.push({
      ...identities.update,
      ...common,
      name: `Update ${shape.label}`,
      description: `Changes one of the ${shape.described}; fields left out stay unchanged.`,
      httpMethod: 'PUT',
      endpoint: `${shape.path}/{id}`,
      parameters: [id, ...extra],
      request: { wrapKey: shape.key, fields: requiring(shape.fields) },
      response: single(shape.key, shape.responseFields),
    });
  }
  if (identities.delete) {
    methods.push({
      ...identities.delete,
      ...common,
      name: `Delete ${shape.label}`,
      description: `Deletes one of the ${shape.described}.${shape.deleteNote ? ` ${shape.deleteNote}` : ''}`,
      httpMethod: 'DELETE',
      endpoint: `${shape.path}/{id}`,
      parameters: [id],
      response: EMPTY_RESPONSE,
    });
  }
  return methods;
}

/** An optional Text query parameter restricted to `values`. */
export function choiceParameter(
  name: string,
  values: readonly string[],
  description: string,
): ParameterDefinition {
  return { name, location: 'query', dataType: 'Text', required: false, description, values };
}

/** An optional Boolean query parameter. */
export function flagParameter(name: string, description: string): ParameterDefinition {
  return { name, location: 'query', dataType: 'Boolean', required: false, description };
}
