import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { createSignInToken } from './create-sign-in-token.ts';

/** Cyclr's sign-in token API. */
export async function signInTokenRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  createSignInToken(v1, deps);
}
