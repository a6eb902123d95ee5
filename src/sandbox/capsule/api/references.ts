import type {
  PartyRecord,
  TaggableCollection,
  TaggedRecord,
  TagRecord,
  UserRecord,
} from '../model/records.ts';
import type { SandboxState } from '../sandbox-state.ts';

/**
 * The short forms Capsule nests inside other records (`owner`, `party`, `milestone` …). They are built
 * from the current records, so renaming something shows everywhere at once.
 */

const PERSON_PICTURE = 'https://capsulecrm.com/theme/default/images/person_avatar_70.png';
const ORGANISATION_PICTURE = 'https://capsulecrm.com/theme/default/images/org_avatar_70.png';

/** The default avatar; treated as opaque by clients. */
export function pictureUrl(type: PartyRecord['type']): string {
  return type === 'person' ? PERSON_PICTURE : ORGANISATION_PICTURE;
}

/** `owner`, `creator` …: the short form of a user, `deleted` included; null when unset. */
export function userSummary(state: SandboxState, id: number | null): object | null {
  const user = id === null ? undefined : state.users.get(id);
  return user === undefined ? null : userSummaryOf(user);
}

/** The short form of a user record. */
export function userSummaryOf(user: UserRecord): object {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    pictureURL: PERSON_PICTURE,
    deleted: user.deleted,
  };
}

/** `party`: a person's names or an organisation's name, with the picture URL. */
export function partySummary(state: SandboxState, id: number | null): object | null {
  const party = id === null ? undefined : state.parties.get(id);
  if (party === undefined) {
    return null;
  }
  return party.type === 'person'
    ? {
        id: party.id,
        type: 'person',
        firstName: party.firstName,
        lastName: party.lastName,
        pictureURL: PERSON_PICTURE,
      }
    : { id: party.id, type: 'organisation', name: party.name, pictureURL: ORGANISATION_PICTURE };
}

/** A person's `organisation`: id, name and picture URL. */
export function organisationSummary(state: SandboxState, id: number | null): object | null {
  const party = id === null ? undefined : state.parties.get(id);
  return party === undefined ? null : { id: party.id, name: party.name, pictureURL: ORGANISATION_PICTURE };
}

/** `{id, name}` of a record in one of the state's maps, or null. */
export function namedSummary(
  records: ReadonlyMap<number, { id: number; name: string }>,
  id: number | null,
): object | null {
  const record = id === null ? undefined : records.get(id);
  return record === undefined ? null : { id: record.id, name: record.name };
}

/** A tag as records embed it. */
export function tagSummary(tag: TagRecord): object {
  return { id: tag.id, name: tag.name, dataTag: tag.dataTag };
}

/** The display name of a party: an organisation's name or a person's full name. */
export function partyName(party: PartyRecord): string {
  return party.type === 'organisation'
    ? (party.name ?? '')
    : [party.firstName, party.lastName].filter(Boolean).join(' ');
}

/** The `tags` of a tagged record, for `embed=tags`. */
export function presentTags(state: SandboxState, record: TaggedRecord): object[] {
  return record.tagIds.flatMap((id) => {
    const tag = state.tags.get(id);
    return tag === undefined ? [] : [tagSummary(tag)];
  });
}

/** The `fields` of a tagged record, for `embed=fields`. NUMBER values stay strings, as Capsule sends them. */
export function presentFieldValues(state: SandboxState, record: TaggedRecord): object[] {
  return record.fields.flatMap((item) => {
    const definition = state.fieldDefinitions.get(item.definitionId);
    return definition === undefined
      ? []
      : [
          {
            id: item.id,
            definition: { id: definition.id, name: definition.name },
            value: item.value,
            tagId: definition.tagId,
          },
        ];
  });
}

/** `missingImportantFields`: an important custom field applies to the record but has no value. */
export function missingImportantFields(
  state: SandboxState,
  entity: TaggableCollection,
  record: TaggedRecord,
  partyType?: PartyRecord['type'],
): boolean {
  for (const definition of state.fieldDefinitions.values()) {
    const applies =
      definition.entity === entity &&
      definition.important &&
      (definition.captureRule === null ||
        definition.captureRule === 'party' ||
        definition.captureRule === partyType);
    if (
      applies &&
      !record.fields.some((item) => item.definitionId === definition.id && item.value !== null)
    ) {
      return true;
    }
  }
  return false;
}

/** Adds `tags`, `fields` and `missingImportantFields` when embedded; absent otherwise, as in Capsule. */
export function taggedEmbeds(
  state: SandboxState,
  entity: TaggableCollection,
  record: TaggedRecord,
  embeds: ReadonlySet<string>,
  partyType?: PartyRecord['type'],
): Record<string, unknown> {
  return {
    ...(embeds.has('tags') ? { tags: presentTags(state, record) } : {}),
    ...(embeds.has('fields') ? { fields: presentFieldValues(state, record) } : {}),
    ...(embeds.has('missingImportantFields')
      ? { missingImportantFields: missingImportantFields(state, entity, record, partyType) }
      : {}),
  };
}
