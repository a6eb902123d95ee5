import type { HttpServer } from '../http/build-server.ts';
import { type AccountApiDependencies, accountApiRoutes } from './account-api-routes.ts';
import { accountPageRoutes } from './account-page-routes.ts';
import { type IntegrationRouteDependencies, integrationRoutes } from './integration-routes.ts';
import { signInWithTokenRoute } from './sign-in-with-token-route.ts';

export interface AccountPagesDependencies extends AccountApiDependencies, IntegrationRouteDependencies {
  /** Where the built console (and with it `account.html`) lives. */
  readonly consoleDir: string;
}

/**
 * The end user's own pages on the service domain: Cyclr's embedded sign-in link
 * (`/account/signinwithtoken`), the LAUNCH page (`/launch`), the account page (`/account`), and the
 * `/account-api` calls they make with their session cookie.
 */
export async function accountPagesPlugin(server: HttpServer, deps: AccountPagesDependencies): Promise<void> {
  await server.register(signInWithTokenRoute, { sessions: deps.sessions, cookie: deps.cookie });
  await server.register(accountPageRoutes, { consoleDir: deps.consoleDir });
  await server.register(accountApiRoutes, deps);
  await server.register(integrationRoutes, deps);
}
