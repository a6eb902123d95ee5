import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { getJob } from './get-job.ts';
import { listJobs } from './list-jobs.ts';

/** Background jobs, read-only: the list (failed and dead work) and one job. */
export async function jobRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  listJobs(v1, deps);
  getJob(v1, deps);
}
