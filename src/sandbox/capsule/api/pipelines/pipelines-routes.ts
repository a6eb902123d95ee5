import type { MilestoneRecord, PipelineRecord } from '../../model/records.ts';
import type { SandboxContext } from '../../sandbox-context.ts';
import { notFound, ValidationProblems, validationError } from '../api-errors.ts';
import type { ApiRouter } from '../api-router.ts';
import { created, noContent, ok } from '../api-types.ts';
import { pagedList } from '../paging.ts';
import { readId, readIdList } from '../query-params.ts';
import { type Input, readNumber, readReference, readText, unwrapBody } from '../request-body.ts';
import { presentMilestone, presentPipeline } from './milestone-presenter.ts';

/**
 * `/pipelines`, `/pipelines/{id}`, `/pipelines/{id}/milestones`, and `/milestones` with CRUD. The
 * legacy `GET /milestones` lists the oldest pipeline's milestones, as Capsule documents.
 */
export function registerPipelineRoutes(router: ApiRouter, ctx: SandboxContext): void {
  const { state } = ctx;
  const milestonesOf = (pipelineId: number | undefined): MilestoneRecord[] =>
    [...state.milestones.values()]
      .filter((milestone) => milestone.pipelineId === pipelineId)
      .sort((a, b) => a.displayOrder - b.displayOrder);
  const findPipeline = (raw: string | undefined) => {
    const pipeline = state.pipelines.get(readId(raw));
    if (pipeline === undefined) {
      throw notFound();
    }
    return pipeline;
  };
  const findMilestone = (raw: string | undefined) => {
    const milestone = state.milestones.get(readId(raw));
    if (milestone === undefined) {
      throw notFound();
    }
    return milestone;
  };
  const milestoneList = (request: Parameters<typeof pagedList>[0]['request'], items: MilestoneRecord[]) =>
    pagedList({
      key: 'milestones',
      items,
      render: (milestone) => presentMilestone(state, milestone),
      request,
      baseUrl: ctx.baseUrl,
    });

  router.get('/pipelines', (request) =>
    pagedList({
      key: 'pipelines',
      items: [...state.pipelines.values()].filter(
        (pipeline) => !pipeline.archived || request.query.get('includeDeleted') === 'true',
      ),
      render: presentPipeline,
      request,
      baseUrl: ctx.baseUrl,
    }),
  );
  router.get('/pipelines/:id', (request) => {
    const raw = request.params.id ?? '';
    if (!raw.includes(',')) return ok({ pipeline: presentPipeline(findPipeline(raw)) });
    const pipelines = readIdList(raw, 'pipeline').map((id) => findPipeline(String(id)));
    return ok({ pipelines: pipelines.map(presentPipeline) });
  });
  router.post('/pipelines', (request) => {
    const now = ctx.now();
    const blank: PipelineRecord = {
      id: 0,
      name: '',
      description: null,
      archived: false,
      createdAt: now,
      updatedAt: now,
    };
    const pipeline = {
      ...applyPipelineInput(ctx, blank, unwrapBody(request.body, 'pipeline'), true),
      id: state.nextId('pipeline'),
    };
    state.pipelines.set(pipeline.id, pipeline);
    return created(ctx.baseUrl, `/pipelines/${pipeline.id}`, { pipeline: presentPipeline(pipeline) });
  });
  router.put('/pipelines/:id', (request) => {
    const pipeline = applyPipelineInput(
      ctx,
      findPipeline(request.params.id),
      unwrapBody(request.body, 'pipeline'),
      false,
    );
    state.pipelines.set(pipeline.id, pipeline);
    return ok({ pipeline: presentPipeline(pipeline) });
  });
  router.delete('/pipelines/:id', (request) => {
    const pipeline = findPipeline(request.params.id);
    if (pipeline.archived) throw notFound();
    state.pipelines.set(pipeline.id, { ...pipeline, archived: true, updatedAt: ctx.now() });
    return noContent();
  });
  router.post('/pipelines/:id/restore', (request) => {
    const pipeline = { ...findPipeline(request.params.id), archived: false, updatedAt: ctx.now() };
    state.pipelines.set(pipeline.id, pipeline);
    return ok({ pipeline: presentPipeline(pipeline) });
  });
  router.post('/pipelines/:id/duplicate', (request) => {
    const source = findPipeline(request.params.id);
    const now = ctx.now();
    const copy: PipelineRecord = {
      ...source,
      id: state.nextId('pipeline'),
      name: `${source.name} (copy)`,
      archived: false,
      createdAt: now,
      updatedAt: now,
    };
    state.pipelines.set(copy.id, copy);
    for (const milestone of milestonesOf(source.id)) {
      const id = state.nextId('milestone');
      state.milestones.set(id, { ...milestone, id, pipelineId: copy.id, createdAt: now, updatedAt: now });
    }
    return created(ctx.baseUrl, `/pipelines/${copy.id}`, { pipeline: presentPipeline(copy) });
  });
  router.get('/pipelines/:id/milestones', (request) =>
    milestoneList(request, milestonesOf(findPipeline(request.params.id).id)),
  );
  router.get('/milestones', (request) => milestoneList(request, milestonesOf(state.oldestPipeline()?.id)));
  router.get('/milestones/:id', (request) =>
    ok({ milestone: presentMilestone(state, findMilestone(request.params.id)) }),
  );
  router.post('/milestones', (request) => {
    const now = ctx.now();
    const pipelineId = state.oldestPipeline()?.id ?? 0;
    const blank: MilestoneRecord = {
      id: 0,
      name: '',
      description: null,
      pipelineId,
      probability: 0,
      complete: false,
      daysUntilStale: null,
      displayOrder: milestonesOf(pipelineId).length + 1,
      createdAt: now,
      updatedAt: now,
    };
    const milestone = {
      ...applyMilestoneInput(ctx, blank, unwrapBody(request.body, 'milestone'), true),
      id: state.nextId('milestone'),
    };
    state.milestones.set(milestone.id, milestone);
    return created(ctx.baseUrl, `/milestones/${milestone.id}`, {
      milestone: presentMilestone(state, milestone),
    });
  });
  router.put('/milestones/:id', (request) => {
    const milestone = applyMilestoneInput(
      ctx,
      findMilestone(request.params.id),
      unwrapBody(request.body, 'milestone'),
      false,
    );
    state.milestones.set(milestone.id, milestone);
    return ok({ milestone: presentMilestone(state, milestone) });
  });
  router.delete('/milestones/:id', (request) => {
    const milestone = findMilestone(request.params.id);
    const inUse = [...state.opportunities.values()].some(
      (opportunity) => opportunity.milestoneId === milestone.id,
    );
    if (inUse) {
      throw validationError('milestone', 'id', 'milestone is in use by opportunities');
    }
    state.milestones.delete(milestone.id);
    return noContent();
  });
}

function applyPipelineInput(
  ctx: SandboxContext,
  base: PipelineRecord,
  input: Input,
  creating: boolean,
): PipelineRecord {
  const problems = new ValidationProblems('pipeline');
  const next: PipelineRecord = { ...base, updatedAt: ctx.now() };
  const name = readText(input, 'name', problems, 255);
  if (name === null || (creating && name === undefined)) {
    problems.add('name', 'name is required');
  } else if (name !== undefined) {
    const taken = [...ctx.state.pipelines.values()].some(
      (other) => other.id !== base.id && other.name.toLowerCase() === name.toLowerCase(),
    );
    if (taken) problems.add('name', 'name must be unique');
    next.name = name;
  }
  const description = readText(input, 'description', problems, 1000);
  if (description !== undefined) next.description = description;
  problems.throwIfAny();
  return next;
}

function applyMilestoneInput(
  ctx: SandboxContext,
  base: MilestoneRecord,
  input: Input,
  creating: boolean,
): MilestoneRecord {
  const { state } = ctx;
  const problems = new ValidationProblems('milestone');
  const next: MilestoneRecord = { ...base, updatedAt: ctx.now() };
  const name = readText(input, 'name', problems, 255);
  if (name === null || (creating && name === undefined)) {
    problems.add('name', 'name is required');
  } else if (name !== undefined) {
    next.name = name;
  }
  const description = readText(input, 'description', problems, 1000);
  if (description !== undefined) next.description = description;
  const pipelineId = readReference(input, 'pipeline', problems, (id) => state.pipelines.has(id));
  if (typeof pipelineId === 'number') next.pipelineId = pipelineId;
  const probability = readNumber(input, 'probability', problems);
  if (typeof probability === 'number') {
    if (probability < 0 || probability > 100) {
      problems.add('probability', 'probability must be between 0 and 100');
    }
    next.probability = probability;
  }
  const daysUntilStale = readNumber(input, 'daysUntilStale', problems);
  if (daysUntilStale !== undefined) next.daysUntilStale = daysUntilStale;
  if (input.complete !== undefined) {
    if (typeof input.complete === 'boolean') {
      next.complete = input.complete;
    } else {
      problems.add('complete', 'complete must be true or false');
    }
  }
  problems.throwIfAny();
  return next;
}
