import type { MethodDefinition } from '../connector-definition.ts';
import { field, idParameter, NO_PAGING, single } from './common-parameters.ts';

/** Get Job's GUID, named by the methods whose 202 answers it follows. */
export const GET_JOB_GUID = 'af5782c5-b2b1-45e2-9c80-1315fca88504';

/** How a method that Capsule may finish in the background answers: 202 with the job to follow. */
export const ACCEPTED_JOB = { wrapKey: 'job', followWith: GET_JOB_GUID } as const;

/** Background jobs and file attachments. */
export const ATTACHMENT_AND_JOB_METHODS: readonly MethodDefinition[] = [
  {
    id: 580371,
    uniqueIdentifier: GET_JOB_GUID,
    name: 'Get Job',
    description:
      'Shows the progress of a background job, such as one a tag deletion started (its id is the job.id of that 202 answer).',
    category: 'Jobs',
    httpMethod: 'GET',
    endpoint: '/jobs/{id}',
    parameters: [
      { name: 'id', location: 'path', dataType: 'Text', required: true, description: 'Job id (a UUID)' },
    ],
    response: single('job', [
      field('id', 'Id', 'Text'),
      field('action', 'Action', 'Text', { description: 'What the job does, e.g. "Deleting Tag"' }),
      field('status', 'Status', 'Text', { description: 'processing until done, then completed' }),
      field('progress', 'Progress (%)', 'Integer'),
    ]),
    paging: NO_PAGING,
  },
  {
    id: 580372,
    uniqueIdentifier: 'b61b2c22-9088-4ee8-8394-24e97fca0dcb',
    name: 'Upload Attachment',
    description:
      'Uploads a file and returns a token; add it to a note with Create Note\'s attachments ([{"token": …}]). Send the bytes base64-encoded in content.',
    category: 'Attachments',
    httpMethod: 'POST',
    endpoint: '/attachments/upload',
    parameters: [
      {
        name: 'filename',
        location: 'header',
        targetName: 'X-Attachment-Filename',
        dataType: 'Text',
        required: true,
        description: 'The file name Capsule shows, e.g. contract.pdf',
        percentEncode: true,
      },
    ],
    request: {
      fields: [
        field('content', 'Content (base64)', 'Text', {
          required: true,
          description: "The file's bytes, base64-encoded",
        }),
        field('contentType', 'Content type', 'Text', {
          required: true,
          description: 'Media type, e.g. application/pdf',
        }),
      ],
      binary: { contentField: 'content', contentTypeField: 'contentType' },
    },
    response: single('upload', [field('token', 'Upload token', 'Text')]),
    paging: NO_PAGING,
    idempotent: false,
  },
  {
    id: 580373,
    uniqueIdentifier: 'd9f2a8b6-4282-462f-b19f-d8df1b70207f',
    name: 'Download Attachment',
    description:
      "Downloads a note's attachment (ids are in an entry's attachments); the answer holds its filename, contentType, size and base64 content.",
    category: 'Attachments',
    httpMethod: 'GET',
    endpoint: '/attachments/{id}',
    parameters: [idParameter('Attachment id')],
    response: {
      ...single('attachment', [
        field('filename', 'File name', 'Text'),
        field('contentType', 'Content type', 'Text'),
        field('size', 'Size (bytes)', 'Integer'),
        field('content', 'Content (base64)', 'Text'),
      ]),
      binary: true,
    },
    paging: NO_PAGING,
  },
];
