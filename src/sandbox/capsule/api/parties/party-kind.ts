import { deleteParty } from '../../model/cascade-deletes.ts';
import type { PartyRecord } from '../../model/records.ts';
import type { SandboxContext } from '../../sandbox-context.ts';
import { type EntityKind, UNSAVED_ID } from '../entity-kind.ts';
import { commonTaggedFields, type FilterField, ownerValues } from '../filter-conditions.ts';
import { partyName } from '../references.ts';
import { PARTY_EMBEDS, presentParty } from './party-presenter.ts';
import { applyPartyInput, blankParty } from './party-writes.ts';

/** Parties (people and organisations) for the shared entity routes. */
export function partyKind(ctx: SandboxContext): EntityKind<PartyRecord> {
  const { state } = ctx;
  return {
    collection: 'parties',
    singular: 'party',
    embeds: PARTY_EMBEDS,
    records: state.parties,
    deletions: state.deletions.parties,
    present: (party, embeds) => presentParty(state, party, embeds),
    create: (input, auth) => {
      const base = { ...blankParty(UNSAVED_ID, 'person', ctx.now()), ownerId: auth.userId };
      return { ...applyPartyInput(state, base, input, true, ctx.now()), id: state.nextId('party') };
    },
    update: (current, input) => ({
      record: applyPartyInput(state, current, input, false, ctx.now()),
      events: [],
    }),
    remove: (party) => deleteParty(state, party.id, ctx.now()),
    searchText: (party) => {
      const organisation =
        party.organisationId === null ? undefined : state.parties.get(party.organisationId);
      return [
        partyName(party),
        party.jobTitle,
        organisation === undefined ? '' : partyName(organisation),
        ...party.emailAddresses.map((item) => item.address),
        ...party.phoneNumbers.map((item) => item.number),
        ...party.addresses.flatMap((item) => [item.city, item.zip]),
      ].join(' ');
    },
    filterField: (name) => partyFilterField(ctx, name),
  };
}

/** Capsule's party filter fields (the useful subset, with Capsule's names). */
function partyFilterField(ctx: SandboxContext, name: string): FilterField<PartyRecord> | undefined {
  const { state } = ctx;
  const text = (values: (party: PartyRecord) => (string | null)[]): FilterField<PartyRecord> => ({
    kind: 'text',
    values,
  });
  const flag = (test: (party: PartyRecord) => boolean): FilterField<PartyRecord> => ({
    kind: 'boolean',
    values: (party) => [test(party)],
  });
  const fields: Record<string, FilterField<PartyRecord>> = {
    type: text((party) => [party.type]),
    name: text((party) => [partyName(party)]),
    firstName: text((party) => [party.firstName]),
    lastName: text((party) => [party.lastName]),
    jobTitle: text((party) => [party.jobTitle]),
    email: text((party) => party.emailAddresses.map((item) => item.address)),
    phone: text((party) => party.phoneNumbers.map((item) => item.number)),
    city: text((party) => party.addresses.map((item) => item.city)),
    state: text((party) => party.addresses.map((item) => item.state)),
    zip: text((party) => party.addresses.map((item) => item.zip)),
    country: text((party) => party.addresses.map((item) => item.country)),
    owner: text((party) => ownerValues(state, party.ownerId)),
    'org.name': text((party) => {
      const organisation =
        party.organisationId === null ? undefined : state.parties.get(party.organisationId);
      return organisation === undefined ? [] : [organisation.name];
    }),
    hasEmailAddress: flag((party) => party.emailAddresses.length > 0),
    hasPhoneNumber: flag((party) => party.phoneNumbers.length > 0),
    hasAddress: flag((party) => party.addresses.length > 0),
    hasPeople: flag((party) =>
      [...state.parties.values()].some((person) => person.organisationId === party.id),
    ),
    lastContactedOn: { kind: 'date', values: (party) => [party.lastContactedAt] },
  };
  return fields[name] ?? commonTaggedFields<PartyRecord>(name, 'parties', state);
}
