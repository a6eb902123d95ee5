import type { EntryRecord, OpportunityRecord, TaskRecord } from '../model/records.ts';
import type { SandboxState } from '../sandbox-state.ts';
import { DAY_MS, isoDate } from '../time-format.ts';
import { SEED_IDS } from './reference-seed.ts';

/** Opportunities in both pipelines, kases, tasks in every status, and notes and emails on all three. */
export function seedWork(state: SandboxState, now: number): void {
  const party = (name: string): number => findPartyId(state, name);
  const daysAgo = (days: number): number => now - days * DAY_MS;
  const { milestones: m, partnerMilestones: pm, users: u } = SEED_IDS;
  state.reserveIds('opportunity', 5000);
  state.reserveIds('kase', 7000);
  state.reserveIds('task', 9000);
  state.reserveIds('entry', 30_000);

  const opportunities: [string, string, number, number, number, number, number][] = [
    // name, party, milestone, amount, ownerId, created days ago, updated days ago
    ['Factory floor tablets', 'Acme Industries', m.proposal, 48_000, u.scott, 120, 3],
    ['Website redesign', 'Northwind Traders', m.negotiation, 15_500, u.scott, 90, 1],
    ['Annual support renewal', 'Initech', m.won, 9_600, u.ted, 200, 20],
    ['Data warehouse pilot', 'Globex Corporation', m.qualified, 30_000, u.maia, 45, 10],
    ['Patient portal', 'Umbrella Health', m.new, 72_000, u.scott, 12, 12],
    ['Case management licences', 'Harbour & Finch Solicitors', m.lost, 12_000, u.ted, 150, 60],
    ['Point of sale upgrade', 'Bluebird Bakery', m.proposal, 6_200, u.formerUser, 70, 35],
    ['Reseller agreement', 'Kestrel Analytics', pm.evaluating, 25_000, u.maia, 60, 5],
    ['Referral partnership', 'Meridian Architects', pm.introduced, 5_000, u.scott, 20, 2],
    ['Distribution partnership', 'Vandelay Imports', pm.signed, 40_000, u.ted, 300, 100],
  ];
  for (const [name, partyName, milestoneId, amount, ownerId, created, updated] of opportunities) {
    const milestone = state.milestones.get(milestoneId);
    const id = state.nextId('opportunity');
    const closed = milestone?.complete === true;
    const record: OpportunityRecord = {
      id,
      name,
      description: `${name} for ${partyName}`,
      partyId: party(partyName),
      ownerId,
      milestoneId,
      lastOpenMilestoneId: closed ? m.negotiation : milestoneId,
      lostReasonId: milestoneId === m.lost ? SEED_IDS.lostReasons.competitor : null,
      value: { amount, currency: 'GBP' },
      expectedCloseOn: isoDate(now + ((id % 6) * 15 - 20) * DAY_MS),
      probability: milestone?.probability ?? null,
      durationBasis: id % 3 === 0 ? 'YEAR' : 'FIXED',
      duration: id % 3 === 0 ? 1 : null,
      closedOn: closed ? isoDate(daysAgo(updated)) : null,
      lastContactedAt: id % 2 === 0 ? daysAgo(updated) : null,
      lastStageChangedAt: daysAgo(updated),
      additionalPartyIds: [],
      tagIds: id % 4 === 1 ? [SEED_IDS.tags.hot] : id % 4 === 3 ? [SEED_IDS.tags.renewal] : [],
      fields: [
        {
          id: state.nextId('nested'),
          definitionId: SEED_IDS.opportunityDefinitions.source,
          value: ['Referral', 'Website', 'Event', 'Outbound'][id % 4] ?? 'Website',
        },
      ],
      createdAt: daysAgo(created),
      updatedAt: daysAgo(updated),
    };
    state.opportunities.set(id, record);
  }
  const firstOpportunity = state.opportunities.get(5001);
  firstOpportunity?.additionalPartyIds.push(party('Amelia Clarke'), party('Arthur Bennett'));

  const kases: [string, string, 'OPEN' | 'CLOSED', number, number | null, number | null, number][] = [
    // name, party, status, stage, opportunity, owner, created days ago
    ['Tablet rollout', 'Acme Industries', 'OPEN', SEED_IDS.stages.inProgress, 5001, u.scott, 30],
    ['Support onboarding', 'Initech', 'CLOSED', SEED_IDS.stages.done, 5003, u.ted, 180],
    ['Portal discovery', 'Umbrella Health', 'OPEN', SEED_IDS.stages.planning, 5005, null, 8],
    ['Distribution launch', 'Vandelay Imports', 'OPEN', SEED_IDS.stages.review, 5010, u.maia, 90],
    ['Brand refresh research', 'Maia Hilton', 'OPEN', SEED_IDS.stages.planning, null, u.maia, 4],
  ];
  for (const [name, partyName, status, stageId, opportunityId, ownerId, created] of kases) {
    const id = state.nextId('kase');
    state.kases.set(id, {
      id,
      name,
      description: `${name} project`,
      status,
      partyId: party(partyName),
      opportunityId,
      stageId,
      ownerId,
      expectedCloseOn: isoDate(now + (id % 5) * 10 * DAY_MS),
      closedOn: status === 'CLOSED' ? isoDate(daysAgo(created - 30)) : null,
      startOn: isoDate(daysAgo(created)),
      lastContactedAt: null,
      additionalPartyIds: id === 7001 ? [party('Arthur Bennett')] : [],
      tagIds: status === 'CLOSED' ? [110] : [109],
      fields: [
        { id: state.nextId('nested'), definitionId: SEED_IDS.kaseDefinitions.budgetCode, value: `BC-${id}` },
      ],
      createdAt: daysAgo(created),
      updatedAt: daysAgo(Math.max(0, created - 3)),
    });
  }

  const { categories: c } = SEED_IDS;
  const tasks: [
    string,
    TaskRecord['status'],
    number,
    number | null,
    string | null,
    number | null,
    number | null,
  ][] = [
    // description, status, due in days, category, party, opportunity, kase
    ['Send quarterly invoice', 'OPEN', 3, c.billing, 'Initech', null, null],
    ['Call about tablet pilot feedback', 'OPEN', 1, c.call, null, 5001, null],
    ['Prepare proposal deck', 'OPEN', 5, c.meeting, null, 5002, null],
    ['Chase signed contract', 'OPEN', -2, c.followUp, 'Northwind Traders', null, null],
    ['Book discovery workshop', 'OPEN', 7, c.meeting, null, null, 7003],
    ['Email pricing to Globex', 'OPEN', 2, c.email, 'Globex Corporation', null, null],
    ['Review reseller terms', 'OPEN', 10, null, null, 5008, null],
    ['Send welcome pack', 'COMPLETED', -20, c.email, 'Initech', null, 7002],
    ['Confirm go-live date', 'COMPLETED', -5, c.call, null, null, 7001],
    ['Log lost reason', 'COMPLETED', -55, c.followUp, null, 5006, null],
    ['Quarterly review (track step 2)', 'PENDING', 30, c.meeting, null, null, 7004],
    ['Renewal reminder (track step 3)', 'PENDING', 60, c.followUp, 'Bluebird Bakery', null, null],
  ];
  tasks.forEach(([description, status, dueInDays, categoryId, partyName, opportunityId, kaseId], index) => {
    const id = state.nextId('task');
    state.tasks.set(id, {
      id,
      description,
      detail: index % 3 === 0 ? 'Added by the sales team' : null,
      categoryId,
      status,
      dueOn: isoDate(now + dueInDays * DAY_MS),
      dueTime: index % 4 === 1 ? '10:30:00' : null,
      partyId: partyName === null ? null : party(partyName),
      opportunityId,
      kaseId,
      ownerId: index % 3 === 2 ? u.ted : u.scott,
      completedAt: status === 'COMPLETED' ? now + (dueInDays + 1) * DAY_MS : null,
      createdAt: daysAgo(40 - index),
      updatedAt: daysAgo(Math.max(0, 20 - index * 2)),
    });
  });

  const entries: [
    EntryRecord['type'],
    string,
    string | null,
    string | null,
    number | null,
    number | null,
    number,
  ][] = [
    // type, content, subject, party, opportunity, kase, days ago
    [
      'note',
      'Met at the trade show; interested in rugged tablets.',
      null,
      'Acme Industries',
      null,
      null,
      110,
    ],
    ['note', 'Pilot went well, 20 devices in use on line 2.', null, null, 5001, null, 14],
    [
      'email',
      'Thanks for the proposal, we will review it this week.',
      'Re: Website redesign',
      'Northwind Traders',
      null,
      null,
      6,
    ],
    ['note', 'Budget approved by the board.', null, null, 5002, null, 2],
    ['note', 'Kick-off call scheduled for Monday.', null, null, null, 7001, 28],
    ['note', 'Prefers email over phone.', null, 'Amelia Clarke', null, null, 50],
    ['note', 'Renewal signed for another year.', null, 'Initech', null, null, 190],
    ['task', 'Send welcome pack', null, 'Initech', null, 7002, 19],
    ['note', 'Lost to a competitor on price.', null, null, 5006, null, 60],
    ['email', 'Agenda for the discovery workshop attached.', 'Discovery workshop', null, null, 7003, 1],
    ['note', 'Introduced by a mutual client.', null, 'Meridian Architects', null, null, 20],
    ['note', 'Asked for case studies in healthcare.', null, 'Umbrella Health', null, null, 11],
    ['note', 'Reseller margin discussed: 20%.', null, null, 5008, null, 5],
    ['note', 'Loves sailing; mention the regatta.', null, 'George Hughes', null, null, 33],
  ];
  entries.forEach(([type, content, subject, partyName, opportunityId, kaseId, days], index) => {
    const id = state.nextId('entry');
    const at = daysAgo(days) - index * 60_000;
    state.entries.set(id, {
      id,
      type,
      content,
      subject,
      entryAt: at,
      creatorId: index % 3 === 1 ? u.ted : u.scott,
      activityTypeId: type === 'note' ? (index % 4 === 3 ? 1 : -1) : null,
      partyId: partyName === null ? null : party(partyName),
      opportunityId,
      kaseId,
      createdAt: at,
      updatedAt: at,
    });
  });
}

function findPartyId(state: SandboxState, name: string): number {
  for (const party of state.parties.values()) {
    const fullName = party.type === 'organisation' ? party.name : `${party.firstName} ${party.lastName}`;
    if (fullName === name) {
      return party.id;
    }
  }
  throw new Error(`Seed data refers to a missing party: ${name}`);
}
