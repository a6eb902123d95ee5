import type { SandboxContext } from '../sandbox-context.ts';
import type { ApiRouter } from './api-router.ts';
import { ok } from './api-types.ts';

/** Read-only lookup lists: lost reasons, activity types, task categories, boards and stages. */
export function registerLookupListRoutes(router: ApiRouter, ctx: SandboxContext): void {
  const { state } = ctx;
  router.get('/lostreasons', () =>
    ok({ lostReasons: [...state.lostReasons.values()].map((reason) => ({ ...reason })) }),
  );
  router.get('/activitytypes', () =>
    ok({ activityTypes: [...state.activityTypes.values()].map((type) => ({ ...type })) }),
  );
  router.get('/categories', () =>
    ok({ categories: [...state.taskCategories.values()].map((category) => ({ ...category })) }),
  );
  router.get('/boards', () => ok({ boards: [...state.boards.values()].map((board) => ({ ...board })) }));
  router.get('/stages', () =>
    ok({
      stages: [...state.stages.values()].map((stage) => ({
        id: stage.id,
        name: stage.name,
        displayOrder: stage.displayOrder,
        board: { id: stage.boardId, name: state.boards.get(stage.boardId)?.name ?? null },
      })),
    }),
  );
}
