import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { createLaunch } from './create-launch.ts';

/** Cyclr's LAUNCH API. */
export async function launchRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  createLaunch(v1, deps);
}
