import { deleteOpportunity } from '../../model/cascade-deletes.ts';
import type { OpportunityRecord } from '../../model/records.ts';
import type { SandboxContext } from '../../sandbox-context.ts';
import { type EntityKind, UNSAVED_ID } from '../entity-kind.ts';
import { commonTaggedFields, type FilterField, ownerValues } from '../filter-conditions.ts';
import { partyName } from '../references.ts';
import { OPPORTUNITY_EMBEDS, presentOpportunity } from './opportunity-presenter.ts';
import { applyOpportunityInput } from './opportunity-writes.ts';

/** Opportunities for the shared entity routes. */
export function opportunityKind(ctx: SandboxContext): EntityKind<OpportunityRecord> {
  const { state } = ctx;
  return {
    collection: 'opportunities',
    singular: 'opportunity',
    embeds: OPPORTUNITY_EMBEDS,
    records: state.opportunities,
    deletions: state.deletions.opportunities,
    present: (opportunity, embeds) => presentOpportunity(state, opportunity, embeds),
    create: (input, auth) => ({
      ...applyOpportunityInput(state, undefined, input, {
        id: UNSAVED_ID,
        ownerId: auth.userId,
        now: ctx.now(),
      }).record,
      id: state.nextId('opportunity'),
    }),
    update: (current, input, auth) =>
      applyOpportunityInput(state, current, input, { id: current.id, ownerId: auth.userId, now: ctx.now() }),
    remove: (opportunity) => deleteOpportunity(state, opportunity.id, ctx.now()),
    searchText: (opportunity) => {
      const party = state.parties.get(opportunity.partyId);
      return [opportunity.name, opportunity.description, party === undefined ? '' : partyName(party)].join(
        ' ',
      );
    },
    filterField: (name) => opportunityFilterField(ctx, name),
  };
}

function opportunityFilterField(
  ctx: SandboxContext,
  name: string,
): FilterField<OpportunityRecord> | undefined {
  const { state } = ctx;
  const milestoneOf = (opportunity: OpportunityRecord) => state.milestones.get(opportunity.milestoneId);
  const isOpen = (opportunity: OpportunityRecord): boolean => milestoneOf(opportunity)?.complete !== true;
  const fields: Record<string, FilterField<OpportunityRecord>> = {
    name: { kind: 'text', values: (opportunity) => [opportunity.name] },
    milestone: {
      kind: 'text',
      values: (opportunity) => {
        const milestone = milestoneOf(opportunity);
        return milestone === undefined ? [] : [milestone.name, String(milestone.id)];
      },
    },
    pipeline: {
      kind: 'text',
      values: (opportunity) => {
        const pipeline = state.pipelines.get(milestoneOf(opportunity)?.pipelineId ?? -1);
        return pipeline === undefined ? [] : [pipeline.name, String(pipeline.id)];
      },
    },
    status: {
      kind: 'text',
      values: (opportunity) => {
        const milestone = milestoneOf(opportunity);
        return [isOpen(opportunity) ? 'OPEN' : milestone?.probability === 0 ? 'LOST' : 'WON'];
      },
    },
    probability: { kind: 'number', values: (opportunity) => [opportunity.probability] },
    expectedValue: { kind: 'number', values: (opportunity) => [opportunity.value?.amount ?? null] },
    currency: { kind: 'text', values: (opportunity) => [opportunity.value?.currency ?? null] },
    lostReason: {
      kind: 'text',
      values: (opportunity) => [state.lostReasons.get(opportunity.lostReasonId ?? -1)?.name ?? null],
    },
    owner: { kind: 'text', values: (opportunity) => ownerValues(state, opportunity.ownerId) },
    isOpen: { kind: 'boolean', values: (opportunity) => [isOpen(opportunity)] },
    closedOn: { kind: 'date', values: (opportunity) => [opportunity.closedOn] },
    expectedCloseOn: { kind: 'date', values: (opportunity) => [opportunity.expectedCloseOn] },
    lastContactedOn: { kind: 'date', values: (opportunity) => [opportunity.lastContactedAt] },
  };
  return fields[name] ?? commonTaggedFields<OpportunityRecord>(name, 'opportunities', state);
}
