import type { MethodDefinition } from '../connector-definition.ts';

const PAGING = {
  style: 'page-number',
  pageParameter: 'page',
  pageSizeParameter: 'perPage',
  maxPageSize: 100,
  next: 'link-header',
} as const;

/** Capsule v2 methods. `uniqueIdentifier` values are permanent: never change or reuse one. */
export const CAPSULE_METHODS: readonly MethodDefinition[] = [
  {
    id: 580101,
    uniqueIdentifier: '6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a01',
    name: 'List Parties',
    description: 'Lists people and organisations, newest changes included with since.',
    category: 'Parties',
    httpMethod: 'GET',
    endpoint: '/parties',
    parameters: [
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
        description: 'Results per page, 1 to 100',
        minimum: 1,
        maximum: 100,
      },
      {
        name: 'since',
        location: 'query',
        dataType: 'DateTime',
        required: false,
        description: 'Only parties changed after this ISO-8601 time',
      },
      {
        name: 'embed',
        location: 'query',
        dataType: 'Text',
        required: false,
        description: 'Extra data to include',
        values: ['tags', 'fields', 'organisation', 'missingImportantFields'],
        multiple: {},
      },
    ],
    response: { wrapKey: 'parties', isList: true, fields: [] },
    paging: PAGING,
  },
  {
    id: 580102,
    uniqueIdentifier: '6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a02',
    name: 'Get Party',
    description: 'Shows one person or organisation.',
    category: 'Parties',
    httpMethod: 'GET',
    endpoint: '/parties/{id}',
    parameters: [
      { name: 'id', location: 'path', dataType: 'Integer', required: true, description: 'Party id' },
      {
        name: 'embed',
        location: 'query',
        dataType: 'Text',
        required: false,
        description: 'Extra data to include',
        values: ['tags', 'fields', 'organisation', 'missingImportantFields'],
        multiple: {},
      },
    ],
    response: { wrapKey: 'party', isList: false, fields: [] },
    paging: { style: 'none' },
  },
  {
    id: 580105,
    uniqueIdentifier: '6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a05',
    name: 'Create Person',
    description: 'Creates a person.',
    category: 'Parties',
    httpMethod: 'POST',
    endpoint: '/parties',
    parameters: [],
    request: {
      wrapKey: 'party',
      fields: [
        { name: 'type', displayName: 'Type', dataType: 'Text', required: true, values: ['person'] },
        { name: 'firstName', displayName: 'First name', dataType: 'Text' },
        { name: 'lastName', displayName: 'Last name', dataType: 'Text' },
        { name: 'emailAddresses', displayName: 'Email addresses', dataType: 'Array' },
      ],
    },
    response: { wrapKey: 'party', isList: false, fields: [] },
    paging: { style: 'none' },
  },
];
