/**
 * The fields of Capsule's account settings and workflow records: tag and custom field definitions,
 * pipelines and milestones, REST hooks, boards and stages, categories, activity types, teams, lookup
 * lists, tracks, goals and saved filters. Entity records (parties, opportunities…) are in record-fields.
 */
import type { FieldDefinition } from '../connector-definition.ts';
import { field, RECORD_TIMES, reference } from './common-parameters.ts';

// Definitions: tags, custom fields, pipelines, milestones, lost reasons ---------------------------

export const TAG_FIELDS: readonly FieldDefinition[] = [
  field('name', 'Name', 'Text'),
  field('description', 'Description', 'Text'),
  field('dataTag', 'Data tag', 'Boolean', { description: 'A data tag gates a set of custom fields' }),
];

export const TAG_RESPONSE_FIELDS: readonly FieldDefinition[] = [field('id', 'Id', 'Integer'), ...TAG_FIELDS];

export const FIELD_DEFINITION_FIELDS: readonly FieldDefinition[] = [
  field('name', 'Name', 'Text'),
  field('type', 'Type', 'Text', {
    values: ['text', 'largetext', 'number', 'date', 'list', 'multilist', 'boolean', 'link'],
    description: 'Set on create only',
  }),
  field('description', 'Description', 'Text'),
  field('displayOrder', 'Display order', 'Integer'),
  field('important', 'Important', 'Boolean'),
  field('options', 'Options', 'Array', { description: 'The choices of a list or multilist field' }),
  field('captureRule', 'Capture rule', 'Text', {
    values: ['party', 'person', 'organisation'],
    description: 'Parties only: which kind of party the field applies to',
  }),
  reference('tag', 'Data tag', 'data tag that gates the field'),
];

export const FIELD_DEFINITION_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  field('id', 'Id', 'Integer'),
  field('name', 'Name', 'Text'),
  field('type', 'Type', 'Text', {
    description: 'text, number, date, list, boolean, large text, link or multi-select list',
  }),
  field('displayOrder', 'Display order', 'Integer'),
  field('captureRule', 'Capture rule', 'Text'),
  field('options', 'Options', 'Array'),
  field('tag', 'Data tag', 'Object'),
];

export const PIPELINE_FIELDS: readonly FieldDefinition[] = [
  field('name', 'Name', 'Text'),
  field('description', 'Description', 'Text'),
];

export const PIPELINE_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  ...RECORD_TIMES,
  ...PIPELINE_FIELDS,
  field('archived', 'Archived', 'Boolean', {
    description: 'Deleted pipelines are archived and can be restored',
  }),
];

export const MILESTONE_FIELDS: readonly FieldDefinition[] = [
  field('name', 'Name', 'Text'),
  field('description', 'Description', 'Text'),
  reference('pipeline', 'Pipeline', 'pipeline the milestone belongs to'),
  field('probability', 'Probability (%)', 'Integer'),
  field('complete', 'Closes the opportunity', 'Boolean'),
  field('daysUntilStale', 'Days until stale', 'Integer'),
  field('displayOrder', 'Display order', 'Integer'),
];

export const MILESTONE_RESPONSE_FIELDS: readonly FieldDefinition[] = [...RECORD_TIMES, ...MILESTONE_FIELDS];

export const LOST_REASON_FIELDS: readonly FieldDefinition[] = [
  field('name', 'Name', 'Text'),
  field('includedForConversion', 'Counts in conversion rates', 'Boolean'),
];

export const LOST_REASON_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  ...RECORD_TIMES,
  ...LOST_REASON_FIELDS,
];

// REST hooks ---------------------------------------------------------------------------------------

/** The events Capsule can deliver; the `moved` events fire when the milestone or stage changes. */
export const REST_HOOK_EVENTS: readonly string[] = [
  'party/created',
  'party/updated',
  'party/deleted',
  'kase/created',
  'kase/updated',
  'kase/deleted',
  'kase/closed',
  'kase/moved',
  'opportunity/created',
  'opportunity/updated',
  'opportunity/deleted',
  'opportunity/closed',
  'opportunity/moved',
  'task/created',
  'task/updated',
  'task/completed',
  'user/created',
  'user/updated',
  'user/deleted',
];

export const REST_HOOK_FIELDS: readonly FieldDefinition[] = [
  field('event', 'Event', 'Text', { required: true, values: REST_HOOK_EVENTS }),
  field('targetUrl', 'Target URL', 'Text', {
    required: true,
    description:
      'HTTPS URL Capsule posts {"event", "payload": [...]} to; Capsule signs nothing, so make it unguessable',
  }),
  field('description', 'Description', 'Text'),
  field('embed', 'Embed', 'Text', { description: 'Extra data in deliveries, e.g. "fields,tags"' }),
];

export const REST_HOOK_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  ...RECORD_TIMES,
  ...REST_HOOK_FIELDS.map(({ required: _, ...rest }) => rest),
  field('batched', 'Batched', 'Boolean'),
  field('user', 'User', 'Object', { description: 'The user who subscribed it' }),
  field('clientId', 'Client id', 'Text', { description: 'The registered application that subscribed it' }),
];

// Settings: boards, stages, task categories, activity types, teams, lookup lists --------------------

export const BOARD_FIELDS: readonly FieldDefinition[] = [
  field('name', 'Name', 'Text'),
  field('description', 'Description', 'Text'),
];

export const BOARD_RESPONSE_FIELDS: readonly FieldDefinition[] = [...RECORD_TIMES, ...BOARD_FIELDS];

export const STAGE_FIELDS: readonly FieldDefinition[] = [
  field('name', 'Name', 'Text'),
  field('description', 'Description', 'Text'),
  reference('board', 'Board', 'board the stage belongs to'),
  field('displayOrder', 'Display order', 'Integer'),
];

export const STAGE_RESPONSE_FIELDS: readonly FieldDefinition[] = [...RECORD_TIMES, ...STAGE_FIELDS];

export const TASK_CATEGORY_FIELDS: readonly FieldDefinition[] = [
  field('name', 'Name', 'Text'),
  field('colour', 'Colour', 'Text', { description: 'Hex colour with the #, e.g. #d36c00' }),
];

export const TASK_CATEGORY_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  field('id', 'Id', 'Integer'),
  ...TASK_CATEGORY_FIELDS,
];

export const ACTIVITY_TYPE_FIELDS: readonly FieldDefinition[] = [
  field('name', 'Name', 'Text'),
  field('icon', 'Icon', 'Object', { description: 'As {"id": "PHONE"}' }),
  field('updateLastContacted', 'Updates last contacted', 'Boolean'),
];

export const ACTIVITY_TYPE_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  field('id', 'Id', 'Integer'),
  ...ACTIVITY_TYPE_FIELDS,
];

export const TEAM_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  ...RECORD_TIMES,
  field('name', 'Name', 'Text'),
  field('memberships', 'Memberships', 'Array', { description: 'Present with embed=memberships' }),
];

export const NAME_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  field('id', 'Id', 'Integer'),
  field('name', 'Name', 'Text'),
];

export const COUNTRY_RESPONSE_FIELDS: readonly FieldDefinition[] = [field('name', 'Name', 'Text')];

export const CURRENCY_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  field('code', 'Code', 'Text', { description: 'ISO 4217, e.g. GBP' }),
];

// Tracks, goals and saved filters ------------------------------------------------------------------

export const TRACK_DEFINITION_FIELDS: readonly FieldDefinition[] = [
  field('description', 'Description', 'Text'),
  field('tag', 'Tag', 'Text', {
    description: 'Tags added to the record when the track is applied, comma-separated',
  }),
  field('captureRule', 'Applies to', 'Text', { values: ['OPPORTUNITY', 'CASEFILE'] }),
  field('direction', 'Direction', 'Text', {
    values: ['START_DATE', 'END_DATE'],
    description: 'Whether task due dates count from the start date or back from an end date',
  }),
  field('taskDefinitions', 'Task definitions', 'Array', {
    description:
      'The tasks the track adds, as [{"description": "First review", "daysAfter": 5, "displayOrder": 1}]',
  }),
];

export const TRACK_DEFINITION_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  ...RECORD_TIMES,
  ...TRACK_DEFINITION_FIELDS,
];

export const TRACK_FIELDS: readonly FieldDefinition[] = [
  field('description', 'Description', 'Text'),
  field('trackDateOn', 'Track date', 'Date', { description: 'The date task due dates are counted from' }),
  reference('definition', 'Track definition', 'track definition to apply'),
  reference('opportunity', 'Opportunity', 'opportunity to apply it to (give this or kase)'),
  reference('kase', 'Project', 'project to apply it to (give this or opportunity)'),
];

export const TRACK_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  field('id', 'Id', 'Integer'),
  field('description', 'Description', 'Text'),
  field('direction', 'Direction', 'Text', { values: ['START_DATE', 'END_DATE'] }),
  field('trackDateOn', 'Track date', 'Date'),
  field('tasks', 'Tasks', 'Array', { description: 'The tasks the track added, as [{"id", "description"}]' }),
];

export const GOAL_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  ...RECORD_TIMES,
  field('name', 'Name', 'Text'),
  field('frequency', 'Frequency', 'Text', { values: ['FIXED', 'MONTHLY', 'QUARTERLY', 'YEARLY'] }),
  field('status', 'Status', 'Text', { values: ['ACTIVE', 'ACHIEVED', 'MISSED'] }),
  field('value', 'Target value', 'Decimal'),
  field('currency', 'Currency', 'Text'),
  field('startOn', 'Starts on', 'Date'),
  field('endOn', 'Ends on', 'Date'),
  field('pipeline', 'Pipeline', 'Object'),
  field('type', 'Type', 'Text'),
];

export const GOAL_PERIOD_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  field('id', 'Id', 'Integer'),
  field('startOn', 'Starts on', 'Date'),
  field('endOn', 'Ends on', 'Date'),
  field('target', 'Target', 'Decimal'),
  field('achieved', 'Achieved', 'Decimal'),
];

export const SAVED_FILTER_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  ...RECORD_TIMES,
  field('name', 'Name', 'Text'),
  field('conditions', 'Conditions', 'Array'),
  field('orderBy', 'Order by', 'Array'),
];
