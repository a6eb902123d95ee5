import type { OpportunityRecord } from '../../model/records.ts';
import type { SandboxState } from '../../sandbox-state.ts';
import { isoTimestamp } from '../../time-format.ts';
import { presentParty } from '../parties/party-presenter.ts';
import { presentMilestone } from '../pipelines/milestone-presenter.ts';
import { namedSummary, partySummary, taggedEmbeds, userSummary } from '../references.ts';

/** The `embed` values opportunities document. */
export const OPPORTUNITY_EMBEDS = ['tags', 'fields', 'party', 'milestone', 'missingImportantFields'] as const;

/** An opportunity as Capsule shows it; `embed=party` and `embed=milestone` nest the whole records. */
export function presentOpportunity(
  state: SandboxState,
  opportunity: OpportunityRecord,
  embeds: ReadonlySet<string>,
): Record<string, unknown> {
  const party = state.parties.get(opportunity.partyId);
  const milestone = state.milestones.get(opportunity.milestoneId);
  return {
    id: opportunity.id,
    name: opportunity.name,
    description: opportunity.description,
    party:
      embeds.has('party') && party !== undefined
        ? presentParty(state, party, new Set())
        : partySummary(state, opportunity.partyId),
    owner: userSummary(state, opportunity.ownerId),
    team: null,
    milestone:
      embeds.has('milestone') && milestone !== undefined
        ? presentMilestone(state, milestone)
        : namedSummary(state.milestones, opportunity.milestoneId),
    lostReason: namedSummary(state.lostReasons, opportunity.lostReasonId),
    value: opportunity.value === null ? null : { ...opportunity.value },
    expectedCloseOn: opportunity.expectedCloseOn,
    probability: opportunity.probability,
    durationBasis: opportunity.durationBasis,
    duration: opportunity.duration,
    closedOn: opportunity.closedOn,
    lastContactedAt: opportunity.lastContactedAt === null ? null : isoTimestamp(opportunity.lastContactedAt),
    lastStageChangedAt:
      opportunity.lastStageChangedAt === null ? null : isoTimestamp(opportunity.lastStageChangedAt),
    lastOpenMilestone: namedSummary(state.milestones, opportunity.lastOpenMilestoneId),
    createdAt: isoTimestamp(opportunity.createdAt),
    updatedAt: isoTimestamp(opportunity.updatedAt),
    ...taggedEmbeds(state, 'opportunities', opportunity, embeds),
  };
}
