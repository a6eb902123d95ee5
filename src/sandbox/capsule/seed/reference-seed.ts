import type { FieldDefinitionRecord, FieldType, TaggableCollection } from '../model/records.ts';
import type { SandboxState } from '../sandbox-state.ts';
import { DAY_MS } from '../time-format.ts';

/** The seeded test user: every consent in the sandbox is given as this user. */
export const TEST_USER = {
  id: 6,
  username: 'scott',
  name: 'Scott Spacey',
  email: 'scott@example.com',
} as const;

/** Ids of reference records the other seed files point at. */
export const SEED_IDS = {
  users: { scott: 6, ted: 7, maia: 8, formerUser: 9 },
  tags: { customer: 101, prospect: 102, supplier: 103, vip: 104, newsletter: 105, hot: 106, renewal: 107 },
  definitions: {
    industry: 201,
    leadScore: 202,
    birthday: 203,
    optIn: 204,
    interests: 205,
    customerSince: 206,
  },
  opportunityDefinitions: { contractLength: 207, source: 208, signedOff: 209 },
  kaseDefinitions: { budgetCode: 210, goLive: 211 },
  milestones: { new: 21, qualified: 22, proposal: 23, negotiation: 24, won: 25, lost: 26 },
  partnerMilestones: { introduced: 27, evaluating: 28, signed: 29, declined: 30 },
  stages: { planning: 41, inProgress: 42, review: 43, done: 44 },
  categories: { call: 51, email: 52, followUp: 53, meeting: 54, billing: 55 },
  lostReasons: { price: 61, timing: 62, competitor: 63 },
} as const;

/** Users, tags, custom field definitions, pipelines, milestones, board stages and lookup lists. */
export function seedReferenceData(state: SandboxState, now: number): void {
  const hourAgo = now - 3_600_000;
  const users = [
    { ...TEST_USER, administrator: true, deleted: false, timezone: 'Europe/London' },
    {
      id: 7,
      username: 'ted',
      name: 'Ted Danson',
      email: 'ted@example.com',
      administrator: false,
      deleted: false,
    },
    {
      id: 8,
      username: 'maia',
      name: 'Maia Hilton',
      email: 'maia@example.com',
      administrator: true,
      deleted: false,
    },
    {
      id: 9,
      username: 'olivia',
      name: 'Olivia Reed',
      email: 'olivia@example.com',
      administrator: false,
      deleted: true,
    },
  ];
  for (const user of users) {
    state.users.set(user.id, {
      id: user.id,
      username: user.username,
      name: user.name,
      email: user.email,
      status: user.deleted ? 'INACTIVE' : 'ACTIVE',
      locale: 'en_GB',
      currency: 'GBP',
      timezone: 'Europe/London',
      lastLoginAt: user.deleted ? now - 200 * DAY_MS : hourAgo,
      taskReminder: true,
      partyId: null,
      administrator: user.administrator,
      deleted: user.deleted,
    });
  }

  const tags: [number, TaggableCollection, string, boolean][] = [
    [101, 'parties', 'Customer', true],
    [102, 'parties', 'Prospect', false],
    [103, 'parties', 'Supplier', false],
    [104, 'parties', 'VIP', false],
    [105, 'parties', 'Newsletter', false],
    [106, 'opportunities', 'Hot', false],
    [107, 'opportunities', 'Renewal', false],
    [108, 'opportunities', 'Upsell', false],
    [109, 'kases', 'Onboarding', false],
    [110, 'kases', 'Support', false],
    [111, 'kases', 'Priority', false],
  ];
  for (const [id, entity, name, dataTag] of tags) {
    state.tags.set(id, { id, entity, name, description: null, dataTag });
  }
  state.reserveIds('tag', 111);

  const definition = (
    id: number,
    entity: TaggableCollection,
    name: string,
    type: FieldType,
    extra: Partial<FieldDefinitionRecord> = {},
  ): void => {
    state.fieldDefinitions.set(id, {
      id,
      entity,
      name,
      type,
      description: null,
      displayOrder: id - 200,
      important: false,
      options: null,
      captureRule: entity === 'parties' ? 'party' : null,
      tagId: null,
      ...extra,
    });
  };
  definition(201, 'parties', 'Industry Sector', 'list', {
    captureRule: 'organisation',
    options: ['Technology', 'Manufacturing', 'Retail', 'Healthcare', 'Finance', 'Legal', 'Food'],
  });
  definition(202, 'parties', 'Lead Score', 'number', { important: true });
  definition(203, 'parties', 'Birthday', 'date', { captureRule: 'person' });
  definition(204, 'parties', 'Newsletter Opt-in', 'boolean');
  definition(205, 'parties', 'Interests', 'text', { captureRule: 'person' });
  definition(206, 'parties', 'Customer Since', 'date', { tagId: 101 });
  definition(207, 'opportunities', 'Contract Length', 'number');
  definition(208, 'opportunities', 'Source', 'list', {
    options: ['Referral', 'Website', 'Event', 'Outbound'],
  });
  definition(209, 'opportunities', 'Signed Off', 'boolean');
  definition(210, 'kases', 'Budget Code', 'text');
  definition(211, 'kases', 'Go-live Date', 'date');
  state.reserveIds('definition', 211);

  const year = 365 * DAY_MS;
  state.pipelines.set(10, {
    id: 10,
    name: 'Sales',
    description: 'New business',
    createdAt: now - 3 * year,
    updatedAt: now - year,
    archived: false,
  });
  state.pipelines.set(11, {
    id: 11,
    name: 'Partnerships',
    description: 'Resellers and referral partners',
    createdAt: now - 2 * year,
    updatedAt: now - year,
    archived: false,
  });
  state.reserveIds('pipeline', 11);
  const milestones: [number, number, string, number, boolean, number | null][] = [
    [21, 10, 'New', 10, false, 14],
    [22, 10, 'Qualified', 25, false, 14],
    [23, 10, 'Proposal', 50, false, 21],
    [24, 10, 'Negotiation', 75, false, 21],
    [25, 10, 'Won', 100, true, null],
    [26, 10, 'Lost', 0, true, null],
    [27, 11, 'Introduced', 10, false, 30],
    [28, 11, 'Evaluating', 40, false, 30],
    [29, 11, 'Signed', 100, true, null],
    [30, 11, 'Declined', 0, true, null],
  ];
  milestones.forEach(([id, pipelineId, name, probability, complete, daysUntilStale], index) => {
    state.milestones.set(id, {
      id,
      name,
      description: null,
      pipelineId,
      probability,
      complete,
      daysUntilStale,
      displayOrder: index + 1,
      createdAt: now - 2 * year,
      updatedAt: now - year,
    });
  });
  state.reserveIds('milestone', 30);
}
