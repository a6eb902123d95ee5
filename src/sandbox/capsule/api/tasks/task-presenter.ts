import type { TaskRecord } from '../../model/records.ts';
import type { SandboxState } from '../../sandbox-state.ts';
import { isoTimestamp } from '../../time-format.ts';
import { presentKase } from '../kases/kase-presenter.ts';
import { presentOpportunity } from '../opportunities/opportunity-presenter.ts';
import { presentParty } from '../parties/party-presenter.ts';
import { namedSummary, partySummary, userSummary } from '../references.ts';
import { presentUser } from '../users/user-presenter.ts';

/** The `embed` values tasks document. */
export const TASK_EMBEDS = ['party', 'opportunity', 'kase', 'owner', 'nextTask'] as const;

/** A task as Capsule shows it; embedding party, opportunity, kase or owner nests the whole record. */
export function presentTask(
  state: SandboxState,
  task: TaskRecord,
  embeds: ReadonlySet<string>,
): Record<string, unknown> {
  const none = new Set<string>();
  const party = task.partyId === null ? undefined : state.parties.get(task.partyId);
  const opportunity = task.opportunityId === null ? undefined : state.opportunities.get(task.opportunityId);
  const kase = task.kaseId === null ? undefined : state.kases.get(task.kaseId);
  const owner = task.ownerId === null ? undefined : state.users.get(task.ownerId);
  const category = task.categoryId === null ? undefined : state.taskCategories.get(task.categoryId);
  return {
    id: task.id,
    description: task.description,
    detail: task.detail,
    category: category === undefined ? null : { ...category },
    status: task.status,
    dueOn: task.dueOn,
    dueTime: task.dueTime,
    party:
      embeds.has('party') && party !== undefined
        ? presentParty(state, party, none)
        : partySummary(state, task.partyId),
    opportunity:
      embeds.has('opportunity') && opportunity !== undefined
        ? presentOpportunity(state, opportunity, none)
        : namedSummary(state.opportunities, task.opportunityId),
    kase:
      embeds.has('kase') && kase !== undefined
        ? presentKase(state, kase, none)
        : namedSummary(state.kases, task.kaseId),
    owner:
      embeds.has('owner') && owner !== undefined
        ? presentUser(state, owner, none)
        : userSummary(state, task.ownerId),
    completedAt: task.completedAt === null ? null : isoTimestamp(task.completedAt),
    completedBy: task.completedAt === null ? null : userSummary(state, task.completedById ?? task.ownerId),
    repeat: null,
    nextTask: null,
    hasTrack: [...state.tracks.values()].some((track) => track.taskIds.includes(task.id)),
    createdAt: isoTimestamp(task.createdAt),
    updatedAt: isoTimestamp(task.updatedAt),
  };
}
