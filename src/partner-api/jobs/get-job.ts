import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { JobIdParams, JobSchema, toJobView } from './job-schema.ts';

/** `GET /v1.0/jobs/{id}`: one background job with its error history (a Plugboard addition). */
export function getJob(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/jobs/:id',
    {
      config: { access: 'partner' },
      schema: {
        operationId: 'getJob',
        tags: ['Jobs'],
        summary: 'Get a background job (Plugboard addition)',
        params: JobIdParams,
        response: { 200: JobSchema },
      },
    },
    async (request) => toJobView(await deps.jobs.get(Number(request.params.id))),
  );
}
