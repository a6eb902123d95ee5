/**
 * Building blocks shared by the Capsule v2 method families: parameters, paging, response shapes and the
 * fields every entity shares. Everything here is plain data (the helpers only fill in object literals at
 * load time), so each family file reads as a list of methods rather than a copy of the same parameters.
 */
import type {
  DataType,
  FieldDefinition,
  PagingStyle,
  ParameterDefinition,
  ResponseFormat,
} from '../connector-definition.ts';

/** Capsule's page-number paging: `page` from 1, `perPage` 1..100, `Link: <…>; rel="next"`. */
export const PAGING: PagingStyle = {
  style: 'page-number',
  pageParameter: 'page',
  pageSizeParameter: 'perPage',
  maxPageSize: 100,
  next: 'link-header',
};

/** The per-entity entry lists (`/parties/{id}/entries`…) document `perPage` 1..50. */
export const ENTRY_PAGING: PagingStyle = { ...PAGING, maxPageSize: 50 };

export const NO_PAGING: PagingStyle = { style: 'none' };

/** `page` and `perPage` for a list with the given largest page. */
export function pagingParameters(maxPageSize: number): readonly ParameterDefinition[] {
  return [
    {
      name: 'page',
      location: 'query',
      dataType: 'Integer',
      required: false,
      description: 'Page number, from 1',
      minimum: 1,
    },
    {
      name: 'perPage',
      location: 'query',
      dataType: 'Integer',
      required: false,
      description: `Results per page, 1 to ${maxPageSize} (Capsule's default is 50)`,
      minimum: 1,
      maximum: maxPageSize,
    },
  ];
}

export const PAGE_PARAMETERS = pagingParameters(100);
export const ENTRY_PAGE_PARAMETERS = pagingParameters(50);

/** A required numeric id in the path. */
export function idParameter(description: string, name = 'id'): ParameterDefinition {
  return { name, location: 'path', dataType: 'Integer', required: true, description };
}

/** Show many: up to 10 ids in one path segment (`/parties/1,2,3`); more gives Capsule's "too many ids". */
export function idsParameter(description: string): ParameterDefinition {
  return {
    name: 'ids',
    location: 'path',
    dataType: 'Integer',
    required: true,
    description,
    multiple: { maxItems: 10 },
  };
}

/** `since` on list endpoints: only records changed after this time. */
export const SINCE: ParameterDefinition = {
  name: 'since',
  location: 'query',
  dataType: 'DateTime',
  required: false,
  description: 'Only records changed after this ISO-8601 time, e.g. 2024-09-19T12:30:45Z',
};

/** `since` on the deleted feeds, where Capsule requires it ("since is required"). */
export const DELETED_SINCE: ParameterDefinition = {
  ...SINCE,
  required: true,
  description: 'Only records deleted after this ISO-8601 time, e.g. 2024-09-19T12:30:45Z',
};

/** `q` on the search endpoints: the same matching as the web UI's global search. */
export const SEARCH_QUERY: ParameterDefinition = {
  name: 'q',
  location: 'query',
  dataType: 'Text',
  required: true,
  description: 'Search text, matched like the global search in Capsule',
};

/** Each resource's documented `embed` values. Tags and custom fields are absent unless embedded. */
export const EMBEDS = {
  party: ['tags', 'fields', 'organisation', 'missingImportantFields'],
  opportunity: ['tags', 'fields', 'party', 'milestone', 'missingImportantFields'],
  kase: ['tags', 'fields', 'party', 'opportunity', 'missingImportantFields'],
  task: ['party', 'opportunity', 'kase', 'owner', 'nextTask'],
  entry: ['party', 'kase', 'opportunity', 'creator', 'activityType'],
  user: ['party'],
} as const satisfies Record<string, readonly string[]>;

/** `embed` as a comma list restricted to `values`. */
export function embedParameter(values: readonly string[]): ParameterDefinition {
  return {
    name: 'embed',
    location: 'query',
    dataType: 'Text',
    required: false,
    description: 'Extra data to include, comma-separated',
    values,
    multiple: {},
  };
}

/** A response holding one record under `wrapKey`. */
export function single(wrapKey: string, fields: readonly FieldDefinition[] = []): ResponseFormat {
  return { wrapKey, isList: false, fields };
}

/** A response holding a list under `wrapKey`. */
export function list(wrapKey: string, fields: readonly FieldDefinition[] = []): ResponseFormat {
  return { wrapKey, isList: true, fields };
}

/** A bodiless response (`204 No Content` after a delete or a link change). */
export const EMPTY_RESPONSE: ResponseFormat = { isList: false, fields: [] };

/** Shorthand for a field: the name callers use, its label, its Cyclr type and any extras. */
export function field(
  name: string,
  displayName: string,
  dataType: DataType,
  extras: Omit<FieldDefinition, 'name' | 'displayName' | 'dataType'> = {},
): FieldDefinition {
  return { name, displayName, dataType, ...extras };
}

/** The same fields, with `required` set on the named ones (and cleared on the rest). */
export function requiring(
  fields: readonly FieldDefinition[],
  ...names: readonly string[]
): readonly FieldDefinition[] {
  return fields.map(({ required: _, ...rest }) =>
    names.includes(rest.name) ? { ...rest, required: true } : rest,
  );
}

const NESTED_ITEMS =
  'Items without an id are added; an item with an id and other values is updated; an item with an id ' +
  'and "_delete": true is removed.';

/** A nested reference such as `{"id": 6}` for owner, team, party, milestone… */
export function reference(name: string, displayName: string, what: string): FieldDefinition {
  return field(name, displayName, 'Object', { description: `The ${what} as {"id": …}` });
}

export const OWNER = reference('owner', 'Owner', 'user who owns the record');
export const TEAM = reference('team', 'Team', 'team that owns the record');

export const TAGS = field('tags', 'Tags', 'Array', {
  description: `Tags as [{"name": "VIP"}] or [{"id": 1199}]. ${NESTED_ITEMS}`,
});

export const CUSTOM_FIELDS = field('fields', 'Custom fields', 'Array', {
  description: `Custom field values as [{"definition": {"id": 47}, "value": "Insurance"}]. ${NESTED_ITEMS}`,
});

/** A nested collection on a party (emailAddresses, phoneNumbers, addresses, websites). */
export function nestedCollection(name: string, displayName: string, example: string): FieldDefinition {
  return field(name, displayName, 'Array', { description: `${example}. ${NESTED_ITEMS}` });
}

/** Fields every Capsule record reports and no request may set. */
export const RECORD_TIMES: readonly FieldDefinition[] = [
  field('id', 'Id', 'Integer'),
  field('createdAt', 'Created at', 'DateTime'),
  field('updatedAt', 'Updated at', 'DateTime'),
];

/** What a deleted feed reports for each record. */
export const DELETED_RECORD_FIELDS: readonly FieldDefinition[] = [
  field('id', 'Id', 'Integer'),
  field('deletedAt', 'Deleted at', 'DateTime'),
];

/** The filter body (`{"filter": {"conditions": […]}}`) shared by the three filter endpoints. */
export const FILTER_FIELDS: readonly FieldDefinition[] = [
  field('conditions', 'Conditions', 'Array', {
    required: true,
    description:
      'Conditions as [{"field": "tag", "operator": "is", "value": "VIP"}]. Operators: is, is not, starts with, ' +
      'ends with, contains, is greater than, is less than, is after, is before, is older than, ' +
      'is within last, is within next. Field names are the filter names (addedOn, updatedOn, ' +
      'lastContactedOn, custom:{fieldId}, org.name…)',
  }),
  field('orderBy', 'Order by', 'Array', {
    description:
      'Sort as [{"field": "name", "direction": "ascending"}] (Capsule may ignore it on ad-hoc filters)',
  }),
];
