import type { GoalRecord } from '../model/workflow-records.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { isoTimestamp } from '../time-format.ts';
import { notFound } from './api-errors.ts';
import type { ApiRouter } from './api-router.ts';
import { ok } from './api-types.ts';
import { pagedList } from './paging.ts';
import { readId } from './query-params.ts';
import { namedSummary } from './references.ts';

/** Sales goals (`/goals`, `/goals/{id}`) and their periods (`/goals/{id}/periods`), read-only. */
export function registerGoalRoutes(router: ApiRouter, ctx: SandboxContext): void {
  const { state } = ctx;
  const find = (raw: string | undefined): GoalRecord => {
    const goal = state.goals.get(readId(raw));
    if (goal === undefined) throw notFound();
    return goal;
  };
  const present = (goal: GoalRecord) => ({
    id: goal.id,
    name: goal.name,
    frequency: goal.frequency,
    status: goal.status,
    value: goal.value,
    currency: goal.currency,
    startOn: goal.startOn,
    endOn: goal.endOn,
    ...(goal.pipelineId === null ? {} : { pipeline: namedSummary(state.pipelines, goal.pipelineId) }),
    // Capsule reports the goal's measure as an opaque type id.
    type: goal.pipelineId === null ? 'won-value' : 'pipeline-won-value',
    createdAt: isoTimestamp(goal.createdAt),
    updatedAt: isoTimestamp(goal.updatedAt),
  });
  router.get('/goals', (request) =>
    pagedList({
      key: 'goals',
      items: [...state.goals.values()],
      render: present,
      request,
      baseUrl: ctx.baseUrl,
    }),
  );
  router.get('/goals/:id', (request) => ok({ goal: present(find(request.params.id)) }));
  router.get('/goals/:id/periods', (request) =>
    pagedList({
      key: 'periods',
      items: find(request.params.id).periods,
      render: (period) => ({ ...period }),
      request,
      baseUrl: ctx.baseUrl,
    }),
  );
}
