import type { RestHookEvent } from '../../hooks/hook-publisher.ts';
import type { DurationBasis, OpportunityRecord } from '../../model/records.ts';
import type { SandboxState } from '../../sandbox-state.ts';
import { isoDate } from '../../time-format.ts';
import { ValidationProblems } from '../api-errors.ts';
import { applyFieldValues } from '../custom-field-values.ts';
import type { EntityUpdate } from '../entity-kind.ts';
import { commitTagChange, readTagChange } from '../entity-tags.ts';
import {
  has,
  type Input,
  isObject,
  readChoice,
  readDate,
  readNumber,
  readReference,
  readText,
} from '../request-body.ts';

const DURATION_BASES: readonly DurationBasis[] = ['FIXED', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'];

/**
 * Validates an opportunity POST (`current` undefined) or PUT and returns the result with the extra
 * hook events. Required on create: party, name, milestone. Moving to another milestone is `moved`;
 * reaching a complete one (Won, Lost …) closes the deal. A milestone of another pipeline is accepted
 * and moves the deal there, as Capsule silently does.
 */
export function applyOpportunityInput(
  state: SandboxState,
  current: OpportunityRecord | undefined,
  input: Input,
  defaults: { id: number; ownerId: number; now: number },
): EntityUpdate<OpportunityRecord> {
  const problems = new ValidationProblems('opportunity');
  const { now } = defaults;
  const name = readText(input, 'name', problems, 255);
  const partyId = readReference(input, 'party', problems, (id) => state.parties.has(id));
  const milestoneId = readReference(input, 'milestone', problems, (id) => state.milestones.has(id));
  if (current === undefined || has(input, 'name')) {
    if (name === null || (current === undefined && name === undefined)) {
      problems.add('name', 'name is required');
    }
  }
  for (const [field, value] of [
    ['party', partyId],
    ['milestone', milestoneId],
  ] as const) {
    if (value === null || (current === undefined && value === undefined && !has(input, field))) {
      problems.add(field, `${field} is required`);
    }
  }
  const base: OpportunityRecord = current ?? {
    id: defaults.id,
    name: '',
    description: null,
    partyId: 0,
    ownerId: defaults.ownerId,
    milestoneId: 0,
    lastOpenMilestoneId: null,
    lostReasonId: null,
    value: null,
    expectedCloseOn: null,
    probability: null,
    durationBasis: 'FIXED',
    duration: null,
    closedOn: null,
    lastContactedAt: null,
    lastStageChangedAt: null,
    additionalPartyIds: [],
    tagIds: [],
    fields: [],
    createdAt: now,
    updatedAt: now,
  };
  const next: OpportunityRecord = { ...base, updatedAt: now };
  if (typeof name === 'string') next.name = name;
  if (typeof partyId === 'number') next.partyId = partyId;
  const description = readText(input, 'description', problems, 10_000);
  if (description !== undefined) next.description = description;
  const owner = readReference(input, 'owner', problems, (id) => state.users.get(id)?.deleted === false);
  if (owner !== undefined) next.ownerId = owner;
  const lostReason = readReference(input, 'lostReason', problems, (id) => state.lostReasons.has(id));
  if (lostReason !== undefined) next.lostReasonId = lostReason;
  const expectedCloseOn = readDate(input, 'expectedCloseOn', problems);
  if (expectedCloseOn !== undefined) next.expectedCloseOn = expectedCloseOn;
  const durationBasis = readChoice(input, 'durationBasis', DURATION_BASES, problems);
  if (durationBasis !== undefined) next.durationBasis = durationBasis;
  const duration = readNumber(input, 'duration', problems);
  if (duration !== undefined) next.duration = duration;
  readValue(input, next, problems, state);
  const probability = readNumber(input, 'probability', problems);
  if (typeof probability === 'number' && (probability < 0 || probability > 100)) {
    problems.add('probability', 'probability must be between 0 and 100');
  }
  next.fields = applyFieldValues(base.fields, input.fields, 'opportunities', state, problems);
  const tags = readTagChange(base.tagIds, input.tags, 'opportunities', state, problems);
  problems.throwIfAny();

  next.tagIds = commitTagChange(tags, 'opportunities', state);
  const events: RestHookEvent[] = [];
  if (typeof milestoneId === 'number' && milestoneId !== base.milestoneId) {
    const wasClosed = state.milestones.get(base.milestoneId)?.complete === true;
    const milestone = state.milestones.get(milestoneId);
    next.milestoneId = milestoneId;
    next.lastStageChangedAt = now;
    next.probability = milestone?.probability ?? next.probability;
    if (milestone?.complete === true) {
      next.closedOn = isoDate(now);
      if (!wasClosed && current !== undefined) events.push('opportunity/closed');
    } else {
      next.closedOn = null;
      next.lastOpenMilestoneId = milestoneId;
    }
    if (current !== undefined) events.push('opportunity/moved');
  }
  if (typeof probability === 'number' || probability === null) next.probability = probability;
  return { record: next, events };
}

/** `value`: `{"amount":500,"currency":"GBP"}`; the currency defaults to the user's. */
function readValue(
  input: Input,
  next: OpportunityRecord,
  problems: ValidationProblems,
  state: SandboxState,
): void {
  if (!has(input, 'value')) {
    return;
  }
  const value = input.value;
  if (value === null) {
    next.value = null;
    return;
  }
  if (!isObject(value)) {
    problems.add('value', 'value must be an object with amount and currency');
    return;
  }
  const amount = readNumber(value, 'amount', problems);
  const currency = readText(value, 'currency', problems, 3);
  if (typeof currency === 'string' && !/^[A-Z]{3}$/.test(currency)) {
    problems.add('value.currency', 'currency must be an ISO 4217 code');
    return;
  }
  const fallbackCurrency = next.value?.currency ?? state.users.get(state.currentUserId)?.currency ?? 'GBP';
  next.value = { amount: amount ?? next.value?.amount ?? 0, currency: currency ?? fallbackCurrency };
}
