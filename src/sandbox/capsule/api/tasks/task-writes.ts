import type { RestHookEvent } from '../../hooks/hook-publisher.ts';
import type { TaskRecord, TaskStatus } from '../../model/records.ts';
import type { SandboxState } from '../../sandbox-state.ts';
import { ValidationProblems } from '../api-errors.ts';
import type { EntityUpdate } from '../entity-kind.ts';
import { type Input, readChoice, readDate, readReference, readText } from '../request-body.ts';

const STATUSES: readonly TaskStatus[] = ['OPEN', 'COMPLETED', 'PENDING'];
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

/**
 * Validates a task POST (`current` undefined) or PUT. Required on create: description and dueOn.
 * Setting status COMPLETED stamps `completedAt` and is `task/completed`. A task belongs to at most
 * one of party, opportunity and kase.
 */
export function applyTaskInput(
  state: SandboxState,
  current: TaskRecord | undefined,
  input: Input,
  defaults: { id: number; ownerId: number; now: number },
): EntityUpdate<TaskRecord> {
  const problems = new ValidationProblems('task');
  const { now } = defaults;
  const base: TaskRecord = current ?? {
    id: defaults.id,
    description: '',
    detail: null,
    categoryId: null,
    status: 'OPEN',
    dueOn: '',
    dueTime: null,
    partyId: null,
    opportunityId: null,
    kaseId: null,
    ownerId: defaults.ownerId,
    completedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const next: TaskRecord = { ...base, updatedAt: now };
  const description = readText(input, 'description', problems, 255);
  if (description === null || (current === undefined && description === undefined)) {
    problems.add('description', 'description is required');
  } else if (description !== undefined) {
    next.description = description;
  }
  const dueOn = readDate(input, 'dueOn', problems);
  if (dueOn === null || (current === undefined && dueOn === undefined && input.dueOn === undefined)) {
    problems.add('dueOn', 'dueOn is required');
  } else if (dueOn !== undefined) {
    next.dueOn = dueOn;
  }
  const dueTime = readText(input, 'dueTime', problems, 8);
  if (typeof dueTime === 'string' && !TIME.test(dueTime)) {
    problems.add('dueTime', 'dueTime must be a time (HH:MM:SS)');
  } else if (dueTime !== undefined) {
    next.dueTime = dueTime !== null && dueTime.length === 5 ? `${dueTime}:00` : dueTime;
  }
  const detail = readText(input, 'detail', problems, 10_000);
  if (detail !== undefined) next.detail = detail;
  const categoryId = readReference(input, 'category', problems, (id) => state.taskCategories.has(id));
  if (categoryId !== undefined) next.categoryId = categoryId;
  const ownerId = readReference(input, 'owner', problems, (id) => state.users.get(id)?.deleted === false);
  if (ownerId !== undefined) next.ownerId = ownerId;
  const partyId = readReference(input, 'party', problems, (id) => state.parties.has(id));
  if (partyId !== undefined) next.partyId = partyId;
  const opportunityId = readReference(input, 'opportunity', problems, (id) => state.opportunities.has(id));
  if (opportunityId !== undefined) next.opportunityId = opportunityId;
  const kaseId = readReference(input, 'kase', problems, (id) => state.kases.has(id));
  if (kaseId !== undefined) next.kaseId = kaseId;
  if ([next.partyId, next.opportunityId, next.kaseId].filter((id) => id !== null).length > 1) {
    problems.add('party', 'a task can belong to only one of party, opportunity and kase');
  }
  const status = readChoice(input, 'status', STATUSES, problems);
  problems.throwIfAny();

  const events: RestHookEvent[] = [];
  if (status !== undefined && status !== base.status) {
    next.status = status;
    next.completedAt = status === 'COMPLETED' ? now : null;
    next.completedById = status === 'COMPLETED' ? defaults.ownerId : null;
    if (status === 'COMPLETED' && current !== undefined) events.push('task/completed');
  }
  return { record: next, events };
}
