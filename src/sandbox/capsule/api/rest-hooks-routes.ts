import { isRestHookEvent } from '../hooks/hook-publisher.ts';
import type { RestHookRecord } from '../model/records.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { isoTimestamp } from '../time-format.ts';
import { ApiError, notFound, ValidationProblems, validationError } from './api-errors.ts';
import type { ApiRouter } from './api-router.ts';
import type { ApiAuth } from './api-types.ts';
import { created, noContent, ok } from './api-types.ts';
import { readId } from './query-params.ts';
import { userSummary } from './references.ts';
import { readText, unwrapBody } from './request-body.ts';

/** Capsule allows this many REST hooks per account. */
export const MAX_REST_HOOKS = 20;

/**
 * `GET/POST /resthooks` and `GET/DELETE /resthooks/{id}`. Only administrators may manage hooks, and
 * each registered application sees only its own.
 */
export function registerRestHookRoutes(router: ApiRouter, ctx: SandboxContext): void {
  const { state } = ctx;
  const present = (hook: RestHookRecord): Record<string, unknown> => ({
    id: hook.id,
    event: hook.event,
    targetUrl: hook.targetUrl,
    description: hook.description,
    embed: hook.embed,
    batched: true,
    user: userSummary(state, hook.userId),
    clientId: hook.clientId,
    createdAt: isoTimestamp(hook.createdAt),
    updatedAt: isoTimestamp(hook.updatedAt),
  });
  const requireAdministrator = (auth: ApiAuth): void => {
    if (state.users.get(auth.userId)?.administrator !== true) {
      throw new ApiError(403, { message: 'REST hooks can only be managed by an administrator' });
    }
  };
  const findOwn = (raw: string | undefined, auth: ApiAuth): RestHookRecord => {
    const hook = state.restHooks.get(readId(raw));
    if (hook === undefined || hook.clientId !== auth.clientId) {
      throw notFound();
    }
    return hook;
  };

  router.get('/resthooks', (request) => {
    requireAdministrator(request.auth);
    const own = [...state.restHooks.values()].filter((hook) => hook.clientId === request.auth.clientId);
    return ok({ restHooks: own.map(present) });
  });
  router.get('/resthooks/:id', (request) => {
    requireAdministrator(request.auth);
    return ok({ restHook: present(findOwn(request.params.id, request.auth)) });
  });
  router.post('/resthooks', (request) => {
    requireAdministrator(request.auth);
    const input = unwrapBody(request.body, 'restHook');
    const problems = new ValidationProblems('restHook');
    const event = readText(input, 'event', problems, 100);
    if (typeof event !== 'string') {
      problems.add('event', 'event is required');
    } else if (!isRestHookEvent(event)) {
      problems.add('event', 'event is not a supported event');
    }
    const targetUrl = readText(input, 'targetUrl', problems, 2000);
    if (typeof targetUrl !== 'string') {
      problems.add('targetUrl', 'targetUrl is required');
    } else if (!isHttpUrl(targetUrl)) {
      problems.add('targetUrl', 'targetUrl must be an absolute http or https URL');
    } else if (!ctx.allowHookTarget(new URL(targetUrl))) {
      // The sandbox would POST wherever a hook points: only to its host's own webhook URLs.
      problems.add('targetUrl', 'targetUrl is not a receiver this sandbox delivers to');
    }
    const description = readText(input, 'description', problems, 255) ?? null;
    const embed = readText(input, 'embed', problems, 255) ?? null;
    problems.throwIfAny();
    if (state.restHooks.size >= MAX_REST_HOOKS) {
      throw validationError('restHook', 'event', `an account can have at most ${MAX_REST_HOOKS} rest hooks`);
    }
    const now = ctx.now();
    const hook: RestHookRecord = {
      id: state.nextId('restHook'),
      event: event ?? '',
      targetUrl: targetUrl ?? '',
      description,
      embed,
      clientId: request.auth.clientId,
      userId: request.auth.userId,
      createdAt: now,
      updatedAt: now,
    };
    state.restHooks.set(hook.id, hook);
    return created(ctx.baseUrl, `/resthooks/${hook.id}`, { restHook: present(hook) });
  });
  router.delete('/resthooks/:id', (request) => {
    requireAdministrator(request.auth);
    state.restHooks.delete(findOwn(request.params.id, request.auth).id);
    return noContent();
  });
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
