import type { EntryRecord } from '../../model/records.ts';
import type { SandboxState } from '../../sandbox-state.ts';
import { parseIsoInstant } from '../../time-format.ts';
import { ValidationProblems } from '../api-errors.ts';
import { type Input, readReference, readText } from '../request-body.ts';

/**
 * Validates `POST /entries`: only notes can be created, with content, on exactly one of a party,
 * an opportunity or a kase.
 */
export function createNote(
  state: SandboxState,
  input: Input,
  ids: { creatorId: number; now: number },
): Omit<EntryRecord, 'id'> {
  const problems = new ValidationProblems('entry');
  if (input.type === undefined) {
    problems.add('type', 'type is required');
  } else if (input.type !== 'note') {
    problems.add('type', 'only notes can be created');
  }
  const content = readText(input, 'content', problems, 100_000);
  if (typeof content !== 'string') {
    problems.add('content', 'content is required');
  }
  const partyId = readReference(input, 'party', problems, (id) => state.parties.has(id)) ?? null;
  const opportunityId =
    readReference(input, 'opportunity', problems, (id) => state.opportunities.has(id)) ?? null;
  const kaseId = readReference(input, 'kase', problems, (id) => state.kases.has(id)) ?? null;
  const attached = [input.party, input.opportunity, input.kase].filter(
    (value) => value !== undefined && value !== null,
  );
  if (attached.length !== 1) {
    problems.add('party', 'an entry must belong to exactly one of party, opportunity and kase');
  }
  const activityTypeId = readReference(input, 'activityType', problems, (id) => state.activityTypes.has(id));
  const entryAt = readEntryAt(input, problems);
  problems.throwIfAny();
  return {
    type: 'note',
    content: content ?? '',
    subject: null,
    entryAt: entryAt ?? ids.now,
    creatorId: ids.creatorId,
    activityTypeId: activityTypeId ?? -1,
    partyId,
    opportunityId,
    kaseId,
    createdAt: ids.now,
    updatedAt: ids.now,
  };
}

/** Validates `PUT /entries/{id}`: content, activity type and date can change; the rest is fixed. */
export function updateEntry(
  state: SandboxState,
  current: EntryRecord,
  input: Input,
  now: number,
): EntryRecord {
  const problems = new ValidationProblems('entry');
  const next: EntryRecord = { ...current, updatedAt: now };
  if (input.type !== undefined && input.type !== current.type) {
    problems.add('type', 'type cannot be changed');
  }
  const content = readText(input, 'content', problems, 100_000);
  if (content === null) {
    problems.add('content', 'content is required');
  } else if (content !== undefined) {
    next.content = content;
  }
  const activityTypeId = readReference(input, 'activityType', problems, (id) => state.activityTypes.has(id));
  if (activityTypeId !== undefined) next.activityTypeId = activityTypeId;
  const entryAt = readEntryAt(input, problems);
  if (entryAt !== undefined) next.entryAt = entryAt;
  problems.throwIfAny();
  return next;
}

function readEntryAt(input: Input, problems: ValidationProblems): number | undefined {
  if (input.entryAt === undefined || input.entryAt === null) {
    return undefined;
  }
  const at = typeof input.entryAt === 'string' ? parseIsoInstant(input.entryAt) : undefined;
  if (at === undefined) {
    problems.add('entryAt', 'entryAt must be an ISO-8601 date-time');
  }
  return at;
}
