import type { SandboxContext } from '../sandbox-context.ts';
import { notFound, validationError } from './api-errors.ts';
import type { ApiRouter } from './api-router.ts';
import { noContent } from './api-types.ts';
import { registerRelatedList } from './entity-routes.ts';
import { PARTY_EMBEDS, presentParty } from './parties/party-presenter.ts';
import { readId } from './query-params.ts';

/** A record that has a main party and additional ones. */
interface WithParties {
  partyId: number;
  additionalPartyIds: number[];
}

/**
 * `GET /{collection}/{id}/parties` and `POST|DELETE /{collection}/{id}/parties/{partyId}`: the
 * additional parties of an opportunity or kase. Adding and removing answer 204 with no body.
 */
export function registerAdditionalPartyRoutes(
  router: ApiRouter,
  ctx: SandboxContext,
  collection: 'opportunities' | 'kases',
  records: ReadonlyMap<number, WithParties>,
): void {
  const { state } = ctx;
  const label = collection === 'opportunities' ? 'opportunity' : 'project';
  registerRelatedList(router, ctx, {
    path: `/${collection}/:id/parties`,
    key: 'parties',
    parents: records,
    children: (record) => record.additionalPartyIds.flatMap((id) => state.parties.get(id) ?? []),
    present: (party, embeds) => presentParty(state, party, embeds),
    embeds: PARTY_EMBEDS,
  });
  const find = (id: string | undefined, partyId: string | undefined) => {
    const record = records.get(readId(id));
    if (record === undefined) {
      throw notFound();
    }
    const party = state.parties.get(readId(partyId));
    if (party === undefined) {
      throw notFound('party not found');
    }
    return { record, partyId: party.id };
  };
  router.post(`/${collection}/:id/parties/:partyId`, (request) => {
    const { record, partyId } = find(request.params.id, request.params.partyId);
    if (record.partyId === partyId) {
      throw validationError('party', 'party', `party is already related to this ${label}`);
    }
    if (record.additionalPartyIds.includes(partyId)) {
      throw validationError('party', 'party', `party is already a contact for this ${label}`);
    }
    record.additionalPartyIds.push(partyId);
    return noContent();
  });
  router.delete(`/${collection}/:id/parties/:partyId`, (request) => {
    const { record, partyId } = find(request.params.id, request.params.partyId);
    if (!record.additionalPartyIds.includes(partyId)) {
      throw notFound('party not found');
    }
    record.additionalPartyIds = record.additionalPartyIds.filter((id) => id !== partyId);
    return noContent();
  });
}
