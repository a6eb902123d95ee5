import { JOB_AND_ATTACHMENT_CASES } from './job-and-attachment-cases.ts';
import { OPPORTUNITY_CASES, PROJECT_CASES } from './opportunity-cases.ts';
import { PARTY_CASES } from './party-cases.ts';
import { PIPELINE_CASES } from './pipeline-cases.ts';
import { REFERENCE_CASES, REST_HOOK_CASES } from './reference-cases.ts';
import { SETTINGS_CASES } from './settings-cases.ts';
import { ENTRY_CASES, TASK_CASES } from './task-and-entry-cases.ts';
import { WORKFLOW_CASES } from './workflow-cases.ts';
import type { MethodTable } from './world.ts';

/** Every Capsule v2 method's case, keyed by `MethodUniqueIdentifier`. */
export const METHOD_CASES: MethodTable = {
  ...PARTY_CASES,
  ...OPPORTUNITY_CASES,
  ...PROJECT_CASES,
  ...TASK_CASES,
  ...ENTRY_CASES,
  ...REFERENCE_CASES,
  ...REST_HOOK_CASES,
  ...PIPELINE_CASES,
  ...SETTINGS_CASES,
  ...WORKFLOW_CASES,
  ...JOB_AND_ATTACHMENT_CASES,
};
