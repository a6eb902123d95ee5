import { describe, expect, it } from 'vitest';
import { TEST_USER } from './seed/reference-seed.ts';
import { createSeededState } from './seed-data.ts';

const state = createSeededState(Date.UTC(2026, 2, 10));
const values = <T>(map: ReadonlyMap<number, T>) => [...map.values()];

describe('seed data', () => {
  it('has the volume the sandbox promises', () => {
    const parties = values(state.parties);
    expect(parties.length).toBeGreaterThanOrEqual(60);
    expect(parties.filter((party) => party.type === 'organisation').length).toBeGreaterThanOrEqual(10);
    expect(state.opportunities.size).toBeGreaterThanOrEqual(8);
    expect(state.kases.size).toBeGreaterThanOrEqual(4);
    expect(state.tasks.size).toBeGreaterThanOrEqual(10);
    expect(new Set(values(state.tasks).map((task) => task.status))).toEqual(
      new Set(['OPEN', 'COMPLETED', 'PENDING']),
    );
    expect(values(state.users).filter((user) => !user.deleted).length).toBeGreaterThanOrEqual(3);
    expect(state.pipelines.size).toBe(2);
  });

  it('makes the test user the current user, with a contact record', () => {
    const user = state.users.get(state.currentUserId);
    expect(user).toMatchObject({
      id: TEST_USER.id,
      name: 'Scott Spacey',
      email: 'scott@example.com',
      administrator: true,
    });
    expect(state.parties.get(user?.partyId ?? -1)?.emailAddresses[0]?.address).toBe('scott@example.com');
  });

  it('gives parties contact details, tags and custom field values', () => {
    const parties = values(state.parties);
    expect(parties.every((party) => party.emailAddresses.length > 0)).toBe(true);
    expect(parties.some((party) => party.addresses.length > 0 && party.websites.length > 0)).toBe(true);
    expect(parties.filter((party) => party.tagIds.length > 0).length).toBeGreaterThan(20);
    expect(parties.filter((party) => party.fields.length > 0).length).toBeGreaterThan(20);
  });

  it('only refers to records that exist', () => {
    for (const party of state.parties.values()) {
      if (party.organisationId !== null) {
        expect(state.parties.get(party.organisationId)?.type).toBe('organisation');
      }
      for (const tagId of party.tagIds) {
        expect(state.tags.get(tagId)?.entity).toBe('parties');
      }
      for (const field of party.fields) {
        expect(state.fieldDefinitions.get(field.definitionId)?.entity).toBe('parties');
      }
    }
    for (const opportunity of state.opportunities.values()) {
      expect(state.parties.has(opportunity.partyId)).toBe(true);
      expect(state.milestones.has(opportunity.milestoneId)).toBe(true);
    }
    for (const kase of state.kases.values()) {
      expect(state.parties.has(kase.partyId)).toBe(true);
    }
    for (const entry of state.entries.values()) {
      const links = [entry.partyId, entry.opportunityId, entry.kaseId].filter((id) => id !== null);
      expect(links.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('spreads opportunities over both pipelines, with won and lost deals', () => {
    const milestones = values(state.opportunities).map((opportunity) =>
      state.milestones.get(opportunity.milestoneId),
    );
    expect(new Set(milestones.map((milestone) => milestone?.pipelineId))).toEqual(new Set([10, 11]));
    expect(milestones.some((milestone) => milestone?.name === 'Won')).toBe(true);
    expect(milestones.some((milestone) => milestone?.name === 'Lost')).toBe(true);
  });

  it('never hands out a seeded id again', () => {
    const before = state.parties.size;
    const id = state.nextId('party');
    expect(state.parties.has(id)).toBe(false);
    expect(id).toBeGreaterThan(Math.max(...state.parties.keys()));
    expect(state.parties.size).toBe(before);
  });
});
