import type { EntryRecord } from '../../model/records.ts';
import type { SandboxState } from '../../sandbox-state.ts';
import { isoTimestamp } from '../../time-format.ts';
import { presentAttachments } from '../attachments-routes.ts';
import { presentKase } from '../kases/kase-presenter.ts';
import { presentOpportunity } from '../opportunities/opportunity-presenter.ts';
import { presentParty } from '../parties/party-presenter.ts';
import { namedSummary, partySummary, userSummary } from '../references.ts';
import { presentUser } from '../users/user-presenter.ts';

/** The `embed` values entries document. */
export const ENTRY_EMBEDS = ['party', 'kase', 'opportunity', 'creator', 'activityType'] as const;

/** Entries a predicate selects, newest `entryAt` first as Capsule lists them. */
export function entriesNewestFirst(
  state: SandboxState,
  keep: (entry: EntryRecord) => boolean,
): EntryRecord[] {
  return [...state.entries.values()].filter(keep).sort((a, b) => b.entryAt - a.entryAt || b.id - a.id);
}

/** An entry (note, email or completed task) as Capsule shows it. */
export function presentEntry(
  state: SandboxState,
  entry: EntryRecord,
  embeds: ReadonlySet<string>,
): Record<string, unknown> {
  const none = new Set<string>();
  const party = entry.partyId === null ? undefined : state.parties.get(entry.partyId);
  const opportunity = entry.opportunityId === null ? undefined : state.opportunities.get(entry.opportunityId);
  const kase = entry.kaseId === null ? undefined : state.kases.get(entry.kaseId);
  const creator = state.users.get(entry.creatorId);
  const activityType =
    entry.activityTypeId === null ? undefined : state.activityTypes.get(entry.activityTypeId);
  return {
    id: entry.id,
    type: entry.type,
    content: entry.content,
    subject: entry.subject,
    entryAt: isoTimestamp(entry.entryAt),
    creator:
      embeds.has('creator') && creator !== undefined
        ? presentUser(state, creator, none)
        : userSummary(state, entry.creatorId),
    activityType:
      activityType === undefined
        ? null
        : embeds.has('activityType')
          ? { ...activityType }
          : { id: activityType.id, name: activityType.name },
    party:
      embeds.has('party') && party !== undefined
        ? presentParty(state, party, none)
        : partySummary(state, entry.partyId),
    opportunity:
      embeds.has('opportunity') && opportunity !== undefined
        ? presentOpportunity(state, opportunity, none)
        : namedSummary(state.opportunities, entry.opportunityId),
    kase:
      embeds.has('kase') && kase !== undefined
        ? presentKase(state, kase, none)
        : namedSummary(state.kases, entry.kaseId),
    attachments: presentAttachments({ state }, entry.id),
    participants: [],
    createdAt: isoTimestamp(entry.createdAt),
    updatedAt: isoTimestamp(entry.updatedAt),
  };
}
