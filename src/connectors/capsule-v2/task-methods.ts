import type { MethodDefinition, ParameterDefinition } from '../connector-definition.ts';
import {
  EMBEDS,
  EMPTY_RESPONSE,
  embedParameter,
  idParameter,
  idsParameter,
  list,
  NO_PAGING,
  PAGE_PARAMETERS,
  PAGING,
  requiring,
  single,
} from './common-parameters.ts';
import { TASK_FIELDS, TASK_RESPONSE_FIELDS, TASK_STATUS } from './record-fields.ts';

const EMBED = embedParameter(EMBEDS.task);
const TASK_ID = idParameter('Task id');

/** Capsule lists open tasks only unless `status` asks for more. */
const STATUS: ParameterDefinition = {
  name: 'status',
  location: 'query',
  dataType: 'Text',
  required: false,
  description: 'Task statuses to include, comma-separated (Capsule lists only open tasks by default)',
  values: ['open', 'completed', 'pending'],
  multiple: { maxItems: 3 },
};

/** Tasks. Capsule keeps no deleted feed for them. */
export const TASK_METHODS: readonly MethodDefinition[] = [
  {
    id: 580160,
    uniqueIdentifier: 'df489964-ea2d-4f04-9db5-38c2a1bc5f03',
    name: 'List Tasks',
    description: 'Lists tasks; only open ones unless status says otherwise.',
    category: 'Tasks',
    httpMethod: 'GET',
    endpoint: '/tasks',
    parameters: [...PAGE_PARAMETERS, STATUS, EMBED],
    response: list('tasks', TASK_RESPONSE_FIELDS),
    paging: PAGING,
  },
  {
    id: 580161,
    uniqueIdentifier: 'a12353b6-c3b4-42fe-820b-4e5bd7f60ac7',
    name: 'Get Task',
    description: 'Shows one task.',
    category: 'Tasks',
    httpMethod: 'GET',
    endpoint: '/tasks/{id}',
    parameters: [TASK_ID, EMBED],
    response: single('task', TASK_RESPONSE_FIELDS),
    paging: NO_PAGING,
  },
  {
    id: 580162,
    uniqueIdentifier: '853263a5-ab79-4703-93d2-6065f72bcbab',
    name: 'Get Multiple Tasks',
    description: 'Shows up to 10 tasks by id in one call; one id also answers a list.',
    category: 'Tasks',
    httpMethod: 'GET',
    endpoint: '/tasks/{ids}',
    parameters: [idsParameter('Task ids, comma-separated (at most 10)'), EMBED],
    response: { ...list('tasks', TASK_RESPONSE_FIELDS), singleRecordKey: 'task' },
    paging: NO_PAGING,
  },
  {
    id: 580163,
    uniqueIdentifier: '2ad8f112-d211-4e90-b0ba-4ccffcd3e4fe',
    name: 'Create Task',
    description: 'Creates a task with a description and a due date.',
    category: 'Tasks',
    httpMethod: 'POST',
    endpoint: '/tasks',
    parameters: [],
    request: { wrapKey: 'task', fields: requiring(TASK_FIELDS, 'description', 'dueOn') },
    response: single('task', TASK_RESPONSE_FIELDS),
    paging: NO_PAGING,
  },
  {
    id: 580164,
    uniqueIdentifier: 'da0d7008-3265-409b-a8d9-1adf30716c7b',
    name: 'Update Task',
    description: 'Updates a task; fields left out stay unchanged. Set status to COMPLETED to complete it.',
    category: 'Tasks',
    httpMethod: 'PUT',
    endpoint: '/tasks/{id}',
    parameters: [TASK_ID],
    request: { wrapKey: 'task', fields: [...TASK_FIELDS, TASK_STATUS] },
    response: single('task', TASK_RESPONSE_FIELDS),
    paging: NO_PAGING,
  },
  {
    id: 580165,
    uniqueIdentifier: '437e6993-c797-4f77-bcef-5d5003b10500',
    name: 'Delete Task',
    description: 'Deletes a task.',
    category: 'Tasks',
    httpMethod: 'DELETE',
    endpoint: '/tasks/{id}',
    parameters: [TASK_ID],
    response: EMPTY_RESPONSE,
    paging: NO_PAGING,
  },
];
