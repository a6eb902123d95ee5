import { MAX_DELETION_NOTES, type SandboxState } from '../sandbox-state.ts';

/**
 * Deletions with Capsule's cascade: deleting a party deletes its notes, tasks, opportunities and
 * projects and drops it from other records' additional parties; deleting an opportunity or project
 * deletes its notes and tasks. Deleted parties, opportunities and kases enter the `/deleted` feeds.
 */

/** Deletes a party with its opportunities, kases, tasks and entries, and unlinks it elsewhere. */
export function deleteParty(state: SandboxState, partyId: number, now: number): void {
  for (const opportunity of [...state.opportunities.values()]) {
    if (opportunity.partyId === partyId) {
      deleteOpportunity(state, opportunity.id, now);
    }
  }
  for (const kase of [...state.kases.values()]) {
    if (kase.partyId === partyId) {
      deleteKase(state, kase.id, now);
    }
  }
  for (const record of [...state.opportunities.values(), ...state.kases.values()]) {
    record.additionalPartyIds = record.additionalPartyIds.filter((id) => id !== partyId);
  }
  for (const person of state.parties.values()) {
    if (person.organisationId === partyId) {
      person.organisationId = null;
    }
  }
  for (const user of state.users.values()) {
    if (user.partyId === partyId) {
      user.partyId = null;
    }
  }
  deleteAttached(state, (record) => record.partyId === partyId);
  if (state.parties.delete(partyId)) {
    state.deletions.parties.push({ id: partyId, deletedAt: now });
    state.deletions.parties.splice(0, state.deletions.parties.length - MAX_DELETION_NOTES);
  }
}

/** Deletes an opportunity with its tasks and entries; kases that pointed at it keep going without it. */
export function deleteOpportunity(state: SandboxState, opportunityId: number, now: number): void {
  deleteAttached(state, (record) => record.opportunityId === opportunityId);
  for (const kase of state.kases.values()) {
    if (kase.opportunityId === opportunityId) {
      kase.opportunityId = null;
    }
  }
  if (state.opportunities.delete(opportunityId)) {
    state.deletions.opportunities.push({ id: opportunityId, deletedAt: now });
    state.deletions.opportunities.splice(0, state.deletions.opportunities.length - MAX_DELETION_NOTES);
  }
}

/** Deletes a kase with its tasks and entries. */
export function deleteKase(state: SandboxState, kaseId: number, now: number): void {
  deleteAttached(state, (record) => record.kaseId === kaseId);
  if (state.kases.delete(kaseId)) {
    state.deletions.kases.push({ id: kaseId, deletedAt: now });
    state.deletions.kases.splice(0, state.deletions.kases.length - MAX_DELETION_NOTES);
  }
}

/** Deletes the tasks and entries a predicate selects. */
function deleteAttached(
  state: SandboxState,
  attached: (record: {
    partyId: number | null;
    opportunityId: number | null;
    kaseId: number | null;
  }) => boolean,
): void {
  for (const task of [...state.tasks.values()]) {
    if (attached(task)) {
      state.tasks.delete(task.id);
    }
  }
  for (const entry of [...state.entries.values()]) {
    if (attached(entry)) {
      state.entries.delete(entry.id);
    }
  }
}
