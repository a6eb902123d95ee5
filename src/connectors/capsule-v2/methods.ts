import type { MethodDefinition } from '../connector-definition.ts';
import { ATTACHMENT_AND_JOB_METHODS } from './attachment-and-job-methods.ts';
import { CUSTOM_FIELD_METHODS } from './custom-field-methods.ts';
import { ENTRY_METHODS } from './entry-methods.ts';
import { GOAL_METHODS, SAVED_FILTER_METHODS } from './goal-and-filter-methods.ts';
import { OPPORTUNITY_METHODS } from './opportunity-methods.ts';
import { PARTY_METHODS } from './party-methods.ts';
import { PIPELINE_METHODS } from './pipeline-methods.ts';
import { PROJECT_METHODS } from './project-methods.ts';
import { REST_HOOK_METHODS } from './rest-hook-methods.ts';
import {
  BOARD_METHODS,
  CATEGORY_AND_ACTIVITY_TYPE_METHODS,
  TEAM_AND_LOOKUP_METHODS,
} from './settings-methods.ts';
import { TAG_METHODS } from './tag-methods.ts';
import { TASK_METHODS } from './task-methods.ts';
import { TRACK_METHODS } from './track-methods.ts';
import { USER_AND_SITE_METHODS } from './user-and-site-methods.ts';

/**
 * Capsule v2 methods, family by family. `id` and `uniqueIdentifier` values are permanent: never change
 * or reuse one (partners call methods by the GUID).
 */
export const CAPSULE_METHODS: readonly MethodDefinition[] = [
  ...PARTY_METHODS,
  ...OPPORTUNITY_METHODS,
  ...PROJECT_METHODS,
  ...TASK_METHODS,
  ...ENTRY_METHODS,
  ...USER_AND_SITE_METHODS,
  ...TAG_METHODS,
  ...CUSTOM_FIELD_METHODS,
  ...PIPELINE_METHODS,
  ...REST_HOOK_METHODS,
  ...BOARD_METHODS,
  ...CATEGORY_AND_ACTIVITY_TYPE_METHODS,
  ...TEAM_AND_LOOKUP_METHODS,
  ...TRACK_METHODS,
  ...GOAL_METHODS,
  ...SAVED_FILTER_METHODS,
  ...ATTACHMENT_AND_JOB_METHODS,
];
