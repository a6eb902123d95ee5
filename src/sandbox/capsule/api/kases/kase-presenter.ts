import type { KaseRecord } from '../../model/records.ts';
import type { SandboxState } from '../../sandbox-state.ts';
import { isoTimestamp } from '../../time-format.ts';
import { presentOpportunity } from '../opportunities/opportunity-presenter.ts';
import { presentParty } from '../parties/party-presenter.ts';
import { namedSummary, partySummary, taggedEmbeds, userSummary } from '../references.ts';

/** The `embed` values kases (projects) document. */
export const KASE_EMBEDS = ['tags', 'fields', 'party', 'opportunity', 'missingImportantFields'] as const;

/** A kase (a "project" in Capsule's UI) as the API shows it. */
export function presentKase(
  state: SandboxState,
  kase: KaseRecord,
  embeds: ReadonlySet<string>,
): Record<string, unknown> {
  const party = state.parties.get(kase.partyId);
  const opportunity = kase.opportunityId === null ? undefined : state.opportunities.get(kase.opportunityId);
  return {
    id: kase.id,
    name: kase.name,
    description: kase.description,
    status: kase.status,
    party:
      embeds.has('party') && party !== undefined
        ? presentParty(state, party, new Set())
        : partySummary(state, kase.partyId),
    opportunity:
      embeds.has('opportunity') && opportunity !== undefined
        ? presentOpportunity(state, opportunity, new Set())
        : namedSummary(state.opportunities, kase.opportunityId),
    stage: namedSummary(state.stages, kase.stageId),
    owner: userSummary(state, kase.ownerId),
    team: null,
    expectedCloseOn: kase.expectedCloseOn,
    closedOn: kase.closedOn,
    lastContactedAt: kase.lastContactedAt === null ? null : isoTimestamp(kase.lastContactedAt),
    startOn: kase.startOn,
    createdAt: isoTimestamp(kase.createdAt),
    updatedAt: isoTimestamp(kase.updatedAt),
    ...taggedEmbeds(state, 'kases', kase, embeds),
  };
}
