/**
 * The fields of each Capsule record: what a request may write (top-level names, as Capsule spells them)
 * and what a response reports. Kept apart from the method families because several families answer
 * with the same records (a party's opportunities, an opportunity's parties…).
 */
import type { FieldDefinition } from '../connector-definition.ts';
import {
  CUSTOM_FIELDS,
  field,
  nestedCollection,
  OWNER,
  RECORD_TIMES,
  reference,
  TAGS,
  TEAM,
} from './common-parameters.ts';

// Parties ------------------------------------------------------------------------------------------

/** Contact details and ownership shared by people and organisations. */
const SHARED_PARTY_FIELDS: readonly FieldDefinition[] = [
  field('about', 'About', 'Text'),
  OWNER,
  TEAM,
  nestedCollection('emailAddresses', 'Email addresses', 'As [{"type": "Work", "address": "a@example.com"}]'),
  nestedCollection('phoneNumbers', 'Phone numbers', 'As [{"type": "Mobile", "number": "07700 900123"}]'),
  nestedCollection(
    'addresses',
    'Addresses',
    'As [{"type": "Office", "street": "…", "city": "…", "state": "…", "zip": "…", "country": "United Kingdom"}]',
  ),
  nestedCollection(
    'websites',
    'Websites',
    'As [{"service": "URL", "address": "https://example.com"}]; services: URL, TWITTER, FACEBOOK, LINKED_IN, YOUTUBE…',
  ),
  TAGS,
  CUSTOM_FIELDS,
];

export const PERSON_FIELDS: readonly FieldDefinition[] = [
  field('type', 'Type', 'Text', { values: ['person'], description: 'Always "person"' }),
  field('title', 'Title', 'Text', { description: 'Mr, Mrs, Dr… (see /titles)' }),
  field('firstName', 'First name', 'Text'),
  field('lastName', 'Last name', 'Text'),
  field('jobTitle', 'Job title', 'Text'),
  reference('organisation', 'Organisation', 'organisation the person works for'),
  ...SHARED_PARTY_FIELDS,
];

export const ORGANISATION_FIELDS: readonly FieldDefinition[] = [
  field('type', 'Type', 'Text', { values: ['organisation'], description: 'Always "organisation"' }),
  field('name', 'Name', 'Text', { description: 'Unique within the account' }),
  ...SHARED_PARTY_FIELDS,
];

/** An update may change anything but the type: a person's fields, or an organisation's `name`. */
export const UPDATE_PARTY_FIELDS: readonly FieldDefinition[] = [
  ...PERSON_FIELDS.filter((f) => f.name !== 'type'),
  field('name', 'Name (organisations)', 'Text'),
];

export const PARTY_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  ...RECORD_TIMES,
  field('type', 'Type', 'Text', { values: ['person', 'organisation'] }),
  ...UPDATE_PARTY_FIELDS,
  field('lastContactedAt', 'Last contacted at', 'DateTime'),
  field('pictureURL', 'Picture URL', 'Text'),
  field('isRestricted', 'Restricted', 'Boolean', {
    description: 'Hidden from this user: the name is masked',
  }),
  field('missingImportantFields', 'Missing important fields', 'Boolean', {
    description: 'With embed=missingImportantFields',
  }),
];

// Opportunities ------------------------------------------------------------------------------------

export const OPPORTUNITY_FIELDS: readonly FieldDefinition[] = [
  field('name', 'Name', 'Text'),
  field('description', 'Description', 'Text'),
  reference('party', 'Party', 'person or organisation the opportunity is with'),
  reference('milestone', 'Milestone', 'milestone (its pipeline comes with it)'),
  OWNER,
  TEAM,
  field('value', 'Value', 'Object', { description: 'As {"amount": 500, "currency": "GBP"}' }),
  field('expectedCloseOn', 'Expected close date', 'Date'),
  field('probability', 'Probability (%)', 'Integer'),
  field('durationBasis', 'Duration basis', 'Text', {
    values: ['FIXED', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'],
  }),
  field('duration', 'Duration', 'Integer'),
  reference('lostReason', 'Lost reason', 'reason the opportunity was lost'),
  TAGS,
  CUSTOM_FIELDS,
];

export const OPPORTUNITY_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  ...RECORD_TIMES,
  ...OPPORTUNITY_FIELDS,
  field('closedOn', 'Closed on', 'Date'),
  field('lastContactedAt', 'Last contacted at', 'DateTime'),
  field('lastStageChangedAt', 'Last stage change at', 'DateTime'),
  field('lastOpenMilestone', 'Last open milestone', 'Object'),
  field('missingImportantFields', 'Missing important fields', 'Boolean', {
    description: 'With embed=missingImportantFields',
  }),
];

// Projects (kases) ---------------------------------------------------------------------------------

export const KASE_FIELDS: readonly FieldDefinition[] = [
  field('name', 'Name', 'Text'),
  field('description', 'Description', 'Text'),
  reference('party', 'Party', 'person or organisation the project is for'),
  field('status', 'Status', 'Text', { values: ['OPEN', 'CLOSED'] }),
  reference('opportunity', 'Opportunity', 'opportunity the project belongs to'),
  reference('stage', 'Stage', 'board stage'),
  OWNER,
  TEAM,
  field('expectedCloseOn', 'Expected close date', 'Date'),
  TAGS,
  CUSTOM_FIELDS,
];

export const KASE_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  ...RECORD_TIMES,
  ...KASE_FIELDS,
  field('startOn', 'Starts on', 'Date'),
  field('closedOn', 'Closed on', 'Date'),
  field('lastContactedAt', 'Last contacted at', 'DateTime'),
  field('missingImportantFields', 'Missing important fields', 'Boolean', {
    description: 'With embed=missingImportantFields',
  }),
];

// Tasks --------------------------------------------------------------------------------------------

export const TASK_FIELDS: readonly FieldDefinition[] = [
  field('description', 'Description', 'Text'),
  field('detail', 'Detail', 'Text'),
  field('dueOn', 'Due date', 'Date'),
  field('dueTime', 'Due time', 'Text', { description: 'As HH:mm:ss' }),
  reference('category', 'Category', 'task category'),
  OWNER,
  reference('party', 'Party', 'person or organisation the task is about'),
  reference('opportunity', 'Opportunity', 'opportunity the task is about'),
  reference('kase', 'Project', 'project the task is about'),
];

export const TASK_STATUS = field('status', 'Status', 'Text', { values: ['OPEN', 'COMPLETED', 'PENDING'] });

export const TASK_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  ...RECORD_TIMES,
  ...TASK_FIELDS,
  TASK_STATUS,
  field('completedAt', 'Completed at', 'DateTime'),
  field('completedBy', 'Completed by', 'Object', { description: 'The user who completed it' }),
  field('repeat', 'Repeat', 'Object', { description: 'How a repeating task recurs, or null' }),
  field('nextTask', 'Next task', 'Object', {
    description: "A repeating task's next occurrence (more with embed=nextTask)",
  }),
  field('hasTrack', 'Part of a track', 'Boolean'),
];

// Entries ------------------------------------------------------------------------------------------

export const NOTE_FIELDS: readonly FieldDefinition[] = [
  field('type', 'Type', 'Text', { values: ['note'], description: 'Only notes can be created' }),
  field('content', 'Content', 'Text'),
  field('subject', 'Subject', 'Text'),
  field('entryAt', 'Entry time', 'DateTime'),
  reference('activityType', 'Activity type', 'activity type'),
  reference('party', 'Party', 'person or organisation (give exactly one of party, opportunity, kase)'),
  reference('opportunity', 'Opportunity', 'opportunity (give exactly one of party, opportunity, kase)'),
  reference('kase', 'Project', 'project (give exactly one of party, opportunity, kase)'),
  field('attachments', 'Attachments', 'Array', {
    description:
      'Files uploaded with Upload Attachment, as [{"token": …}]; read back as [{"id", "filename", "contentType", "size"}]',
  }),
];

export const UPDATE_ENTRY_FIELDS: readonly FieldDefinition[] = NOTE_FIELDS.filter((f) =>
  ['content', 'subject', 'entryAt', 'activityType'].includes(f.name),
);

export const ENTRY_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  ...RECORD_TIMES,
  ...NOTE_FIELDS.filter((f) => f.name !== 'type'),
  field('type', 'Type', 'Text', { values: ['note', 'email', 'task'] }),
  field('creator', 'Creator', 'Object'),
];

// Users and site -----------------------------------------------------------------------------------

export const USER_PREFERENCE_FIELDS: readonly FieldDefinition[] = [
  field('locale', 'Locale', 'Text', { description: 'e.g. en_GB' }),
  field('currency', 'Currency', 'Text', { description: 'ISO 4217, e.g. GBP' }),
  field('timezone', 'Time zone', 'Text', { description: 'IANA name, e.g. Europe/London' }),
  field('taskReminder', 'Task reminder e-mails', 'Boolean'),
];

export const USER_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  field('id', 'Id', 'Integer'),
  field('username', 'Username', 'Text'),
  field('name', 'Name', 'Text'),
  field('status', 'Status', 'Text'),
  ...USER_PREFERENCE_FIELDS,
  field('lastLoginAt', 'Last login at', 'DateTime'),
  field('party', 'Party', 'Object'),
];

export const SITE_RESPONSE_FIELDS: readonly FieldDefinition[] = [
  field('url', 'URL', 'Text'),
  field('subdomain', 'Subdomain', 'Text'),
  field('name', 'Name', 'Text'),
];
