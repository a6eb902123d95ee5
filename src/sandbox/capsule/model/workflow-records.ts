/**
 * The sandbox's stored workflow and settings records: teams, track definitions and tracks, goals,
 * saved filters, attachments and background jobs. Same conventions as records.ts.
 */
import type { TaggableCollection, TimestampedRecord } from './records.ts';

export interface TeamRecord extends TimestampedRecord {
  name: string;
  memberIds: number[];
}

/** A track template: the tasks it adds when applied to an opportunity or a project. */
export interface TrackDefinitionRecord extends TimestampedRecord {
  description: string;
  tag: string | null;
  captureRule: 'OPPORTUNITY' | 'CASEFILE';
  direction: 'START_DATE' | 'END_DATE';
  taskDefinitions: TrackTaskDefinition[];
}

export interface TrackTaskDefinition {
  id: number;
  description: string;
  daysAfter: number;
  displayOrder: number;
}

/** A track definition applied to one opportunity or project, with the tasks it created. */
export interface TrackRecord extends TimestampedRecord {
  definitionId: number;
  description: string;
  direction: 'START_DATE' | 'END_DATE';
  trackDateOn: string;
  opportunityId: number | null;
  kaseId: number | null;
  taskIds: number[];
}

export interface GoalRecord extends TimestampedRecord {
  name: string;
  frequency: 'FIXED' | 'MONTHLY' | 'QUARTERLY' | 'YEARLY';
  status: 'ACTIVE' | 'ACHIEVED' | 'MISSED';
  value: number;
  currency: string;
  startOn: string;
  endOn: string;
  pipelineId: number | null;
  periods: GoalPeriodItem[];
}

export interface GoalPeriodItem {
  id: number;
  startOn: string;
  endOn: string;
  target: number;
  achieved: number;
}

/** A filter saved in Capsule's web UI; its results are sorted by `orderBy`. */
export interface SavedFilterRecord extends TimestampedRecord {
  entity: TaggableCollection;
  name: string;
  conditions: { field: string; operator: string; value: unknown }[];
  orderBy: { field: string; direction: 'ascending' | 'descending' }[];
}

/** An uploaded file: first a pending upload (by token), then attached to a note. */
export interface AttachmentRecord {
  id: number;
  token: string;
  filename: string;
  contentType: string;
  content: Buffer;
  entryId: number | null;
}

/** A background job started by a long operation (e.g. deleting a used tag). */
export interface JobRecord {
  id: string;
  action: string;
  status: 'processing' | 'completed';
  progress: number;
}
