import type { PartyRecord } from '../../model/records.ts';
import type { SandboxState } from '../../sandbox-state.ts';
import { isoTimestamp } from '../../time-format.ts';
import { organisationSummary, pictureUrl, taggedEmbeds, userSummary } from '../references.ts';

/** The `embed` values parties document. */
export const PARTY_EMBEDS = ['tags', 'fields', 'organisation', 'missingImportantFields'] as const;

/**
 * A party as Capsule shows it. People have title, names, job title and organisation; organisations
 * have `name`. `tags` and `fields` appear only when embedded; `embed=organisation` nests the
 * person's whole organisation instead of its summary.
 */
export function presentParty(
  state: SandboxState,
  party: PartyRecord,
  embeds: ReadonlySet<string>,
): Record<string, unknown> {
  const names =
    party.type === 'person'
      ? {
          title: party.title,
          firstName: party.firstName,
          lastName: party.lastName,
          jobTitle: party.jobTitle,
        }
      : { name: party.name };
  const organisation =
    party.type === 'person' ? { organisation: presentOrganisation(state, party, embeds) } : {};
  return {
    id: party.id,
    type: party.type,
    ...names,
    // Restricted parties (hidden from this user) are not simulated.
    isRestricted: false,
    about: party.about,
    createdAt: isoTimestamp(party.createdAt),
    updatedAt: isoTimestamp(party.updatedAt),
    lastContactedAt: party.lastContactedAt === null ? null : isoTimestamp(party.lastContactedAt),
    ...organisation,
    owner: userSummary(state, party.ownerId),
    team: null,
    addresses: party.addresses.map((item) => ({ ...item })),
    phoneNumbers: party.phoneNumbers.map((item) => ({ ...item })),
    emailAddresses: party.emailAddresses.map((item) => ({ ...item })),
    websites: party.websites.map((item) => ({ ...item })),
    pictureURL: pictureUrl(party.type),
    ...taggedEmbeds(state, 'parties', party, embeds, party.type),
  };
}

function presentOrganisation(
  state: SandboxState,
  person: PartyRecord,
  embeds: ReadonlySet<string>,
): object | null {
  if (!embeds.has('organisation')) {
    return organisationSummary(state, person.organisationId);
  }
  const organisation = person.organisationId === null ? undefined : state.parties.get(person.organisationId);
  return organisation === undefined ? null : presentParty(state, organisation, new Set());
}
