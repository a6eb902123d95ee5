import type { SandboxContext } from '../../sandbox-context.ts';
import { notFound } from '../api-errors.ts';
import type { ApiRouter } from '../api-router.ts';
import { ok } from '../api-types.ts';
import { readEmbeds, readId } from '../query-params.ts';
import { presentUser, USER_EMBEDS } from './user-presenter.ts';

/**
 * `/users` (active users), `/users/current` (the token's user — there is no `/users/me`),
 * `/users/{id}`, and `/site`.
 */
export function registerUserRoutes(router: ApiRouter, ctx: SandboxContext): void {
  const { state } = ctx;
  router.get('/users', (request) => {
    const embeds = readEmbeds(request.query, USER_EMBEDS);
    const users = [...state.users.values()].filter((user) => !user.deleted);
    return ok({ users: users.map((user) => presentUser(state, user, embeds)) });
  });
  router.get('/users/current', (request) => {
    const user = state.users.get(request.auth.userId);
    if (user === undefined) {
      throw notFound();
    }
    return ok({ user: presentUser(state, user, readEmbeds(request.query, USER_EMBEDS)) });
  });
  router.get('/users/:id', (request) => {
    const user = state.users.get(readId(request.params.id));
    if (user === undefined) {
      throw notFound();
    }
    return ok({ user: presentUser(state, user, readEmbeds(request.query, USER_EMBEDS)) });
  });
  router.get('/site', () => ok({ site: { ...state.site } }));
}
