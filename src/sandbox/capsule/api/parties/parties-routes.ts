import type { SandboxContext } from '../../sandbox-context.ts';
import type { ApiRouter } from '../api-router.ts';
import { registerEntityRoutes, registerRelatedList } from '../entity-routes.ts';
import { ENTRY_EMBEDS, entriesNewestFirst, presentEntry } from '../entries/entry-presenter.ts';
import { KASE_EMBEDS, presentKase } from '../kases/kase-presenter.ts';
import { OPPORTUNITY_EMBEDS, presentOpportunity } from '../opportunities/opportunity-presenter.ts';
import { partyKind } from './party-kind.ts';
import { PARTY_EMBEDS, presentParty } from './party-presenter.ts';

/** `/parties…`: the shared entity routes plus an organisation's people and a party's related records. */
export function registerPartyRoutes(router: ApiRouter, ctx: SandboxContext): void {
  const { state } = ctx;
  registerEntityRoutes(router, ctx, partyKind(ctx));
  registerRelatedList(router, ctx, {
    path: '/parties/:id/people',
    key: 'parties',
    parents: state.parties,
    accepts: (party) => party.type === 'organisation',
    missingParent: 'organisation not found',
    children: (organisation) =>
      [...state.parties.values()].filter((party) => party.organisationId === organisation.id),
    present: (party, embeds) => presentParty(state, party, embeds),
    embeds: PARTY_EMBEDS,
  });
  registerRelatedList(router, ctx, {
    path: '/parties/:id/opportunities',
    key: 'opportunities',
    parents: state.parties,
    missingParent: 'party not found',
    children: (party) =>
      [...state.opportunities.values()].filter((opportunity) => opportunity.partyId === party.id),
    present: (opportunity, embeds) => presentOpportunity(state, opportunity, embeds),
    embeds: OPPORTUNITY_EMBEDS,
  });
  registerRelatedList(router, ctx, {
    path: '/parties/:id/kases',
    key: 'kases',
    parents: state.parties,
    missingParent: 'party not found',
    children: (party) => [...state.kases.values()].filter((kase) => kase.partyId === party.id),
    present: (kase, embeds) => presentKase(state, kase, embeds),
    embeds: KASE_EMBEDS,
  });
  registerRelatedList(router, ctx, {
    path: '/parties/:id/entries',
    key: 'entries',
    parents: state.parties,
    missingParent: 'party not found',
    children: (party) => entriesNewestFirst(state, (entry) => entry.partyId === party.id),
    present: (entry, embeds) => presentEntry(state, entry, embeds),
    embeds: ENTRY_EMBEDS,
    maxPerPage: 50,
  });
}
