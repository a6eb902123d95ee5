import { randomUUID } from 'node:crypto';
import type { SandboxContext } from '../sandbox-context.ts';
import { notFound } from './api-errors.ts';
import type { ApiRouter } from './api-router.ts';
import { type ApiResponse, ok } from './api-types.ts';

/**
 * Starts `work` as a background job, as Capsule does for long operations (deleting a tag that records
 * carry): the answer is 202 with `Location: …/api/v2/jobs/{uuid}`; the job reads `processing` until
 * the work has run (on a later turn of the event loop), then `completed` at 100%.
 */
export function startJob(ctx: SandboxContext, action: string, work: () => void): ApiResponse {
  const id = randomUUID();
  ctx.state.jobs.set(id, { id, action, status: 'processing', progress: 0 });
  setImmediate(() => {
    work();
    ctx.state.jobs.set(id, { id, action, status: 'completed', progress: 100 });
  });
  return { status: 202, headers: { location: `${ctx.baseUrl}/api/v2/jobs/${id}` } };
}

/** `GET /jobs/{id}`: `{"job":{"id","action","status","progress"}}`. */
export function registerJobRoutes(router: ApiRouter, ctx: SandboxContext): void {
  router.get('/jobs/:id', (request) => {
    const job = ctx.state.jobs.get(request.params.id ?? '');
    if (job === undefined) throw notFound();
    return ok({ job: { ...job } });
  });
}
