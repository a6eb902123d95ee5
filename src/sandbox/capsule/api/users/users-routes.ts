import type { UserRecord } from '../../model/records.ts';
import type { SandboxContext } from '../../sandbox-context.ts';
import { notFound, ValidationProblems } from '../api-errors.ts';
import type { ApiRouter } from '../api-router.ts';
import { ok } from '../api-types.ts';
import { readEmbeds, readId } from '../query-params.ts';
import { type Input, readText, unwrapBody } from '../request-body.ts';
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
  router.put('/users/:id', (request) => {
    const user = state.users.get(readId(request.params.id));
    if (user === undefined || user.deleted) {
      throw notFound();
    }
    const updated = applyPreferences(user, unwrapBody(request.body, 'user'));
    state.users.set(updated.id, updated);
    return ok({ user: presentUser(state, updated, readEmbeds(request.query, USER_EMBEDS)) });
  });
  router.get('/site', () => ok({ site: { ...state.site } }));
}

/** Preferences a user's PUT may change; fields left out stay as they were. */
function applyPreferences(user: UserRecord, input: Input): UserRecord {
  const problems = new ValidationProblems('user');
  const text = (field: 'locale' | 'currency' | 'timezone', valid: (value: string) => boolean): string => {
    const value = readText(input, field, problems, 64);
    if (value === undefined) return user[field];
    if (value === null || !valid(value)) {
      problems.add(field, `${field} is not valid`);
      return user[field];
    }
    return value;
  };
  const locale = text('locale', (value) => /^[a-z]{2}_[A-Z]{2}$/.test(value));
  const currency = text('currency', (value) => /^[A-Z]{3}$/.test(value));
  const timezone = text('timezone', (value) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  });
  if (input.taskReminder !== undefined && typeof input.taskReminder !== 'boolean') {
    problems.add('taskReminder', 'taskReminder must be true or false');
  }
  problems.throwIfAny();
  return {
    ...user,
    locale,
    currency,
    timezone,
    taskReminder: typeof input.taskReminder === 'boolean' ? input.taskReminder : user.taskReminder,
  };
}
