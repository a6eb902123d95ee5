/**
 * The sandbox's stored records. They keep references as ids and timestamps as epoch milliseconds;
 * the API presenters turn them into Capsule's JSON, so a renamed organisation shows its new name
 * everywhere it is referenced.
 */

/** Collections that have tags, custom fields, search, filters and a deleted feed. */
export type TaggableCollection = 'parties' | 'opportunities' | 'kases';

/** Fields every top-level record has. */
export interface TimestampedRecord {
  id: number;
  createdAt: number;
  updatedAt: number;
}

export interface UserRecord {
  id: number;
  username: string;
  name: string;
  email: string;
  status: 'ACTIVE' | 'INACTIVE';
  locale: string;
  currency: string;
  timezone: string;
  lastLoginAt: number | null;
  taskReminder: boolean;
  /** The user's own contact record. */
  partyId: number | null;
  /** REST hooks may only be managed by administrators. */
  administrator: boolean;
  /** A deleted user still appears as an owner, with `deleted: true`. */
  deleted: boolean;
}

export interface AddressItem {
  id: number;
  type: string | null;
  street: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  country: string | null;
}

export interface PhoneNumberItem {
  id: number;
  type: string | null;
  number: string;
}

export interface EmailAddressItem {
  id: number;
  type: string | null;
  address: string;
}

export interface WebsiteItem {
  id: number;
  type: string | null;
  service: string;
  address: string;
  url: string;
}

/** A custom field value; NUMBER values are kept as strings because Capsule reads them back so. */
export interface FieldValueItem {
  id: number;
  definitionId: number;
  value: string | boolean | null;
}

/** Tags and custom field values, shared by parties, opportunities and kases. */
export interface TaggedRecord extends TimestampedRecord {
  tagIds: number[];
  fields: FieldValueItem[];
}

export interface PartyRecord extends TaggedRecord {
  type: 'person' | 'organisation';
  title: string | null;
  firstName: string | null;
  lastName: string | null;
  jobTitle: string | null;
  /** Organisations only. */
  name: string | null;
  about: string | null;
  organisationId: number | null;
  ownerId: number | null;
  lastContactedAt: number | null;
  addresses: AddressItem[];
  phoneNumbers: PhoneNumberItem[];
  emailAddresses: EmailAddressItem[];
  websites: WebsiteItem[];
}

export type DurationBasis = 'FIXED' | 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';

export interface OpportunityRecord extends TaggedRecord {
  name: string;
  description: string | null;
  partyId: number;
  ownerId: number | null;
  milestoneId: number;
  lastOpenMilestoneId: number | null;
  lostReasonId: number | null;
  value: { amount: number; currency: string } | null;
  expectedCloseOn: string | null;
  probability: number | null;
  durationBasis: DurationBasis;
  duration: number | null;
  closedOn: string | null;
  lastContactedAt: number | null;
  lastStageChangedAt: number | null;
  additionalPartyIds: number[];
}

export interface KaseRecord extends TaggedRecord {
  name: string;
  description: string | null;
  status: 'OPEN' | 'CLOSED';
  partyId: number;
  opportunityId: number | null;
  stageId: number | null;
  ownerId: number | null;
  expectedCloseOn: string | null;
  closedOn: string | null;
  startOn: string | null;
  lastContactedAt: number | null;
  additionalPartyIds: number[];
}

export type TaskStatus = 'OPEN' | 'COMPLETED' | 'PENDING';

export interface TaskRecord extends TimestampedRecord {
  description: string;
  detail: string | null;
  categoryId: number | null;
  status: TaskStatus;
  dueOn: string;
  dueTime: string | null;
  partyId: number | null;
  opportunityId: number | null;
  kaseId: number | null;
  ownerId: number | null;
  completedAt: number | null;
  /** Who completed it; seeded completed tasks leave it out and count as completed by their owner. */
  completedById?: number | null;
}

export interface EntryRecord extends TimestampedRecord {
  type: 'note' | 'email' | 'task';
  content: string;
  subject: string | null;
  entryAt: number;
  creatorId: number;
  activityTypeId: number | null;
  partyId: number | null;
  opportunityId: number | null;
  kaseId: number | null;
}

export interface TagRecord {
  id: number;
  entity: TaggableCollection;
  name: string;
  description: string | null;
  /** A data tag gates a set of custom fields. */
  dataTag: boolean;
}

export const FIELD_TYPES = [
  'text',
  'largetext',
  'number',
  'date',
  'list',
  'multilist',
  'boolean',
  'link',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldDefinitionRecord {
  id: number;
  entity: TaggableCollection;
  name: string;
  type: FieldType;
  description: string | null;
  displayOrder: number;
  important: boolean;
  options: string[] | null;
  /** Parties only: which kind of party the field applies to. */
  captureRule: 'party' | 'person' | 'organisation' | null;
  /** The data tag that gates this field, if any. */
  tagId: number | null;
}

export interface PipelineRecord extends TimestampedRecord {
  name: string;
  description: string | null;
  /** A deleted pipeline is archived: hidden unless `includeDeleted`, and restorable. */
  archived: boolean;
}

export interface MilestoneRecord extends TimestampedRecord {
  name: string;
  description: string | null;
  pipelineId: number;
  probability: number;
  /** Won and Lost milestones are complete: moving there closes the opportunity. */
  complete: boolean;
  daysUntilStale: number | null;
  displayOrder: number;
}

export interface LostReasonRecord extends TimestampedRecord {
  name: string;
  includedForConversion: boolean;
}

export interface ActivityTypeRecord {
  id: number;
  name: string;
  /** Capsule's icon id, e.g. `PHONE`. */
  iconId: string;
  updateLastContacted: boolean;
}

export interface StageRecord extends TimestampedRecord {
  name: string;
  description: string | null;
  boardId: number;
  displayOrder: number;
  archived: boolean;
}

export interface BoardRecord extends TimestampedRecord {
  name: string;
  description: string | null;
  archived: boolean;
}

export interface TaskCategoryRecord {
  id: number;
  name: string;
  colour: string;
}

export interface RestHookRecord extends TimestampedRecord {
  event: string;
  targetUrl: string;
  description: string | null;
  embed: string | null;
  /** The registered application that created it; lists show only the caller's hooks. */
  clientId: string;
  userId: number;
}

/** One line of a `/deleted` feed. */
export interface DeletionRecord {
  id: number;
  deletedAt: number;
}

export interface SiteRecord {
  url: string;
  subdomain: string;
  name: string;
}
