import type {
  TrackDefinitionRecord,
  TrackRecord,
  TrackTaskDefinition,
} from '../../model/workflow-records.ts';
import type { SandboxContext } from '../../sandbox-context.ts';
import { DAY_MS, isoDate, isoTimestamp } from '../../time-format.ts';
import { notFound, type ValidationProblems } from '../api-errors.ts';
import type { ApiRouter } from '../api-router.ts';
import { pagedList } from '../paging.ts';
import { readId } from '../query-params.ts';
import { type Input, isObject, readChoice, readDate, readReference, readText } from '../request-body.ts';
import { ALL_OPERATIONS, registerSimpleResource } from '../settings/resource-routes.ts';

const CAPTURE_RULES = ['OPPORTUNITY', 'CASEFILE'] as const;
const DIRECTIONS = ['START_DATE', 'END_DATE'] as const;

function readTaskDefinitions(
  input: Input,
  problems: ValidationProblems,
  nextId: () => number,
): TrackTaskDefinition[] | undefined {
  const raw = input.taskDefinitions;
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    problems.add('taskDefinitions', 'taskDefinitions must be a list');
    return undefined;
  }
  return raw.flatMap((item, index) => {
    const description = isObject(item) ? item.description : undefined;
    const daysAfter = isObject(item) ? item.daysAfter : undefined;
    if (typeof description !== 'string' || description.trim() === '' || !Number.isInteger(daysAfter ?? 0)) {
      problems.add('taskDefinitions', 'each task definition needs a description and whole daysAfter');
      return [];
    }
    const order =
      isObject(item) && Number.isInteger(item.displayOrder) ? Number(item.displayOrder) : index + 1;
    return [
      {
        id: nextId(),
        description: description.trim(),
        daysAfter: Number(daysAfter ?? 0),
        displayOrder: order,
      },
    ];
  });
}

/**
 * Track definitions (`/trackdefinitions`) and tracks: applying a definition to an opportunity or a
 * project (`POST /tracks`) adds one task per task definition, due `daysAfter` days from the track
 * date (or before it, for END_DATE tracks); deleting a track keeps the tasks it made.
 */
export function registerTrackRoutes(router: ApiRouter, ctx: SandboxContext): void {
  const { state } = ctx;
  const presentDefinition = (definition: TrackDefinitionRecord) => ({
    id: definition.id,
    description: definition.description,
    tag: definition.tag,
    captureRule: definition.captureRule,
    direction: definition.direction,
    taskDefinitions: definition.taskDefinitions.map((task) => ({ ...task })),
    createdAt: isoTimestamp(definition.createdAt),
    updatedAt: isoTimestamp(definition.updatedAt),
  });
  registerSimpleResource<TrackDefinitionRecord>(router, {
    baseUrl: ctx.baseUrl,
    now: ctx.now,
    path: '/trackdefinitions',
    key: 'trackDefinition',
    listKey: 'trackDefinitions',
    records: state.trackDefinitions,
    nextId: () => state.nextId('trackDefinition'),
    paged: true,
    operations: ALL_OPERATIONS,
    present: presentDefinition,
    listed: (records, request) => {
      const type = request.query.get('type') ?? 'all';
      const rule = type === 'kases' ? 'CASEFILE' : type === 'opportunities' ? 'OPPORTUNITY' : undefined;
      return rule === undefined ? records : records.filter((definition) => definition.captureRule === rule);
    },
    apply: (base, input, problems) => {
      const description = readText(input, 'description', problems, 255);
      if (description === null || (base === undefined && description === undefined)) {
        problems.add('description', 'description is required');
      }
      const captureRule = readChoice(input, 'captureRule', CAPTURE_RULES, problems);
      if (base === undefined && captureRule === undefined && input.captureRule === undefined) {
        problems.add('captureRule', 'captureRule is required');
      }
      const direction = readChoice(input, 'direction', DIRECTIONS, problems);
      if (base === undefined && direction === undefined && input.direction === undefined) {
        problems.add('direction', 'direction is required');
      }
      const tag = readText(input, 'tag', problems, 255);
      const tasks = readTaskDefinitions(input, problems, () => state.nextId('nested'));
      return {
        id: 0,
        createdAt: 0,
        updatedAt: 0,
        taskDefinitions: [],
        ...base,
        description: description ?? base?.description ?? '',
        tag: tag === undefined ? (base?.tag ?? null) : tag,
        captureRule: captureRule ?? base?.captureRule ?? 'OPPORTUNITY',
        direction: direction ?? base?.direction ?? 'START_DATE',
        ...(tasks === undefined ? {} : { taskDefinitions: tasks }),
      };
    },
  });

  const presentTrack = (track: TrackRecord) => ({
    id: track.id,
    description: track.description,
    direction: track.direction,
    trackDateOn: track.trackDateOn,
    tasks: track.taskIds.flatMap((id) => {
      const task = state.tasks.get(id);
      return task === undefined ? [] : [{ id: task.id, description: task.description }];
    }),
  });
  registerSimpleResource<TrackRecord>(router, {
    baseUrl: ctx.baseUrl,
    now: ctx.now,
    path: '/tracks',
    key: 'track',
    listKey: 'tracks',
    records: state.tracks,
    nextId: () => state.nextId('track'),
    paged: false,
    operations: new Set(['get', 'create', 'update', 'delete']),
    present: presentTrack,
    apply: (base, input, problems) => {
      const description = readText(input, 'description', problems, 255);
      if (base !== undefined) {
        return { ...base, description: description ?? base.description };
      }
      const definitionId = readReference(input, 'definition', problems, (id) =>
        state.trackDefinitions.has(id),
      );
      const definition = state.trackDefinitions.get(typeof definitionId === 'number' ? definitionId : -1);
      if (definitionId === undefined && input.definition === undefined) {
        problems.add('definition', 'track definition is required');
      }
      const trackDateOn = readDate(input, 'trackDateOn', problems);
      if (trackDateOn === null || (trackDateOn === undefined && input.trackDateOn === undefined)) {
        problems.add('trackDateOn', 'trackDateOn is required');
      }
      const opportunityId = readReference(input, 'opportunity', problems, (id) =>
        state.opportunities.has(id),
      );
      const kaseId = readReference(input, 'kase', problems, (id) => state.kases.has(id));
      const onOpportunity = typeof opportunityId === 'number';
      const onKase = typeof kaseId === 'number';
      if (onOpportunity === onKase) {
        problems.add('opportunity', 'give exactly one of opportunity or kase');
      } else if (
        definition !== undefined &&
        definition.captureRule !== (onKase ? 'CASEFILE' : 'OPPORTUNITY')
      ) {
        problems.add('definition', 'the track definition is for another kind of record');
      }
      if (!problems.empty || definition === undefined || typeof trackDateOn !== 'string') {
        return {} as TrackRecord;
      }
      const now = ctx.now();
      const start = Date.parse(`${trackDateOn}T00:00:00Z`);
      const sign = definition.direction === 'END_DATE' ? -1 : 1;
      const taskIds = definition.taskDefinitions.map((taskDefinition) => {
        const id = state.nextId('task');
        state.tasks.set(id, {
          id,
          description: taskDefinition.description,
          detail: null,
          categoryId: null,
          status: 'OPEN',
          dueOn: isoDate(start + sign * taskDefinition.daysAfter * DAY_MS),
          dueTime: null,
          partyId: null,
          opportunityId: onOpportunity ? opportunityId : null,
          kaseId: onKase ? kaseId : null,
          ownerId: state.currentUserId,
          completedAt: null,
          createdAt: now,
          updatedAt: now,
        });
        return id;
      });
      return {
        id: 0,
        createdAt: now,
        updatedAt: now,
        definitionId: definition.id,
        description: description ?? definition.description,
        direction: definition.direction,
        trackDateOn,
        opportunityId: onOpportunity ? opportunityId : null,
        kaseId: onKase ? kaseId : null,
        taskIds,
      };
    },
    // As observed with Capsule: the tasks a track created stay on the record when it is removed.
    remove: (track) => state.tracks.delete(track.id),
  });

  for (const [path, parents, owner] of [
    ['/opportunities/:id/tracks', state.opportunities, 'opportunityId'],
    ['/kases/:id/tracks', state.kases, 'kaseId'],
  ] as const) {
    router.get(path, (request) => {
      const parentId = readId(request.params.id);
      if (!parents.has(parentId)) throw notFound();
      return pagedList({
        key: 'tracks',
        items: [...state.tracks.values()].filter((track) => track[owner] === parentId),
        render: presentTrack,
        request,
        baseUrl: ctx.baseUrl,
      });
    });
  }
}
