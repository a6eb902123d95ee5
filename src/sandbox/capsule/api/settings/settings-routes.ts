import type { ActivityTypeRecord, BoardRecord, StageRecord } from '../../model/records.ts';
import type { SandboxContext } from '../../sandbox-context.ts';
import { isoTimestamp } from '../../time-format.ts';
import { notFound, type ValidationProblems } from '../api-errors.ts';
import type { ApiRouter } from '../api-router.ts';
import type { ApiRequest } from '../api-types.ts';
import { pagedList } from '../paging.ts';
import { readId } from '../query-params.ts';
import { type Input, readNumber, readReference, readText } from '../request-body.ts';
import { ALL_OPERATIONS, registerSimpleResource, type SimpleResource } from './resource-routes.ts';

const times = (record: { createdAt: number; updatedAt: number }) => ({
  createdAt: isoTimestamp(record.createdAt),
  updatedAt: isoTimestamp(record.updatedAt),
});

/** A required-on-create name, unique among `others` (case-insensitive). */
function readName(
  input: Input,
  problems: ValidationProblems,
  current: { id: number; name: string } | undefined,
  others: Iterable<{ id: number; name: string }>,
): string {
  const name = readText(input, 'name', problems, 255);
  if (name === null || (current === undefined && name === undefined)) {
    problems.add('name', 'name is required');
    return current?.name ?? '';
  }
  if (name === undefined) return current?.name ?? '';
  for (const other of others) {
    if (other.id !== current?.id && other.name.toLowerCase() === name.toLowerCase()) {
      problems.add('name', 'name must be unique');
    }
  }
  return name;
}

function readBoolean(input: Input, field: string, problems: ValidationProblems): boolean | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    problems.add(field, `${field} must be true or false`);
    return undefined;
  }
  return value;
}

/** `status` on the board and stage lists: active by default. */
function byStatus<R extends { archived: boolean }>(records: R[], request: ApiRequest, extra = false): R[] {
  const status = request.query.get('status') ?? 'active';
  if (status === 'all') return records;
  if (status === 'archived') return records.filter((r) => r.archived);
  return records.filter((r) => !r.archived && (status !== 'nonempty' || extra));
}

/** Boards, stages, task categories, activity types, lost reasons and teams, each with Capsule's routes. */
export function registerSettingsRoutes(router: ApiRouter, ctx: SandboxContext): void {
  const { state } = ctx;
  const common = { baseUrl: ctx.baseUrl, now: ctx.now } as const;
  const projectsOnBoard = (boardId: number) =>
    [...state.kases.values()].some((kase) => state.stages.get(kase.stageId ?? -1)?.boardId === boardId);
  const presentStage = (stage: StageRecord) => ({
    id: stage.id,
    name: stage.name,
    description: stage.description,
    board: { id: stage.boardId, name: state.boards.get(stage.boardId)?.name ?? null },
    displayOrder: stage.displayOrder,
    ...times(stage),
  });

  const boards: SimpleResource<BoardRecord> = {
    ...common,
    path: '/boards',
    key: 'board',
    listKey: 'boards',
    records: state.boards,
    nextId: () => state.nextId('board'),
    paged: true,
    operations: ALL_OPERATIONS,
    present: (board) => ({ id: board.id, name: board.name, description: board.description, ...times(board) }),
    apply: (base, input, problems) => {
      const description = readText(input, 'description', problems);
      return {
        id: 0,
        createdAt: 0,
        updatedAt: 0,
        archived: false,
        ...base,
        name: readName(input, problems, base, state.boards.values()),
        description: description === undefined ? (base?.description ?? null) : description,
      };
    },
    listed: (records, request) => {
      const q = request.query.get('q')?.toLowerCase();
      const status = request.query.get('status');
      const shown = byStatus(records, request, true).filter(
        (board) => status !== 'nonempty' || projectsOnBoard(board.id),
      );
      return q ? shown.filter((board) => board.name.toLowerCase().includes(q)) : shown;
    },
    deleteRefusal: (board) => (projectsOnBoard(board.id) ? 'board has projects' : undefined),
    remove: (board) => {
      state.boards.delete(board.id);
      for (const stage of state.stages.values())
        if (stage.boardId === board.id) state.stages.delete(stage.id);
    },
  };
  registerSimpleResource(router, boards);

  const stagesListed = (records: StageRecord[], request: ApiRequest) =>
    byStatus(records, request)
      .filter(
        (stage) =>
          request.query.get('includeOnDeletedBoard') === 'true' || !state.boards.get(stage.boardId)?.archived,
      )
      .sort((a, b) => a.boardId - b.boardId || a.displayOrder - b.displayOrder);
  registerSimpleResource<StageRecord>(router, {
    ...common,
    path: '/stages',
    key: 'stage',
    listKey: 'stages',
    records: state.stages,
    nextId: () => state.nextId('stage'),
    paged: true,
    operations: ALL_OPERATIONS,
    present: presentStage,
    apply: (base, input, problems) => {
      const boardId = readReference(input, 'board', problems, (id) => state.boards.has(id));
      if (base === undefined && (boardId === undefined || boardId === null) && input.board === undefined) {
        problems.add('board', 'board is required');
      }
      const finalBoard = typeof boardId === 'number' ? boardId : (base?.boardId ?? 0);
      const siblings = [...state.stages.values()].filter((stage) => stage.boardId === finalBoard);
      const description = readText(input, 'description', problems);
      const displayOrder = readNumber(input, 'displayOrder', problems);
      return {
        id: 0,
        createdAt: 0,
        updatedAt: 0,
        archived: false,
        ...base,
        name: readName(input, problems, base, siblings),
        description: description === undefined ? (base?.description ?? null) : description,
        boardId: finalBoard,
        displayOrder:
          typeof displayOrder === 'number' ? displayOrder : (base?.displayOrder ?? siblings.length + 1),
      };
    },
    listed: stagesListed,
    deleteRefusal: (stage) =>
      [...state.kases.values()].some((kase) => kase.stageId === stage.id) ? 'stage has projects' : undefined,
  });
  router.get('/boards/:id/stages', (request) => {
    const board = state.boards.get(readId(request.params.id));
    if (board === undefined) throw notFound();
    const items = stagesListed([...state.stages.values()], request).filter((s) => s.boardId === board.id);
    return pagedList({ key: 'stages', items, render: presentStage, request, baseUrl: ctx.baseUrl });
  });

  registerSimpleResource(router, {
    ...common,
    path: '/categories',
    key: 'category',
    listKey: 'categories',
    records: state.taskCategories,
    nextId: () => state.nextId('category'),
    paged: true,
    operations: ALL_OPERATIONS,
    present: (category) => ({ ...category }),
    apply: (base, input, problems) => {
      const colour = readText(input, 'colour', problems, 7);
      if (typeof colour === 'string' && !/^#[0-9a-f]{6}$/i.test(colour)) {
        problems.add('colour', 'colour must be a hex colour such as #d36c00');
      } else if (colour === null || (base === undefined && colour === undefined)) {
        problems.add('colour', 'colour is required');
      }
      return {
        id: 0,
        ...base,
        name: readName(input, problems, base, state.taskCategories.values()),
        colour: colour ?? base?.colour ?? '',
      };
    },
    remove: (category) => {
      state.taskCategories.delete(category.id);
      for (const task of state.tasks.values()) if (task.categoryId === category.id) task.categoryId = null;
    },
  });

  registerSimpleResource<ActivityTypeRecord>(router, {
    ...common,
    path: '/activitytypes',
    key: 'activityType',
    listKey: 'activityTypes',
    records: state.activityTypes,
    nextId: () => state.nextId('activityType'),
    paged: true,
    operations: ALL_OPERATIONS,
    present: (type) => ({
      id: type.id,
      name: type.name,
      icon: { id: type.iconId, iconName: type.iconId.toLowerCase(), isSystem: type.id < 0 },
      updateLastContacted: type.updateLastContacted,
    }),
    apply: (base, input, problems) => {
      const icon = input.icon;
      let iconId = base?.iconId ?? 'NOTE';
      if (icon !== undefined) {
        const id = typeof icon === 'object' && icon !== null ? (icon as Input).id : undefined;
        if (typeof id === 'string' && /^[A-Z_]{1,40}$/.test(id)) iconId = id;
        else problems.add('icon', 'icon.id must be an icon name such as PHONE');
      }
      return {
        id: 0,
        ...base,
        name: readName(input, problems, base, state.activityTypes.values()),
        iconId,
        updateLastContacted:
          readBoolean(input, 'updateLastContacted', problems) ?? base?.updateLastContacted ?? true,
      };
    },
    deleteRefusal: (type) => (type.id < 0 ? 'built-in activity types cannot be deleted' : undefined),
    remove: (type) => {
      state.activityTypes.delete(type.id);
      for (const entry of state.entries.values())
        if (entry.activityTypeId === type.id) entry.activityTypeId = null;
    },
  });

  registerSimpleResource(router, {
    ...common,
    path: '/lostreasons',
    key: 'lostReason',
    listKey: 'lostReasons',
    records: state.lostReasons,
    nextId: () => state.nextId('lostReason'),
    paged: true,
    operations: ALL_OPERATIONS,
    present: (reason) => ({
      id: reason.id,
      name: reason.name,
      includedForConversion: reason.includedForConversion,
      ...times(reason),
    }),
    apply: (base, input, problems) => ({
      id: 0,
      createdAt: 0,
      updatedAt: 0,
      ...base,
      name: readName(input, problems, base, state.lostReasons.values()),
      includedForConversion:
        readBoolean(input, 'includedForConversion', problems) ?? base?.includedForConversion ?? true,
    }),
  });

  registerSimpleResource(router, {
    ...common,
    path: '/teams',
    key: 'team',
    listKey: 'teams',
    records: state.teams,
    nextId: () => state.nextId('team'),
    paged: false,
    operations: new Set(['list', 'get']),
    present: (team, request) => ({
      id: team.id,
      name: team.name,
      ...times(team),
      ...((request.query.get('embed') ?? '').split(',').includes('memberships')
        ? {
            memberships: team.memberIds.map((userId) => ({
              user: { id: userId, name: state.users.get(userId)?.name ?? null },
            })),
          }
        : {}),
    }),
    apply: (base) => {
      if (base === undefined) throw notFound();
      return base;
    },
  });
}
