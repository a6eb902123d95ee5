import type { TaskStatus } from '../../model/records.ts';
import type { SandboxContext } from '../../sandbox-context.ts';
import { badRequest } from '../api-errors.ts';
import type { ApiRouter } from '../api-router.ts';
import { UNSAVED_ID } from '../entity-kind.ts';
import { registerEntityRoutes } from '../entity-routes.ts';
import { presentTask, TASK_EMBEDS } from './task-presenter.ts';
import { applyTaskInput } from './task-writes.ts';

/**
 * `/tasks…`: list (open tasks only unless `status=open,completed,pending` asks for more), show,
 * show-many, create, update and delete. Tasks have no search, filters or deleted feed in Capsule.
 */
export function registerTaskRoutes(router: ApiRouter, ctx: SandboxContext): void {
  const { state } = ctx;
  registerEntityRoutes(router, ctx, {
    collection: 'tasks',
    singular: 'task',
    embeds: TASK_EMBEDS,
    records: state.tasks,
    present: (task, embeds) => presentTask(state, task, embeds),
    create: (input, auth) => ({
      ...applyTaskInput(state, undefined, input, { id: UNSAVED_ID, ownerId: auth.userId, now: ctx.now() })
        .record,
      id: state.nextId('task'),
    }),
    update: (current, input, auth) =>
      applyTaskInput(state, current, input, { id: current.id, ownerId: auth.userId, now: ctx.now() }),
    remove: (task) => {
      state.tasks.delete(task.id);
    },
    listFilter: (query) => {
      const statuses = readStatuses(query.get('status'));
      return (task) => statuses.has(task.status);
    },
  });
}

function readStatuses(raw: string | null): ReadonlySet<TaskStatus> {
  if (raw === null || raw.trim() === '') {
    return new Set(['OPEN']);
  }
  const statuses = raw.split(',').map((status) => status.trim().toUpperCase());
  const known: readonly string[] = ['OPEN', 'COMPLETED', 'PENDING'];
  const unknown = statuses.find((status) => !known.includes(status));
  if (unknown !== undefined) {
    throw badRequest('status must be a comma-separated list of open, completed and pending');
  }
  return new Set(statuses as TaskStatus[]);
}
