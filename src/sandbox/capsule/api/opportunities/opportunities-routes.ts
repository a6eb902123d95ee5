import type { SandboxContext } from '../../sandbox-context.ts';
import { registerAdditionalPartyRoutes } from '../additional-parties.ts';
import type { ApiRouter } from '../api-router.ts';
import { registerEntityRoutes, registerRelatedList } from '../entity-routes.ts';
import { ENTRY_EMBEDS, entriesNewestFirst, presentEntry } from '../entries/entry-presenter.ts';
import { KASE_EMBEDS, presentKase } from '../kases/kase-presenter.ts';
import { opportunityKind } from './opportunity-kind.ts';

/** `/opportunities…`: the shared entity routes, additional parties, entries and related kases. */
export function registerOpportunityRoutes(router: ApiRouter, ctx: SandboxContext): void {
  const { state } = ctx;
  registerEntityRoutes(router, ctx, opportunityKind(ctx));
  registerAdditionalPartyRoutes(router, ctx, 'opportunities', state.opportunities);
  registerRelatedList(router, ctx, {
    path: '/opportunities/:id/entries',
    key: 'entries',
    parents: state.opportunities,
    children: (opportunity) => entriesNewestFirst(state, (entry) => entry.opportunityId === opportunity.id),
    present: (entry, embeds) => presentEntry(state, entry, embeds),
    embeds: ENTRY_EMBEDS,
    maxPerPage: 50,
  });
  registerRelatedList(router, ctx, {
    path: '/opportunities/:id/kases',
    key: 'kases',
    parents: state.opportunities,
    children: (opportunity) =>
      [...state.kases.values()].filter((kase) => kase.opportunityId === opportunity.id),
    present: (kase, embeds) => presentKase(state, kase, embeds),
    embeds: KASE_EMBEDS,
  });
}
