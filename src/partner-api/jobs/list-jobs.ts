import { Type } from 'typebox';
import { parseJobStatus } from '../../domain/work-queue/job-inspection.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { PagingQuery, readPaging, setPagingHeaders } from '../paging.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { JobSchema, toJobView } from './job-schema.ts';

/** `GET /v1.0/jobs?status=failed|dead&kind=…`: background work, newest first (a Plugboard addition). */
export function listJobs(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/jobs',
    {
      config: { access: 'partner' },
      schema: {
        operationId: 'listJobs',
        tags: ['Jobs'],
        summary: 'List background jobs (Plugboard addition)',
        description:
          "The installation's durable background work, newest first: kind, status, attempts, errors and times. Filter with status=failed or status=dead to see work that is retrying or has given up. Payloads are never shown.",
        querystring: Type.Object({
          ...PagingQuery,
          status: Type.Optional(Type.String({ description: 'queued, running, succeeded, failed or dead' })),
          kind: Type.Optional(Type.String({ description: 'Only jobs of this kind.' })),
        }),
        response: { 200: Type.Array(JobSchema) },
      },
    },
    async (request, reply) => {
      const paging = readPaging(request.query);
      const kind = request.query.kind?.trim();
      const page = await deps.jobs.list({
        status: parseJobStatus(request.query.status),
        kind: kind ? kind : undefined,
        offset: paging.offset,
        limit: paging.pageSize,
      });
      setPagingHeaders(reply, paging, page.total);
      return page.items.map(toJobView);
    },
  );
}
