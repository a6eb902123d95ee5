import type { PartyRecord } from '../../model/records.ts';
import type { SandboxState } from '../../sandbox-state.ts';
import { ValidationProblems } from '../api-errors.ts';
import { addressRules, emailAddressRules, phoneNumberRules, websiteRules } from '../contact-details.ts';
import { applyFieldValues } from '../custom-field-values.ts';
import { commitTagChange, readTagChange } from '../entity-tags.ts';
import { applyNestedCollection } from '../nested-collections.ts';
import { has, type Input, isObject, readChoice, readReference, readText } from '../request-body.ts';

/** A party with nothing set, the starting point of a create. */
export function blankParty(id: number, type: PartyRecord['type'], now: number): PartyRecord {
  return {
    id,
    type,
    title: null,
    firstName: null,
    lastName: null,
    jobTitle: null,
    name: null,
    about: null,
    organisationId: null,
    ownerId: null,
    lastContactedAt: null,
    addresses: [],
    phoneNumbers: [],
    emailAddresses: [],
    websites: [],
    tagIds: [],
    fields: [],
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Validates a party POST (`base` is blank) or PUT (`base` is the stored party) and returns the
 * resulting record; nothing is stored until every check has passed. Person names: at least one of
 * firstName and lastName; organisation names: required and unique, as Capsule documents.
 */
export function applyPartyInput(
  state: SandboxState,
  base: PartyRecord,
  input: Input,
  creating: boolean,
  now: number,
): PartyRecord {
  const problems = new ValidationProblems('party');
  const type = creating ? readChoice(input, 'type', ['person', 'organisation'], problems) : base.type;
  if (creating && input.type === undefined) {
    problems.add('type', 'type is required');
  }
  if (!creating && input.type !== undefined && input.type !== base.type) {
    problems.add('type', 'type cannot be changed');
  }
  const party: PartyRecord = { ...base, type: type ?? base.type, updatedAt: now };
  const text = (field: 'title' | 'firstName' | 'lastName' | 'jobTitle' | 'name' | 'about'): void => {
    const value = readText(input, field, problems, field === 'about' ? 10_000 : 255);
    if (value !== undefined) {
      party[field] = value;
    }
  };
  text('about');
  let newOrganisationName: string | undefined;
  if (party.type === 'person') {
    for (const field of ['title', 'firstName', 'lastName', 'jobTitle'] as const) {
      text(field);
    }
    if (party.firstName === null && party.lastName === null) {
      problems.add('firstName', 'firstName or lastName is required');
    }
    newOrganisationName = readOrganisation(state, input, party, problems);
  } else {
    text('name');
    if (party.name === null) {
      problems.add('name', 'name is required');
    } else if (organisationNameTaken(state, party.name, party.id)) {
      problems.add('name', 'name must be unique');
    }
  }
  const owner = readReference(input, 'owner', problems, (id) => state.users.get(id)?.deleted === false);
  if (owner !== undefined) {
    party.ownerId = owner;
  }
  const nextId = (): number => state.nextId('nested');
  party.addresses = applyNestedCollection(
    base.addresses,
    input.addresses,
    'addresses',
    addressRules,
    problems,
    nextId,
  );
  party.phoneNumbers = applyNestedCollection(
    base.phoneNumbers,
    input.phoneNumbers,
    'phoneNumbers',
    phoneNumberRules,
    problems,
    nextId,
  );
  party.emailAddresses = applyNestedCollection(
    base.emailAddresses,
    input.emailAddresses,
    'emailAddresses',
    emailAddressRules,
    problems,
    nextId,
  );
  party.websites = applyNestedCollection(
    base.websites,
    input.websites,
    'websites',
    websiteRules,
    problems,
    nextId,
  );
  party.fields = applyFieldValues(base.fields, input.fields, 'parties', state, problems, party.type);
  const tags = readTagChange(base.tagIds, input.tags, 'parties', state, problems);
  problems.throwIfAny();

  party.tagIds = commitTagChange(tags, 'parties', state);
  if (newOrganisationName !== undefined) {
    const organisation = {
      ...blankParty(state.nextId('party'), 'organisation', now),
      name: newOrganisationName,
      ownerId: party.ownerId,
    };
    state.parties.set(organisation.id, organisation);
    party.organisationId = organisation.id;
  }
  return party;
}

/**
 * A person's `organisation`: `{"id":…}` links an existing organisation, `{"name":…}` links the one
 * with that name or, if there is none, a new one (its name is returned so it is created only after
 * validation), and `null` unlinks.
 */
function readOrganisation(
  state: SandboxState,
  input: Input,
  party: PartyRecord,
  problems: ValidationProblems,
): string | undefined {
  if (!has(input, 'organisation')) {
    return undefined;
  }
  const value = input.organisation;
  if (value === null) {
    party.organisationId = null;
    return undefined;
  }
  if (
    isObject(value) &&
    value.id === undefined &&
    typeof value.name === 'string' &&
    value.name.trim() !== ''
  ) {
    const existing = findOrganisationByName(state, value.name.trim());
    if (existing !== undefined) {
      party.organisationId = existing.id;
      return undefined;
    }
    return value.name.trim();
  }
  const id = readReference(
    input,
    'organisation',
    problems,
    (candidate) => state.parties.get(candidate)?.type === 'organisation',
  );
  if (typeof id === 'number') {
    party.organisationId = id;
  }
  return undefined;
}

function findOrganisationByName(state: SandboxState, name: string): PartyRecord | undefined {
  const wanted = name.toLowerCase();
  for (const party of state.parties.values()) {
    if (party.type === 'organisation' && party.name?.toLowerCase() === wanted) {
      return party;
    }
  }
  return undefined;
}

function organisationNameTaken(state: SandboxState, name: string, ownId: number): boolean {
  const existing = findOrganisationByName(state, name);
  return existing !== undefined && existing.id !== ownId;
}
