import type { FieldValueItem, PartyRecord } from '../model/records.ts';
import type { SandboxState } from '../sandbox-state.ts';
import { DAY_MS, isoDate } from '../time-format.ts';
import { SEED_IDS } from './reference-seed.ts';

interface SeedOrganisation {
  name: string;
  domain: string;
  city: string;
  zip: string;
  country: string;
  industry: string;
  customer: boolean;
}

/** name, web domain, city, postcode, country, industry, customer? */
const ORGANISATION_ROWS: readonly [string, string, string, string, string, string, boolean][] = [
  ['Example Co.', 'example.com', 'London', 'EC1A 1BB', 'United Kingdom', 'Technology', false],
  ['Acme Industries', 'acme.example', 'Manchester', 'M1 1AE', 'United Kingdom', 'Manufacturing', true],
  ['Northwind Traders', 'northwind.example', 'Bristol', 'BS1 4DJ', 'United Kingdom', 'Retail', true],
  ['Globex Corporation', 'globex.example', 'Chicago', '60611', 'United States', 'Technology', false],
  ['Initech', 'initech.example', 'Austin', '78701', 'United States', 'Finance', true],
  ['Umbrella Health', 'umbrella-health.example', 'Leeds', 'LS1 4AP', 'United Kingdom', 'Healthcare', false],
  [
    'Harbour & Finch Solicitors',
    'harbourfinch.example',
    'Edinburgh',
    'EH1 1YZ',
    'United Kingdom',
    'Legal',
    true,
  ],
  ['Kestrel Analytics', 'kestrel.example', 'Dublin', 'D02 X285', 'Ireland', 'Technology', false],
  ['Bluebird Bakery', 'bluebird.example', 'Cardiff', 'CF10 1EP', 'United Kingdom', 'Food', true],
  ['Meridian Architects', 'meridian.example', 'Glasgow', 'G1 1XQ', 'United Kingdom', 'Technology', false],
  ['Vandelay Imports', 'vandelay.example', 'New York', '10001', 'United States', 'Retail', true],
  ['Soylent Foods', 'soylent.example', 'Rotterdam', '3011 AD', 'Netherlands', 'Food', false],
  [
    'Stark Logistics',
    'stark-logistics.example',
    'Birmingham',
    'B1 1BB',
    'United Kingdom',
    'Manufacturing',
    true,
  ],
  ['Wayne Media', 'waynemedia.example', 'Toronto', 'M5H 2N2', 'Canada', 'Technology', false],
  ['Lumen Energy', 'lumen.example', 'Aberdeen', 'AB10 1AU', 'United Kingdom', 'Finance', false],
  ['Copperleaf Wealth', 'copperleaf.example', 'Bath', 'BA1 1LN', 'United Kingdom', 'Finance', true],
];

const ORGANISATIONS: readonly SeedOrganisation[] = ORGANISATION_ROWS.map(
  ([name, domain, city, zip, country, industry, customer]) => ({
    name,
    domain,
    city,
    zip,
    country,
    industry,
    customer,
  }),
);

// The first four people are the seeded users' own contact records, in user order.
const FIRST_NAMES = (
  'Scott Ted Maia Olivia Amelia Noah Isla George Ava Arthur Mia Leo Freya Oscar Lily Harry Grace Jack Evie ' +
  'Theo Poppy Alfie Sophie Jacob Ruby Henry Chloe Thomas Daisy Samuel Alice Joshua Florence William Zara ' +
  'Isaac Ella Lucas Matilda Ethan Ivy Max Rosie Finley Hannah Elijah Layla Reuben'
).split(' ');
const LAST_NAMES = (
  'Spacey Danson Hilton Reed Clarke Patel Murray Hughes Okafor Bennett Kowalski Fraser Nakamura Doyle Ahmed ' +
  'Lindqvist Evans OConnor Moreau Walsh Singh Turner Rossi Campbell Byrne Yilmaz Price Schmidt Lewis Mensah ' +
  'Hart Dubois Morgan Chen Kaur Foster Novak Gallagher Haddad Wright Silva Palmer Baker Ferreira Quinn ' +
  'Andersen Ward Ellis'
).split(' ');
const JOB_TITLES = [
  'Managing Director',
  'Head of Operations',
  'Finance Director',
  'Office Manager',
  'Sales Manager',
  'IT Lead',
  'Procurement Officer',
  'Marketing Executive',
  'Chief Technology Officer',
  'Account Manager',
  'Partner',
  'Buyer',
];
const INTERESTS = 'Sailing Cycling Jazz Climbing Chess Gardening Running Photography'.split(' ');

/** Builds 16 organisations and 48 people; the first four people are the seeded users' own records. */
export function seedParties(state: SandboxState, now: number): void {
  state.reserveIds('party', 11_000);
  state.reserveIds('nested', 50_000);
  const nested = (): number => state.nextId('nested');
  const organisationIds: number[] = [];

  ORGANISATIONS.forEach((organisation, index) => {
    const createdAt = now - (900 - index * 37) * DAY_MS;
    const tagIds: number[] = [organisation.customer ? SEED_IDS.tags.customer : SEED_IDS.tags.prospect];
    if (index % 5 === 3) {
      tagIds.push(SEED_IDS.tags.supplier);
    }
    const fields: FieldValueItem[] = [
      { id: nested(), definitionId: SEED_IDS.definitions.industry, value: organisation.industry },
    ];
    if (organisation.customer) {
      fields.push({
        id: nested(),
        definitionId: SEED_IDS.definitions.customerSince,
        value: isoDate(createdAt),
      });
    }
    const party: PartyRecord = {
      ...emptyParty(state.nextId('party'), 'organisation', createdAt, now - ((index * 11) % 40) * DAY_MS),
      name: organisation.name,
      about: `${organisation.name} (${organisation.industry.toLowerCase()})`,
      ownerId:
        index % 3 === 0
          ? SEED_IDS.users.scott
          : index % 3 === 1
            ? SEED_IDS.users.ted
            : SEED_IDS.users.formerUser,
      addresses: [
        {
          id: nested(),
          type: 'Office',
          street: `${10 + index} High Street`,
          city: organisation.city,
          state: null,
          zip: organisation.zip,
          country: organisation.country,
        },
      ],
      phoneNumbers: [
        { id: nested(), type: 'Work', number: `+44 20 7946 0${String(100 + index).padStart(3, '0')}` },
      ],
      emailAddresses: [{ id: nested(), type: 'Work', address: `hello@${organisation.domain}` }],
      websites: [
        {
          id: nested(),
          type: 'Work',
          service: 'URL',
          address: `https://www.${organisation.domain}`,
          url: `https://www.${organisation.domain}`,
        },
      ],
      tagIds,
      fields,
    };
    state.parties.set(party.id, party);
    organisationIds.push(party.id);
  });

  FIRST_NAMES.forEach((firstName, index) => {
    const lastName = LAST_NAMES[index] ?? 'Smith';
    const isUser = index < 4;
    const organisationIndex = isUser
      ? 0
      : index % 7 === 6
        ? undefined
        : 1 + (index % (ORGANISATIONS.length - 1));
    const organisation = organisationIndex === undefined ? undefined : ORGANISATIONS[organisationIndex];
    const domain = organisation?.domain ?? 'mail.example';
    const createdAt = now - (600 - index * 11) * DAY_MS;
    const updatedAt = Math.max(createdAt, now - ((index * 5) % 45) * DAY_MS - index * 60_000);
    const address = isUser ? firstName.toLowerCase() : `${firstName}.${lastName}`.toLowerCase();
    const party: PartyRecord = {
      ...emptyParty(state.nextId('party'), 'person', createdAt, updatedAt),
      title: index % 4 === 0 ? 'Mr' : index % 4 === 1 ? 'Ms' : null,
      firstName,
      lastName,
      jobTitle: JOB_TITLES[index % JOB_TITLES.length] ?? null,
      organisationId: organisationIndex === undefined ? null : (organisationIds[organisationIndex] ?? null),
      ownerId: index % 2 === 0 ? SEED_IDS.users.scott : SEED_IDS.users.maia,
      lastContactedAt: index % 3 === 0 ? now - index * DAY_MS : null,
      emailAddresses: [{ id: nested(), type: 'Work', address: `${address}@${domain}` }],
      phoneNumbers:
        index % 5 === 4
          ? []
          : [
              {
                id: nested(),
                type: index % 2 === 0 ? 'Mobile' : 'Work',
                number: `+44 7700 900${String(100 + index).padStart(3, '0')}`,
              },
            ],
      addresses:
        index % 3 === 0 && organisation !== undefined
          ? [
              {
                id: nested(),
                type: 'Home',
                street: `${index + 1} Church Lane`,
                city: organisation.city,
                state: null,
                zip: organisation.zip,
                country: organisation.country,
              },
            ]
          : [],
      websites:
        index % 4 === 1
          ? [
              {
                id: nested(),
                type: null,
                service: 'LINKED_IN',
                address: address.replace('.', '-'),
                url: `https://www.linkedin.com/in/${address.replace('.', '-')}`,
              },
            ]
          : [],
      tagIds: personTags(index, organisation),
      fields: personFields(index, nested),
    };
    if (index % 6 === 2) {
      party.emailAddresses.push({ id: nested(), type: 'Home', address: `${address}@mail.example` });
    }
    state.parties.set(party.id, party);
    if (isUser) {
      const user = [...state.users.values()][index];
      if (user !== undefined) {
        user.partyId = party.id;
      }
    }
  });
}

function emptyParty(
  id: number,
  type: PartyRecord['type'],
  createdAt: number,
  updatedAt: number,
): PartyRecord {
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
    createdAt,
    updatedAt,
  };
}

function personTags(index: number, organisation: SeedOrganisation | undefined): number[] {
  const tags: number[] = [];
  if (organisation?.customer === true && index >= 4) {
    tags.push(SEED_IDS.tags.customer);
  }
  if (index % 9 === 5) {
    tags.push(SEED_IDS.tags.vip);
  }
  if (index % 4 === 2) {
    tags.push(SEED_IDS.tags.newsletter);
  }
  return tags;
}

function personFields(index: number, nested: () => number): FieldValueItem[] {
  const fields: FieldValueItem[] = [];
  if (index % 2 === 1) {
    fields.push({
      id: nested(),
      definitionId: SEED_IDS.definitions.leadScore,
      value: String(20 + ((index * 13) % 80)),
    });
  }
  if (index % 5 === 0) {
    fields.push({
      id: nested(),
      definitionId: SEED_IDS.definitions.birthday,
      value: `19${70 + (index % 25)}-0${1 + (index % 9)}-1${index % 10}`,
    });
  }
  if (index % 4 === 2) {
    fields.push({ id: nested(), definitionId: SEED_IDS.definitions.optIn, value: true });
  }
  if (index % 3 === 1) {
    fields.push({
      id: nested(),
      definitionId: SEED_IDS.definitions.interests,
      value: INTERESTS[index % INTERESTS.length] ?? 'Reading',
    });
  }
  return fields;
}
