import type { SandboxContext } from '../../sandbox-context.ts';
import { registerAdditionalPartyRoutes } from '../additional-parties.ts';
import type { ApiRouter } from '../api-router.ts';
import { registerEntityRoutes, registerRelatedList } from '../entity-routes.ts';
import { ENTRY_EMBEDS, entriesNewestFirst, presentEntry } from '../entries/entry-presenter.ts';
import { kaseKind } from './kase-kind.ts';

/** `/kases…`: the shared entity routes, additional parties and entries. */
export function registerKaseRoutes(router: ApiRouter, ctx: SandboxContext): void {
  const { state } = ctx;
  registerEntityRoutes(router, ctx, kaseKind(ctx));
  registerAdditionalPartyRoutes(router, ctx, 'kases', state.kases);
  registerRelatedList(router, ctx, {
    path: '/kases/:id/entries',
    key: 'entries',
    parents: state.kases,
    children: (kase) => entriesNewestFirst(state, (entry) => entry.kaseId === kase.id),
    present: (entry, embeds) => presentEntry(state, entry, embeds),
    embeds: ENTRY_EMBEDS,
    maxPerPage: 50,
  });
}
