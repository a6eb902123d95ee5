import type { RestHookEvent } from '../../hooks/hook-publisher.ts';
import type { KaseRecord } from '../../model/records.ts';
import type { SandboxState } from '../../sandbox-state.ts';
import { isoDate } from '../../time-format.ts';
import { ValidationProblems } from '../api-errors.ts';
import { applyFieldValues } from '../custom-field-values.ts';
import type { EntityUpdate } from '../entity-kind.ts';
import { commitTagChange, readTagChange } from '../entity-tags.ts';
import { has, type Input, readChoice, readDate, readReference, readText } from '../request-body.ts';

/**
 * Validates a kase POST (`current` undefined) or PUT. Required on create: party and name. Closing
 * (status CLOSED) is `kase/closed`, a new stage is `kase/moved`. A new kase has no owner unless one
 * is sent, as observed.
 */
export function applyKaseInput(
  state: SandboxState,
  current: KaseRecord | undefined,
  input: Input,
  defaults: { id: number; now: number },
): EntityUpdate<KaseRecord> {
  const problems = new ValidationProblems('kase');
  const { now } = defaults;
  const base: KaseRecord = current ?? {
    id: defaults.id,
    name: '',
    description: null,
    status: 'OPEN',
    partyId: 0,
    opportunityId: null,
    stageId: null,
    ownerId: null,
    expectedCloseOn: null,
    closedOn: null,
    startOn: isoDate(now),
    lastContactedAt: null,
    additionalPartyIds: [],
    tagIds: [],
    fields: [],
    createdAt: now,
    updatedAt: now,
  };
  const next: KaseRecord = { ...base, updatedAt: now };
  const name = readText(input, 'name', problems, 255);
  if (name === null || (current === undefined && name === undefined)) {
    problems.add('name', 'name is required');
  } else if (name !== undefined) {
    next.name = name;
  }
  const partyId = readReference(input, 'party', problems, (id) => state.parties.has(id));
  if (partyId === null || (current === undefined && partyId === undefined && !has(input, 'party'))) {
    problems.add('party', 'party is required');
  } else if (partyId !== undefined) {
    next.partyId = partyId;
  }
  const description = readText(input, 'description', problems, 10_000);
  if (description !== undefined) next.description = description;
  const opportunityId = readReference(input, 'opportunity', problems, (id) => state.opportunities.has(id));
  if (opportunityId !== undefined) next.opportunityId = opportunityId;
  const stageId = readReference(input, 'stage', problems, (id) => state.stages.has(id));
  if (stageId !== undefined) next.stageId = stageId;
  const ownerId = readReference(input, 'owner', problems, (id) => state.users.get(id)?.deleted === false);
  if (ownerId !== undefined) next.ownerId = ownerId;
  for (const field of ['expectedCloseOn', 'startOn'] as const) {
    const date = readDate(input, field, problems);
    if (date !== undefined) next[field] = date;
  }
  const status = readChoice(input, 'status', ['OPEN', 'CLOSED'] as const, problems);
  if (status !== undefined) next.status = status;
  next.fields = applyFieldValues(base.fields, input.fields, 'kases', state, problems);
  const tags = readTagChange(base.tagIds, input.tags, 'kases', state, problems);
  problems.throwIfAny();

  next.tagIds = commitTagChange(tags, 'kases', state);
  const events: RestHookEvent[] = [];
  if (next.status !== base.status || current === undefined) {
    next.closedOn = next.status === 'CLOSED' ? isoDate(now) : null;
    if (next.status === 'CLOSED' && current !== undefined) events.push('kase/closed');
  }
  if (current !== undefined && next.stageId !== base.stageId) events.push('kase/moved');
  return { record: next, events };
}
